//! `machines delete`: one machine of a client, the way `reset-client` deletes all of them — the
//! incidents tied to it (or to its metric instances) first, since the foreign key would set their
//! `machine_id` NULL and trip `ck_incidents_type_consistency`; then its ingest events, the keys bound
//! to it unbound, and the machine with its cascades (metric instances, samples, thresholds, alerts).
//! The client's other machines are untouched, and checked to be.

use crate::audit::{AuditLog, Entry};
use crate::config::Env;
use crate::db::clients::Client;
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::ui::output::escape;
use postgres::types::Type;

/// The machine to delete.
#[derive(Debug, Clone)]
pub struct Machine {
    pub id: String,
    pub hostname: String,
    pub fingerprint: Option<String>,
    pub last_seen: Option<crate::ui::output::Timestamp>,
}

/// `--hostname H` or `--id ID`, within the client: unknown is exit 2, and so is a hostname that
/// several machines carry (a reinstalled server registers again under the same name), listing them.
pub fn find(db: &mut Db, client: &Client, hostname: Option<&str>, id: Option<&str>) -> Result<Machine> {
    if let Some(id) = id {
        if !crate::db::ids::is_uuid(id) {
            return Err(Error::usage(format!(
                "--id `{}` is not a machine id (a uuid)",
                escape(id)
            )));
        }
    }
    let rows = db.query(
        "SELECT id::text, hostname, fingerprint, last_seen, registered_at FROM machines \
         WHERE client_id = $1::uuid AND ($2::text IS NULL OR hostname = $2) AND ($3::text IS NULL OR id = $3::uuid) \
         ORDER BY registered_at DESC, id",
        &[(&client.id, Type::TEXT), (&hostname, Type::TEXT), (&id, Type::TEXT)],
    )?;
    let what = match (hostname, id) {
        (Some(h), _) => format!("hostname `{}`", escape(h)),
        (_, Some(i)) => format!("id {}", escape(i)),
        _ => return Err(Error::usage("say which machine: --hostname H or --id ID")),
    };
    match rows.len() {
        0 => Err(
            Error::usage(format!("client {} has no machine with {what}", client.name)).with_hint(format!(
                "`provctl machines --client {}` lists its machines",
                client.id
            )),
        ),
        1 => {
            let r = &rows[0];
            Ok(Machine {
                id: r.cell(0, "machines")?,
                hostname: r.cell(1, "machines")?,
                fingerprint: r.cell(2, "machines")?,
                last_seen: r.cell(3, "machines")?,
            })
        }
        n => {
            let ids: Vec<String> = rows
                .iter()
                .map(|r| {
                    let last: Option<crate::ui::output::Timestamp> = r.cell(3, "machines")?;
                    Ok(format!(
                        "{} (last seen {})",
                        r.cell::<String>(0, "machines")?,
                        last.map_or("never".to_string(), |t| t.to_string())
                    ))
                })
                .collect::<Result<_>>()?;
            Err(Error::usage(format!(
                "{n} machines of client {} have {what}: {}",
                client.name,
                ids.join(", ")
            ))
            .with_hint("say which with --id"))
        }
    }
}

/// What goes with the machine, counted up front (`$1` the machine, `$2` its client).
/// `notification_log_unlinked`: the rows that stay with `incident_id` or `alert_id` set NULL by the
/// foreign keys, each counted once. The keys bound to it are counted by client: `keys_to_unbind` the
/// client's own, `other_clients_keys_unbound` those of OTHER clients (an anomaly, unbound too).
const PLAN_SQL: &str = "\
WITH mi AS (SELECT id FROM metric_instances WHERE machine_id = $1::uuid),
     th AS (SELECT id FROM thresholds WHERE metric_instance_id IN (SELECT id FROM mi)),
     al AS (SELECT id FROM alerts WHERE machine_id = $1::uuid OR threshold_id IN (SELECT id FROM th)),
     inc AS (SELECT id FROM incidents WHERE machine_id = $1::uuid OR metric_instance_id IN (SELECT id FROM mi))
SELECT
  (SELECT count(*) FROM ingest_events WHERE machine_id = $1::uuid) AS ingest_events,
  (SELECT count(*) FROM mi) AS metric_instances,
  (SELECT count(*) FROM samples WHERE metric_instance_id IN (SELECT id FROM mi)) AS samples,
  (SELECT count(*) FROM th) AS thresholds,
  (SELECT count(*) FROM al) AS alerts,
  (SELECT count(*) FROM inc) AS incidents,
  (SELECT count(*) FROM notification_log
     WHERE incident_id IN (SELECT id FROM inc) OR alert_id IN (SELECT id FROM al)) AS notification_log_unlinked,
  (SELECT count(*) FROM outbox_events WHERE incident_id IN (SELECT id FROM inc)) AS outbox_events_unlinked,
  (SELECT count(*) FROM api_keys WHERE machine_id = $1::uuid AND client_id = $2::uuid) AS keys_to_unbind,
  (SELECT count(*) FROM api_keys WHERE machine_id = $1::uuid AND client_id <> $2::uuid) AS other_clients_keys_unbound";

/// The plan's counts, by name.
pub fn plan(db: &mut Db, client: &Client, machine: &Machine) -> Result<Vec<(String, i64)>> {
    let row = db.query_one(PLAN_SQL, &[(&machine.id, Type::TEXT), (&client.id, Type::TEXT)])?;
    row.columns()
        .iter()
        .enumerate()
        .map(|(i, c)| Ok((c.name().to_string(), row.cell(i, "")?)))
        .collect()
}

