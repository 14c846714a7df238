//! `provctl reset-client`: a beta client back to its initial state — no machines, no ingest events,
//! every key unbound with `last_used_at` NULL (keys keep `is_active`). Plan, typed confirmation, one
//! transaction verified before commit, then the runbook's post-reset check.
//!
//! The runbook's SQL deleted machines directly, which fails on real data: incidents referencing a
//! machine get `machine_id` set NULL by the foreign key, violating `ck_incidents_type_consistency`.
//! The incidents tied to the client's machines (or their metric instances) are deleted first.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::db::row_values;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::ui::output::{note, warn, Format, Value};
use postgres::types::Type;

/// Flags of `provctl reset-client`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl reset-client --client Acme --dry-run
  provctl reset-client --client Acme     # asks you to type the client's name
  provctl reset-client --client 0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b --yes

HTTP targets, settings, users, keys (and their is_active) and HTTP_FAILURE
incidents stay.")]
pub struct ResetClientArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Give up waiting for a lock after this many seconds (nothing changed).
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = crate::cli::seconds())]
    pub lock_timeout: u64,
}

/// The rows the reset removes or changes, counted up front.
///
/// Cheap on purpose (issue 18): the CTEs are `NOT MATERIALIZED` (each is read several times, and
/// materialised they cost half the plan's time: 340 → 160 ms on the benchmark's client), and the
/// events counted are the client's own, an index-only count. The events of OTHER clients that reference
/// this client's machines would go too, but then the reset is refused ([`CROSS_SQL`], in the
/// transaction): counting them here scanned the whole table, every client's events, on every plan.
/// `notification_log_unlinked` counts each row once whose incident or alert goes (both foreign keys set
/// NULL).
const PLAN_SQL: &str = "\
WITH m AS NOT MATERIALIZED (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS NOT MATERIALIZED (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m)),
     th AS NOT MATERIALIZED (SELECT id FROM thresholds WHERE metric_instance_id IN (SELECT id FROM mi)),
     al AS NOT MATERIALIZED (SELECT id FROM alerts
             WHERE machine_id IN (SELECT id FROM m) OR threshold_id IN (SELECT id FROM th)),
     inc AS NOT MATERIALIZED (SELECT id FROM incidents
             WHERE machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi))
SELECT
  (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid) AS ingest_events,
  (SELECT count(*) FROM m) AS machines,
  (SELECT count(*) FROM mi) AS metric_instances,
  (SELECT count(*) FROM samples WHERE metric_instance_id IN (SELECT id FROM mi)) AS samples,
  (SELECT count(*) FROM th) AS thresholds,
  (SELECT count(*) FROM al) AS alerts,
  (SELECT count(*) FROM inc) AS incidents,
  (SELECT count(*) FROM notification_log
     WHERE incident_id IN (SELECT id FROM inc) OR alert_id IN (SELECT id FROM al)) AS notification_log_unlinked,
  (SELECT count(*) FROM outbox_events WHERE incident_id IN (SELECT id FROM inc)) AS outbox_events_unlinked,
  (SELECT count(*) FROM api_keys WHERE client_id = $1::uuid
     AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)) AS keys_to_unbind,
  (SELECT count(*) FROM api_keys WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m)) AS other_clients_keys_unbound";

/// Rows of OTHER clients that the reset's deletes would reach: their ingest events or incidents that
/// reference this client's machines (anomalies, but the cascade would take them). Checked inside the
/// transaction before deleting; other clients' rows are otherwise untouched by construction, since every
/// statement is filtered on this client. (Counting all other clients' rows before and after would fail
/// on a live platform, where their agents keep ingesting.)
const CROSS_SQL: &str = "\
WITH m AS (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m))
SELECT (SELECT count(*) FROM ingest_events WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m)),
       (SELECT count(*) FROM incidents WHERE client_id <> $1::uuid
          AND (machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi)))";

