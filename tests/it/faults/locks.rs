//! Locks held by another session, and parallel runs of the same change.

use super::{
    active_keys, backends, bulk_keys, check_provisioned, check_provisioned_subset, checksums,
    clear_database_error, ini_text, lines_of, logical_state, provision, reset_counts, reset_fixture,
    secrets_blocks, secrets_path, spawn, write_inis, Ended, Spawned,
};
use crate::support::{db, provctl, seed, Run, TestDb};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- locks held by another session

/// Runs every command at once against a database where another session holds the locks `take`
/// takes (given Big's and Beta's client ids), and checks each ends with exit 4 and a *lock* timeout
/// (not a statement timeout: it gave up within its lock timeout), nothing changed, no secrets written.
fn under_lock(what: &str, take: impl FnOnce(&mut postgres::Transaction<'_>, &str, &str)) {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    // Fault 01 is new; Fault 02 exists with one key missing (its re-run reads and inserts api_keys).
    let inis = write_inis(dir.path(), [1, 2]);
    provision(&db, &[], &[&inis[1].path]).run().code_is(0);
    pg.batch_execute("DELETE FROM api_keys WHERE name = 'f02-key-03'")
        .unwrap();
    let secrets_before = std::fs::read(secrets_path(&inis[1].path)).unwrap();
    let before = checksums(&mut pg);

    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    take(&mut tx, &big, &beta);
    // --statement-timeout 20: a wait that the lock timeout does not bound ends as a statement timeout.
    let global = ["--statement-timeout", "20"];
    let runs = vec![
        spawn(
            provision(&db, &["--lock-timeout", "1"], &[&inis[0].path]).args(global),
            "provision (new client)",
        ),
        spawn(
            provision(&db, &["--lock-timeout", "1"], &[&inis[1].path]).args(global),
            "provision (existing client)",
        ),
        spawn(
            provctl(&db)
                .args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "1"])
                .args(global),
            "reset-client",
        ),
        spawn(
            provctl(&db)
                .args(["keys", "disable", "--client", "Beta", "--yes"])
                .args(global),
            "keys disable",
        ),
    ];
    let mut failures = Vec::new();
    for p in runs {
        let Ended {
            what: name,
            code,
            stderr,
            ..
        } = p.finish(Duration::from_secs(60));
        eprintln!("{name} with {what} held: exit {code:?}\n{stderr}");
        if code != Some(4) || !stderr.contains("lock timeout") {
            failures.push(format!("{name}: exit {code:?}\n{stderr}"));
        }
        if code == Some(4) {
            clear_database_error(&name, &stderr, &db.url);
        }
    }
    tx.rollback().unwrap();
    assert_eq!(checksums(&mut pg), before, "something changed with {what} held");
    assert!(!secrets_path(&inis[0].path).exists());
    assert_eq!(
        std::fs::read(secrets_path(&inis[1].path)).unwrap(),
        secrets_before
    );
    assert!(
        failures.is_empty(),
        "not a lock timeout with {what} held:\n{}",
        failures.join("\n")
    );
}

#[test]
fn row_locks_held_elsewhere_are_a_lock_timeout_and_change_nothing() {
    under_lock("row locks and provisioning locks", |tx, big, beta| {
        // Another provisioning of the same clients (its advisory locks), and a session updating the
        // machines and keys the reset and the disable need.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0)); \
             SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 02', 0));",
        )
        .unwrap();
        tx.execute(
            "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
            &[&big],
        )
        .unwrap();
        tx.execute(
            "UPDATE api_keys SET name = name WHERE client_id IN ($1::text::uuid, $2::text::uuid)",
            &[&big, &beta],
        )
        .unwrap();
    });
}

#[test]
fn share_locks_on_the_tables_are_a_lock_timeout_and_change_nothing() {
    // What a plain CREATE INDEX takes: reads go on, writes wait.
    under_lock("SHARE locks", |tx, _, _| {
        tx.batch_execute("LOCK TABLE clients, users, machines, api_keys IN SHARE MODE")
            .unwrap();
    });
}

#[test]
fn bug_an_exclusive_table_lock_is_a_lock_timeout_not_a_statement_timeout() {
    // What ALTER TABLE takes (a platform migration running): reads wait too.
    under_lock("ACCESS EXCLUSIVE locks", |tx, _, _| {
        tx.batch_execute("LOCK TABLE clients, users, machines, api_keys IN ACCESS EXCLUSIVE MODE")
            .unwrap();
    });
}

