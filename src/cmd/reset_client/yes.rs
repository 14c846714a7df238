//! `reset-client --yes`: no question to wait on, so the plan is counted inside the reset's own
//! transaction and shown before its commit. The client's events (its `DELETE`'s count) and the samples
//! (what the server counts the machines' cascade deleted) come from the work itself (issue 18: they
//! were ~80 % of a reset's fixed cost: the samples alone are one index probe per metric instance), and
//! so do the machines, incidents and keys (each statement's row count): those are what the commit
//! changes. The others (metric instances, thresholds, alerts, the rows unlinked)
//! are counted in the transaction just before the deletes. An error before the counts show (a lock
//! timeout, other clients' rows in the way) leaves the error alone, nothing changed.

use super::sql::PLAN_COUNTS;
use super::{
    apply, commit, cross_check, plan_header, post_check, show_plan, starting, verify, warn_missing_index,
    Client, Plan, ResetClientArgs, Target,
};
use crate::audit::AuditLog;
use crate::cmd::Ctx;
use crate::error::Result;
use crate::ui::output::note;

pub(super) fn run(
    ctx: &mut Ctx,
    args: &ResetClientArgs,
    db: &mut crate::db::Db,
    client: &Client,
    target: &Target,
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
    let tracked = cross_check(&mut tx, client)?;
    // The client's events are what its delete removes; the samples, what the server counts the
    // cascade deleted — counted here, before the deletes, when the server's counts cannot be used.
    let skip: &[&str] = if tracked {
        &["ingest_events", "samples"]
    } else {
        &["ingest_events"]
    };
    let before = Plan::count(&mut tx, client, skip)?;
    starting(client, args.lock_timeout);
    warn_missing_index(&missing, before.get("machines"));
    let mut done = apply(&mut tx, client, tracked)?;
    let state = verify(&mut tx, client)?;
    if !tracked {
        done.samples = Some(before.get("samples"));
    }
    let plan = Plan {
        counts: PLAN_COUNTS
            .iter()
            .map(|(n, _)| match *n {
                "ingest_events" => (*n, done.events()),
                "samples" => (*n, done.samples.unwrap_or(0)),
                // What the statements themselves changed: exact whatever happened since the count.
                "incidents" => (*n, done.row(0)),
                "keys_to_unbind" => (*n, done.row(2)),
                "machines" => (*n, done.row(3)),
                _ => (*n, before.get(n)),
            })
            .collect(),
    };
    let summary = show_plan(ctx, client, &plan, false)?;
    if plan.is_empty() && done.rows.iter().all(|n| *n == 0) {
        drop(tx);
        note("already in its initial state: nothing to reset");
        return post_check(ctx, state, "as they are: nothing changed", summary);
    }
    commit(ctx, tx, &mut log, &url, client, &done, &plan)?;
    post_check(
        ctx,
        state,
        "as the transaction left them before its commit",
        summary,
    )
}