/// The deletion, in the order the constraints need (`$1` the machine, `$2` the client): the incidents,
/// the events, then [`UNBIND_SQL`], then [`DELETE_SQL`].
const STATEMENTS: [&str; 2] = [
    "DELETE FROM incidents WHERE machine_id = $1::uuid \
       OR metric_instance_id IN (SELECT id FROM metric_instances WHERE machine_id = $1::uuid)",
    "DELETE FROM ingest_events WHERE machine_id = $1::uuid",
];

/// Every key bound to the machine unbound, OTHER clients' too (the foreign key would set them NULL
/// anyway): counted apart, the client's own and the others', as the plan counts them.
const UNBIND_SQL: &str = "\
WITH u AS (UPDATE api_keys SET machine_id = NULL WHERE machine_id = $1::uuid RETURNING client_id)
SELECT count(*) FILTER (WHERE client_id = $2::uuid), count(*) FILTER (WHERE client_id <> $2::uuid) FROM u";

/// The machine, with its cascades.
const DELETE_SQL: &str = "DELETE FROM machines WHERE id = $1::uuid AND client_id = $2::uuid";

/// What this run deleted, for the audit line and the report.
pub struct Deleted {
    pub incidents: u64,
    pub ingest_events: u64,
    /// The client's keys unbound.
    pub keys_unbound: u64,
    /// Keys of OTHER clients that were bound to the machine, unbound too.
    pub other_clients_keys_unbound: u64,
}

/// Deletes the machine in one transaction: refused when rows of OTHER clients reference it (the
/// deletes would take them); verified before the commit (the machine, its events and bindings gone,
/// the client's other machines all there), with its audit line.
pub fn apply(
    db: &mut Db,
    client: &Client,
    machine: &Machine,
    planned: &[(String, i64)],
    log: &mut AuditLog,
    env: &Env,
    statement_timeout: u64,
) -> Result<Deleted> {
    let url = db.url().clone();
    let mut tx = db.change_transaction(5, statement_timeout)?;
    let params: [crate::db::Param<'_>; 2] = [(&machine.id, Type::TEXT), (&client.id, Type::TEXT)];
    let cross = tx.query_one(
        "SELECT (SELECT count(*) FROM ingest_events WHERE client_id <> $2::uuid AND machine_id = $1::uuid), \
                (SELECT count(*) FROM incidents WHERE client_id <> $2::uuid AND (machine_id = $1::uuid \
                   OR metric_instance_id IN (SELECT id FROM metric_instances WHERE machine_id = $1::uuid))), \
                (SELECT count(*) FROM machines WHERE client_id = $2::uuid AND id <> $1::uuid)",
        &params,
    )?;
    let (cross_events, cross_incidents, others): (i64, i64, i64) =
        (cross.cell(0, "")?, cross.cell(1, "")?, cross.cell(2, "")?);
    if cross_events + cross_incidents > 0 {
        return Err(Error::refused(format!(
            "{cross_events} ingest event(s) and {cross_incidents} incident(s) of OTHER clients reference this \
             machine: deleting it would delete them, so nothing was changed"
        ))
        .with_hint("inspect them (`provctl doctor`) and fix the data first"));
    }
    let mut done = [0u64; STATEMENTS.len()];
    for (n, sql) in STATEMENTS.iter().enumerate() {
        done[n] = tx.execute(sql, &params)?;
    }
    let unbound = tx.query_one(UNBIND_SQL, &params)?;
    let (own_keys, other_keys): (i64, i64) = (unbound.cell(0, "")?, unbound.cell(1, "")?);
    let (own_keys, other_keys) = (own_keys.unsigned_abs(), other_keys.unsigned_abs());
    if tx.execute(DELETE_SQL, &params)? != 1 {
        return Err(Error::usage(format!(
            "machine {} ({}) was deleted meanwhile: nothing changed",
            machine.hostname, machine.id
        )));
    }
    let after = tx.query_one(
        "SELECT (SELECT count(*) FROM machines WHERE id = $1::uuid), \
                (SELECT count(*) FROM ingest_events WHERE machine_id = $1::uuid), \
                (SELECT count(*) FROM api_keys WHERE machine_id = $1::uuid), \
                (SELECT count(*) FROM machines WHERE client_id = $2::uuid)",
        &params,
    )?;
    let (m, e, k, left): (i64, i64, i64, i64) = (
        after.cell(0, "")?,
        after.cell(1, "")?,
        after.cell(2, "")?,
        after.cell(3, "")?,
    );
    if (m, e, k, left) != (0, 0, 0, others) {
        return Err(Error::database(format!(
            "verification failed before commit ({m} machine, {e} ingest events, {k} bound keys remain; \
             {left} of the client's {others} other machines): rolled back"
        )));
    }
    let planned: serde_json::Map<String, serde_json::Value> = planned
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!(v)))
        .collect();
    crate::audit::commit_recorded(
        tx,
        log,
        env,
        &url,
        Entry {
            client: Some(&client.name),
            counts: serde_json::json!({
                "machines": 1,
                "machine": {"id": machine.id, "hostname": machine.hostname},
                "incidents": done[0],
                "ingest_events": done[1],
                "keys_unbound": own_keys,
                "other_clients_keys_unbound": other_keys,
                "planned": planned,
            }),
            outcome: "ok",
        },
    )?;
    Ok(Deleted {
        incidents: done[0],
        ingest_events: done[1],
        keys_unbound: own_keys,
        other_clients_keys_unbound: other_keys,
    })
}
