//! `provctl clients list|show|delete`: the flags and the presentation. The SQL, the plan and the
//! offboarding transaction live in the `clients` domain module.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::clients::files::Found;
use crate::clients::{delete, list, show};
use crate::db::row_values;
use crate::error::Result;
use crate::ui::output::{note, object, warn, Format, Value};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ClientsCommand {
    /// List clients: id, name, email, created_at, users, keys_active, keys_total, machines, last_ingest.
    ///
    /// One statement whatever the number of clients (each table aggregated once). `last_ingest` is the
    /// latest `last_seen` of the client's machines, which the platform stamps at each ingestion.
    #[command(
        after_help = "Examples:\n  provctl clients list\n  provctl clients list --name-like acme -o csv"
    )]
    List(ListArgs),
    /// One client's whole picture: admins (hash status), keys (bound hostname), machines, settings,
    /// HTTP targets, incidents, secrets files.
    ///
    /// Keys and machines are shown up to 100 each, with their totals (`keys list`, `machines` give all).
    /// Secrets files are searched where `secrets list` searches by default (provisioning/ and the
    /// current directory, not recursively): a file is the client's when its ADMIN_EMAIL is one of the
    /// client's users or it holds the value of one of the client's keys. Never shows a secret.
    #[command(
        after_help = "Examples:\n  provctl clients show Acme\n  provctl clients show 0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b -o json"
    )]
    Show(ShowArgs),
    /// Offboard a client: delete every row of it (plan with every count, typed name, one transaction).
    ///
    /// The plan counts every row that goes: users, api_keys, machines, ingest_events, metric_instances,
    /// samples, thresholds, alerts, incidents, notification_log, outbox_events, client_settings,
    /// http_targets, client_incident_counter and the client. The deletes run in one transaction (lock
    /// and statement timeouts), incidents before machines, and are verified before commit: no row of the
    /// client left anywhere. Refused (exit 3) when other clients' rows reference this client's. With
    /// APP_ENV/ENV production, ALLOW_PROD_DELETE must be truthy (exit 3 otherwise). Recorded in the audit
    /// log; afterwards, prints the client's secrets files and the `provctl secrets shred` command.
    #[command(after_help = "\
Examples:
  provctl clients delete Acme --dry-run
  provctl clients delete Acme            # asks you to type the client's name
  APP_ENV=production ALLOW_PROD_DELETE=true \\
      provctl clients delete 0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b --yes")]
    Delete(DeleteArgs),
}

/// Flags of `provctl clients list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only clients whose name contains this text (any case; `%` and `_` are not wildcards).
    #[arg(long, value_name = "TEXT")]
    pub name_like: Option<String>,
}

/// Flags of `provctl clients show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The client (id or exact name).
    #[arg(value_name = "CLIENT")]
    pub client: String,
}

/// Flags of `provctl clients delete`.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    /// The client (id or exact name).
    #[arg(value_name = "CLIENT")]
    pub client: String,
    /// Print the plan and change nothing (no production guard needed).
    #[arg(long)]
    pub dry_run: bool,
    /// Give up waiting for a lock after this many seconds (nothing changed).
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = crate::cli::seconds())]
    pub lock_timeout: u64,
}

pub fn run(ctx: &mut Ctx, cmd: ClientsCommand) -> Result<()> {
    match cmd {
        ClientsCommand::List(a) => run_list(ctx, a),
        ClientsCommand::Show(a) => run_show(ctx, a),
        ClientsCommand::Delete(a) => run_delete(ctx, a),
    }
}

fn run_list(ctx: &mut Ctx, args: ListArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let rows = list::list(&mut db, args.name_like.as_deref())?;
    ctx.out.rows(
        &list::COLUMNS,
        rows.map(|r| r.and_then(|row| row_values(&row, "clients"))),
    )?;
    Ok(())
}

