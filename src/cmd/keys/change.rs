//! `keys create`, `keys rotate`, `keys unbind`: their plans and reports. The SQL, transactions and
//! verification are `crate::keys`'; generated values go where `keys export` sends them
//! (`export::destination`, `export::commit_with_values`).

use super::export::{commit_with_values, destination, Destination};
use super::{CreateArgs, DeliveryArgs, ExportFormat, RotateArgs, UnbindArgs};
use crate::audit::AuditLog;
use crate::error::Result;
use crate::keys::named::NamedKey;
use crate::keys::Recorder;
use crate::ui::output::{escape, note, Value};

/// The plan of a change that generates values: on stdout as a table (or JSON), unless stdout is where
/// the values go — then on stderr, one line per key, so that the pipe carries the values only.
fn show_plan(
    ctx: &mut super::Ctx,
    dest: &Destination,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<()> {
    match dest {
        Destination::File(_) => ctx.out.rows(columns, rows.into_iter().map(Ok)).map(|_| ()),
        Destination::Stdout => {
            for r in rows {
                let cells: Vec<String> = columns
                    .iter()
                    .zip(&r)
                    .map(|(c, v)| format!("{c}={}", escape(&v.plain())))
                    .collect();
                note(&format!("  {}", cells.join("  ")));
            }
            Ok(())
        }
    }
}

fn dest_of(ctx: &super::Ctx, d: &DeliveryArgs) -> Result<Destination> {
    destination(ctx, d.out.as_deref(), false, d.reveal)
}

/// `--format`, else JSON when stdout carries the values and `-o json` asked for JSON, else lines.
fn format_of(ctx: &super::Ctx, d: &DeliveryArgs, dest: &Destination) -> ExportFormat {
    d.format.unwrap_or(match dest {
        Destination::Stdout if ctx.out.format == crate::ui::output::Format::Json => ExportFormat::Json,
        _ => ExportFormat::Lines,
    })
}

pub(super) fn create(ctx: &mut super::Ctx, args: CreateArgs) -> Result<()> {
    // Where the values go is settled first: with nowhere safe, nothing is asked or changed.
    let mut dest = dest_of(ctx, &args.delivery)?;
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let plan = crate::keys::create::plan(&mut db, &client, args.count, !args.inactive)?;
    refuse_env_names(
        format_of(ctx, &args.delivery, &dest),
        plan.names.iter().map(String::as_str),
    )?;
    let n = &plan.naming;
    note(&format!(
        "keys create for client {} ({}): {} new key(s) {}, values of {} characters",
        client.name,
        client.id,
        plan.names.len(),
        match &n.after {
            Some(after) => format!("after {after}"),
            None => "named as provisioning does (the client has no numbered key)".to_string(),
        },
        n.length
    ));
    let rows = plan
        .names
        .iter()
        .map(|name| {
            vec![
                Value::text(name),
                Value::text(&client.name),
                Value::Bool(plan.active),
                Value::text("create"),
            ]
        })
        .collect();
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!("keys create: {} new key(s) for {}", plan.names.len(), client.name),
    );
    show_plan(ctx, &dest, &["name", "client", "is_active", "action"], rows)?;
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!(
            "Create {} {} key(s) for {}?",
            plan.names.len(),
            if plan.active {
                "active"
            } else {
                "inactive (reserve)"
            },
            client.name
        ),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let prepared = crate::keys::create::prepare(&mut db, &plan, ctx.global.statement_timeout)?;
    let format = format_of(ctx, &args.delivery, &dest);
    let to = commit_with_values(ctx, prepared, &mut dest, format, &mut log, &url, &client.name)?;
    note(&format!(
        "{} key(s) created for {} ({}); their values went to {to}",
        plan.names.len(),
        client.name,
        plan.names.join(", ")
    ));
    Ok(())
}

/// "the agent on web-01 must be given the new value", or why no agent needs it.
fn agent_note(key: &NamedKey) -> String {
    match &key.hostname {
        Some(h) => format!(
            "the agent on {h} (machine {}) uses {}: give it the new value — its ingestions are refused from the commit until then",
            key.machine_id.as_deref().unwrap_or("?"),
            key.name
        ),
        None => format!(
            "{} is not bound to a machine: no agent is known to use it (the next ingestion with the new value binds one)",
            key.name
        ),
    }
}

