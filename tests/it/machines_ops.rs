//! `machines delete` (one machine, its incidents first, the client's other machines untouched) and
//! `machines --stale` / across clients, on the platform's schema.

use crate::keys_change::pty;
use crate::keys_ops::exit_code;
use crate::support::{cluster, provctl, seed, Template, TestDb};
use postgres::Client;

mod cross_links;

fn platform_db() -> TestDb {
    cluster().fresh_db(Template::Alembic)
}

struct Seeded {
    web1: String,
    web2: String,
}

/// Acme: acme-web-01 with 3 ingest events, a metric instance with samples, a threshold and an alert,
/// incidents NO_DATA_MACHINE and BREACH (a notification and an outbox event on the first), and
/// acme-key-01 bound to it; acme-web-02 with 2 events and acme-key-02 bound; an HTTP_FAILURE incident.
/// Other: other-web-01 with an event and an incident.
fn seeded(pg: &mut Client) -> Seeded {
    let acme = seed::client(pg, "Acme");
    let web1 = seed::machine(pg, &acme, "acme-web-01");
    let web2 = seed::machine(pg, &acme, "acme-web-02");
    for i in 0..3 {
        seed::ingest(pg, &acme, &web1, &format!("w1-{i}"));
    }
    for i in 0..2 {
        seed::ingest(pg, &acme, &web2, &format!("w2-{i}"));
    }
    let mi = seed::metric_instance(pg, &web1, "cpu.usage_percent");
    seed::samples(pg, &mi, 4);
    let th = seed::threshold(pg, &mi, "cpu high");
    seed::alert(pg, &th, &web1, &mi);
    let inc = seed::incident(pg, &acme, "NO_DATA_MACHINE", Some(&web1), None, None);
    seed::incident(pg, &acme, "BREACH", Some(&web1), Some(&mi), None);
    seed::notification(pg, &acme, Some(&inc), None);
    seed::outbox(pg, &acme, Some(&inc));
    let target = seed::http_target(pg, &acme, "site", "https://acme.example/");
    seed::incident(pg, &acme, "HTTP_FAILURE", None, None, Some(&target));
    let k1 = seed::key(pg, &acme, "acme-key-01", "AcmeValue01-0123456789abcdefghij", true);
    let k2 = seed::key(pg, &acme, "acme-key-02", "AcmeValue02-0123456789abcdefghij", true);
    seed::bind(pg, &k1, &web1);
    seed::bind(pg, &k2, &web2);
    let other = seed::client(pg, "Other");
    let om = seed::machine(pg, &other, "other-web-01");
    seed::ingest(pg, &other, &om, "o-1");
    seed::incident(pg, &other, "NO_DATA_MACHINE", Some(&om), None, None);
    Seeded { web1, web2 }
}

/// Row counts of everything a deletion could touch.
fn counts(pg: &mut Client) -> Vec<(String, i64)> {
    [
        "machines",
        "ingest_events",
        "metric_instances",
        "samples",
        "thresholds",
        "alerts",
        "incidents",
        "notification_log",
        "outbox_events",
        "api_keys WHERE machine_id IS NOT NULL",
    ]
    .iter()
    .map(|t| {
        (
            t.to_string(),
            pg.query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .unwrap()
                .get(0),
        )
    })
    .collect()
}

fn count(pg: &mut Client, sql: &str, id: &str) -> i64 {
    pg.query_one(sql, &[&id]).unwrap().get(0)
}

