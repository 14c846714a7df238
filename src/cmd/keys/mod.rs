//! `provctl keys`: list API keys (never their values), enable/disable them, export them for delivery
//! (`export`), and the changes on named keys beyond the runbook — create, rotate, unbind (`change`).
//! The SQL is `crate::keys`'.

mod change;
mod export;

pub use export::{destination, Destination};

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::keys::select::{Selector, TOGGLE_SQL};
use crate::ui::output::{escape, Format, Value};
use clap::Subcommand;
use postgres::types::Type;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List keys: id, name, is_active, machine_id, last_used_at, the bound machine's hostname (and the
    /// client, across clients), ordered by name. Never shows values.
    #[command(
        after_help = "Examples:\n  provctl keys list --client Acme\n  provctl keys list --prefix acme-key- --bound -o json\n\nThe table shows the bound machine's hostname; JSON and CSV carry machine_id\nand hostname (and client_id and client when not filtered by --client)."
    )]
    List(ListArgs),
    /// Activate keys (shows which will change, asks, one transaction).
    #[command(after_help = "Example:\n  provctl keys enable --prefix acme-key-")]
    Enable(ToggleArgs),
    /// Deactivate keys (shows which will change, asks, one transaction).
    #[command(after_help = "Example:\n  provctl keys disable acme-key-02 acme-key-03 acme-key-04")]
    Disable(ToggleArgs),
    /// Export key values for delivery (to a 0600 file, a pipe, or the screen with --reveal).
    #[command(
        after_help = "Examples:\n  provctl keys export --client Acme --out acme-keys.txt\n  provctl keys export --prefix acme-key- --format env |\n      ssh vault 'cat > keys.env'"
    )]
    Export(ExportArgs),
    /// Create the next keys of a client (named after its highest; values to a 0600 file, a pipe, or the
    /// screen with --reveal).
    #[command(after_help = "\
Examples:
  provctl keys create --client Acme --out acme-new-key.txt
  provctl keys create --client Acme --count 2 --inactive --out acme-reserve.txt
  provctl keys create --client Acme --format env |
      ssh vault 'cat > acme-keys.env'

Names continue the client's highest numbered key (acme-key-07 -> acme-key-08,
same prefix and width); a client without one gets provisioning's key-01,
key-02... Values are 32 A-Z a-z 0-9 characters (or the length of the client's
keys, if longer), unique in the whole table.")]
    Create(CreateArgs),
    /// Give one key a new value (same name, row and machine binding); the old value stops working.
    #[command(after_help = "\
Examples:
  provctl keys rotate acme-key-02 --out acme-key-02.txt
  provctl keys rotate key-01 --client Acme --format env |
      ssh vault 'cat > acme.env'

The plan names the machine (hostname) whose agent must be given the new value:
its ingestions are refused from the commit until it is.")]
    Rotate(RotateArgs),
    /// Free keys from their machine (machine_id NULL): the next ingestion binds the machine that sends it.
    #[command(after_help = "\
Examples:
  provctl keys unbind acme-key-01     # a reinstalled server
  provctl keys unbind --client Acme key-01 key-02 --yes

A key already unbound is reported and left as it is. is_active and
last_used_at stay.")]
    Unbind(UnbindArgs),
}

/// Flags of `provctl keys list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only keys of this client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only keys whose name starts with this text (matched literally: `%` and `_` are not wildcards).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Only keys bound to a machine (not in their initial state).
    #[arg(long)]
    pub bound: bool,
}

/// Flags of `provctl keys enable|disable`. One required group: a usage error names every way to
/// choose the keys (`<NAME>...|--client <CLIENT>|--prefix <PREFIX>`).
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("keys").required(true).args(["names", "client", "prefix"]))]
pub struct ToggleArgs {
    /// All keys of this client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Keys whose name starts with this text (literal match).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Key names.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

/// Output formats of `keys export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `name = key` lines (the runbook's export).
    Lines,
    /// `API_KEY_VALUE__name=key` lines.
    Env,
    /// A JSON array of {name, key, is_active}.
    Json,
}

