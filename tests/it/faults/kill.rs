//! `kill -9` at many points of `provision`, `keys disable` and `reset-client`: the invariants hold and
//! a re-run reaches the clean run's end state.

use super::{
    check_provisioned, checksums, install_sleeper, logical_state, provision, secrets_blocks, secrets_path,
    slow, slow_commit, spawn, wait_sessions_gone, watch, write_inis, Census, Ini,
};
use crate::support::{db, provctl, seed};
use postgres::Client;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- kill -9 during provision

/// Where to SIGKILL provctl.
#[derive(Debug, Clone, Copy)]
enum KillPoint {
    /// While the n-th write transaction of the run executes a statement starting with this text.
    In(&'static str, usize),
    /// In the n-th transaction, idle after its last INSERT (the secrets being written and synced).
    AfterInserts(usize),
    /// In the n-th transaction, after its secrets block reached the file, before COMMIT.
    SecretsSynced(usize),
    /// While the n-th transaction's COMMIT runs.
    Commit(usize),
    /// This many milliseconds after the first write transaction was seen (its BEGIN, lock or insert).
    After(u64),
}

/// Total size of the secrets files of `dir`.
fn secrets_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with(".generated.secrets.env")
        })
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[test]
fn kill_9_at_many_points_of_a_directory_provision_never_half_provisions() {
    let db = db();
    let mut pg = db.client();
    install_sleeper(&mut pg);
    // Per INI: ~20 ms inserting the client, 30 ms the admin, 20 ms per key and per target, and 80 ms
    // inside COMMIT: about 0.25 s of writing per INI, each statement long enough to be caught running.
    slow(&mut pg, "clients", "INSERT", "ROW", 0.02);
    slow(&mut pg, "users", "INSERT", "ROW", 0.03);
    slow(&mut pg, "api_keys", "INSERT", "ROW", 0.02);
    slow(&mut pg, "http_targets", "INSERT", "ROW", 0.02);
    slow_commit(&mut pg, "clients", "INSERT", "true", 0.08);
    let dir = tempfile::tempdir().unwrap();

    use KillPoint::*;
    let points = [
        In("INSERT INTO API_KEYS", 1),
        Commit(1),
        AfterInserts(1),
        SecretsSynced(1),
        In("INSERT INTO USERS", 2),
        Commit(2),
        After(0),
        In("INSERT INTO HTTP_TARGETS", 1),
        SecretsSynced(2),
        After(120),
        In("INSERT INTO CLIENTS", 1),
        Commit(1),
        After(260),
        SecretsSynced(1),
    ];
    let mut inis: Vec<Ini> = Vec::new();
    let mut verified = BTreeSet::new();
    let mut census = Census::default();
    let mut log = Vec::new();
    let mut aimed = 0;
    for (i, point) in points.iter().enumerate() {
        // The same directory throughout, grown so that each run has 3 INIs left to create: a run
        // hashes (bcrypt cost 12) only the admins it creates, so this bounds the time per kill.
        while inis.len() - census.clients < 3 {
            inis.extend(write_inis(dir.path(), [inis.len() + 1]));
        }
        let mut p = spawn(provision(&db, &[], &[dir.path()]), "provision DIR");
        let mut seen: BTreeSet<String> = BTreeSet::new();
        // Write transactions of this run, with the secrets files' size when each was first seen.
        let mut writes: BTreeMap<String, u64> = BTreeMap::new();
        let mut first: Option<Instant> = None;
        let mut fell_back = false;
        let caught = watch(&mut pg, &mut p, Duration::from_secs(60), |b| {
            let Some(x) = &b.xact else { return false };
            let q = b.query.trim_start().to_ascii_uppercase();
            let writing = [
                "START TRANSACTION",
                "SET LOCAL",
                "SELECT PG_ADVISORY_XACT_LOCK",
                "INSERT",
                "COMMIT",
            ]
            .iter()
            .any(|w| q.starts_with(w))
                || b.state == "idle in transaction";
            if writing {
                first.get_or_insert_with(Instant::now);
                if !writes.contains_key(x) {
                    writes.insert(x.clone(), secrets_bytes(dir.path()));
                }
            }
            let after_inserts = b.state == "idle in transaction" && q.contains("INTO HTTP_TARGETS");
            let (hit, nth) = match *point {
                In(prefix, n) => (b.running(prefix), n),
                AfterInserts(n) => (after_inserts, n),
                SecretsSynced(n) => (
                    after_inserts && writes.get(x).is_some_and(|&at| secrets_bytes(dir.path()) > at),
                    n,
                ),
                Commit(n) => (b.committing(), n),
                After(ms) => return first.is_some_and(|f| f.elapsed() >= Duration::from_millis(ms)),
            };
            if hit {
                seen.insert(x.clone());
            }
            // Missed (a phase too short to be seen): kill at the start of a later INI anyway, rather
            // than let this run finish everything.
            fell_back = !hit && writes.len() > nth + 1;
            (hit && seen.len() == nth) || fell_back
        });
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        census = check_provisioned(&mut pg, &inis, &mut verified);
        let at = match &caught {
            Some(b) => format!(
                "{}{} `{}`",
                if fell_back {
                    "missed; killed instead at "
                } else {
                    ""
                },
                b.state,
                b.query.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            ),
            None => format!("not reached (provctl ended: {status})"),
        };
        if caught.is_some() && !fell_back {
            aimed += 1;
        }
        log.push(format!(
            "kill {:>2} {point:?}: at {at}; INIs {}, committed clients {}, orphan secrets blocks {}",
            i + 1,
            inis.len(),
            census.clients,
            census.orphan_blocks
        ));
    }
    eprintln!("{}", log.join("\n"));
    assert!(
        aimed >= points.len() - 3,
        "too few kills landed where aimed:\n{}",
        log.join("\n")
    );

    // A clean re-run finishes the job; a second one creates nothing.
    provision(&db, &[], &[dir.path()]).run().code_is(0);
    let census = check_provisioned(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, inis.len());
    eprintln!("after the clean re-run: {census:?}");
    // The delivery document of a client whose file also holds a killed run's block has the password
    // that works.
    for ini in &inis {
        let file = secrets_path(&ini.path);
        let blocks = secrets_blocks(&file);
        if blocks.len() < 2 {
            continue;
        }
        // The committed block's password verified above; the others belong to no client.
        let id: String = pg
            .query_one("SELECT id::text FROM clients WHERE name = $1", &[&ini.name])
            .unwrap()
            .get(0);
        let out = provctl(&db)
            .args([
                "deliverable",
                "--client",
                &ini.name,
                "--url",
                "https://monitor.example.com",
            ])
            .args([std::ffi::OsStr::new("--secrets-file"), file.as_os_str()])
            .run()
            .code_is(0);
        for b in &blocks {
            let pw = &b.pairs["ADMIN_PASSWORD"];
            let valid = b.client_id == id;
            assert_eq!(
                out.stdout().contains(pw.as_str()),
                valid,
                "{}: the delivery document {} the {} password",
                ini.name,
                if valid { "lacks" } else { "has" },
                if valid { "valid" } else { "stale" }
            );
        }
    }
    let rows = checksums(&mut pg);
    let files: Vec<Vec<u8>> = inis
        .iter()
        .map(|i| std::fs::read(secrets_path(&i.path)).unwrap())
        .collect();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    assert_eq!(checksums(&mut pg), rows);
    for (ini, before) in inis.iter().zip(files) {
        assert_eq!(std::fs::read(secrets_path(&ini.path)).unwrap(), before);
    }
}

