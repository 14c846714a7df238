//! `clients delete`: offboarding — every row of a client, in one transaction, verified before commit.
//!
//! `DELETE FROM clients` alone would cascade in an order PostgreSQL chooses, and fails on real data:
//! incidents referencing a machine get `machine_id` set NULL by the machines' cascade, which violates
//! `ck_incidents_type_consistency` (as for `reset-client`). So the rows go explicitly, in the order the
//! constraints need: notifications and outbox events (else they are first updated to point nowhere),
//! incidents, ingest events (one set-based delete: the cascade from machines would scan
//! `ingest_events` once per machine, it has no `machine_id` index), the metric tree, keys, machines,
//! users, settings, targets, the incident counter, and the client row last. The client row is locked
//! first (`FOR UPDATE`): an agent's insert that references the client waits for the commit and then
//! fails its foreign key, so nothing new appears between the deletes and the verification.

use crate::db::{Db, RowExt, Session};
use crate::error::{Error, Result};
use postgres::types::Type;
use postgres::GenericClient;

/// Every table a client's rows live in, in the plan's order (the JSON and audit field names).
pub const TABLES: [&str; 15] = [
    "users",
    "api_keys",
    "machines",
    "ingest_events",
    "metric_instances",
    "samples",
    "thresholds",
    "alerts",
    "incidents",
    "notification_log",
    "outbox_events",
    "client_settings",
    "http_targets",
    "client_incident_counter",
    "clients",
];

/// The client's machines (`m`), their metric instances (`mi`) and thresholds (`th`).
const TREE: &str = "\
WITH m AS (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m)),
     th AS (SELECT id FROM thresholds WHERE metric_instance_id IN (SELECT id FROM mi))";

/// The rows that go, counted in [`TABLES`] order, then the other clients' keys bound to this
/// client's machines (unbound by the foreign key).
const PLAN_SQL: &str = "
SELECT
  (SELECT count(*) FROM users WHERE client_id = $1::uuid),
  (SELECT count(*) FROM api_keys WHERE client_id = $1::uuid),
  (SELECT count(*) FROM m),
  (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid),
  (SELECT count(*) FROM mi),
  (SELECT count(*) FROM samples WHERE metric_instance_id IN (SELECT id FROM mi)),
  (SELECT count(*) FROM th),
  (SELECT count(*) FROM alerts WHERE machine_id IN (SELECT id FROM m)),
  (SELECT count(*) FROM incidents WHERE client_id = $1::uuid),
  (SELECT count(*) FROM notification_log WHERE client_id = $1::uuid),
  (SELECT count(*) FROM outbox_events WHERE client_id = $1::uuid),
  (SELECT count(*) FROM client_settings WHERE client_id = $1::uuid),
  (SELECT count(*) FROM http_targets WHERE client_id = $1::uuid),
  (SELECT count(*) FROM client_incident_counter WHERE client_id = $1::uuid),
  (SELECT count(*) FROM clients WHERE id = $1::uuid),
  (SELECT count(*) FROM api_keys WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m))";

/// Rows of OTHER clients that this client's deletes would delete or change: their ingest events on
/// this client's machines, their incidents on its machines, metrics or targets, their notifications
/// and outbox events about its incidents or alerts. Anomalies, but never offboarded silently.
const CROSS_SQL: &str = "
SELECT
  (SELECT count(*) FROM ingest_events WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m)),
  (SELECT count(*) FROM incidents WHERE client_id <> $1::uuid
     AND (machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi)
          OR http_target_id IN (SELECT id FROM http_targets WHERE client_id = $1::uuid))),
  (SELECT count(*) FROM notification_log WHERE client_id <> $1::uuid
     AND (incident_id IN (SELECT id FROM incidents WHERE client_id = $1::uuid)
          OR alert_id IN (SELECT id FROM alerts WHERE machine_id IN (SELECT id FROM m)))),
  (SELECT count(*) FROM outbox_events WHERE client_id <> $1::uuid
     AND incident_id IN (SELECT id FROM incidents WHERE client_id = $1::uuid))";

