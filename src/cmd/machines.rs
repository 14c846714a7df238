//! `provctl machines`: registered machines (proof of ingestion) — one client's, across clients with
//! the client's name, or only those whose agent stopped reporting (`--stale`) — and `machines delete`,
//! one machine the way `reset-client` deletes all of them (plan, typed hostname, verified). The SQL is
//! `crate::machines`'.

use super::Ctx;
use crate::error::Result;
use crate::machines::list::{parse_stale, COLUMNS};
use crate::ui::output::{note, warn, Format, Value};
use postgres::types::Type;
use std::time::Duration;

/// Flags of `provctl machines`.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  provctl machines --client Acme\n  provctl machines --client 0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b -o csv\n  provctl machines --stale 2h      # agents silent for 2 hours, every client\n  provctl machines delete --client Acme --hostname test-01\n\nWithout --client, every client's machines, with a client column. --stale counts\na machine that never reported from its registration, and lists the longest\nsilent first."
)]
pub struct MachinesArgs {
    #[command(subcommand)]
    pub command: Option<MachinesCommand>,
    /// Only this client's machines (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only machines whose last_seen is older than this (30m, 2h, 7d, 1h 30m…).
    #[arg(long, value_name = "DURATION", value_parser = parse_stale)]
    pub stale: Option<Duration>,
}

#[derive(Debug, clap::Subcommand)]
pub enum MachinesCommand {
    /// Delete one machine of a client, with its incidents, events and metrics (typed hostname).
    #[command(after_help = "\
Examples:
  provctl machines delete --client Acme --hostname test-01   # type the hostname
  provctl machines delete --client Acme \\
      --id 6f1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e --yes

The keys bound to it are unbound (the next ingestion binds anew); the client's
other machines, keys, settings and HTTP targets stay.")]
    Delete(DeleteArgs),
}

/// Flags of `provctl machines delete`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["hostname", "id"])))]
pub struct DeleteArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// The machine's hostname (exact).
    #[arg(long, value_name = "HOSTNAME")]
    pub hostname: Option<String>,
    /// The machine's id.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Whether the command changes data (see `cmd::changes_data`).
pub fn changes_data(args: &MachinesArgs) -> bool {
    matches!(&args.command, Some(MachinesCommand::Delete(d)) if !d.dry_run)
}

pub fn run(ctx: &mut Ctx, args: MachinesArgs) -> Result<()> {
    if let Some(MachinesCommand::Delete(d)) = args.command {
        return delete(ctx, d);
    }
    let mut db = ctx.connect()?;
    // The client's id and name close each row when the machines may be several clients' (the table
    // shows the name only).
    let shown = match (&args.client, ctx.out.format) {
        (Some(_), _) => 6,
        (None, Format::Table) => 7,
        (None, _) => 8,
    };
    let mut pick: Vec<usize> = (0..6).collect();
    let mut columns: Vec<&str> = COLUMNS[..6].to_vec();
    match shown {
        7 => {
            pick.push(7);
            columns.push("client");
        }
        8 => {
            pick.extend([6, 7]);
            columns.extend(&COLUMNS[6..]);
        }
        _ => {}
    }
    let stale = args.stale.map(|d| d.as_secs_f64());
    let out = &mut ctx.out;
    let sql = |cond: &str| crate::machines::list::sql(cond, stale.is_some());
    crate::db::clients::listing(
        &mut db,
        args.client.as_deref(),
        "m.client_id",
        &sql,
        &[(&stale, Type::FLOAT8)],
        &mut |rows| {
            out.rows(
                &columns,
                rows.map(|r| r.and_then(|row| super::keys::picked(&row, "machines", &pick))),
            )
        },
    )?;
    Ok(())
}

fn delete(ctx: &mut Ctx, args: DeleteArgs) -> Result<()> {
    use crate::machines::delete;
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let machine = delete::find(&mut db, &client, args.hostname.as_deref(), args.id.as_deref())?;
    let plan = delete::plan(&mut db, &client, &machine)?;
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!(
            "machines delete {} ({}) of client {}: what goes with it (last seen {})",
            machine.hostname,
            machine.id,
            client.name,
            machine.last_seen.map_or("never".to_string(), |t| t.to_string())
        ),
    );
    let json = ctx.out.format == Format::Json;
    if json {
        for (n, c) in &plan {
            note(&format!("  {n}: {c}"));
        }
    } else {
        let fields: Vec<(&str, Value)> = std::iter::once(("machines", Value::Int(1)))
            .chain(plan.iter().map(|(n, c)| (n.as_str(), Value::Int(*c))))
            .collect();
        ctx.out.record(&fields)?;
    }
    let planned_count = |name: &str| plan.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c);
    let keys = planned_count("keys_to_unbind");
    if keys > 0 {
        note(&format!(
            "{keys} key(s) bound to {} will be unbound: the next ingestion with each binds the machine that sends it",
            machine.hostname
        ));
    }
    let other_keys = planned_count("other_clients_keys_unbound");
    if other_keys > 0 {
        warn(&format!(
            "{other_keys} key(s) of OTHER clients are bound to {} and will be unbound too",
            machine.hostname
        ));
    }
    let planned: serde_json::Map<String, serde_json::Value> = plan
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!(v)))
        .collect();
    let mut summary = serde_json::json!({
        "client": client.name,
        "client_id": client.id,
        "machine": {"id": machine.id, "hostname": machine.hostname, "fingerprint": machine.fingerprint},
        "dry_run": args.dry_run,
        "plan": planned,
    });
    if args.dry_run {
        note("dry run: nothing changed");
        return if json { ctx.out.json(&summary) } else { Ok(()) };
    }
    crate::ui::confirm::confirm_typed(
        &target,
        ctx.global.yes,
        &format!(
            "This deletes the machine and the rows above. Type its hostname ({}) to confirm",
            machine.hostname
        ),
        &machine.hostname,
    )?;
    let mut log = crate::audit::AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let done = delete::apply(
        &mut db,
        &client,
        &machine,
        &plan,
        &mut log,
        &ctx.env,
        ctx.global.statement_timeout,
    )?;
    let others = match done.other_clients_keys_unbound {
        0 => String::new(),
        n => format!(", {n} key(s) of OTHER clients unbound"),
    };
    note(&format!(
        "machine {} deleted ({} incident(s), {} ingest event(s), {} key(s) unbound{others}); the client's other machines stay",
        machine.hostname, done.incidents, done.ingest_events, done.keys_unbound
    ));
    if json {
        summary["deleted"] = serde_json::json!({
            "machines": 1,
            "incidents": done.incidents,
            "ingest_events": done.ingest_events,
            "keys_unbound": done.keys_unbound,
            "other_clients_keys_unbound": done.other_clients_keys_unbound,
        });
        ctx.out.json(&summary)?;
    }
    Ok(())
}