/// Where the secrets files were searched, for eyes: `provisioning/, .`.
fn searched(found: &Found) -> String {
    found
        .searched
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn run_show(ctx: &mut Ctx, args: ShowArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let pic = show::picture(&mut db, &client)?;
    for s in pic.sections.iter().filter(|s| (s.rows.len() as i64) < s.total) {
        let all = match s.name {
            "keys" => "keys list --client",
            _ => "machines --client",
        };
        note(&format!(
            "{}: {} of {} shown; `provctl {all} {}` lists them all",
            s.name,
            s.rows.len(),
            s.total,
            client.id
        ));
    }
    let files: Vec<Vec<Value>> = pic
        .files
        .files
        .iter()
        .map(|f| {
            vec![
                Value::text(f.path.display().to_string()),
                Value::text(f.matched.clone()),
                Value::text(super::secrets::names_cell(&f.secrets)),
            ]
        })
        .collect();
    const FILE_COLUMNS: [&str; 3] = ["path", "matched", "secrets"];
    if ctx.out.format == Format::Json {
        let (cols, vals): (Vec<&str>, Vec<Value>) = pic.client.iter().cloned().unzip();
        let mut doc = match object(&cols, &vals) {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        for s in &pic.sections {
            let rows: Vec<serde_json::Value> = s.rows.iter().map(|r| object(s.columns, r)).collect();
            doc.insert(s.name.to_string(), rows.into());
            doc.insert(format!("{}_total", s.name), s.total.into());
        }
        doc.insert(
            "settings".into(),
            pic.settings.as_ref().map_or(serde_json::Value::Null, |f| {
                let cols: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
                let vals: Vec<Value> = f.iter().map(|(_, v)| v.clone()).collect();
                object(&cols, &vals)
            }),
        );
        doc.insert("incidents_open".into(), pic.incidents.0.into());
        doc.insert("incidents_total".into(), pic.incidents.1.into());
        let files: Vec<serde_json::Value> = pic
            .files
            .files
            .iter()
            .map(|f| serde_json::json!({"path": f.path.display().to_string(), "matched": f.matched, "secrets": f.secrets}))
            .collect();
        doc.insert("secrets_files".into(), files.into());
        let dirs: Vec<String> = pic
            .files
            .searched
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        doc.insert("secrets_files_searched".into(), dirs.into());
        return ctx.out.json(&serde_json::Value::Object(doc));
    }
    ctx.out.line(&format!("client {} ({})", client.name, client.id))?;
    ctx.out.record(&pic.client)?;
    for s in &pic.sections {
        let shown = s.rows.len() as i64;
        let count = if shown < s.total {
            format!("{shown} of {}", s.total)
        } else {
            s.total.to_string()
        };
        ctx.out.line(&format!("\n{} ({count})", s.name))?;
        ctx.out.rows(s.columns, s.rows.iter().cloned().map(Ok))?;
    }
    ctx.out.line("\nsettings")?;
    match &pic.settings {
        Some(f) => {
            let fields: Vec<(&str, Value)> = f.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            ctx.out.record(&fields)?;
        }
        None => ctx.out.line("(none)")?,
    }
    ctx.out.line(&format!(
        "\nincidents: {} open, {} in all",
        pic.incidents.0, pic.incidents.1
    ))?;
    ctx.out.line(&format!(
        "\nsecrets files (searched {}, not recursively)",
        searched(&pic.files)
    ))?;
    ctx.out.rows(&FILE_COLUMNS, files.into_iter().map(Ok))?;
    for p in &pic.files.unreadable {
        warn(&format!(
            "{}: a secrets file that could not be read (not attributed to any client)",
            p.display()
        ));
    }
    Ok(())
}

/// A path as a shell word (quoted when it needs to be).
fn shell_word(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._/-+,:@%".contains(&b))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn run_delete(ctx: &mut Ctx, args: DeleteArgs) -> Result<()> {
    if !args.dry_run {
        ctx.env.production_guard(
            "ALLOW_PROD_DELETE",
            "delete a client from production deliberately",
        )?;
    }
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let plan = delete::plan(&mut db, &client.id)?;
    // Found now: once the client is gone, nothing says which files were its.
    let files = crate::clients::files::find(&mut db, &client.id)?;
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!(
            "clients delete {} ({}): every row that goes",
            client.name, client.id
        ),
    );
    let json = ctx.out.format == Format::Json;
    super::show_plan(ctx, plan.counts.iter().copied())?;
    if plan.other_clients_keys_unbound > 0 {
        warn(&format!(
            "{} key(s) of OTHER clients are bound to this client's machines and will be unbound",
            plan.other_clients_keys_unbound
        ));
    }
    let file_list: Vec<String> = files.files.iter().map(|f| f.path.display().to_string()).collect();
    let shred = (!files.files.is_empty()).then(|| {
        let words: Vec<String> = files.files.iter().map(|f| shell_word(&f.path)).collect();
        format!("provctl secrets shred {}", words.join(" "))
    });
    let mut summary = serde_json::json!({
        "client": client.name,
        "client_id": client.id,
        "dry_run": args.dry_run,
        "plan": delete::counts_json(&plan.counts),
        "other_clients_keys_unbound": plan.other_clients_keys_unbound,
        "secrets_files": file_list,
        "secrets_files_searched": files.searched.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
        "shred_command": shred,
    });
    if args.dry_run {
        note("dry run: nothing changed");
        offer_shred(&files, shred.as_deref());
        if json {
            ctx.out.json(&summary)?;
        }
        return Ok(());
    }
    crate::ui::confirm::confirm_typed(
        &target,
        ctx.global.yes,
        &format!(
            "This deletes the client and every row above, for good. Type the client's name ({}) to confirm",
            client.name
        ),
        &client.name,
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let mut tx = ctx.change_transaction(&mut db, args.lock_timeout)?;
    note(&format!(
        "deleting {} in one transaction (lock timeout {} s)…",
        client.name,
        args.lock_timeout.max(1)
    ));
    let done = delete::delete(&mut tx, &client.id)?;
    let deleted = delete::counts_json(&done);
    crate::audit::commit_recorded(
        tx,
        &mut log,
        &ctx.env,
        &url,
        Entry {
            client: Some(&client.name),
            counts: serde_json::json!({
                "client_id": client.id,
                "deleted": deleted.clone(),
                "planned": delete::counts_json(&plan.counts),
            }),
            outcome: "ok",
        },
    )?;
    let rows: i64 = done.iter().map(|(_, n)| n).sum();
    note(&format!(
        "{} deleted ({rows} row(s) in {} table(s)); recorded in {}",
        client.name,
        done.iter().filter(|(_, n)| *n > 0).count(),
        log.path_shown().display()
    ));
    offer_shred(&files, shred.as_deref());
    if json {
        summary["deleted"] = deleted;
        ctx.out.json(&summary)?;
    }
    Ok(())
}

/// The client's secrets files, and the command that destroys them (never run unasked).
fn offer_shred(files: &Found, shred: Option<&str>) {
    match shred {
        Some(cmd) => {
            note(&format!(
                "the client's secrets files (searched {}):",
                searched(files)
            ));
            for f in &files.files {
                note(&format!("  {} ({})", f.path.display(), f.matched));
            }
            note(&format!("to destroy them: {cmd}"));
        }
        None => note(&format!(
            "no secrets file of this client in {} (other places: `provctl secrets list DIR…`)",
            searched(files)
        )),
    }
    if !files.unreadable.is_empty() {
        warn(&format!(
            "{} secrets file(s) could not be read and may be this client's: {}",
            files.unreadable.len(),
            files
                .unreadable
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shell_words_are_quoted_when_needed() {
        use std::path::Path;
        assert_eq!(
            super::shell_word(Path::new("provisioning/acme.ini.generated.secrets.env")),
            "provisioning/acme.ini.generated.secrets.env"
        );
        assert_eq!(super::shell_word(Path::new("my keys.env")), "'my keys.env'");
        assert_eq!(super::shell_word(Path::new("it's.env")), r"'it'\''s.env'");
    }
}
