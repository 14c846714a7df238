//! The reset itself: the runbook's SQL it replaces, a populated client reset with the other left
//! byte-identical, the dry run and its plan, the platform's migrations schema.

use super::{checksums, count, populate, set_counting, COUNTING, PLAN};
use crate::support::{cluster, db, provctl, seed, Template};
use postgres::Client;

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
    assert_eq!(entry["counts"]["samples"], 12, "{entry}");

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

/// Under `--yes` the plan is counted in the reset's transaction and the samples come from the server's
/// count of what the machines' cascade deleted: the same figures as the dry run's plan, and still exact
/// when the server's counts cannot be used (`track_counts = off`, a partitioned `samples`: provctl
/// counts them itself).
#[test]
fn the_yes_plan_is_counted_in_the_transaction_whatever_the_servers_counts() {
    for how in COUNTING {
        let db = db();
        let mut pg = db.client();
        populate(&mut pg, "Acme");
        populate(&mut pg, "Other");
        set_counting(&mut pg, &db.name, how);
        let out = provctl(&db)
            .args(["reset-client", "--client", "Acme", "--yes", "-o", "json"])
            .run()
            .code_is(0)
            .stderr_has("what will go (counted in the reset's transaction, shown before its commit)");
        let doc = out.json();
        for (k, v) in PLAN {
            assert_eq!(doc["plan"][k], v, "{how}: plan.{k} in {doc}");
        }
        assert_eq!(doc["plan"]["other_clients_keys_unbound"], 0, "{doc}");
        let entries = out.audit_entries();
        assert_eq!(entries.len(), 1, "{}", out.audit);
        assert_eq!(entries[0]["counts"]["samples"], 12, "{how}: {}", out.audit);
        let left = count(
            &mut pg,
            "SELECT count(*) FROM samples s JOIN metric_instances mi ON mi.id = s.metric_instance_id \
             JOIN machines m ON m.id = mi.machine_id JOIN clients c ON c.id = m.client_id WHERE c.name = $1",
            "Other",
        );
        assert_eq!(left, 12, "{how}: the other client's samples stay");
    }
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