// ---------------------------------------------------------------- parallel runs

/// Starts `n` runs while a transaction of this test holds locks they need (`gate`), waits until every
/// one of them waits on a lock — each has read the database and shown its plan — then releases them:
/// they all write at the same moment, from plans made before any of them wrote.
fn all_at_once(
    db: &TestDb,
    n: usize,
    gate: impl FnOnce(&mut postgres::Transaction<'_>),
    make: impl Fn(usize) -> Run,
) -> Vec<Ended> {
    let mut pg = db.client();
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    gate(&mut tx);
    let runs: Vec<Spawned> = (0..n).map(|i| spawn(make(i), &format!("run {i}"))).collect();
    let begun = Instant::now();
    while backends(&mut pg).iter().filter(|b| b.waiting_for_lock()).count() < n {
        assert!(
            begun.elapsed() < Duration::from_secs(60),
            "the runs never all waited at the gate: {:?}",
            backends(&mut pg)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    tx.rollback().unwrap();
    runs.into_iter()
        .map(|p| p.finish(Duration::from_secs(120)))
        .collect()
}

/// Exit 0, or the documented exit 4 for a lock timeout; never a panic.
#[track_caller]
fn documented(outs: &[Ended]) {
    for o in outs {
        let ok = o.code == Some(0) || (o.code == Some(4) && o.stderr.contains("lock timeout"));
        assert!(ok, "{} exited {:?}:\n{}", o.what, o.code, o.stderr);
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    }
}

fn advisory(tx: &mut postgres::Transaction<'_>, clients: &[&str]) {
    for c in clients {
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:' || $1, 0))",
            &[c],
        )
        .unwrap();
    }
}

#[test]
fn parallel_provisions_of_the_same_inis_end_in_one_consistent_state() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), 1..=3);
    // Fault 03 exists already, with one key missing: every run plans to create that key.
    provision(&db, &[], &[&inis[2].path]).run().code_is(0);
    pg.batch_execute("DELETE FROM api_keys WHERE name = 'f03-key-02'")
        .unwrap();
    let outs = all_at_once(
        &db,
        8,
        |tx| advisory(tx, &["Fault 01", "Fault 02", "Fault 03"]),
        |_| provision(&db, &[], &[dir.path()]),
    );
    documented(&outs);
    let mut verified = BTreeSet::new();
    let census = check_provisioned(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, 3);
    assert_eq!(census.orphan_blocks, 0);
    // Fault 03's missing key was created once, by one run, its value in one new block.
    let blocks = secrets_blocks(&secrets_path(&inis[2].path));
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(
        blocks[1].pairs.keys().cloned().collect::<Vec<_>>(),
        ["API_KEY_NAME__f03-key-02", "API_KEY_VALUE__f03-key-02"]
    );
    for ini in &inis[..2] {
        assert_eq!(secrets_blocks(&secrets_path(&ini.path)).len(), 1);
    }
    let appended: usize = outs.iter().map(|o| o.stderr.matches("appended to").count()).sum();
    assert_eq!(
        appended, 3,
        "three INIs had something to create, each created once"
    );
}

#[test]
fn parallel_provisions_of_two_clients_sharing_an_admin_email_create_one() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let mut inis = write_inis(dir.path(), [1, 2]);
    // Fault 02 claims Fault 01's admin: the two runs are not serialised (different client names).
    std::fs::write(
        &inis[1].path,
        ini_text(2).replace("admin02@fault.example.com", "admin01@fault.example.com"),
    )
    .unwrap();
    inis[1].admin = inis[0].admin.clone();
    let outs = all_at_once(
        &db,
        8,
        |tx| advisory(tx, &["Fault 01", "Fault 02"]),
        |i| provision(&db, &[], &[&inis[i % 2].path]),
    );
    for o in &outs {
        // 2: the plan saw the other client's admin; 4: the unique index refused it under the race.
        assert!(
            matches!(o.code, Some(0 | 2 | 4)),
            "{} exited {:?}:\n{}",
            o.what,
            o.code,
            o.stderr
        );
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
        if o.code == Some(4) {
            eprintln!("{}: exit 4:\n{}", o.what, o.stderr);
            assert!(o.stderr.contains("ix_users_email"), "{}", o.stderr);
        }
    }
    let names: Vec<String> = pg
        .query("SELECT name FROM clients", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names.len(), 1, "both clients exist: {names:?}");
    let winner = inis.iter().position(|i| i.name == names[0]).unwrap();
    let mut verified = BTreeSet::new();
    check_provisioned_subset(&mut pg, &inis[winner..=winner], &mut verified);
    assert!(
        !secrets_path(&inis[1 - winner].path).exists(),
        "secrets for the client that was refused:\n{}",
        std::fs::read_to_string(secrets_path(&inis[1 - winner].path)).unwrap_or_default()
    );
    let codes: Vec<Option<i32>> = outs.iter().map(|o| o.code).collect();
    eprintln!("exit codes: {codes:?} (winner {})", names[0]);
}

