//! The server stopped, and the backend terminated (`pg_terminate_backend`), in the middle of a command.

use super::{
    backends, bulk_keys, checksums, clear_database_error, install_sleeper, logical_state, provision,
    reset_fixture, secrets_blocks, secrets_path, slow_commit, spawn, watch, write_inis, Backend, Census,
    Ended, Ini, SecretsBlock, Spawned, KEYS,
};
use crate::support::{db, provctl, seed, Run, TestDb};
use postgres::Client;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- the server stopped mid-command

#[test]
fn the_server_stopped_mid_command_is_exit_4_with_a_clear_message() {
    // A cluster of its own: this test stops it.
    let cluster = crate::support::extra::start();
    let mut pg = cluster.socket_client("monitoring").unwrap();
    let db = TestDb {
        name: "monitoring".into(),
        url: cluster.url("monitoring"),
    };
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);

    // Another session holds what the three commands need: each ends up waiting on a lock.
    let mut holder = cluster.socket_client("monitoring").unwrap();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0))")
        .unwrap();
    tx.execute(
        "SELECT id FROM api_keys WHERE client_id IN ($1::text::uuid, $2::text::uuid) FOR UPDATE",
        &[&big, &beta],
    )
    .unwrap();
    let runs = vec![
        spawn(
            provision(&db, &["--lock-timeout", "60"], &[&inis[0].path]),
            "provision",
        ),
        spawn(
            provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
            "reset-client",
        ),
        spawn(
            provctl(&db).args(["keys", "disable", "--client", "Beta", "--yes"]),
            "keys disable",
        ),
    ];
    let begun = Instant::now();
    loop {
        let waiting = backends(&mut pg).iter().filter(|b| b.waiting_for_lock()).count();
        if waiting == runs.len() {
            break;
        }
        assert!(
            begun.elapsed() < Duration::from_secs(30),
            "the commands never all waited on their locks: {:?}",
            backends(&mut pg)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Stopped with the locks still held: nothing can proceed first.
    cluster.stop();
    drop(tx);
    drop(holder);
    drop(pg);

    for p in runs {
        let Ended {
            what, code, stderr, ..
        } = p.finish(Duration::from_secs(60));
        eprintln!("{what} after the server stopped: exit {code:?}\n{stderr}");
        assert_eq!(code, Some(4), "{what}:\n{stderr}");
        clear_database_error(&what, &stderr, &db.url);
    }
    assert!(
        !secrets_path(&inis[0].path).exists(),
        "a secrets file for a provisioning that never reached its inserts"
    );
    // And with the server gone, connecting is exit 4 too.
    provctl(&db)
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("error: cannot connect to postgresql://provctl_admin:***@127.0.0.1")
        .never_shows(cluster.superuser_password());
    // Not a database of the shared cluster: nothing for TestDb's clean-up to drop.
    std::mem::forget(db);
}

// ---------------------------------------------------------------- pg_terminate_backend mid-command

/// Terminates provctl's session once `pred` holds for it; returns the process's outcome.
fn terminate_when(pg: &mut Client, mut p: Spawned, pred: impl FnMut(&Backend) -> bool) -> Ended {
    let what = p.what.clone();
    let b = watch(pg, &mut p, Duration::from_secs(30), pred)
        .unwrap_or_else(|| panic!("{what}: never reached the point to terminate it"));
    let done: bool = pg
        .query_one("SELECT pg_terminate_backend($1)", &[&b.pid])
        .unwrap()
        .get(0);
    assert!(done, "{what}: pg_terminate_backend failed");
    p.finish(Duration::from_secs(60))
}

#[test]
fn a_terminated_connection_is_exit_4_and_a_rerun_reaches_the_clean_end_state() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    install_sleeper(&mut pg);
    // Provision's COMMIT takes 3 s: long enough to be terminated inside it.
    slow_commit(&mut pg, "clients", "INSERT", "true", 3.0);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1, 2]);
    let unchanged = checksums(&mut pg);

    // 1. Each command terminated while it waits for a lock held by this test.
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0))")
        .unwrap();
    tx.execute(
        "SELECT id FROM api_keys WHERE client_id IN ($1::text::uuid, $2::text::uuid) FOR UPDATE",
        &[&big, &beta],
    )
    .unwrap();
    let commands: [(&str, Run); 3] = [
        (
            "provision",
            provision(&db, &["--lock-timeout", "60"], &[&inis[0].path]),
        ),
        (
            "reset-client",
            provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
        ),
        (
            "keys disable",
            provctl(&db).args(["keys", "disable", "--client", "Beta", "--yes"]),
        ),
    ];
    for (what, run) in commands {
        let Ended { code, stderr, .. } = terminate_when(&mut pg, spawn(run, what), Backend::waiting_for_lock);
        eprintln!("{what} terminated while waiting for a lock: exit {code:?}\n{stderr}");
        assert_eq!(code, Some(4), "{what}:\n{stderr}");
        clear_database_error(what, &stderr, &db.url);
        assert_eq!(checksums(&mut pg), unchanged, "{what} changed something");
    }
    assert!(!secrets_path(&inis[0].path).exists());
    tx.rollback().unwrap();

    // 2. Provision terminated inside its COMMIT, after its secrets were synced: the transaction did
    // not commit. provctl either gets the server's error (then it truncates the secrets file back) or
    // only sees the connection close (outcome unknown: it keeps the secrets and says so). Both are safe;
    // which one happens is a race in the client library.
    let Ended { code, stderr, .. } = terminate_when(
        &mut pg,
        spawn(provision(&db, &[], &[&inis[1].path]), "provision"),
        Backend::committing,
    );
    eprintln!("provision terminated inside COMMIT: exit {code:?}\n{stderr}");
    assert_eq!(code, Some(4), "{stderr}");
    clear_database_error("provision in COMMIT", &stderr, &db.url);
    assert_eq!(checksums(&mut pg), unchanged);
    if secrets_path(&inis[1].path).exists() {
        assert!(
            stderr.contains("the outcome of the commit is unknown"),
            "secrets of a rolled-back commit kept without a word:\n{stderr}"
        );
    }

    // 3. Re-runs reach the state a clean run reaches on the same data.
    pg.batch_execute("DROP TRIGGER faults_slow_commit_clients_insert ON clients")
        .unwrap();
    let rerun = |db: &TestDb, dir: &Path| {
        provision(db, &[], &[dir]).run().code_is(0);
        provctl(db)
            .args(["reset-client", "--client", "Big", "--yes"])
            .run()
            .code_is(0);
        provctl(db)
            .args(["keys", "disable", "--client", "Beta", "--yes"])
            .run()
            .code_is(0);
    };
    rerun(&db, dir.path());
    let mut verified = BTreeSet::new();
    let census = check_provisioned_subset(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, 2);
    assert!(census.orphan_blocks <= 1, "{census:?}");
    let clean = crate::support::db();
    let mut cpg = clean.client();
    reset_fixture(&mut cpg);
    let cbeta = seed::client(&mut cpg, "Beta");
    bulk_keys(&mut cpg, &cbeta, "beta", 5);
    let clean_dir = tempfile::tempdir().unwrap();
    write_inis(clean_dir.path(), [1, 2]);
    rerun(&clean, clean_dir.path());
    assert_eq!(logical_state(&mut pg), logical_state(&mut cpg));
}