#[test]
fn delete_takes_one_machine_with_its_incidents_and_leaves_the_others() {
    let db = platform_db();
    let mut pg = db.client();
    let s = seeded(&mut pg);
    let before = counts(&mut pg);
    let out = provctl(&db)
        .args([
            "machines",
            "delete",
            "--client",
            "Acme",
            "--hostname",
            "acme-web-01",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) bound to acme-web-01 will be unbound")
        .stderr_has("machine acme-web-01 deleted");
    let doc = out.json();
    assert_eq!(doc["machine"]["id"], s.web1.as_str());
    let plan = &doc["plan"];
    assert_eq!(
        (
            plan["ingest_events"].as_i64(),
            plan["incidents"].as_i64(),
            plan["samples"].as_i64(),
            plan["keys_to_unbind"].as_i64()
        ),
        (Some(3), Some(2), Some(4), Some(1)),
        "{doc}"
    );
    assert_eq!(plan["alerts"], 1);
    assert_eq!(plan["notification_log_unlinked"], 1);
    assert_eq!(doc["deleted"]["incidents"], 2);
    // What went: exactly the plan.
    let after = counts(&mut pg);
    let diff: Vec<(String, i64)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| (b.0.clone(), b.1 - a.1))
        .collect();
    assert_eq!(
        diff,
        [
            ("machines".to_string(), 1),
            ("ingest_events".to_string(), 3),
            ("metric_instances".to_string(), 1),
            ("samples".to_string(), 4),
            ("thresholds".to_string(), 1),
            ("alerts".to_string(), 1),
            ("incidents".to_string(), 2),
            ("api_keys WHERE machine_id IS NOT NULL".to_string(), 1),
        ]
    );
    // acme-web-02 with its events and key binding, the HTTP incident, Other: all there.
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM ingest_events WHERE machine_id = $1::text::uuid",
            &s.web2
        ),
        2
    );
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM api_keys WHERE machine_id = $1::text::uuid",
            &s.web2
        ),
        1
    );
    let http: i64 = pg
        .query_one(
            "SELECT count(*) FROM incidents WHERE incident_type = 'HTTP_FAILURE'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(http, 1);
    // The audit line: pending, then ok with the counts.
    assert_eq!(out.audit.lines().count(), 2, "{}", out.audit);
    assert!(out.audit.lines().next().unwrap().contains("\"pending\""));
    let e = &out.audit_entries()[0];
    assert_eq!(e["outcome"], "ok");
    assert_eq!(e["client"], "Acme");
    assert_eq!(e["counts"]["machine"]["hostname"], "acme-web-01");
    assert_eq!(e["counts"]["ingest_events"], 3);
    // The key that was bound is free for the reinstalled server's next ingestion.
    let bound: Option<String> = pg
        .query_one(
            "SELECT machine_id::text FROM api_keys WHERE name = 'acme-key-01'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(bound, None);
}

#[test]
fn delete_refuses_without_a_terminal_and_bad_input_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    let s = seeded(&mut pg);
    let other_machine: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE hostname = 'other-web-01'",
            &[],
        )
        .unwrap()
        .get(0);
    let before = counts(&mut pg);
    let out = provctl(&db)
        .args([
            "machines",
            "delete",
            "--client",
            "Acme",
            "--hostname",
            "acme-web-01",
        ])
        .run()
        .code_is(3)
        .stdout_has("ingest_events");
    assert_eq!(out.audit, "");
    for (args, says) in [
        (
            vec!["--client", "Acme", "--hostname", "nope"],
            "no machine with hostname `nope`",
        ),
        (
            vec!["--client", "Acme", "--id", "0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"],
            "no machine with id",
        ),
        // Another client's machine is not Acme's.
        (
            vec!["--client", "Acme", "--id", other_machine.as_str()],
            "no machine with id",
        ),
        (vec!["--client", "Acme", "--id", "not-a-uuid"], "not a machine id"),
        (
            vec!["--client", "Nobody", "--hostname", "acme-web-01"],
            "unknown client",
        ),
        (vec!["--client", "Acme"], "--hostname"),
        (
            vec![
                "--client",
                "Acme",
                "--hostname",
                "acme-web-01",
                "--id",
                s.web1.as_str(),
            ],
            "cannot be used with",
        ),
    ] {
        provctl(&db)
            .args(["machines", "delete", "--yes"])
            .args(&args)
            .run()
            .code_is(2)
            .stderr_has(says);
    }
    // A dry run shows the plan and changes nothing.
    provctl(&db)
        .args([
            "machines",
            "delete",
            "--client",
            "Acme",
            "--id",
            s.web1.as_str(),
            "--dry-run",
        ])
        .run()
        .code_is(0)
        .stderr_has("dry run: nothing changed");
    assert_eq!(counts(&mut pg), before);
}