/// The reset itself, in the order the constraints need: incidents first (else the machines' delete
/// trips the incidents check), the client's events in one set-based delete (the cascade from machines
/// would do it per machine), keys unbound, then the machines with their cascades.
const RESET_STATEMENTS: [&str; 4] = [
    "DELETE FROM incidents WHERE machine_id IN (SELECT id FROM machines WHERE client_id = $1::uuid) \
       OR metric_instance_id IN (SELECT mi.id FROM metric_instances mi JOIN machines m ON m.id = mi.machine_id \
                                 WHERE m.client_id = $1::uuid)",
    "DELETE FROM ingest_events WHERE client_id = $1::uuid",
    "UPDATE api_keys SET machine_id = NULL, last_used_at = NULL WHERE client_id = $1::uuid \
       AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)",
    "DELETE FROM machines WHERE client_id = $1::uuid",
];

/// The post-state, checked inside the transaction before commit: what must be left of the client's
/// machines and events (nothing). Its keys are read by [`KEYS_SQL`] in the same transaction and checked
/// row by row, and both results are what the post-reset check prints: the state this transaction
/// committed, without counting it all again after the commit (issue 18: the recount and the second
/// scan of `api_keys`, which has no `client_id` index, were ~50 ms of a reset's fixed cost).
const VERIFY_SQL: &str = "\
SELECT (SELECT count(*) FROM machines WHERE client_id = $1::uuid),
       (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid)";

/// The client's keys, as the post-reset check shows them.
const KEYS_SQL: &str = "SELECT name, is_active, machine_id::text AS machine_id, last_used_at FROM api_keys \
                        WHERE client_id = $1::uuid ORDER BY name, id";

/// The columns of [`KEYS_SQL`], in its order.
const KEY_COLUMNS: [&str; 4] = ["name", "is_active", "machine_id", "last_used_at"];

/// The runbook's post-reset check: the client's keys, its machine count and its ingest count.
struct PostReset {
    keys: Vec<postgres::Row>,
    machines: i64,
    ingest_events: i64,
}

impl PostReset {
    /// Keys still bound to a machine or carrying a `last_used_at`: none after a reset.
    fn bound_keys(&self) -> Result<usize> {
        let mut n = 0;
        for k in &self.keys {
            let machine: Option<&str> = k.cell(2, "api_keys")?;
            let used: Option<crate::ui::output::Timestamp> = k.cell(3, "api_keys")?;
            n += usize::from(machine.is_some() || used.is_some());
        }
        Ok(n)
    }
}

