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

/// The rows the reset removes or changes: the plan's counts, by name (spec.md's order), each an
/// expression over [`PLAN_CTES`].
///
/// Cheap on purpose (issue 18): the CTEs are `NOT MATERIALIZED` (each is read several times, and
/// materialised they cost half the plan's time: 340 → 160 ms on the benchmark's client), and the
/// events counted are the client's own, an index-only count. The events of OTHER clients that reference
/// this client's machines would go too, but then the reset is refused ([`CROSS_SQL`], in the
/// transaction): counting them here scanned the whole table, every client's events, on every plan.
/// `notification_log_unlinked` counts each row once whose incident or alert goes (both foreign keys set
/// NULL).
const PLAN_COUNTS: [(&str, &str); 11] = [
    (
        "ingest_events",
        "(SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid)",
    ),
    ("machines", "(SELECT count(*) FROM m)"),
    ("metric_instances", "(SELECT count(*) FROM mi)"),
    (
        "samples",
        "(SELECT count(*) FROM samples WHERE metric_instance_id IN (SELECT id FROM mi))",
    ),
    ("thresholds", "(SELECT count(*) FROM th)"),
    ("alerts", "(SELECT count(*) FROM al)"),
    ("incidents", "(SELECT count(*) FROM inc)"),
    (
        "notification_log_unlinked",
        "(SELECT count(*) FROM notification_log \
           WHERE incident_id IN (SELECT id FROM inc) OR alert_id IN (SELECT id FROM al))",
    ),
    (
        "outbox_events_unlinked",
        "(SELECT count(*) FROM outbox_events WHERE incident_id IN (SELECT id FROM inc))",
    ),
    (
        "keys_to_unbind",
        "(SELECT count(*) FROM api_keys WHERE client_id = $1::uuid \
           AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL))",
    ),
    (
        "other_clients_keys_unbound",
        "(SELECT count(*) FROM api_keys WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m))",
    ),
];

/// The client's machines and what hangs off them, for [`PLAN_COUNTS`].
const PLAN_CTES: &str = "\
WITH m AS NOT MATERIALIZED (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS NOT MATERIALIZED (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m)),
     th AS NOT MATERIALIZED (SELECT id FROM thresholds WHERE metric_instance_id IN (SELECT id FROM mi)),
     al AS NOT MATERIALIZED (SELECT id FROM alerts
             WHERE machine_id IN (SELECT id FROM m) OR threshold_id IN (SELECT id FROM th)),
     inc AS NOT MATERIALIZED (SELECT id FROM incidents
             WHERE machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi))
";

/// The counts a reset under `--yes` takes from its own work instead (see [`yes::run`]): the client's
/// events are what its `DELETE` removes, the samples what the transaction's statistics say the machines'
/// cascade deleted. Counting them was ~80 % of the plan's time (the samples alone: 30,000 index probes
/// for 600,000 rows on the benchmark's client).
const COUNTED_BY_THE_RESET: [&str; 2] = ["ingest_events", "samples"];

/// The plan's statement: every count, or (`in_reset`) those the reset's work does not give.
fn plan_sql(in_reset: bool) -> String {
    let exprs: Vec<String> = PLAN_COUNTS
        .iter()
        .filter(|(name, _)| !(in_reset && COUNTED_BY_THE_RESET.contains(name)))
        .map(|(name, expr)| format!("{expr} AS {name}"))
        .collect();
    format!("{PLAN_CTES}SELECT {}", exprs.join(",\n  "))
}

/// The rows of `samples` this transaction has deleted so far, cascades included: PostgreSQL counts
/// them per backend and transaction (`pg_stat_xact_user_tables`). Read before and after the reset's
/// statements, the difference is exactly the samples the reset deletes — what the plan's count would
/// have found, with no scan — when `track_counts` is on (the default; autovacuum needs it). With it off,
/// the counter stays at 0 and the samples are counted instead.
macro_rules! samples_deleted {
    () => {
        "pg_stat_get_xact_tuples_deleted('samples'::regclass)"
    };
}

