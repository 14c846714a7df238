//! `provctl reset-client` on realistic data: machines with metrics, alerts and incidents of every
//! type, next to another client that must stay byte-identical. Also the runbook's own SQL failing on
//! that data, the plan (dry run, index warning), typed confirmation on a pseudo-terminal, a lock held
//! elsewhere, and kill -9 in the middle of a large reset.

use crate::keys_change::pty;
use crate::support::{cluster, db, provctl, seed, Template, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::process::Stdio;
use std::time::Duration;

/// The ids of one fully populated client.
pub(crate) struct Seeded {
    pub(crate) id: String,
    /// Key name → seeded is_active.
    keys: Vec<(String, bool)>,
    /// The HTTP_FAILURE incident (not tied to a machine: it stays).
    http_incident: String,
    /// NO_DATA_MACHINE, NO_DATA_METRIC, BREACH: they go with the machines.
    machine_incidents: Vec<String>,
}

/// A client as the platform leaves it after some weeks of beta:
/// - admin user, settings, two HTTP targets;
/// - machines web-01 (4 ingest events), web-02 (3), web-03 (nothing);
/// - on web-01 and web-02: cpu and memory instances, 3 samples and a threshold each, an alert each on
///   web-01's cpu and web-02's memory;
/// - incidents: NO_DATA_MACHINE (web-01), NO_DATA_METRIC (web-01 cpu), BREACH (web-02 memory),
///   HTTP_FAILURE (first target); a notification for each and one for an alert; outbox events: 2 for
///   NO_DATA_MACHINE, 1 for each other incident;
/// - keys: 01 active bound to web-01 and used, 02 inactive bound to web-02 and used, 03 active
///   untouched, 04 active unbound but used.
pub(crate) fn populate(pg: &mut Client, name: &str) -> Seeded {
    let low = name.to_lowercase();
    let c = seed::client(pg, name);
    seed::user(pg, &c, &format!("admin@{low}.example"), "pw-admin-12345");
    seed::client_settings(pg, &c, &format!("ops@{low}.example"));
    let t1 = seed::http_target(pg, &c, "site", &format!("https://{low}.example/"));
    seed::http_target(pg, &c, "health", &format!("https://{low}.example/health"));
    let m1 = seed::machine(pg, &c, &format!("{low}-web-01"));
    let m2 = seed::machine(pg, &c, &format!("{low}-web-02"));
    seed::machine(pg, &c, &format!("{low}-web-03"));

    let mut keys = Vec::new();
    for (i, active, bound, used) in [
        (1, true, Some(&m1), true),
        (2, false, Some(&m2), true),
        (3, true, None, false),
        (4, true, None, true),
    ] {
        let key_name = format!("{low}-key-{i:02}");
        let k = seed::key(
            pg,
            &c,
            &key_name,
            &format!("{name}-value-{i:02}-0123456789abcdef"),
            active,
        );
        if let Some(m) = bound {
            seed::bind(pg, &k, m);
        }
        if used {
            seed::key_used(pg, &k);
        }
        keys.push((key_name, active));
    }
    for i in 0..4 {
        seed::ingest(pg, &c, &m1, &format!("web-01-{i}"));
    }
    for i in 0..3 {
        seed::ingest(pg, &c, &m2, &format!("web-02-{i}"));
    }
    let mut instances = Vec::new();
    for m in [&m1, &m2] {
        for def in ["cpu.usage_percent", "memory.used_percent"] {
            let mi = seed::metric_instance(pg, m, def);
            seed::samples(pg, &mi, 3);
            let th = seed::threshold(pg, &mi, &format!("{def} high"));
            instances.push((mi, th));
        }
    }
    let (cpu1, th_cpu1) = &instances[0];
    let (mem2, th_mem2) = &instances[3];
    let a1 = seed::alert(pg, th_cpu1, &m1, cpu1);
    seed::alert(pg, th_mem2, &m2, mem2);

    let no_data_machine = seed::incident(pg, &c, "NO_DATA_MACHINE", Some(&m1), None, None);
    let no_data_metric = seed::incident(pg, &c, "NO_DATA_METRIC", Some(&m1), Some(cpu1), None);
    let breach = seed::incident(pg, &c, "BREACH", Some(&m2), Some(mem2), None);
    let http = seed::incident(pg, &c, "HTTP_FAILURE", None, None, Some(&t1));
    for i in [&no_data_machine, &no_data_metric, &breach, &http] {
        seed::notification(pg, &c, Some(i), None);
        seed::outbox(pg, &c, Some(i));
    }
    seed::notification(pg, &c, None, Some(&a1));
    seed::outbox(pg, &c, Some(&no_data_machine));
    Seeded {
        id: c,
        keys,
        http_incident: http,
        machine_incidents: vec![no_data_machine, no_data_metric, breach],
    }
}

/// What [`populate`] creates that a reset removes or changes.
const PLAN: [(&str, i64); 10] = [
    ("ingest_events", 7),
    ("machines", 3),
    ("metric_instances", 4),
    ("samples", 12),
    ("thresholds", 4),
    ("alerts", 2),
    ("incidents", 3),
    ("notification_log_unlinked", 3),
    ("outbox_events_unlinked", 4),
    ("keys_to_unbind", 3),
];

/// Every platform table with the condition selecting one client's rows (`$c` = the client id).
const TABLES: [(&str, &str); 16] = [
    ("clients", "t.id = $c"),
    ("users", "t.client_id = $c"),
    ("client_settings", "t.client_id = $c"),
    ("http_targets", "t.client_id = $c"),
    ("api_keys", "t.client_id = $c"),
    ("machines", "t.client_id = $c"),
    ("ingest_events", "t.client_id = $c"),
    (
        "metric_instances",
        "t.machine_id IN (SELECT id FROM machines WHERE client_id = $c)",
    ),
    (
        "samples",
        "t.metric_instance_id IN (SELECT mi.id FROM metric_instances mi JOIN machines m ON m.id = mi.machine_id \
         WHERE m.client_id = $c)",
    ),
    (
        "thresholds",
        "t.metric_instance_id IN (SELECT mi.id FROM metric_instances mi JOIN machines m ON m.id = mi.machine_id \
         WHERE m.client_id = $c)",
    ),
    ("alerts", "t.machine_id IN (SELECT id FROM machines WHERE client_id = $c)"),
    ("incidents", "t.client_id = $c"),
    ("client_incident_counter", "t.client_id = $c"),
    ("notification_log", "t.client_id = $c"),
    ("outbox_events", "t.client_id = $c"),
    ("metric_definitions", "$c IS NOT NULL"),
];

/// (table, row count, md5 of the rows' text) for the rows of one client, or of the whole table.
pub(crate) fn checksums(pg: &mut Client, client: Option<&str>) -> Vec<(String, i64, String)> {
    TABLES
        .iter()
        .map(|(table, cond)| {
            let cond = match client {
                Some(_) => cond.replace("$c", "$1::text::uuid"),
                None => "$1::text IS NULL".to_string(),
            };
            let r = pg
                .query_one(
                    &format!(
                        "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') \
                         FROM {table} t WHERE {cond}"
                    ),
                    &[&client],
                )
                .unwrap_or_else(|e| panic!("checksum of {table}: {e}"));
            (table.to_string(), r.get(0), r.get(1))
        })
        .collect()
}

fn count(pg: &mut Client, sql: &str, client: &str) -> i64 {
    pg.query_one(sql, &[&client])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// The runbook's "back to initial state" transaction, verbatim (client id substituted).
fn runbook_reset_sql(client_id: &str) -> String {
    format!(
        "begin;
         delete from ingest_events where client_id='{client_id}';
         delete from machines where client_id='{client_id}';
         update api_keys set last_used_at=null where client_id='{client_id}';
         update api_keys set machine_id=null where client_id='{client_id}';
         commit;"
    )
}

#[test]
fn the_runbook_sql_fails_on_machines_with_incidents() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let err = pg
        .batch_execute(&runbook_reset_sql(&acme.id))
        .expect_err("the runbook's reset must trip the incidents check");
    let db_err = err.as_db_error().expect("a server error");
    assert_eq!(
        db_err.constraint(),
        Some("ck_incidents_type_consistency"),
        "{db_err}"
    );
    assert!(
        db_err.message().contains("ck_incidents_type_consistency"),
        "{db_err}"
    );
    pg.batch_execute("ROLLBACK").unwrap();
    assert_eq!(
        checksums(&mut pg, None),
        before,
        "the failed transaction changed nothing"
    );
    // provctl resets the same data.
    provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM machines WHERE client_id = $1::text::uuid",
            &acme.id
        ),
        0
    );
}