pub fn run(ctx: &mut Ctx, args: ResetClientArgs) -> Result<()> {
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let plan = db.query_one(PLAN_SQL, &[(&client.id, Type::TEXT)])?;
    let names: Vec<String> = plan.columns().iter().map(|c| c.name().to_string()).collect();
    let counts: Vec<i64> = (0..names.len())
        .map(|i| plan.cell(i, ""))
        .collect::<Result<_>>()?;
    let counts_json: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .cloned()
        .zip(counts.iter().map(|n| serde_json::json!(n)))
        .collect();

    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!("reset-client {} ({}): what will go", client.name, client.id),
    );
    let json = ctx.out.format == Format::Json;
    super::show_plan(ctx, names.iter().map(String::as_str).zip(counts.iter().copied()))?;
    let summary = serde_json::json!({
        "client": client.name,
        "client_id": client.id,
        "dry_run": args.dry_run,
        "plan": counts_json.clone(),
    });
    let missing = crate::db::schema::missing_cascade_indexes(&mut db)?;
    if missing
        .iter()
        .any(|(t, c)| t == "ingest_events" && c == "machine_id")
        && counts[1] > 0
    {
        warn(&format!(
            "ingest_events.machine_id has no index: deleting {} machine(s) scans ingest_events once per machine \
             (slow on large tables; `provctl doctor` shows the index a platform migration should add)",
            counts[1]
        ));
    }
    let other_keys = counts[names
        .iter()
        .position(|n| n == "other_clients_keys_unbound")
        .unwrap_or(0)];
    if other_keys > 0 {
        warn(&format!(
            "{other_keys} key(s) of OTHER clients are bound to this client's machines and will be unbound too"
        ));
    }
    if args.dry_run {
        note("dry run: nothing changed");
        if json {
            ctx.out.json(&summary)?;
        }
        return Ok(());
    }
    if counts.iter().all(|n| *n == 0) {
        note("already in its initial state: nothing to reset");
        // The plan has just counted 0 machines and 0 events: only the keys are left to read.
        let keys = db.query(KEYS_SQL, &[(&client.id, Type::TEXT)])?;
        let state = PostReset {
            keys,
            machines: 0,
            ingest_events: 0,
        };
        return post_check(ctx, state, "as they are: nothing changed", summary);
    }
    crate::ui::confirm::confirm_typed(
        &target,
        ctx.global.yes,
        &format!(
            "This deletes the runtime data above. Type the client's name ({}) to confirm",
            client.name
        ),
        &client.name,
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let mut tx = ctx.change_transaction(&mut db, args.lock_timeout)?;
    let cross = tx.query_one(CROSS_SQL, &[(&client.id, Type::TEXT)])?;
    let (cross_events, cross_incidents): (i64, i64) = (cross.cell(0, "")?, cross.cell(1, "")?);
    if cross_events + cross_incidents > 0 {
        return Err(Error::refused(format!(
            "{cross_events} ingest event(s) and {cross_incidents} incident(s) of OTHER clients reference this \
             client's machines: the reset would delete them, so nothing was changed"
        ))
        .with_hint("inspect them (`provctl doctor`, `provctl machines --client …`) and fix the data first"));
    }
    note(&format!(
        "resetting {} in one transaction (lock timeout {} s)…",
        client.name,
        args.lock_timeout.max(1)
    ));
    // What this run itself changed (a concurrent reset may have done part of it): logged, not the plan.
    let mut done = [0u64; RESET_STATEMENTS.len()];
    // A delete of many ingest events takes seconds (minutes without the cascade index): a bar on a
    // terminal names the step running.
    let bar = crate::ui::progress::Bar::new(RESET_STATEMENTS.len() as u64, "resetting");
    for (n, sql) in RESET_STATEMENTS.iter().enumerate() {
        bar.set_message(["incidents", "ingest events", "keys unbound", "machines"][n]);
        done[n] = tx.execute(sql, &[(&client.id, Type::TEXT)])?;
        bar.inc();
    }
    drop(bar);
    let after = tx.query_one(VERIFY_SQL, &[(&client.id, Type::TEXT)])?;
    let state = PostReset {
        machines: after.cell(0, "")?,
        ingest_events: after.cell(1, "")?,
        keys: tx.query(KEYS_SQL, &[(&client.id, Type::TEXT)])?,
    };
    let (m, e, k) = (state.machines, state.ingest_events, state.bound_keys()?);
    if (m, e, k) != (0, 0, 0) {
        return Err(Error::database(format!(
            "verification failed before commit ({m} machines, {e} ingest events, {k} bound keys remain): rolled back"
        )));
    }
    let counts = serde_json::json!({
        "incidents": done[0],
        "ingest_events": done[1],
        "keys_unbound": done[2],
        "machines": done[3],
        "planned": counts_json,
    });
    crate::audit::commit_recorded(
        tx,
        &mut log,
        &ctx.env,
        &url,
        Entry {
            client: Some(&client.name),
            counts,
            outcome: "ok",
        },
    )?;
    if done.iter().all(|n| *n == 0) {
        note(&format!(
            "{}: nothing left to reset (another run did it meanwhile)",
            client.name
        ));
    } else {
        note(&format!("{} is back to its initial state", client.name));
    }
    post_check(
        ctx,
        state,
        "as the transaction left them before its commit",
        summary,
    )
}

/// Prints the runbook's post-reset check: the keys, the machine count, the ingest count, saying where
/// they come from (`source`, on stderr). In JSON, one object with the plan and this check.
fn post_check(ctx: &mut Ctx, state: PostReset, source: &str, mut summary: serde_json::Value) -> Result<()> {
    note(&format!("post-reset check ({source}):"));
    let PostReset {
        keys,
        machines,
        ingest_events,
    } = state;
    if ctx.out.format == Format::Json {
        let keys: Vec<serde_json::Value> = keys
            .iter()
            .map(|k| row_values(k, "api_keys").map(|v| crate::ui::output::object(&KEY_COLUMNS, &v)))
            .collect::<Result<_>>()?;
        summary["post_reset"] =
            serde_json::json!({"keys": keys, "machines": machines, "ingest_events": ingest_events});
        return ctx.out.json(&summary);
    }
    ctx.out
        .rows(&KEY_COLUMNS, keys.iter().map(|k| row_values(k, "api_keys")))?;
    ctx.out.record(&[
        ("machines", Value::Int(machines)),
        ("ingest_events", Value::Int(ingest_events)),
    ])
}