/// Rows of OTHER clients that the reset's deletes would reach: their ingest events or incidents that
/// reference this client's machines (anomalies, but the cascade would take them). Checked inside the
/// transaction before deleting; other clients' rows are otherwise untouched by construction, since every
/// statement is filtered on this client. (Counting all other clients' rows before and after would fail
/// on a live platform, where their agents keep ingesting.) The last two columns start the count of
/// `samples_deleted!`: whether the server counts rows at all (`track_counts`), and where it stands.
const CROSS_SQL: &str = concat!(
    "\
WITH m AS (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m))
SELECT (SELECT count(*) FROM ingest_events WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m)),
       (SELECT count(*) FROM incidents WHERE client_id <> $1::uuid
          AND (machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi))),
       current_setting('track_counts')::bool, ",
    samples_deleted!()
);

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
/// machines and events (nothing), and the samples deleted so far (`samples_deleted!`). Its keys are
/// read by [`KEYS_SQL`] in the same transaction and checked row by row, and both results are what the
/// post-reset check prints: the state this transaction committed, without counting it all again after
/// the commit (issue 18: the recount and the second scan of `api_keys`, which has no `client_id` index,
/// were ~50 ms of a reset's fixed cost).
const VERIFY_SQL: &str = concat!(
    "\
SELECT (SELECT count(*) FROM machines WHERE client_id = $1::uuid),
       (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid), ",
    samples_deleted!()
);

/// The client's keys, as the post-reset check shows them.
const KEYS_SQL: &str = "SELECT name, is_active, machine_id::text AS machine_id, last_used_at FROM api_keys \
                        WHERE client_id = $1::uuid ORDER BY name, id";

/// The columns of [`KEYS_SQL`], in its order.
const KEY_COLUMNS: [&str; 4] = ["name", "is_active", "machine_id", "last_used_at"];

/// The plan's counts, by name, in [`PLAN_COUNTS`]' order.
struct Plan {
    counts: Vec<(&'static str, i64)>,
}

impl Plan {
    /// The counts of a row of [`plan_sql`], named as its columns.
    fn read(
        row: &postgres::Row,
        names: impl Iterator<Item = &'static str>,
    ) -> Result<Vec<(&'static str, i64)>> {
        names
            .enumerate()
            .map(|(i, n)| Ok((n, row.cell(i, "")?)))
            .collect()
    }

    fn get(&self, name: &str) -> i64 {
        self.counts
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, c)| *c)
    }

    fn is_empty(&self) -> bool {
        self.counts.iter().all(|(_, c)| *c == 0)
    }

    fn json(&self) -> serde_json::Value {
        let map: serde_json::Map<String, serde_json::Value> = self
            .counts
            .iter()
            .map(|(n, c)| ((*n).to_string(), serde_json::json!(c)))
            .collect();
        serde_json::Value::Object(map)
    }
}

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

type Tx<'d> = crate::db::Session<postgres::Transaction<'d>>;