#[test]
fn resets_a_populated_client_and_leaves_the_other_byte_identical() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let other_before = checksums(&mut pg, Some(&other.id));
    for (table, n, _) in &other_before {
        assert!(
            *n > 0,
            "the other client has no {table} rows: the comparison would prove nothing"
        );
    }
    let acme_before = checksums(&mut pg, Some(&acme.id));

    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("back to its initial state")
        .never_shows("Acme-value-");
    assert_eq!(
        checksums(&mut pg, Some(&other.id)),
        other_before,
        "the other client changed"
    );

    // The runtime data is gone.
    let after = checksums(&mut pg, Some(&acme.id));
    for table in [
        "machines",
        "ingest_events",
        "metric_instances",
        "samples",
        "thresholds",
        "alerts",
    ] {
        let n = after.iter().find(|(t, _, _)| t == table).unwrap().1;
        assert_eq!(n, 0, "{table} rows of Acme remain");
    }
    // No orphans anywhere: what is left in the tables below machines is the other client's.
    for table in [
        "metric_instances",
        "samples",
        "thresholds",
        "alerts",
        "ingest_events",
        "machines",
    ] {
        let total: i64 = pg
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        let others = other_before.iter().find(|(t, _, _)| t == table).unwrap().1;
        assert_eq!(total, others, "{table}");
    }
    // What a reset keeps is untouched.
    for table in [
        "clients",
        "users",
        "client_settings",
        "http_targets",
        "client_incident_counter",
    ] {
        let b = acme_before.iter().find(|(t, _, _)| t == table).unwrap();
        let a = after.iter().find(|(t, _, _)| t == table).unwrap();
        assert_eq!(a, b, "{table} of Acme changed");
    }
    // Keys: all there, unbound, never used, is_active as before.
    let keys: Vec<(String, bool, Option<String>, bool)> = pg
        .query(
            "SELECT name, is_active, machine_id::text, last_used_at IS NULL FROM api_keys \
             WHERE client_id = $1::text::uuid ORDER BY name",
            &[&acme.id],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    let expected: Vec<(String, bool, Option<String>, bool)> = acme
        .keys
        .iter()
        .map(|(n, a)| (n.clone(), *a, None, true))
        .collect();
    assert_eq!(keys, expected);
    // Incidents: only HTTP_FAILURE is left, unchanged.
    let incidents: Vec<(String, String, Option<String>)> = pg
        .query(
            "SELECT id::text, incident_type::text, http_target_id::text FROM incidents WHERE client_id = $1::text::uuid",
            &[&acme.id],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(incidents.len(), 1, "{incidents:?}");
    assert_eq!(incidents[0].0, acme.http_incident);
    assert_eq!(incidents[0].1, "HTTP_FAILURE");
    assert!(incidents[0].2.is_some());
    // Notifications and outbox events stay; those of the deleted incidents are unlinked.
    for table in ["notification_log", "outbox_events"] {
        let rows: Vec<(Option<String>,)> = pg
            .query(
                &format!("SELECT incident_id::text FROM {table} WHERE client_id = $1::text::uuid"),
                &[&acme.id],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0),))
            .collect();
        let n_before = acme_before.iter().find(|(t, _, _)| t == table).unwrap().1;
        assert_eq!(rows.len() as i64, n_before, "{table} rows were deleted");
        let linked: Vec<&str> = rows.iter().filter_map(|(i,)| i.as_deref()).collect();
        assert_eq!(linked, [acme.http_incident.as_str()], "{table}");
        for gone in &acme.machine_incidents {
            assert!(!linked.contains(&gone.as_str()));
        }
    }
    let alert_links = count(
        &mut pg,
        "SELECT count(*) FROM notification_log WHERE client_id = $1::text::uuid AND alert_id IS NOT NULL",
        &acme.id,
    );
    assert_eq!(alert_links, 0, "the alert's notification stays, unlinked");

    // The JSON document: the plan and the post-reset check.
    let doc = out.json();
    for (k, v) in PLAN {
        assert_eq!(doc["plan"][k], v, "plan.{k} in {doc}");
    }
    assert_eq!(doc["post_reset"]["machines"], 0, "{doc}");
    assert_eq!(doc["post_reset"]["ingest_events"], 0, "{doc}");
    let post_keys = doc["post_reset"]["keys"].as_array().unwrap();
    assert_eq!(post_keys.len(), 4);
    for k in post_keys {
        assert_eq!(k["machine_id"], serde_json::Value::Null, "{k}");
        assert_eq!(k["last_used_at"], serde_json::Value::Null, "{k}");
    }
    // One audit line, with the counts.
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "audit log:\n{}", out.audit);
    let entry = &lines[0];
    assert_eq!(entry["outcome"], "ok");
    assert_eq!(entry["counts"]["machines"], 3, "{entry}");
    assert_eq!(entry["counts"]["ingest_events"], 7, "{entry}");

    // A second reset finds nothing to do.
    let before = checksums(&mut pg, None);
    provctl(&db)
        .args(["reset-client", "--client", "Acme"])
        .run()
        .code_is(0)
        .stderr_has("already in its initial state");
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("dry run: nothing changed");
    let doc = out.json();
    assert_eq!(doc["dry_run"], true, "{doc}");
    assert_eq!(doc["client_id"], acme.id.as_str(), "{doc}");
    for (k, v) in PLAN {
        assert_eq!(doc["plan"][k], v, "plan.{k} in {doc}");
    }
    assert_eq!(out.audit, "", "a dry run is not a change");
    // Table output: the same counts, for eyes.
    let out = provctl(&db)
        .args(["reset-client", "--client", &acme.id, "--dry-run"])
        .run()
        .code_is(0);
    for (k, _) in PLAN {
        assert!(out.stdout().contains(k), "{k} missing:\n{}", out.stdout());
    }
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn the_plan_warns_about_the_missing_ingest_events_machine_id_index() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    provctl(&db)
        .args(["reset-client", "--client", "Acme", "--dry-run"])
        .run()
        .code_is(0)
        .stderr_has("warning: ingest_events.machine_id has no index");
    pg.batch_execute("CREATE INDEX ingest_events_machine_id_idx ON ingest_events (machine_id)")
        .unwrap();
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--dry-run"])
        .run()
        .code_is(0);
    assert!(
        !out.stderr().contains("ingest_events.machine_id"),
        "no warning once the index exists:\n{}",
        out.stderr()
    );
}

