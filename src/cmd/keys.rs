//! `provctl keys`: list API keys (never their values), enable/disable them, export them for delivery.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::db::row_values;
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use crate::ui::output::{escape, Value};
use clap::Subcommand;
use postgres::types::Type;
use std::io::Write;
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
        KeysCommand::Enable(a) => toggle(ctx, a, true),
        KeysCommand::Disable(a) => toggle(ctx, a, false),
        KeysCommand::Export(a) => export(ctx, a),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<()> {
    if args.prefix.as_deref() == Some("") {
        return Err(Error::usage("--prefix is empty"));
    }
    let mut db = ctx.connect()?;
    let client_id = match &args.client {
        Some(c) => Some(crate::db::clients::resolve(&mut db, c)?.id),
        None => None,
    };
    // starts_with() matches literally: the runbook's `like 'x-%'` treated `_` in a prefix as a wildcard.
    // Streamed: one client can hold hundreds of thousands of keys.
    let rows = db.stream(
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
        rows.map(|r| r.and_then(|row| row_values(&row, "api_keys"))),
    )?;
    Ok(())
}

/// A key selector resolved to SQL parameters: client id, literal prefix, or exact names.
struct Selector {
    client_id: Option<String>,
    prefix: Option<String>,
    names: Option<Vec<String>>,
    describe: String,
}

const SELECTOR_SQL: &str = "($1::text IS NULL OR client_id = $1::uuid) \
     AND ($2::text IS NULL OR starts_with(name, $2)) \
     AND ($3::text[] IS NULL OR name = ANY($3))";

fn selector(db: &mut Db, client: Option<&str>, prefix: Option<&str>, names: &[String]) -> Result<Selector> {
    if prefix == Some("") {
        return Err(Error::usage("--prefix is empty"));
    }
    let (client_id, describe) = match client {
        Some(c) => {
            let c = crate::db::clients::resolve(db, c)?;
            (Some(c.id), format!("client {}", c.name))
        }
        None => match prefix {
            Some(p) => (None, format!("prefix `{}`", escape(p))),
            None => (None, format!("{} named key(s)", names.len())),
        },
    };
    Ok(Selector {
        client_id,
        prefix: prefix.map(String::from),
        names: (!names.is_empty()).then(|| names.to_vec()),
        describe,
    })
}

fn toggle(ctx: &mut super::Ctx, args: ToggleArgs, enable: bool) -> Result<()> {
    let verb = if enable { "enable" } else { "disable" };
    let mut db = ctx.connect()?;
    let sel = selector(
        &mut db,
        args.client.as_deref(),
        args.prefix.as_deref(),
        &args.names,
    )?;
    let rows = db.query(
        &format!(
            "SELECT k.id::text, k.name, k.is_active, c.name AS client FROM api_keys k \
             LEFT JOIN clients c ON c.id = k.client_id WHERE k.id IN (SELECT id FROM api_keys WHERE {SELECTOR_SQL}) \
             ORDER BY k.name, k.id"
        ),
        &[
            (&sel.client_id, Type::TEXT),
            (&sel.prefix, Type::TEXT),
            (&sel.names, Type::TEXT_ARRAY),
        ],
    )?;
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
        ctx.global.yes,
        &format!("{verb} {} key(s) of {}?", changing.len(), sel.describe),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let ids: Vec<String> = changing
        .iter()
        .map(|r| r.cell(0, "api_keys"))
        .collect::<Result<_>>()?;
    let url = db.url().clone();
    let mut tx = db.transaction()?;
    tx.batch(&format!(
        "SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '{}s'",
        ctx.global.statement_timeout.max(1)
    ))?;
    // Only the keys shown are changed, and only if still in the state shown.
    let changed = tx.execute(
        "UPDATE api_keys SET is_active = $1 WHERE id = ANY($2::text[]::uuid[]) AND is_active <> $1",
        &[(&enable, Type::BOOL), (&ids, Type::TEXT_ARRAY)],
    )?;
    crate::audit::commit_recorded(
        tx,
        &mut log,
        &ctx.env,
        &url,
        Entry {
            client: sel.client_id.as_deref(),
            counts: serde_json::json!({ "keys": changed }),
            outcome: "ok",
        },
    )?;
    crate::ui::output::note(&format!("{changed} key(s) {verb}d"));
    Ok(())
}

/// Where exported secrets go: a new 0600 file, or stdout when it is safe.
pub enum Destination {
    File(crate::secrets::file::NewFile),
    Stdout,
}

/// Decides where secrets may go before anything is read: a terminal needs `--reveal`.
pub fn destination(
    ctx: &super::Ctx,
    out: Option<&std::path::Path>,
    force: bool,
    reveal: bool,
) -> Result<Destination> {
    match out {
        Some(path) => Ok(Destination::File(crate::secrets::file::NewFile::create(path, force)?)),
        None if ctx.out.stdout_is_terminal() && !reveal => Err(Error::refused(
            "stdout is a terminal: key values would be shown on screen (and in its scrollback): nothing exported",
        )
        .with_hint("use --out FILE (created 0600), pipe the output, or pass --reveal in a private session")),
        None => Ok(Destination::Stdout),
    }
}

