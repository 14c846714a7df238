//! `provctl keys`: list API keys (never their values), enable/disable them, export them for delivery.

use super::Ctx;
use crate::error::{Error, Result};
use crate::output::row_values;
use clap::Subcommand;
use postgres::types::Type;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List keys: id, name, is_active, machine_id, last_used_at (ordered by name). Never shows values.
    #[command(
        after_help = "Examples:\n  provctl keys list --client Acme\n  provctl keys list --prefix acme-key- --bound -o json"
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
        after_help = "Examples:\n  provctl keys export --client Acme --out acme-keys.txt\n  provctl keys export --prefix acme-key- --format env | ssh vault 'cat > keys.env'"
    )]
    Export(ExportArgs),
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

/// Flags of `provctl keys enable|disable`.
#[derive(Debug, clap::Args)]
pub struct ToggleArgs {
    /// All keys of this client (id or exact name).
    #[arg(long, value_name = "CLIENT", conflicts_with_all = ["prefix", "names"])]
    pub client: Option<String>,
    /// Keys whose name starts with this text (literal match).
    #[arg(long, value_name = "PREFIX", conflicts_with = "names")]
    pub prefix: Option<String>,
    /// Key names.
    #[arg(value_name = "NAME", required_unless_present_any = ["client", "prefix"])]
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
pub struct ExportArgs {
    /// Keys of this client (id or exact name).
    #[arg(
        long,
        value_name = "CLIENT",
        required_unless_present = "prefix",
        conflicts_with = "prefix"
    )]
    pub client: Option<String>,
    /// Keys whose name starts with this text (literal match).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Only active keys.
    #[arg(long)]
    pub active_only: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Lines)]
    pub format: ExportFormat,
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

pub fn run(ctx: &mut Ctx, cmd: KeysCommand) -> Result<()> {
    match cmd {
        KeysCommand::List(a) => list(ctx, a),
        KeysCommand::Enable(_) => super::not_implemented("keys enable"),
        KeysCommand::Disable(_) => super::not_implemented("keys disable"),
        KeysCommand::Export(_) => super::not_implemented("keys export"),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<()> {
    if args.prefix.as_deref() == Some("") {
        return Err(Error::usage("--prefix is empty"));
    }
    let mut db = ctx.connect()?;
    let client_id = match &args.client {
        Some(c) => Some(crate::clients::resolve(&mut db, c)?.id),
        None => None,
    };
    // starts_with() matches literally: the runbook's `like 'x-%'` treated `_` in a prefix as a wildcard.
    let rows = db.query(
        "SELECT id::text AS id, name, is_active, machine_id::text AS machine_id, last_used_at FROM api_keys \
         WHERE ($1::text IS NULL OR client_id = $1::uuid) AND ($2::text IS NULL OR starts_with(name, $2)) \
           AND (NOT $3 OR machine_id IS NOT NULL) \
         ORDER BY name, id",
        &[
            (&client_id, Type::TEXT),
            (&args.prefix, Type::TEXT),
            (&args.bound, Type::BOOL),
        ],
    )?;
    ctx.out.rows(
        &["id", "name", "is_active", "machine_id", "last_used_at"],
        rows.iter().map(row_values),
    )?;
    Ok(())
}