/// [`check_provisioned`] for a database that also holds clients not from these INIs.
pub(super) fn check_provisioned_subset(
    pg: &mut Client,
    inis: &[Ini],
    verified: &mut BTreeSet<String>,
) -> Census {
    let mut census = Census::default();
    for ini in inis {
        let r = pg
            .query_one(
                "SELECT count(*), min(c.id::text),
                        (SELECT count(*) FROM users u JOIN clients c ON c.id = u.client_id WHERE c.name = $1),
                        (SELECT count(*) FROM api_keys k JOIN clients c ON c.id = k.client_id WHERE c.name = $1)
                 FROM clients c WHERE c.name = $1",
                &[&ini.name],
            )
            .unwrap();
        let (n, id, users, keys): (i64, Option<String>, i64, i64) = (r.get(0), r.get(1), r.get(2), r.get(3));
        assert!(n <= 1, "{} exists {n} times", ini.name);
        let Some(id) = id else { continue };
        assert_eq!((users, keys), (1, KEYS), "{} is half-provisioned", ini.name);
        let blocks = secrets_blocks(&secrets_path(&ini.path));
        let mine: Vec<&SecretsBlock> = blocks.iter().filter(|b| b.client_id == id).collect();
        assert_eq!(mine.len(), 1, "{}: {} block(s)", ini.name, mine.len());
        let hash: String = pg
            .query_one(
                "SELECT password_hash FROM users WHERE client_id = $1::text::uuid",
                &[&id],
            )
            .unwrap()
            .get(0);
        let pw = mine[0].pairs.get("ADMIN_PASSWORD").expect("ADMIN_PASSWORD");
        if verified.insert(id.clone()) {
            assert!(
                bcrypt::verify(pw, &hash).unwrap(),
                "{}: password does not verify",
                ini.name
            );
        }
        census.clients += 1;
        census.orphan_blocks += blocks.len() - 1;
    }
    census
}