#[test]
fn without_a_terminal_and_without_yes_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme"])
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(out.audit, "");
    // Typing the name on a pipe is not a confirmation either.
    provctl(&db)
        .args(["reset-client", "--client", "Acme"])
        .stdin("Acme\n")
        .run()
        .code_is(3);
    assert_eq!(checksums(&mut pg, None), before);
}

fn spawn_reset(db: &TestDb) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (mut p, home) = pty(provctl(db).args(["reset-client", "--client", "Acme"]), 30_000);
    p.exp_string("ingest_events").expect("the plan first");
    p.exp_string("Type the client's name (Acme) to confirm")
        .expect("prompt");
    (p, home)
}

#[test]
fn pty_a_wrong_name_aborts() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for typed in ["acme\r", "\r", "y\r"] {
        let (mut p, _home) = spawn_reset(&db);
        p.send(typed).expect("type");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "typed {typed:?}");
        assert_eq!(checksums(&mut pg, None), before, "typed {typed:?}");
    }
}

#[test]
fn pty_the_right_name_applies() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let (mut p, _home) = spawn_reset(&db);
    p.send("Acme\r").expect("type");
    p.flush().expect("flush");
    p.exp_string("back to its initial state").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
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
            &acme.id
        ),
        0
    );
}

#[test]
fn pty_ctrl_c_at_the_prompt_exits_130_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let (mut p, _home) = spawn_reset(&db);
    p.send("Ac").expect("type a little");
    p.flush().expect("flush");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 130);
    assert_eq!(checksums(&mut pg, None), before);
}

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
    let other_machine: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
            &[&other.id],
        )
        .unwrap()
        .get(0);
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