#[test]
fn a_hostname_two_machines_carry_needs_the_id() {
    let db = platform_db();
    let mut pg = db.client();
    let s = seeded(&mut pg);
    let acme: String = pg
        .query_one("SELECT id::text FROM clients WHERE name = 'Acme'", &[])
        .unwrap()
        .get(0);
    // The reinstalled server registered again under the same name.
    let again = seed::machine(&mut pg, &acme, "acme-web-01");
    let before = counts(&mut pg);
    provctl(&db)
        .args([
            "machines",
            "delete",
            "--client",
            "Acme",
            "--hostname",
            "acme-web-01",
            "--yes",
        ])
        .run()
        .code_is(2)
        .stderr_has("2 machines of client Acme have hostname `acme-web-01`")
        .stderr_has(&s.web1)
        .stderr_has(&again);
    assert_eq!(counts(&mut pg), before);
    provctl(&db)
        .args(["machines", "delete", "--client", "Acme", "--id", &again, "--yes"])
        .run()
        .code_is(0);
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM machines WHERE id = $1::text::uuid",
            &s.web1
        ),
        1
    );
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM machines WHERE id = $1::text::uuid",
            &again
        ),
        0
    );
}

#[test]
fn pty_delete_asks_for_the_hostname_typed() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let before = counts(&mut pg);
    let spawn = || {
        let (mut p, home) = pty(
            provctl(&db).args([
                "machines",
                "delete",
                "--client",
                "Acme",
                "--hostname",
                "acme-web-01",
            ]),
            30_000,
        );
        p.exp_string("ingest_events").expect("the plan first");
        p.exp_string("Type its hostname (acme-web-01) to confirm")
            .expect("prompt");
        (p, home)
    };
    for typed in ["acme-web-02\r", "\r", "y\r"] {
        let (mut p, _home) = spawn();
        p.send(typed).expect("type");
        p.flush().unwrap();
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "typed {typed:?}");
        assert_eq!(counts(&mut pg), before, "typed {typed:?}");
    }
    let (mut p, _home) = spawn();
    p.send("acme-web-01\r").expect("type");
    p.flush().unwrap();
    p.exp_string("machine acme-web-01 deleted").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    let left: i64 = pg
        .query_one(
            "SELECT count(*) FROM machines WHERE hostname = 'acme-web-01'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}

#[test]
fn stale_lists_silent_machines_across_clients_or_for_one() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    pg.batch_execute(
        "UPDATE machines SET last_seen = now() - interval '3 hours' WHERE hostname = 'acme-web-01';
         UPDATE machines SET last_seen = now() - interval '10 minutes' WHERE hostname = 'acme-web-02';
         UPDATE machines SET last_seen = now() - interval '2 days' WHERE hostname = 'other-web-01';",
    )
    .unwrap();
    let rows = provctl(&db)
        .args(["machines", "--stale", "2h", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    let seen: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["hostname"].as_str().unwrap(), r["client"].as_str().unwrap()))
        .collect();
    // The longest silent first.
    assert_eq!(seen, [("other-web-01", "Other"), ("acme-web-01", "Acme")]);
    let rows = provctl(&db)
        .args(["machines", "--stale", "30m", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["hostname"], "acme-web-01");
    assert!(
        rows[0].get("client").is_none(),
        "filtered by client: no client column"
    );
    provctl(&db)
        .args(["machines", "--stale", "3d"])
        .run()
        .code_is(0)
        .stdout_has("(no rows)");
    for bad in ["soon", "7", "-2h", "1000y"] {
        provctl(&db)
            .args(["machines", &format!("--stale={bad}")])
            .run()
            .code_is(2)
            .stderr_has("--stale");
    }
}

#[test]
fn machines_without_a_client_lists_every_clients_with_a_client_column() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let table = provctl(&db).args(["machines"]).run().code_is(0);
    let header = table
        .stdout()
        .lines()
        .find(|l| l.contains("hostname"))
        .unwrap()
        .to_string();
    assert!(header.contains("client"), "{header}");
    assert!(table.stdout().contains("other-web-01") && table.stdout().contains("(3 rows)"));
    let rows = provctl(&db)
        .args(["machines", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    let fields: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "id",
            "hostname",
            "fingerprint",
            "is_active",
            "registered_at",
            "last_seen",
            "client_id",
            "client"
        ]
    );
}