fn export(ctx: &mut super::Ctx, args: ExportArgs) -> Result<()> {
    let mut dest = destination(ctx, args.out.as_deref(), args.force, args.reveal)?;
    let mut db = ctx.connect()?;
    let sel = selector(&mut db, args.client.as_deref(), args.prefix.as_deref(), &[])?;
    let params: [crate::db::Param<'_>; 4] = [
        (&sel.client_id, Type::TEXT),
        (&sel.prefix, Type::TEXT),
        (&sel.names, Type::TEXT_ARRAY),
        (&args.active_only, Type::BOOL),
    ];
    if args.format == ExportFormat::Env {
        refuse_names_env_cannot_hold(&mut db, &params)?;
    }
    if let Some(prefix) = &sel.prefix {
        warn_if_several_clients(&mut db, prefix, &params)?;
    }
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let to = match &dest {
        Destination::File(f) => f.dest().display().to_string(),
        Destination::Stdout => "stdout".to_string(),
    };
    // Key values are about to leave the database: recorded first, whatever happens next.
    let pending = log.begin(
        &ctx.env,
        Some(&url),
        sel.client_id.as_deref(),
        serde_json::json!({ "keys_exported": 0, "to": to }),
    )?;
    // Stopped between rows by a signal (the export is cut, recorded, and a file not published).
    let _deferred = crate::ui::signal::Deferred::new();
    let mut delivered = 0usize;
    // A write that fails on the file (a full disk) leaves the secret nowhere safe: exit 3.
    let on_io: fn(std::io::Error) -> Error = match &dest {
        Destination::File(_) => |e| Error::refused(format!("cannot write the --out file: {e}")),
        Destination::Stdout => crate::ui::output::io_err,
    };
    let dest_is_file = matches!(dest, Destination::File(_));
    let written = {
        let w: &mut dyn Write = match &mut dest {
            Destination::File(f) => f.writer(),
            Destination::Stdout => ctx.out.raw(),
        };
        let mut w = std::io::BufWriter::new(Tally::new(w, &mut delivered));
        // A file starts with provctl's header line, so `secrets list|shred` find it (not stdout).
        let layout = match args.format {
            ExportFormat::Lines => crate::secrets::file::Layout::Lines,
            ExportFormat::Env => crate::secrets::file::Layout::Env,
            ExportFormat::Json => crate::secrets::file::Layout::Json,
        };
        let header = dest_is_file
            .then(|| crate::secrets::file::header(layout, "API keys (provctl keys export)", &[]))
            .flatten();
        header
            .map_or(Ok(()), |h| w.write_all(h.as_bytes()).map_err(on_io))
            .and_then(|_| db.stream(
            &format!(
                "SELECT name, key, is_active FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active) ORDER BY name, id"
            ),
            &params,
        ))
        .and_then(|rows| write_export(&mut w, rows, args.format, on_io))
        .and_then(|n| w.flush().map(|_| n).map_err(on_io))
    };
    let result = written.and_then(|n| {
        if n == 0 {
            return Err(Error::usage(format!("no key matches {}", sel.describe)));
        }
        if let Destination::File(f) = &mut dest {
            f.publish()?;
        }
        Ok(n)
    });
    match result {
        Ok(n) => {
            log.end(
                pending,
                Some(serde_json::json!({ "keys_exported": n, "to": to })),
                &format!("exported to {to}"),
            );
            if let Destination::File(f) = &dest {
                crate::secrets::file::warn_if_git_would_commit(f.dest());
            }
            crate::ui::output::note(&format!("{n} key(s) exported to {to}"));
            Ok(())
        }
        Err(e) => {
            let (count, outcome) = match &dest {
                Destination::File(_) => (0, format!("{}; nothing published", export_failure(&e))),
                Destination::Stdout => (
                    delivered,
                    format!(
                        "{} after {delivered} key(s): the export was cut short",
                        export_failure(&e)
                    ),
                ),
            };
            log.end(
                pending,
                Some(serde_json::json!({ "keys_exported": count, "to": to })),
                &outcome,
            );
            Err(e)
        }
    }
}

/// What stopped an export, for its audit line.
fn export_failure(e: &Error) -> String {
    match e.exit {
        crate::error::Exit::Interrupted => format!("interrupted ({})", crate::ui::signal::name()),
        crate::error::Exit::BrokenPipe => "stdout closed".to_string(),
        _ => format!("error: {}", e.message),
    }
}

/// `--format env` writes `API_KEY_VALUE__<name>=…`: a name that cannot be part of a variable name
/// (`x;touch PWNED;`) is refused before anything is written.
fn refuse_names_env_cannot_hold(db: &mut Db, params: &[crate::db::Param<'_>]) -> Result<()> {
    let rows = db.query(
        &format!(
            "SELECT coalesce(name, '') FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active) \
             AND (name IS NULL OR name !~ '^[A-Za-z0-9_.-]+$') ORDER BY name LIMIT 5"
        ),
        params,
    )?;
    if rows.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            r.cell::<String>(0, "api_keys")
                .map(|n| format!("`{}`", escape(&n)))
        })
        .collect::<Result<_>>()?;
    Err(Error::usage(format!(
        "key name(s) {} cannot be part of a variable name in an env file (letters, digits, `-`, `_`, `.`): nothing exported",
        names.join(", ")
    ))
    .with_hint("export them with --format lines or --format json"))
}

