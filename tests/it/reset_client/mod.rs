//! `provctl reset-client` on realistic data: machines with metrics, alerts and incidents of every
//! type, next to another client that must stay byte-identical. Also the runbook's own SQL failing on
//! that data, the plan (dry run, index warning), typed confirmation on a pseudo-terminal, a lock held
//! elsewhere, and kill -9 in the middle of a large reset.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `concurrency`, `confirmation`, `runs` and
//! `safeguards`.

use crate::support::seed;
use postgres::Client;
use rexpect::process::WaitStatus;

mod concurrency;
mod confirmation;
mod runs;
mod safeguards;

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
    // The three machine incidents' notifications and the alert's (the HTTP_FAILURE one stays linked).
    ("notification_log_unlinked", 4),
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

/// The id of the client's first machine by hostname.
fn first_machine(pg: &mut Client, client: &str) -> String {
    pg.query_one(
        "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
        &[&client],
    )
    .unwrap_or_else(|e| panic!("{client}'s first machine: {e}"))
    .get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// How the server counts deleted rows: normally (`track_counts` on, plain tables), not at all
/// (`track_counts` off), or on a partitioned `samples` table's partitions only. reset-client reads
/// the server's counts only in the first case and must give the same answers in all three.
const COUNTING: [&str; 3] = ["track_counts on", "track_counts off", "samples partitioned"];

/// Puts database `name` in one of the [`COUNTING`] cases (for its new sessions).
fn set_counting(pg: &mut Client, name: &str, how: &str) {
    match how {
        "track_counts on" => {}
        "track_counts off" => {
            pg.batch_execute(&format!("ALTER DATABASE \"{name}\" SET track_counts = off"))
                .unwrap();
        }
        "samples partitioned" => pg
            .batch_execute(
                "ALTER TABLE samples RENAME TO samples_plain; \
                 CREATE TABLE samples (LIKE samples_plain INCLUDING ALL) PARTITION BY RANGE (ts); \
                 CREATE TABLE samples_any PARTITION OF samples DEFAULT; \
                 INSERT INTO samples SELECT * FROM samples_plain; \
                 DROP TABLE samples_plain; \
                 ALTER TABLE samples ADD FOREIGN KEY (metric_instance_id) \
                   REFERENCES metric_instances (id) ON DELETE CASCADE;",
            )
            .unwrap(),
        other => panic!("unknown counting case {other}"),
    }
}
