//! `provctl reset-client`: a beta client back to its initial state — no machines, no ingest events,
//! every key unbound with `last_used_at` NULL (keys keep `is_active`). Plan, typed confirmation, one
//! transaction verified before commit, then the runbook's post-reset check.
//!
//! The runbook's SQL deleted machines directly, which fails on real data: incidents referencing a
//! machine get `machine_id` set NULL by the foreign key, violating `ck_incidents_type_consistency`.
//! The incidents tied to the client's machines (or their metric instances) are deleted first.
//!
//! Here: the plan-first run (a question, or `--dry-run`) and the steps both runs share; `yes`, the run
//! under `--yes`, whose plan is counted in the reset's transaction; `sql`, the statements.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::db::row_values;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::ui::output::{note, warn, Format, Value};
use postgres::types::Type;
use sql::{
    plan_sql, CROSS_EVENTS_SQL, CROSS_SQL, DELETED_SQL, KEYS_SQL, KEY_COLUMNS, LOCK_MACHINES_SQL,
    PLAN_COUNTS, RESET_STATEMENTS, VERIFY_SQL,
};

mod sql;
mod yes;

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

/// The plan's counts, by name, in [`PLAN_COUNTS`]' order.
struct Plan {
    counts: Vec<(&'static str, i64)>,
}

impl Plan {
    /// Counts the plan ([`plan_sql`]) but for the counts named in `skip`.
    fn count<C: postgres::GenericClient>(
        db: &mut crate::db::Session<C>,
        client: &Client,
        skip: &[&str],
    ) -> Result<Plan> {
        let row = db.query_one(&plan_sql(skip), &[(&client.id, Type::TEXT)])?;
        let names = PLAN_COUNTS.iter().map(|(n, _)| *n).filter(|n| !skip.contains(n));
        Ok(Plan {
            counts: names
                .enumerate()
                .map(|(i, n)| Ok((n, row.cell(i, "")?)))
                .collect::<Result<_>>()?,
        })
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

/// What the reset's statements changed (this run's work: a concurrent reset may have done part of
/// it), the samples the machines' cascade deleted (when the server's counts can be used, or counted),
/// and the client's events posted during the reset that the cascade took with the machines.
struct Done {
    rows: [u64; RESET_STATEMENTS.len()],
    samples: Option<i64>,
    late_events: i64,
}

impl Done {
    /// What statement `i` of [`RESET_STATEMENTS`] changed.
    fn row(&self, i: usize) -> i64 {
        i64::try_from(self.rows[i]).unwrap_or(i64::MAX)
    }

    /// The client's ingest events this run deleted: its delete's, and the late ones.
    fn events(&self) -> i64 {
        self.row(1).saturating_add(self.late_events)
    }
}

type Tx<'d> = crate::db::Session<postgres::Transaction<'d>>;
type Client = crate::db::clients::Client;
type Target = crate::ui::confirm::Target;

pub fn run(ctx: &mut Ctx, args: ResetClientArgs) -> Result<()> {
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let target = ctx.target()?;
    if ctx.global.yes && !args.dry_run {
        return yes::run(ctx, &args, &mut db, &client, &target);
    }
    let plan = Plan::count(&mut db, &client, &[])?;
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
    let tracked = cross_check(&mut tx, &client)?;
    starting(&client, args.lock_timeout);
    let done = apply(&mut tx, &client, tracked)?;
    let state = verify(&mut tx, &client)?;
    commit(ctx, tx, &mut log, &url, &client, &done, &plan)?;
    post_check(
        ctx,
        state,
        "as the transaction left them before its commit",
        summary,
    )
}

/// The plan's header: the target, and what the counts below it are.
fn plan_header(target: &Target, client: &Client, what: &str) {
    crate::ui::confirm::plan_header(
        target,
        &format!("reset-client {} ({}): {what}", client.name, client.id),
    );
}

/// Prints the plan's counts and its warning about other clients' keys (after [`plan_header`]);
/// returns the JSON summary that starts the command's output.
fn show_plan(ctx: &mut Ctx, client: &Client, plan: &Plan, dry_run: bool) -> Result<serde_json::Value> {
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

/// Refuses the reset when its deletes would reach other clients' rows ([`CROSS_SQL`]). Returns
/// whether the server's counts of deleted rows can be used: then other clients' events are checked by
/// the machines' delete itself ([`guarded_machines_delete`]).
fn cross_check(tx: &mut Tx<'_>, client: &Client) -> Result<bool> {
    let cross = tx.query_one(CROSS_SQL, &[(&client.id, Type::TEXT)])?;
    let events: Option<i64> = cross.cell(0, "")?;
    let incidents: i64 = cross.cell(1, "")?;
    if events.unwrap_or(0) + incidents > 0 {
        return Err(cross_refusal(events.unwrap_or(0), incidents));
    }
    cross.cell(2, "")
}

fn cross_refusal(events: i64, incidents: i64) -> Error {
    Error::refused(format!(
        "{events} ingest event(s) and {incidents} incident(s) of OTHER clients reference this \
         client's machines: the reset would delete them, so nothing was changed"
    ))
    .with_hint("inspect them (`provctl doctor`, `provctl machines --client …`) and fix the data first")
}

fn starting(client: &Client, lock_timeout: u64) {
    note(&format!(
        "resetting {} in one transaction (lock timeout {} s)…",
        client.name,
        lock_timeout.max(1)
    ));
}

/// Runs [`RESET_STATEMENTS`]; the machines' delete is guarded when the server counts deletes.
fn apply(tx: &mut Tx<'_>, client: &Client, tracked: bool) -> Result<Done> {
    let mut done = Done {
        rows: [0; RESET_STATEMENTS.len()],
        samples: None,
        late_events: 0,
    };
    let last = RESET_STATEMENTS.len() - 1;
    // A delete of many ingest events takes seconds (minutes without the cascade index): a bar on a
    // terminal names the step running.
    let bar = crate::ui::progress::Bar::new(RESET_STATEMENTS.len() as u64, "resetting");
    for (n, sql) in RESET_STATEMENTS[..last].iter().enumerate() {
        bar.set_message(["incidents", "ingest events", "keys unbound"][n]);
        done.rows[n] = tx.execute(sql, &[(&client.id, Type::TEXT)])?;
        bar.inc();
    }
    bar.set_message("machines");
    if tracked {
        let (machines, samples, late) = guarded_machines_delete(tx, client)?;
        (done.rows[last], done.samples, done.late_events) = (machines, Some(samples), late);
    } else {
        done.rows[last] = tx.execute(RESET_STATEMENTS[last], &[(&client.id, Type::TEXT)])?;
    }
    bar.inc();
    Ok(done)
}

/// The machines' delete, between two reads of [`DELETED_SQL`], in a savepoint; returns the machines,
/// the samples and the (late) events it deleted. The client's own events are gone by then, so events
/// the cascade deleted are other clients' — or events the client's agents posted meanwhile: the delete
/// is rolled back to the savepoint, the machines locked against new events ([`LOCK_MACHINES_SQL`]) and
/// other clients' events counted exactly ([`CROSS_EVENTS_SQL`]): refused if any, else the delete runs
/// again and takes the late events with the machines, said on stderr (the samples counted over that
/// run: the server's counts keep what a rolled-back subtransaction deleted).
fn guarded_machines_delete(tx: &mut Tx<'_>, client: &Client) -> Result<(u64, i64, i64)> {
    let delete = RESET_STATEMENTS[RESET_STATEMENTS.len() - 1];
    let params = [(&client.id as &(dyn postgres::types::ToSql + Sync), Type::TEXT)];
    tx.batch("SAVEPOINT provctl_machines")?;
    let deleted = |tx: &mut Tx<'_>| -> Result<(i64, i64)> {
        let row = tx.query_one(DELETED_SQL, &[])?;
        Ok((row.cell(0, "")?, row.cell(1, "")?))
    };
    let before = deleted(tx)?;
    let machines = tx.execute(delete, &params)?;
    let after = deleted(tx)?;
    if after.1 == before.1 {
        return Ok((machines, after.0 - before.0, 0));
    }
    tx.batch("ROLLBACK TO SAVEPOINT provctl_machines")?;
    tx.query(LOCK_MACHINES_SQL, &params)?;
    let others: i64 = tx.query_one(CROSS_EVENTS_SQL, &params)?.cell(0, "")?;
    if others > 0 {
        return Err(cross_refusal(others, 0));
    }
    let before = deleted(tx)?;
    let machines = tx.execute(delete, &params)?;
    let after = deleted(tx)?;
    let late = after.1 - before.1;
    note(&format!(
        "{late} ingest event(s) of {} posted during the reset go with its machines (none of another client)",
        client.name
    ));
    Ok((machines, after.0 - before.0, late))
}

/// Checks the post-state before commit ([`VERIFY_SQL`], [`KEYS_SQL`]): any machine, event or bound
/// key left fails the reset, rolled back.
fn verify(tx: &mut Tx<'_>, client: &Client) -> Result<PostReset> {
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
    Ok(state)
}

/// Commits with its audit line (what this run changed, the samples it deleted when known, and the
/// plan), then says what happened.
fn commit(
    ctx: &Ctx,
    tx: Tx<'_>,
    log: &mut AuditLog,
    url: &crate::db::url::DbUrl,
    client: &Client,
    done: &Done,
    plan: &Plan,
) -> Result<()> {
    let mut counts = serde_json::json!({
        "incidents": done.rows[0],
        "ingest_events": done.events(),
        "keys_unbound": done.rows[2],
        "machines": done.rows[3],
        "planned": plan.json(),
    });
    if let Some(n) = done.samples {
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
    if done.rows.iter().all(|n| *n == 0) {
        note(&format!(
            "{}: nothing left to reset (another run did it meanwhile)",
            client.name
        ));
    } else {
        note(&format!("{} is back to its initial state", client.name));
    }
    Ok(())
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