/// The deletes, each with the [`TABLES`] entry it counts.
const STATEMENTS: [(&str, &str); 15] = [
    ("notification_log", "DELETE FROM notification_log WHERE client_id = $1::uuid"),
    ("outbox_events", "DELETE FROM outbox_events WHERE client_id = $1::uuid"),
    ("incidents", "DELETE FROM incidents WHERE client_id = $1::uuid"),
    ("ingest_events", "DELETE FROM ingest_events WHERE client_id = $1::uuid"),
    (
        "alerts",
        "DELETE FROM alerts WHERE machine_id IN (SELECT id FROM machines WHERE client_id = $1::uuid)",
    ),
    (
        "samples",
        "DELETE FROM samples WHERE metric_instance_id IN (SELECT mi.id FROM metric_instances mi \
         JOIN machines m ON m.id = mi.machine_id WHERE m.client_id = $1::uuid)",
    ),
    (
        "thresholds",
        "DELETE FROM thresholds WHERE metric_instance_id IN (SELECT mi.id FROM metric_instances mi \
         JOIN machines m ON m.id = mi.machine_id WHERE m.client_id = $1::uuid)",
    ),
    (
        "metric_instances",
        "DELETE FROM metric_instances WHERE machine_id IN (SELECT id FROM machines WHERE client_id = $1::uuid)",
    ),
    ("api_keys", "DELETE FROM api_keys WHERE client_id = $1::uuid"),
    ("machines", "DELETE FROM machines WHERE client_id = $1::uuid"),
    ("users", "DELETE FROM users WHERE client_id = $1::uuid"),
    ("client_settings", "DELETE FROM client_settings WHERE client_id = $1::uuid"),
    ("http_targets", "DELETE FROM http_targets WHERE client_id = $1::uuid"),
    (
        "client_incident_counter",
        "DELETE FROM client_incident_counter WHERE client_id = $1::uuid",
    ),
    ("clients", "DELETE FROM clients WHERE id = $1::uuid"),
];

/// What is left of the client, per table, inside the transaction before commit. Metric instances,
/// samples, thresholds and alerts are checked against the machine ids read before the deletes (by then
/// they can no longer be reached through `machines`).
const VERIFY_SQL: &str = "
SELECT
  (SELECT count(*) FROM users WHERE client_id = $1::uuid),
  (SELECT count(*) FROM api_keys WHERE client_id = $1::uuid),
  (SELECT count(*) FROM machines WHERE client_id = $1::uuid OR id = ANY($2::text[]::uuid[])),
  (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid OR machine_id = ANY($2::text[]::uuid[])),
  (SELECT count(*) FROM metric_instances WHERE machine_id = ANY($2::text[]::uuid[])),
  (SELECT count(*) FROM samples WHERE metric_instance_id = ANY($3::text[]::uuid[])),
  (SELECT count(*) FROM thresholds WHERE metric_instance_id = ANY($3::text[]::uuid[])),
  (SELECT count(*) FROM alerts WHERE machine_id = ANY($2::text[]::uuid[])),
  (SELECT count(*) FROM incidents WHERE client_id = $1::uuid),
  (SELECT count(*) FROM notification_log WHERE client_id = $1::uuid),
  (SELECT count(*) FROM outbox_events WHERE client_id = $1::uuid),
  (SELECT count(*) FROM client_settings WHERE client_id = $1::uuid),
  (SELECT count(*) FROM http_targets WHERE client_id = $1::uuid),
  (SELECT count(*) FROM client_incident_counter WHERE client_id = $1::uuid),
  (SELECT count(*) FROM clients WHERE id = $1::uuid)";