pub(super) fn rotate(ctx: &mut super::Ctx, args: RotateArgs) -> Result<()> {
    let mut dest = dest_of(ctx, &args.delivery)?;
    let mut db = ctx.connect()?;
    let key = crate::keys::named::find(&mut db, args.client.as_deref(), std::slice::from_ref(&args.name))?
        .remove(0);
    refuse_env_names(format_of(ctx, &args.delivery, &dest), [key.name.as_str()])?;
    note(&format!(
        "keys rotate {} (client {}): a new value of {} characters; the current value stops working at the commit",
        key.name,
        key.client,
        crate::keys::rotate::new_length(&key)
    ));
    let row = vec![
        Value::text(&key.name),
        Value::text(&key.client),
        Value::Bool(key.is_active),
        Value::opt_text(key.hostname.clone()),
        Value::opt_text(key.machine_id.clone()),
        Value::text("new value"),
    ];
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!("keys rotate {} of {}: a new value", key.name, key.client),
    );
    show_plan(
        ctx,
        &dest,
        &["name", "client", "is_active", "hostname", "machine_id", "action"],
        vec![row],
    )?;
    crate::ui::output::warn(&agent_note(&key));
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!(
            "Rotate {} of {}? The current value stops working.",
            key.name, key.client
        ),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let prepared = crate::keys::rotate::prepare(&mut db, &key, ctx.global.statement_timeout)?;
    let format = format_of(ctx, &args.delivery, &dest);
    let to = commit_with_values(ctx, prepared, &mut dest, format, &mut log, &url, &key.client)?;
    note(&format!(
        "{} has a new value (in {to}); the old one no longer works",
        key.name
    ));
    Ok(())
}

pub(super) fn unbind(ctx: &mut super::Ctx, args: UnbindArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let keys = crate::keys::named::find(&mut db, args.client.as_deref(), &args.names)?;
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(&target, &format!("keys unbind: {} key(s)", keys.len()));
    ctx.out.rows(
        &["name", "client", "hostname", "machine_id", "action"],
        keys.iter().map(|k| {
            Ok(vec![
                Value::text(&k.name),
                Value::text(&k.client),
                Value::opt_text(k.hostname.clone()),
                Value::opt_text(k.machine_id.clone()),
                Value::text(if k.machine_id.is_some() {
                    "unbind"
                } else {
                    "already unbound"
                }),
            ])
        }),
    )?;
    for k in keys.iter().filter(|k| k.machine_id.is_none()) {
        note(&format!("{} is not bound to a machine: left as it is", k.name));
    }
    let bound: Vec<&NamedKey> = keys.iter().filter(|k| k.machine_id.is_some()).collect();
    if bound.is_empty() {
        note("nothing to unbind");
        return Ok(());
    }
    for k in &bound {
        note(&format!(
            "{} leaves {} ({}): the next ingestion with it binds the machine that sends it",
            k.name,
            k.hostname.as_deref().unwrap_or("?"),
            k.machine_id.as_deref().unwrap_or("?")
        ));
    }
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!("Unbind {} key(s)?", bound.len()),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let n = crate::keys::unbind::apply(
        &mut db,
        &bound,
        Recorder {
            log: &mut log,
            env: &ctx.env,
            statement_timeout: ctx.global.statement_timeout,
        },
    )?;
    note(&format!("{n} key(s) unbound"));
    Ok(())
}

/// `--format env` writes `API_KEY_VALUE__<name>=…`: a name that cannot be part of a variable name
/// (`web key 1`) is refused before anything is asked or changed — found after the commit, it would
/// leave a committed value that reached nobody.
fn refuse_env_names<'a>(format: ExportFormat, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
    if format != ExportFormat::Env {
        return Ok(());
    }
    let bad: Vec<String> = names
        .into_iter()
        .filter(|n| !crate::secrets::file::is_key_name(n))
        .map(|n| format!("`{}`", escape(n)))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(crate::error::Error::usage(format!(
        "key name(s) {} cannot be part of a variable name in an env file (letters, digits, `-`, `_`, `.`): nothing changed",
        bad.join(", ")
    ))
    .with_hint("deliver them with --format lines or --format json"))
}