/// provctl's default key prefix: every client provisioned without its own prefix has keys named so.
const DEFAULT_PREFIX: &str = "key-";

/// Warns when the keys a `--prefix` selects belong to several clients (an export meant for one client
/// would hand over another's keys): the formats have no client column.
fn warn_if_several_clients(db: &mut Db, prefix: &str, params: &[crate::db::Param<'_>]) -> Result<()> {
    let rows = db.query(
        &format!(
            "SELECT coalesce(c.name, k.client_id::text) FROM api_keys k LEFT JOIN clients c ON c.id = k.client_id \
             WHERE k.id IN (SELECT id FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active)) \
             GROUP BY k.client_id, c.name ORDER BY 1 LIMIT 6"
        ),
        params,
    )?;
    let default = prefix == DEFAULT_PREFIX;
    if rows.len() < 2 && !default {
        return Ok(());
    }
    let names: Vec<String> = rows
        .iter()
        .take(5)
        .map(|r| r.cell::<String>(0, "clients"))
        .collect::<Result<_>>()?;
    let more = if rows.len() > 5 { ", …" } else { "" };
    let why = if default {
        format!(
            "`{DEFAULT_PREFIX}` is the default prefix, shared by every client provisioned without its own: "
        )
    } else {
        String::new()
    };
    if rows.len() >= 2 || default {
        crate::ui::output::warn(&format!(
            "{why}the keys matching --prefix `{}` belong to {}{} client(s) ({}{more}), and the export does not say \
             which: to deliver one client's keys, use --client",
            escape(prefix),
            if rows.len() > 5 { "more than " } else { "" },
            rows.len().min(5),
            names.join(", ")
        ));
    }
    Ok(())
}

/// Counts the rows whose bytes the destination accepted in full (not just buffered): what actually
/// left, for the audit log of an export cut short.
struct Tally<'a> {
    inner: &'a mut dyn Write,
    accepted: u64,
    written: u64,
    ends: std::collections::VecDeque<u64>,
    delivered: &'a mut usize,
}

impl<'a> Tally<'a> {
    fn new(inner: &'a mut dyn Write, delivered: &'a mut usize) -> Tally<'a> {
        Tally {
            inner,
            accepted: 0,
            written: 0,
            ends: std::collections::VecDeque::new(),
            delivered,
        }
    }

    /// Marks the end of a row of `len` bytes, about to be written.
    fn row(&mut self, len: usize) {
        self.written += len as u64;
        self.ends.push_back(self.written);
    }
}

impl Write for Tally<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.accepted += n as u64;
        while self.ends.front().is_some_and(|&end| end <= self.accepted) {
            self.ends.pop_front();
            *self.delivered += 1;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes rows one by one (memory stays flat), stopping between rows on a signal. Names are escaped
/// like any database text; values are written as stored (escaped for the terminal, quoted for sh in
/// the env format).
fn write_export(
    w: &mut std::io::BufWriter<Tally<'_>>,
    rows: crate::db::Rows<'_>,
    format: ExportFormat,
    io: fn(std::io::Error) -> Error,
) -> Result<usize> {
    let mut n = 0;
    if format == ExportFormat::Json {
        w.write_all(b"[").map_err(io)?;
    }
    for row in rows {
        let row = row?;
        crate::ui::signal::check()?;
        let raw_name: String = row.cell::<Option<String>>(0, "api_keys")?.unwrap_or_default();
        // Escaped for the line formats (terminal-safe); JSON keeps the exact name (json_string escapes it).
        let name = escape(&raw_name).into_owned();
        let key = SecretString::new(row.cell(1, "api_keys")?);
        let active: bool = row.cell(2, "api_keys")?;
        let line = match format {
            ExportFormat::Lines => SecretString::new(format!("{name} = {}\n", escape(key.expose()))),
            ExportFormat::Env => {
                let mut text = String::with_capacity(64);
                crate::secrets::file::push_line(
                    &mut text,
                    &format!("API_KEY_VALUE__{raw_name}"),
                    &escape(key.expose()),
                )?;
                SecretString::new(text)
            }
            ExportFormat::Json => {
                let obj = serde_json::json!({"name": raw_name, "key": key.expose(), "is_active": active});
                let sep = if n == 0 { "\n  " } else { ",\n  " };
                SecretString::new(format!("{sep}{}", crate::ui::output::json_string(&obj)))
            }
        };
        w.get_mut().row(line.len());
        w.write_all(line.expose().as_bytes()).map_err(io)?;
        n += 1;
    }
    if format == ExportFormat::Json {
        w.write_all(if n == 0 { b"]\n" } else { b"\n]\n" }).map_err(io)?;
    }
    Ok(n)
}