// ---------------------------------------------------------------- kill -9 during keys disable

/// `n` active keys `bulk-key-NNNN` for `client`.
pub(super) fn bulk_keys(pg: &mut Client, client: &str, tag: &str, n: i32) {
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name, is_active) \
         SELECT gen_random_uuid(), $1::text::uuid, $2 || '-value-' || lpad(g::text, 4, '0') || '-0123456789abcdef', \
                $2 || '-key-' || lpad(g::text, 4, '0'), true FROM generate_series(1, $3) g",
        &[&client, &tag, &n],
    )
    .expect("insert keys");
}

pub(super) fn active_keys(pg: &mut Client, client: &str) -> i64 {
    pg.query_one(
        "SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND is_active",
        &[&client],
    )
    .unwrap()
    .get(0)
}

#[test]
fn kill_9_during_keys_disable_is_all_or_nothing() {
    let db = db();
    let mut pg = db.client();
    let big = seed::client(&mut pg, "Big");
    let other = seed::client(&mut pg, "Other");
    bulk_keys(&mut pg, &big, "big", 300);
    bulk_keys(&mut pg, &other, "other", 3);
    install_sleeper(&mut pg);
    // The UPDATE takes 300 × 2 ms; its COMMIT 200 ms.
    slow(&mut pg, "api_keys", "UPDATE", "ROW", 0.002);
    slow_commit(&mut pg, "api_keys", "UPDATE", "NEW.name = 'big-key-0001'", 0.2);
    let other_before = logical_state(&mut pg)
        .into_iter()
        .filter(|l| l.starts_with("key Other"))
        .collect::<Vec<_>>();

    let mut log = Vec::new();
    // Into the UPDATE after 0, 150 and 400 ms, then inside COMMIT.
    for (i, delay) in [Some(0u64), Some(150), Some(400), None].into_iter().enumerate() {
        let before = active_keys(&mut pg, &big);
        let mut p = spawn(
            provctl(&db).args(["keys", "disable", "--client", "Big", "--yes"]),
            "keys disable",
        );
        let caught = watch(&mut pg, &mut p, Duration::from_secs(30), |b| match delay {
            Some(_) => b.running("UPDATE API_KEYS"),
            None => b.committing(),
        });
        if let (Some(ms), Some(_)) = (delay, &caught) {
            std::thread::sleep(Duration::from_millis(ms));
        }
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        let after = active_keys(&mut pg, &big);
        log.push(format!(
            "kill {} ({}): caught {:?}, provctl {status}, active keys {before} -> {after}",
            i + 1,
            delay.map_or("in COMMIT".to_string(), |ms| format!("UPDATE + {ms} ms")),
            caught.map(|b| b.query.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        ));
        assert!(after == before || after == 0, "half disabled: {}", log.join("\n"));
        let other_now: Vec<String> = logical_state(&mut pg)
            .into_iter()
            .filter(|l| l.starts_with("key Other"))
            .collect();
        assert_eq!(other_now, other_before);
        if after == 0 && delay.is_some() {
            // Committed after all: back to all active (not slowed: the tests' session is not provctl).
            pg.execute(
                "UPDATE api_keys SET is_active = true WHERE client_id = $1::text::uuid",
                &[&big],
            )
            .unwrap();
        }
    }
    eprintln!("{}", log.join("\n"));
    // Whatever happened, a re-run ends with every key disabled, and a second one changes nothing.
    provctl(&db)
        .args(["keys", "disable", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(active_keys(&mut pg, &big), 0);
    provctl(&db)
        .args(["keys", "disable", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to disable");
    assert_eq!(active_keys(&mut pg, &other), 3);
}

// ---------------------------------------------------------------- kill -9 during reset-client

/// Big: 60 machines × 100 events, keys 00–02 bound to the first machines and used, key 03 untouched,
/// a NO_DATA_MACHINE incident on each of the first 3 machines. Other: one machine, 3 events, a bound key.
/// Returns (Big's id, Other's id).
pub(super) fn reset_fixture(pg: &mut Client) -> (String, String) {
    let big = seed::client(pg, "Big");
    seed::bulk_machines(pg, &big, 60, 100);
    let machines: Vec<String> = pg
        .query(
            "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 3",
            &[&big],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (i, m) in machines.iter().enumerate() {
        let k = seed::key(
            pg,
            &big,
            &format!("big-key-{i:02}"),
            &format!("big-value-{i:02}-0123456789abcdef"),
            i != 1,
        );
        seed::bind(pg, &k, m);
        seed::key_used(pg, &k);
        seed::incident(pg, &big, "NO_DATA_MACHINE", Some(m), None, None);
    }
    seed::key(pg, &big, "big-key-03", "big-value-03-0123456789abcdef", true);
    let other = seed::client(pg, "Other");
    let m = seed::machine(pg, &other, "other-01");
    for n in 0..3 {
        seed::ingest(pg, &other, &m, &format!("other-{n}"));
    }
    let k = seed::key(
        pg,
        &other,
        "other-key-01",
        "other-value-01-0123456789abcdef",
        true,
    );
    seed::bind(pg, &k, &m);
    (big, other)
}

/// [machines, ingest events, bound keys, used keys, incidents] of a client.
pub(super) fn reset_counts(pg: &mut Client, client: &str) -> [i64; 5] {
    let r = pg
        .query_one(
            "SELECT (SELECT count(*) FROM machines WHERE client_id = $1::text::uuid),
                    (SELECT count(*) FROM ingest_events WHERE client_id = $1::text::uuid),
                    (SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND machine_id IS NOT NULL),
                    (SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND last_used_at IS NOT NULL),
                    (SELECT count(*) FROM incidents WHERE client_id = $1::text::uuid)",
            &[&client],
        )
        .unwrap();
    [r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)]
}

pub(super) fn lines_of(state: &[String], client: &str) -> Vec<String> {
    state
        .iter()
        .filter(|l| l.split_whitespace().nth(1) == Some(client))
        .cloned()
        .collect()
}

#[test]
fn kill_9_inside_each_statement_of_reset_client_and_its_commit_is_all_or_nothing() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    install_sleeper(&mut pg);
    // Each of the reset's statements, and its COMMIT, takes at least 150 ms.
    slow(&mut pg, "incidents", "DELETE", "STATEMENT", 0.15);
    slow(&mut pg, "ingest_events", "DELETE", "STATEMENT", 0.15);
    slow(&mut pg, "api_keys", "UPDATE", "STATEMENT", 0.15);
    slow(&mut pg, "machines", "DELETE", "STATEMENT", 0.15);
    slow_commit(&mut pg, "machines", "DELETE", "OLD.hostname = 'bulk-1'", 0.15);
    let before = reset_counts(&mut pg, &big);
    assert_eq!(before, [60, 6000, 3, 3, 3]);
    let reset = [0, 0, 0, 0, 0];
    let other_before = lines_of(&logical_state(&mut pg), "Other");

    let mut log = Vec::new();
    for target in [
        "DELETE FROM INCIDENTS",
        "DELETE FROM INGEST_EVENTS",
        "UPDATE API_KEYS",
        "DELETE FROM MACHINES",
        "COMMIT",
    ] {
        let mut p = spawn(
            provctl(&db).args(["reset-client", "--client", "Big", "--yes"]),
            "reset-client",
        );
        let caught = watch(&mut pg, &mut p, Duration::from_secs(30), |b| {
            if target == "COMMIT" {
                b.committing()
            } else {
                b.running(target)
            }
        });
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        let after = reset_counts(&mut pg, &big);
        log.push(format!(
            "kill in {target}: caught {}, provctl {status}, state {after:?}",
            caught.is_some()
        ));
        assert!(caught.is_some(), "never reached {target}: {}", log.join("\n"));
        assert!(
            after == before || after == reset,
            "half a reset: before {before:?}\n{}",
            log.join("\n")
        );
        if target != "COMMIT" {
            assert_eq!(
                after,
                before,
                "a kill before COMMIT committed: {}",
                log.join("\n")
            );
        }
        assert_eq!(lines_of(&logical_state(&mut pg), "Other"), other_before);
    }
    eprintln!("{}", log.join("\n"));
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(reset_counts(&mut pg, &big), reset);
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("already in its initial state");

    // The same end state as a clean reset of the same data.
    let clean = crate::support::db();
    let mut cpg = clean.client();
    reset_fixture(&mut cpg);
    provctl(&clean)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(logical_state(&mut pg), logical_state(&mut cpg));
}
