//! Other sessions and faults: a row lock held elsewhere, another client's ingestion during the reset,
//! `kill -9` during a large reset.

use super::{checksums, count, first_machine, populate};
use crate::support::{db, provctl, seed};
use postgres::Client;
use std::process::Stdio;
use std::time::Duration;

#[test]
fn a_row_lock_held_elsewhere_is_exit_4_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let before = checksums(&mut pg, None);
    // Row locks block the reset's DELETE/UPDATE but not the plain SELECTs of its plan.
    let lockers = [
        "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
        "UPDATE api_keys SET name = name WHERE client_id = $1::text::uuid",
    ];
    for locker in lockers {
        let mut holder = db.client();
        let mut tx = holder.transaction().unwrap();
        tx.execute(locker, &[&acme.id]).unwrap();
        let out = provctl(&db)
            .args(["reset-client", "--client", "Acme", "--yes", "--lock-timeout", "1"])
            .run()
            .code_is(4)
            .stderr_has("lock timeout");
        assert!(
            out.audit.is_empty(),
            "a failed reset is not logged as done: {}",
            out.audit
        );
        assert_eq!(checksums(&mut pg, None), before, "with `{locker}` held");
        tx.rollback().unwrap();
    }
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn bug_another_clients_ingestion_during_the_reset_does_not_fail_it() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let other_machine = first_machine(&mut pg, &other.id);
    // Hold Acme's machines so the reset waits in its last statement, after its first count of the
    // other clients' rows; meanwhile Other's agent posts an event, as agents do every minute.
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    tx.execute(
        "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
        &[&acme.id],
    )
    .unwrap();
    let (mut cmd, _home) = provctl(&db)
        .args([
            "reset-client",
            "--client",
            "Acme",
            "--yes",
            "--lock-timeout",
            "60",
        ])
        .command();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn provctl");
    let waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                   AND wait_event_type = 'Lock' AND query ~* '^\\s*delete\\s+from\\s+machines'";
    let mut blocked = false;
    for _ in 0..3_000 {
        if pg.query_one(waiting, &[]).unwrap().get::<_, i64>(0) == 1 {
            blocked = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(blocked, "the reset never reached the machines' delete");
    seed::ingest(&mut pg, &other.id, &other_machine, "posted-during-the-reset");
    tx.rollback().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM machines WHERE client_id = $1::text::uuid",
            &acme.id
        ),
        0
    );
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM ingest_events WHERE client_id = $1::text::uuid",
            &other.id
        ),
        8
    );
}

/// Counts that tell "all there", "all reset" and anything in between apart.
fn big_state(pg: &mut Client, client: &str) -> [i64; 5] {
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

#[test]
fn kill_9_during_a_large_reset_leaves_all_or_nothing() {
    let db = db();
    let mut pg = db.client();
    let big = seed::client(&mut pg, "Big");
    // 300 machines × 300 events, and no index on ingest_events.machine_id: the delete takes a while.
    seed::bulk_machines(&mut pg, &big, 300, 300);
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
            &mut pg,
            &big,
            &format!("big-key-{i:02}"),
            &format!("big-value-{i:02}-0123456789abcdef"),
            true,
        );
        seed::bind(&mut pg, &k, m);
        seed::key_used(&mut pg, &k);
        seed::incident(&mut pg, &big, "NO_DATA_MACHINE", Some(m), None, None);
    }
    let other = populate(&mut pg, "Other");
    let other_before = checksums(&mut pg, Some(&other.id));
    let before = big_state(&mut pg, &big);
    assert_eq!(before, [300, 90_000, 3, 3, 3]);
    let reset = [0, 0, 0, 0, 0];

    let (mut cmd, _home) = provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn provctl");
    // Wait (bounded) until the machines' delete runs — the last statement, after the incidents, the
    // events and the keys were already changed in the same transaction — then SIGKILL.
    let running = "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() \
                   AND pid <> pg_backend_pid() AND state = 'active' AND xact_start IS NOT NULL \
                   AND query ~* '^\\s*delete\\s+from\\s+machines'";
    let mut caught = None;
    for _ in 0..20_000 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if let Some(r) = pg.query_opt(running, &[]).unwrap() {
            caught = Some((r.get::<_, i32>(0), r.get::<_, String>(1)));
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill(); // SIGKILL; an error only means it had already exited
    let status = child.wait().unwrap();
    // The server notices the lost client when the running statement ends and rolls back; wait
    // (bounded) until that backend is gone, so what we read is final.
    if let Some((pid, _)) = &caught {
        for _ in 0..1_200 {
            let alive: i64 = pg
                .query_one("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", &[pid])
                .unwrap()
                .get(0);
            if alive == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let after = big_state(&mut pg, &big);
    eprintln!(
        "kill -9: statement caught running: {:?}, provctl ended {status:?}, state after: {after:?}",
        caught.as_ref().map(|(_, q)| q)
    );
    assert!(
        after == before || after == reset,
        "half a reset: before {before:?}, after {after:?}"
    );
    assert_eq!(checksums(&mut pg, Some(&other.id)), other_before);
    // Whatever happened, a new run finishes the job.
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(big_state(&mut pg, &big), reset);
}