/// The counts of a plan or of what was done, in [`TABLES`] order.
pub type Counts = Vec<(&'static str, i64)>;

/// What the offboarding will remove.
pub struct Plan {
    pub counts: Counts,
    /// Keys of OTHER clients bound to this client's machines: the foreign key unbinds them.
    pub other_clients_keys_unbound: i64,
}

/// The counts, as a JSON object.
pub fn counts_json(counts: &Counts) -> serde_json::Value {
    serde_json::Value::Object(
        counts
            .iter()
            .map(|(k, n)| ((*k).to_string(), serde_json::json!(n)))
            .collect(),
    )
}

/// Counts every row that goes (one statement).
pub fn plan(db: &mut Db, client_id: &str) -> Result<Plan> {
    let r = db.query_one(&format!("{TREE}{PLAN_SQL}"), &[(&client_id, Type::TEXT)])?;
    let mut counts = Vec::with_capacity(TABLES.len());
    for (i, t) in TABLES.iter().enumerate() {
        counts.push((*t, r.cell::<i64>(i, "")?));
    }
    Ok(Plan {
        counts,
        other_clients_keys_unbound: r.cell(TABLES.len(), "")?,
    })
}

/// Deletes the client inside `tx` (its timeouts already set) and verifies that nothing of it is
/// left; returns what each statement deleted. Refuses (exit 3, nothing changed) when rows of other
/// clients reference this client's rows; a failed verification is exit 4 and rolls back.
pub fn delete<C: GenericClient>(tx: &mut Session<C>, client_id: &str) -> Result<Counts> {
    let p = [(&client_id as &(dyn postgres::types::ToSql + Sync), Type::TEXT)];
    if tx
        .query_opt("SELECT 1 FROM clients WHERE id = $1::uuid FOR UPDATE", &p)?
        .is_none()
    {
        return Err(Error::usage(
            "the client was deleted meanwhile (by another run?): nothing changed",
        ));
    }
    let cross = tx.query_one(&format!("{TREE}{CROSS_SQL}"), &p)?;
    let cross: Vec<i64> = (0..4).map(|i| cross.cell(i, "")).collect::<Result<_>>()?;
    if cross.iter().any(|n| *n > 0) {
        return Err(Error::refused(format!(
            "rows of OTHER clients reference this client's: {} ingest event(s) on its machines, {} incident(s) on its \
             machines or targets, {} notification(s) and {} outbox event(s) about its incidents; the delete would \
             remove or change them, so nothing was changed",
            cross[0], cross[1], cross[2], cross[3]
        ))
        .with_hint("inspect them (`provctl doctor`, `provctl clients show`) and fix the data first"));
    }
    let machines: Vec<String> = tx
        .query("SELECT id::text FROM machines WHERE client_id = $1::uuid", &p)?
        .iter()
        .map(|r| r.cell(0, "machines"))
        .collect::<Result<_>>()?;
    let instances: Vec<String> = tx
        .query(
            "SELECT id::text FROM metric_instances WHERE machine_id = ANY($1::text[]::uuid[])",
            &[(&machines, Type::TEXT_ARRAY)],
        )?
        .iter()
        .map(|r| r.cell(0, "metric_instances"))
        .collect::<Result<_>>()?;
    let mut done: Counts = TABLES.iter().map(|t| (*t, 0)).collect();
    for (table, sql) in STATEMENTS {
        let n = tx.execute(sql, &p)?;
        if let Some(slot) = done.iter_mut().find(|(t, _)| *t == table) {
            slot.1 += i64::try_from(n).unwrap_or(i64::MAX);
        }
    }
    let after = tx.query_one(
        VERIFY_SQL,
        &[
            p[0].clone(),
            (&machines, Type::TEXT_ARRAY),
            (&instances, Type::TEXT_ARRAY),
        ],
    )?;
    let left: Vec<String> = TABLES
        .iter()
        .enumerate()
        .map(|(i, t)| after.cell::<i64>(i, "").map(|n| (t, n)))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    if !left.is_empty() {
        return Err(Error::database(format!(
            "verification failed before commit ({} remain): rolled back",
            left.join(", ")
        )));
    }
    Ok(done)
}