pub fn run(ctx: &mut Ctx, args: ResetClientArgs) -> Result<()> {
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let target = ctx.target()?;
    if ctx.global.yes && !args.dry_run {
        return yes::run(ctx, &args, &mut db, &client, &target);
    }
    let row = db.query_one(&plan_sql(false), &[(&client.id, Type::TEXT)])?;
    let plan = Plan {
        counts: Plan::read(&row, PLAN_COUNTS.iter().map(|(n, _)| *n))?,
    };
    let missing = crate::db::schema::missing_cascade_indexes(&mut db)?;
    plan_header(&target, &client, "what will go");
    let summary = show_plan(ctx, &client, &plan, args.dry_run)?;
    warn_missing_index(&missing, plan.get("machines"));
    if args.dry_run {
        note("dry run: nothing changed");
        if ctx.out.format == Format::Json {
            ctx.out.json(&summary)?;
        }
        return Ok(());
    }
    if plan.is_empty() {
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
    let counter = cross_check(&mut tx, &client)?;
    starting(&client, args.lock_timeout);
    let done = apply(&mut tx, &client)?;
    let (state, samples) = verify(&mut tx, &client, counter)?;
    commit(ctx, tx, &mut log, &url, &client, &done, samples, &plan)?;
    post_check(
        ctx,
        state,
        "as the transaction left them before its commit",
        summary,
    )
}

/// The plan's header: the target, and what the counts below it are.
fn plan_header(target: &crate::ui::confirm::Target, client: &crate::db::clients::Client, what: &str) {
    crate::ui::confirm::plan_header(
        target,
        &format!("reset-client {} ({}): {what}", client.name, client.id),
    );
}

/// Prints the plan's counts and its warning about other clients' keys (after [`plan_header`]);
/// returns the JSON summary that starts the command's output.
fn show_plan(
    ctx: &mut Ctx,
    client: &crate::db::clients::Client,
    plan: &Plan,
    dry_run: bool,
) -> Result<serde_json::Value> {
    super::show_plan(ctx, plan.counts.iter().copied())?;
    let other_keys = plan.get("other_clients_keys_unbound");
    if other_keys > 0 {
        warn(&format!(
            "{other_keys} key(s) of OTHER clients are bound to this client's machines and will be unbound too"
        ));
    }
    Ok(serde_json::json!({
        "client": client.name,
        "client_id": client.id,
        "dry_run": dry_run,
        "plan": plan.json(),
    }))
}

/// Warns, before the machines are deleted, that their cascade scans `ingest_events` once per machine.
fn warn_missing_index(missing: &[(String, String)], machines: i64) {
    if machines > 0
        && missing
            .iter()
            .any(|(t, c)| t == "ingest_events" && c == "machine_id")
    {
        warn(&format!(
            "ingest_events.machine_id has no index: deleting {machines} machine(s) scans ingest_events once per machine \
             (slow on large tables; `provctl doctor` shows the index a platform migration should add)"
        ));
    }
}

/// Where the transaction's count of deleted samples started (`samples_deleted!`); `None` when the
/// server does not count (`track_counts` off).
type SamplesCounter = Option<i64>;

/// Refuses the reset when its deletes would reach other clients' rows ([`CROSS_SQL`]).
fn cross_check(tx: &mut Tx<'_>, client: &crate::db::clients::Client) -> Result<SamplesCounter> {
    let cross = tx.query_one(CROSS_SQL, &[(&client.id, Type::TEXT)])?;
    let (cross_events, cross_incidents): (i64, i64) = (cross.cell(0, "")?, cross.cell(1, "")?);
    if cross_events + cross_incidents > 0 {
        return Err(Error::refused(format!(
            "{cross_events} ingest event(s) and {cross_incidents} incident(s) of OTHER clients reference this \
             client's machines: the reset would delete them, so nothing was changed"
        ))
        .with_hint("inspect them (`provctl doctor`, `provctl machines --client …`) and fix the data first"));
    }
    let tracked: bool = cross.cell(2, "")?;
    Ok(if tracked { Some(cross.cell(3, "")?) } else { None })
}

fn starting(client: &crate::db::clients::Client, lock_timeout: u64) {
    note(&format!(
        "resetting {} in one transaction (lock timeout {} s)…",
        client.name,
        lock_timeout.max(1)
    ));
}

/// Runs [`RESET_STATEMENTS`]; returns what each changed (this run's work: a concurrent reset may have
/// done part of it).
fn apply(tx: &mut Tx<'_>, client: &crate::db::clients::Client) -> Result<[u64; RESET_STATEMENTS.len()]> {
    let mut done = [0u64; RESET_STATEMENTS.len()];
    // A delete of many ingest events takes seconds (minutes without the cascade index): a bar on a
    // terminal names the step running.
    let bar = crate::ui::progress::Bar::new(RESET_STATEMENTS.len() as u64, "resetting");
    for (n, sql) in RESET_STATEMENTS.iter().enumerate() {
        bar.set_message(["incidents", "ingest events", "keys unbound", "machines"][n]);
        done[n] = tx.execute(sql, &[(&client.id, Type::TEXT)])?;
        bar.inc();
    }
    Ok(done)
}

/// Checks the post-state before commit ([`VERIFY_SQL`], [`KEYS_SQL`]): any machine, event or bound
/// key left fails the reset, rolled back. Also returns the samples the transaction deleted, when counted.
fn verify(
    tx: &mut Tx<'_>,
    client: &crate::db::clients::Client,
    counter: SamplesCounter,
) -> Result<(PostReset, Option<i64>)> {
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
    let samples: i64 = after.cell(2, "")?;
    Ok((state, counter.map(|before| samples - before)))
}

/// Commits with its audit line (what this run changed, and the plan), then says what happened.
#[allow(clippy::too_many_arguments)]
fn commit(
    ctx: &Ctx,
    tx: Tx<'_>,
    log: &mut AuditLog,
    url: &crate::db::url::DbUrl,
    client: &crate::db::clients::Client,
    done: &[u64; RESET_STATEMENTS.len()],
    samples: Option<i64>,
    plan: &Plan,
) -> Result<()> {
    let mut counts = serde_json::json!({
        "incidents": done[0],
        "ingest_events": done[1],
        "keys_unbound": done[2],
        "machines": done[3],
        "planned": plan.json(),
    });
    if let Some(n) = samples {
        counts["samples"] = serde_json::json!(n);
    }
    crate::audit::commit_recorded(
        tx,
        log,
        &ctx.env,
        url,
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
    Ok(())
}

/// `reset-client --yes`: no question to wait on, so the plan is counted inside the reset's own
/// transaction and shown before its commit — the rows that go, exactly, with no time between the count
/// and the change. The counts of [`COUNTED_BY_THE_RESET`] come from the work itself (issue 18: they were
/// ~80 % of a reset's fixed cost); a failure before the plan shows leaves the error alone, nothing
/// changed.
mod yes {
    use super::*;

    pub(super) fn run(
        ctx: &mut Ctx,
        args: &ResetClientArgs,
        db: &mut crate::db::Db,
        client: &crate::db::clients::Client,
        target: &crate::ui::confirm::Target,
    ) -> Result<()> {
        plan_header(
            target,
            client,
            "what will go (counted in the reset's transaction, shown before its commit)",
        );
        let missing = crate::db::schema::missing_cascade_indexes(db)?;
        let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
        let url = db.url().clone();
        let mut tx = ctx.change_transaction(db, args.lock_timeout)?;
        let counter = cross_check(&mut tx, client)?;
        let row = tx.query_one(&plan_sql(true), &[(&client.id, Type::TEXT)])?;
        let rest = Plan::read(
            &row,
            PLAN_COUNTS
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !COUNTED_BY_THE_RESET.contains(n)),
        )?;
        // Without the server's count, the samples are counted before the machines' cascade deletes them.
        let samples_counted = match counter {
            Some(_) => None,
            None => {
                let sql = format!(
                    "{PLAN_CTES}SELECT {}",
                    PLAN_COUNTS
                        .iter()
                        .find(|(n, _)| *n == "samples")
                        .map_or("0", |(_, e)| e)
                );
                let row = tx.query_one(&sql, &[(&client.id, Type::TEXT)])?;
                Some(row.cell::<i64>(0, "")?)
            }
        };
        let machines = rest.iter().find(|(n, _)| *n == "machines").map_or(0, |(_, c)| *c);
        starting(client, args.lock_timeout);
        warn_missing_index(&missing, machines);
        let done = apply(&mut tx, client)?;
        let (state, samples) = verify(&mut tx, client, counter)?;
        let events = i64::try_from(done[1]).unwrap_or(i64::MAX);
        let samples_n = samples.or(samples_counted).unwrap_or(0);
        let plan = Plan {
            counts: PLAN_COUNTS
                .iter()
                .map(|(n, _)| match *n {
                    "ingest_events" => (*n, events),
                    "samples" => (*n, samples_n),
                    _ => (*n, rest.iter().find(|(r, _)| r == n).map_or(0, |(_, c)| *c)),
                })
                .collect(),
        };
        let summary = show_plan(ctx, client, &plan, false)?;
        if plan.is_empty() && done.iter().all(|n| *n == 0) {
            drop(tx);
            note("already in its initial state: nothing to reset");
            return post_check(ctx, state, "as they are: nothing changed", summary);
        }
        commit(ctx, tx, &mut log, &url, client, &done, Some(samples_n), &plan)?;
        post_check(
            ctx,
            state,
            "as the transaction left them before its commit",
            summary,
        )
    }
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