/// Flags of `provctl keys export`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("keys").required(true))]
pub struct ExportArgs {
    /// Keys of this client (id or exact name).
    #[arg(long, value_name = "CLIENT", group = "keys")]
    pub client: Option<String>,
    /// Keys whose name starts with this text (literal match).
    #[arg(long, value_name = "PREFIX", group = "keys")]
    pub prefix: Option<String>,
    /// Only active keys.
    #[arg(long)]
    pub active_only: bool,
    /// Output format [default: lines; json with `-o json`].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file (created 0600; refuses an existing file unless --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Allow printing key values on a terminal.
    #[arg(long)]
    pub reveal: bool,
}

/// Where a change's generated values go: the flags of `keys export`'s destination.
#[derive(Debug, clap::Args)]
pub struct DeliveryArgs {
    /// Write the new value(s) to this new file (created 0600, never overwritten).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Format of the value(s), as `keys export` [default: lines; json with `-o json` when they go to
    /// stdout].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Allow printing the value(s) on a terminal.
    #[arg(long)]
    pub reveal: bool,
}

/// Flags of `provctl keys create`.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// How many keys (1 to 999).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::keys::create::MAX_COUNT)))]
    pub count: u32,
    /// Create them inactive (reserve keys, to enable later).
    #[arg(long)]
    pub inactive: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Flags of `provctl keys rotate`.
#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    /// The key's name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The key's client (id or exact name), when several clients have a key of that name.
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Flags of `provctl keys unbind`.
#[derive(Debug, clap::Args)]
pub struct UnbindArgs {
    /// Key names.
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// The keys' client (id or exact name), when several clients have keys of those names.
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
}

pub fn run(ctx: &mut Ctx, cmd: KeysCommand) -> Result<()> {
    match cmd {
        KeysCommand::List(a) => list(ctx, a),
        KeysCommand::Enable(a) => toggle(ctx, a, true),
        KeysCommand::Disable(a) => toggle(ctx, a, false),
        KeysCommand::Export(a) => export::export(ctx, a),
        KeysCommand::Create(a) => change::create(ctx, a),
        KeysCommand::Rotate(a) => change::rotate(ctx, a),
        KeysCommand::Unbind(a) => change::unbind(ctx, a),
    }
}