/// (type, number) of a client's incidents, by number.
fn numbered(pg: &mut Client, client: &str) -> Vec<(String, Option<i32>)> {
    pg.query(
        "SELECT incident_type::text, incident_number FROM incidents WHERE client_id = $1::text::uuid \
         ORDER BY incident_number",
        &[&client],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// The whole story on the schema the platform's migrations create: incidents numbered per client by
/// its trigger (seeded without a number), a reset that removes the machines' incidents and keeps the
/// counter (numbers are never reused), and doctor's data checks on that data.
#[test]
fn on_the_migrations_schema_trigger_numbered_incidents_reset_and_doctor_work() {
    let db = cluster().fresh_db(Template::Alembic);
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let types = ["NO_DATA_MACHINE", "NO_DATA_METRIC", "BREACH", "HTTP_FAILURE"];
    for c in [&acme.id, &other.id] {
        let want: Vec<(String, Option<i32>)> = types
            .iter()
            .zip(1..)
            .map(|(t, n)| (t.to_string(), Some(n)))
            .collect();
        assert_eq!(numbered(&mut pg, c), want, "numbered per client by the trigger");
    }
    let other_before = checksums(&mut pg, Some(&other.id));
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(out.json()["plan"]["incidents"], 3);
    assert_eq!(
        numbered(&mut pg, &acme.id),
        [("HTTP_FAILURE".to_string(), Some(4))],
        "the HTTP incident stays, with its number"
    );
    assert_eq!(checksums(&mut pg, Some(&other.id)), other_before);
    // The platform's next incident for Acme continues the numbering.
    let m = seed::machine(&mut pg, &acme.id, "acme-web-09");
    let next = seed::incident(&mut pg, &acme.id, "NO_DATA_MACHINE", Some(&m), None, None);
    let n: Option<i32> = pg
        .query_one(
            "SELECT incident_number FROM incidents WHERE id = $1::text::uuid",
            &[&next],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, Some(5));
    // doctor reads the same schema: every table and column it uses is there, the data is sound.
    let out = provctl(&db).args(["doctor", "-o", "json"]).run();
    let findings = out.json();
    for f in findings.as_array().unwrap() {
        let (check, status) = (f["check"].as_str().unwrap(), f["status"].as_str().unwrap());
        if matches!(
            check,
            "schema" | "password hashes" | "key bindings" | "user clients" | "login emails" | "client users"
        ) {
            assert_eq!(status, "ok", "{f}");
        }
    }
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

/// An anomaly the cascade would take with it: another client's ingest event on this client's machine.
/// The plan counts the client's own events (the ones a reset deletes); the reset is then refused in
/// its transaction, naming what it found, and nothing changes on either client.
#[test]
fn another_clients_event_on_this_clients_machine_refuses_the_reset() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let m: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
            &[&acme.id],
        )
        .unwrap()
        .get(0);
    seed::ingest(&mut pg, &other.id, &m, "misrouted-1");
    let before = checksums(&mut pg, None);
    let plan = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(
        plan["plan"]["ingest_events"], 7,
        "the client's own events: {plan}"
    );
    provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes"])
        .run()
        .code_is(3)
        .stderr_has("1 ingest event(s) and 0 incident(s) of OTHER clients reference this client's machines");
    assert_eq!(checksums(&mut pg, None), before, "nothing changed");
}

/// The verification before commit reads the keys the reset leaves: a key still bound, or still
/// carrying a `last_used_at` (here a faulty trigger puts them back), fails it; the transaction rolls back
/// and nothing changes, machines and events included.
#[test]
fn a_key_left_bound_fails_the_verification_and_rolls_back() {
    // (the trigger's body, what the verification finds)
    let cases = [
        (
            "NEW.last_used_at := OLD.last_used_at;",
            "(0 machines, 0 ingest events, 3 bound keys remain)",
        ),
        // A key of Acme bound to a machine of Other keeps it (the cascade never reaches that one).
        (
            "IF OLD.machine_id IN (SELECT id FROM machines WHERE client_id <> NEW.client_id) THEN \
               NEW.machine_id := OLD.machine_id; END IF;",
            "(0 machines, 0 ingest events, 1 bound keys remain)",
        ),
    ];
    for (body, found) in cases {
        let db = db();
        let mut pg = db.client();
        let acme = populate(&mut pg, "Acme");
        let other = populate(&mut pg, "Other");
        let (key, machine) = (
            &acme.keys.iter().find(|(_, active)| *active).unwrap().0,
            count_id(
                &mut pg,
                "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
                &other.id,
            ),
        );
        pg.execute(
            "UPDATE api_keys SET machine_id = $2::text::uuid WHERE name = $1 AND client_id = $3::text::uuid",
            &[key, &machine, &acme.id],
        )
        .unwrap();
        pg.batch_execute(&format!(
            "CREATE FUNCTION keep_bound() RETURNS trigger LANGUAGE plpgsql AS \
               $$ BEGIN {body} RETURN NEW; END $$; \
             CREATE TRIGGER keep_bound BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION keep_bound();"
        ))
        .unwrap();
        let before = checksums(&mut pg, None);
        provctl(&db)
            .args(["reset-client", "--client", "Acme", "--yes"])
            .run()
            .code_is(4)
            .stderr_has(&format!("verification failed before commit {found}: rolled back"));
        assert_eq!(checksums(&mut pg, None), before, "{body}: nothing changed");
    }
}

fn count_id(pg: &mut Client, sql: &str, client: &str) -> String {
    pg.query_one(sql, &[&client])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}
