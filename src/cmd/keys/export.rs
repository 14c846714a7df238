//! `keys export` and the one place key values leave provctl: where they may go ([`destination`]: a
//! new 0600 file, a pipe, the terminal only with `--reveal`), how they are written (streamed, in the
//! three formats), and, for the changes that generate values (create, rotate), how delivery and the
//! commit are ordered.

use super::{ExportArgs, ExportFormat};
use crate::audit::AuditLog;
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::keys::select::{export_sql, Selector};
use crate::keys::{KeyValue, Prepared};
use crate::secrets::secret::SecretString;
use crate::ui::output::escape;
use std::io::Write;

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

/// `--format`, or `-o json` meaning `--format json` (the global flag a user tries first).
fn export_format(args: &ExportArgs, output: crate::ui::output::Format) -> Result<ExportFormat> {
    let json = output == crate::ui::output::Format::Json;
    match args.format {
        Some(f) if json && f != ExportFormat::Json => Err(Error::usage(
            "-o json conflicts with --format: keep one (-o json is --format json)",
        )),
        Some(f) => Ok(f),
        None if json => Ok(ExportFormat::Json),
        None => Ok(ExportFormat::Lines),
    }
}

pub(super) fn export(ctx: &mut super::Ctx, args: ExportArgs) -> Result<()> {
    let format = export_format(&args, ctx.out.format)?;
    let mut dest = destination(ctx, args.out.as_deref(), args.force, args.reveal)?;
    let mut db = ctx.connect()?;
    let sel = Selector::new(&mut db, args.client.as_deref(), args.prefix.as_deref(), &[])?;
    let [p1, p2, p3] = sel.params();
    let params: [crate::db::Param<'_>; 4] = [p1, p2, p3, (&args.active_only, postgres::types::Type::BOOL)];
    if format == ExportFormat::Env {
        refuse_names_env_cannot_hold(&mut db, &params)?;
    }
    if format != ExportFormat::Json {
        refuse_keys_lines_cannot_hold(&mut db, &params, format)?;
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
    let dest_kind = matches!(dest, Destination::File(_));
    let written = {
        let w: &mut dyn Write = match &mut dest {
            Destination::File(f) => f.writer(),
            Destination::Stdout => ctx.out.raw(),
        };
        let mut w = std::io::BufWriter::new(Tally::new(w, &mut delivered));
        // A file starts with provctl's header line, so `secrets list|shred` find it (not stdout).
        let header = file_header(dest_kind, format, "API keys (provctl keys export)");
        header
            .map_or(Ok(()), |h| w.write_all(h.as_bytes()).map_err(on_io))
            .and_then(|_| db.stream(&export_sql(), &params))
            .and_then(|rows| {
                write_export(
                    &mut w,
                    rows.map(|r| r.and_then(|row| key_value(&row))),
                    format,
                    on_io,
                    true,
                )
            })
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
    let names = crate::keys::select::names_env_cannot_hold(db, params)?;
    if names.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = names.iter().map(|n| format!("`{}`", escape(n))).collect();
    Err(Error::usage(format!(
        "key name(s) {} cannot be part of a variable name in an env file (letters, digits, `-`, `_`, `.`): nothing exported",
        names.join(", ")
    ))
    .with_hint("export them with --format lines or --format json"))
}

/// `--format lines|env` write each value as stored or not at all: a key these formats cannot carry
/// exactly ([`crate::keys::select::keys_lines_cannot_hold`]) is refused before anything is written,
/// rather than exported escaped (a different secret, with exit 0).
fn refuse_keys_lines_cannot_hold(
    db: &mut Db,
    params: &[crate::db::Param<'_>],
    format: ExportFormat,
) -> Result<()> {
    let env = format == ExportFormat::Env;
    let (total, names) = crate::keys::select::keys_lines_cannot_hold(db, params, env)?;
    if total == 0 {
        return Ok(());
    }
    let shown: Vec<String> = names
        .iter()
        .map(|n| {
            if n.is_empty() {
                "(no name)".to_string()
            } else {
                format!("`{}`", escape(n))
            }
        })
        .collect();
    let more = if total > shown.len() as i64 {
        format!(" and {} more", total - shown.len() as i64)
    } else {
        String::new()
    };
    let what = if env {
        "a value holding a control or bidirectional character"
    } else {
        "a value or name holding a control or bidirectional character, a name that is empty or holds ` = `"
    };
    Err(Error::usage(format!(
        "{total} key(s) cannot be written exactly as `{}` lines ({what}): {}{more}; nothing exported",
        if env { "env" } else { "name = key" },
        shown.join(", ")
    ))
    .with_hint("export them with --format json, which carries every value and name exactly"))
}

/// provctl's default key prefix: every client provisioned without its own prefix has keys named so.
const DEFAULT_PREFIX: &str = crate::keys::create::DEFAULT_PREFIX;

/// Warns when the keys a `--prefix` selects belong to several clients (an export meant for one client
/// would hand over another's keys): the formats have no client column.
fn warn_if_several_clients(db: &mut Db, prefix: &str, params: &[crate::db::Param<'_>]) -> Result<()> {
    let rows = crate::keys::select::clients_of(db, params)?;
    let default = prefix == DEFAULT_PREFIX;
    if rows.len() < 2 && !default {
        return Ok(());
    }
    let names: Vec<String> = rows.iter().take(5).cloned().collect();
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

/// Writes rows one by one (memory stays flat), stopping between rows on a signal unless the change
/// is already committed (`stoppable` false: the values must then reach their place, a signal or not —
/// the signal thread's grace period leaves the microseconds this takes). Names and values are written as
/// stored (quoted for sh in the env format, escaped as JSON in JSON): the line formats refuse what they
/// cannot carry exactly ([`exact_in`]) rather than write another value.
fn write_export(
    w: &mut std::io::BufWriter<Tally<'_>>,
    rows: impl Iterator<Item = Result<KeyValue>>,
    format: ExportFormat,
    io: fn(std::io::Error) -> Error,
    stoppable: bool,
) -> Result<usize> {
    let mut n = 0;
    if format == ExportFormat::Json {
        w.write_all(b"[").map_err(io)?;
    }
    for row in rows {
        let KeyValue {
            name: raw_name,
            key,
            is_active: active,
        } = row?;
        if stoppable {
            crate::ui::signal::check()?;
        }
        // The export refused such keys up front; one changed since (another snapshot) stops it here.
        ensure_exact(
            format,
            &raw_name,
            key.expose(),
            "it changed during the export, which stops here",
        )?;
        let line = match format {
            ExportFormat::Lines => SecretString::new(format!("{raw_name} = {}\n", key.expose())),
            ExportFormat::Env => {
                let mut text = String::with_capacity(64);
                crate::secrets::file::push_line(
                    &mut text,
                    &format!("API_KEY_VALUE__{raw_name}"),
                    key.expose(),
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

/// Whether `format` carries this name and value exactly: the line formats write them as they are or not
/// at all (an escaped value would be another secret; a name with ` = ` another line), JSON always.
/// The same rule as [`crate::keys::select::keys_lines_cannot_hold`], which applies it in the database.
fn exact_in(format: ExportFormat, name: &str, value: &str) -> bool {
    let inexact = |s: &str| s.chars().any(crate::ui::output::needs_escape);
    match format {
        ExportFormat::Json => true,
        ExportFormat::Env => !inexact(value),
        ExportFormat::Lines => !(inexact(value) || name.is_empty() || inexact(name) || name.contains(" = ")),
    }
}

/// [`exact_in`] as an error naming the key (exit 2), `outcome` closing its message.
fn ensure_exact(format: ExportFormat, name: &str, value: &str, outcome: &str) -> Result<()> {
    if exact_in(format, name, value) {
        return Ok(());
    }
    Err(Error::usage(format!(
        "key `{}` cannot be written exactly in this format (an empty name, a name with ` = ` or a control \
         or bidirectional character): {outcome}",
        escape(name)
    ))
    .with_hint("export or deliver it with --format json, which carries every value and name exactly"))
}

/// A row of the export's statement (name, key, is_active).
fn key_value(row: &postgres::Row) -> Result<KeyValue> {
    Ok(KeyValue {
        name: row.cell::<Option<String>>(0, "api_keys")?.unwrap_or_default(),
        key: SecretString::new(row.cell(1, "api_keys")?),
        is_active: row.cell(2, "api_keys")?,
    })
}

/// Commits a change that generated key values, delivering them where `keys export` would: a file is
/// written and published before the commit (and removed again if the commit fails, unless its outcome
/// is unknown); stdout gets them only after the commit, since a value printed for a change that did
/// not happen would be handed on as if it worked. The audit line is written before both. Returns the
/// place the values went.
pub(super) fn commit_with_values(
    ctx: &mut super::Ctx,
    prepared: Prepared<'_>,
    dest: &mut Destination,
    format: ExportFormat,
    log: &mut AuditLog,
    url: &crate::db::url::DbUrl,
    client: &str,
) -> Result<String> {
    let Prepared {
        tx,
        values,
        mut counts,
    } = prepared;
    let to = match dest {
        Destination::File(f) => f.dest().display().to_string(),
        Destination::Stdout => "stdout".to_string(),
    };
    counts["to"] = to.clone().into();
    // Checked before anything is committed or written: after the commit, stdout must take them all.
    for v in &values {
        ensure_exact(format, &v.name, v.key.expose(), "nothing changed")?;
    }
    let pending = log.begin(&ctx.env, Some(url), Some(client), counts)?;
    if let Destination::File(f) = dest {
        let mut delivered = 0;
        let written = {
            let mut w = std::io::BufWriter::new(Tally::new(f.writer(), &mut delivered));
            let on_io: fn(std::io::Error) -> Error =
                |e| Error::refused(format!("cannot write the --out file: {e}"));
            file_header(true, format, "API keys (provctl keys create/rotate)")
                .map_or(Ok(()), |h| w.write_all(h.as_bytes()).map_err(on_io))
                .and_then(|_| write_export(&mut w, values.iter().map(|v| Ok(v.clone())), format, on_io, true))
                .and_then(|_| w.flush().map_err(on_io))
        };
        if let Err(e) = written.and_then(|_| f.publish()) {
            log.end(
                pending,
                None,
                &format!("{}; nothing published", crate::audit::failure_outcome(&e)),
            );
            return Err(e);
        }
    }
    if let Err(e) = tx.commit() {
        log.end(pending, None, &crate::audit::failure_outcome(&e));
        if let Destination::File(f) = std::mem::replace(dest, Destination::Stdout) {
            if crate::db::outcome_unknown(&e) {
                crate::ui::output::warn(&format!(
                    "the commit outcome is unknown: {} keeps the new value(s); check with `provctl keys list`",
                    f.dest().display()
                ));
                *dest = Destination::File(f);
            } else {
                f.unpublish();
            }
        }
        return Err(e);
    }
    log.end(pending, None, "ok");
    if let Destination::Stdout = dest {
        let mut delivered = 0;
        let written = {
            let mut w = std::io::BufWriter::new(Tally::new(ctx.out.raw(), &mut delivered));
            write_export(
                &mut w,
                values.iter().map(|v| Ok(v.clone())),
                format,
                crate::ui::output::io_err,
                false,
            )
            .and_then(|_| w.flush().map_err(crate::ui::output::io_err))
        };
        if let Err(e) = written {
            // Committed: a closed pipe is no success here (the values that did not leave are lost).
            let why = if e.exit == crate::error::Exit::BrokenPipe {
                "stdout was closed".to_string()
            } else {
                e.message
            };
            return Err(Error::refused(format!(
                "the change is committed, but only {delivered} of {} new value(s) reached stdout ({why})",
                values.len()
            ))
            .with_hint("`provctl keys rotate NAME --out FILE` gives a key whose value was lost a new one"));
        }
    } else if let Destination::File(f) = dest {
        crate::secrets::file::warn_if_git_would_commit(f.dest());
    }
    Ok(to)
}

/// The header line of an `--out` file (`secrets list|shred|show` and doctor recognise it); `None` for
/// stdout, and for JSON, which is recognised by its own shape.
fn file_header(to_file: bool, format: ExportFormat, what: &str) -> Option<String> {
    use crate::secrets::file::Layout;
    let layout = match format {
        ExportFormat::Lines => Layout::Lines,
        ExportFormat::Env => Layout::Env,
        ExportFormat::Json => Layout::Json,
    };
    to_file
        .then(|| crate::secrets::file::header(layout, what, &[]))
        .flatten()
}