/// Whether the subcommand changes data (see `cmd::changes_data`). Not `create` and `rotate`: what
/// they write to stdout once the change is under way is the new key values, which a closed stdout must
/// never send to stderr (the terminal, a log) instead; their report is on stderr, and a broken pipe
/// before the commit changes nothing.
pub fn changes_data(cmd: &KeysCommand) -> bool {
    matches!(
        cmd,
        KeysCommand::Enable(_) | KeysCommand::Disable(_) | KeysCommand::Unbind(_)
    )
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<()> {
    if args.prefix.as_deref() == Some("") {
        return Err(Error::usage("--prefix is empty"));
    }
    let mut db = ctx.connect()?;
    // The client column when the keys may be several clients'; the table shows the machine's hostname
    // rather than its id, JSON and CSV both (fields are added, never renamed).
    let across = args.client.is_none();
    let table = ctx.out.format == Format::Table;
    let mut columns = vec!["id", "name", "is_active"];
    if !table {
        columns.push("machine_id");
    }
    columns.extend(["last_used_at", "hostname"]);
    if across {
        columns.extend(if table {
            &["client"][..]
        } else {
            &["client_id", "client"][..]
        });
    }
    // The query's columns: id, name, is_active, machine_id, last_used_at, hostname, client_id, client.
    let pick: Vec<usize> = columns
        .iter()
        .map(|c| match *c {
            "id" => 0,
            "name" => 1,
            "is_active" => 2,
            "machine_id" => 3,
            "last_used_at" => 4,
            "hostname" => 5,
            "client_id" => 6,
            _ => 7,
        })
        .collect();
    let out = &mut ctx.out;
    crate::db::clients::listing(
        &mut db,
        args.client.as_deref(),
        "k.client_id",
        &crate::keys::select::list_sql,
        &[(&args.prefix, Type::TEXT), (&args.bound, Type::BOOL)],
        &mut |rows| {
            out.rows(
                &columns,
                rows.map(|r| r.and_then(|row| picked(&row, "api_keys", &pick))),
            )
        },
    )?;
    Ok(())
}

/// The cells of `row` at `pick`, in that order.
pub(super) fn picked(row: &postgres::Row, table: &str, pick: &[usize]) -> Result<Vec<Value>> {
    let mut all = crate::db::row_values(row, table)?;
    Ok(pick
        .iter()
        .map(|&i| std::mem::replace(&mut all[i], Value::Null))
        .collect())
}

fn toggle(ctx: &mut super::Ctx, args: ToggleArgs, enable: bool) -> Result<()> {
    let verb = if enable { "enable" } else { "disable" };
    let mut db = ctx.connect()?;
    let sel = Selector::new(
        &mut db,
        args.client.as_deref(),
        args.prefix.as_deref(),
        &args.names,
    )?;
    let rows = sel.toggle_rows(&mut db)?;
    if let Some(names) = &sel.names {
        let found: Vec<String> = rows
            .iter()
            .map(|r| r.cell::<Option<String>>(1, "api_keys"))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        let missing: Vec<&str> = names
            .iter()
            .filter(|n| !found.contains(n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::usage(format!(
                "unknown key name(s): {}",
                escape(&missing.join(", "))
            )));
        }
    }
    if rows.is_empty() {
        return Err(Error::usage(format!("no key matches {}", sel.describe)));
    }
    let mut changing: Vec<&postgres::Row> = Vec::new();
    for r in &rows {
        if r.cell::<bool>(2, "api_keys")? != enable {
            changing.push(r);
        }
    }
    if changing.is_empty() {
        crate::ui::output::note(&format!(
            "nothing to {verb}: the {} key(s) of {} are already {}",
            rows.len(),
            sel.describe,
            if enable { "active" } else { "inactive" }
        ));
        return Ok(());
    }
    let target = ctx.target()?;
    crate::ui::confirm::plan_header(
        &target,
        &format!("{verb} {} key(s) of {}", changing.len(), sel.describe),
    );
    // The client column matters: `--prefix key-` or a bare name can match keys of several clients.
    ctx.out.rows(
        &["name", "client", "is_active", "will_be"],
        changing.iter().map(|r| {
            Ok(vec![
                Value::opt_text(r.cell::<Option<String>>(1, "api_keys")?),
                Value::opt_text(r.cell::<Option<String>>(3, "clients")?),
                Value::Bool(r.cell(2, "api_keys")?),
                Value::Bool(enable),
            ])
        }),
    )?;
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!("{verb} {} key(s) of {}?", changing.len(), sel.describe),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let ids: Vec<String> = changing
        .iter()
        .map(|r| r.cell(0, "api_keys"))
        .collect::<Result<_>>()?;
    // The audit line names the client and records its id (`log --client` finds either, as for the
    // other changes) when the keys changed are one client's — by id: names may be shared. `--prefix`
    // or bare names may reach several clients: then neither.
    let clients: Vec<(Option<String>, String)> = changing
        .iter()
        .map(|r| {
            Ok((
                r.cell::<Option<String>>(3, "clients")?,
                r.cell::<String>(4, "api_keys")?,
            ))
        })
        .collect::<Result<_>>()?;
    let single = match clients.first() {
        Some(first) if clients.iter().all(|c| c.1 == first.1) => Some(first.clone()),
        _ => None,
    };
    let url = db.url().clone();
    let mut tx = ctx.change_transaction(&mut db, 5)?;
    let changed = tx.execute(TOGGLE_SQL, &[(&enable, Type::BOOL), (&ids, Type::TEXT_ARRAY)])?;
    crate::audit::commit_recorded(
        tx,
        &mut log,
        &ctx.env,
        &url,
        Entry {
            client: single.as_ref().and_then(|(name, _)| name.as_deref()),
            counts: match &single {
                Some((_, id)) => serde_json::json!({ "keys": changed, "client_id": id }),
                None => serde_json::json!({ "keys": changed }),
            },
            outcome: "ok",
        },
    )?;
    crate::ui::output::note(&format!("{changed} key(s) {verb}d"));
    Ok(())
}