fn lock_machines(tx: &mut postgres::Transaction<'_>, client: &str) {
    tx.execute(
        "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
        &[&client],
    )
    .unwrap();
}

#[test]
fn parallel_resets_of_one_client_end_in_its_initial_state() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let other_before = lines_of(&logical_state(&mut pg), "Other");
    let outs = all_at_once(
        &db,
        6,
        |tx| lock_machines(tx, &big),
        |_| provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
    );
    documented(&outs);
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    assert_eq!(lines_of(&logical_state(&mut pg), "Other"), other_before);
    let keys: Vec<(String, bool)> = pg
        .query(
            "SELECT name, is_active FROM api_keys WHERE client_id = $1::text::uuid ORDER BY name",
            &[&big],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        keys,
        [
            ("big-key-00".to_string(), true),
            ("big-key-01".to_string(), false),
            ("big-key-02".to_string(), true),
            ("big-key-03".to_string(), true)
        ],
        "keys keep is_active"
    );
}

/// Sum of a count over the `ok` lines of the runs' audit logs.
fn audited(outs: &[Ended], field: &str) -> i64 {
    outs.iter()
        .flat_map(|o| o.audit.lines())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("an audit line is JSON"))
        .filter(|e| e["outcome"] == "ok")
        .map(|e| e["counts"][field].as_i64().unwrap_or(0))
        .sum()
}

#[test]
fn bug_parallel_resets_audit_only_the_rows_each_one_changed() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let outs = all_at_once(
        &db,
        3,
        |tx| lock_machines(tx, &big),
        |_| provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
    );
    documented(&outs);
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    let (machines, events) = (audited(&outs, "machines"), audited(&outs, "ingest_events"));
    assert_eq!(
        (machines, events),
        (60, 6000),
        "the audit logs say {machines} machines and {events} ingest events were deleted; 60 and 6000 were:\n{}",
        outs.iter().map(|o| o.audit.as_str()).collect::<String>()
    );
}

#[test]
fn parallel_keys_disable_changes_each_key_once() {
    let db = db();
    let mut pg = db.client();
    let big = seed::client(&mut pg, "Big");
    let other = seed::client(&mut pg, "Other");
    bulk_keys(&mut pg, &big, "big", 40);
    bulk_keys(&mut pg, &other, "other", 3);
    pg.execute(
        "UPDATE api_keys SET is_active = false WHERE name IN ('big-key-0003', 'big-key-0017')",
        &[],
    )
    .unwrap();
    // By client, by prefix and by names, overlapping; all planned before any of them writes.
    let outs = all_at_once(
        &db,
        9,
        |tx| {
            tx.execute(
                "UPDATE api_keys SET name = name WHERE client_id = $1::text::uuid",
                &[&big],
            )
            .unwrap();
        },
        |i| match i % 3 {
            0 => provctl(&db).args(["keys", "disable", "--client", "Big", "--yes"]),
            1 => provctl(&db).args(["keys", "disable", "--prefix", "big-key-00", "--yes"]),
            _ => provctl(&db).args([
                "keys",
                "disable",
                "big-key-0001",
                "big-key-0002",
                "big-key-0040",
                "--yes",
            ]),
        },
    );
    documented(&outs);
    assert_eq!(active_keys(&mut pg, &big), 0);
    assert_eq!(active_keys(&mut pg, &other), 3);
    // Each key was changed by exactly one run: the counts printed, and those audited, add up to the
    // 38 keys that were active.
    let printed: i64 = outs
        .iter()
        .filter_map(|o| {
            o.stderr.lines().find_map(|l| {
                l.strip_suffix(" key(s) disabled")
                    .and_then(|n| n.trim().parse::<i64>().ok())
            })
        })
        .sum();
    assert_eq!(printed, 38, "keys changed more than once or not at all");
    assert_eq!(audited(&outs, "keys"), 38);
}
