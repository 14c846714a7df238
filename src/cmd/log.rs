//! `provctl log`: the audit log, newest first — each change with its outcome (`committed`, `failed`,
//! `pending-unknown`), filtered by client, age and command. Reads the file only (no database). The
//! reading and pairing live in `audit::reader`; this file has the flags and the presentation.

use super::Ctx;
use crate::audit::{AuditLog, Change, CommandWords, Filter};
use crate::error::{Error, Result};
use crate::ui::output::{note, Format, Value};
use std::time::{Duration, SystemTime};

/// Flags of `provctl log`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl log --since 7d
  provctl log --client Acme --command reset-client
  provctl log --command keys -o json          # keys enable, disable, export…
  provctl --audit-log /srv/ops/audit.jsonl log --since 2026-11-30T00:00:00Z

status: committed (made), failed (not made, or cut short), pending-unknown (its
process died between its two lines, or the connection died during COMMIT: look
at the database).")]
pub struct LogArgs {
    /// Only changes of this client: its name or id as recorded in the log (a deleted client's entries
    /// stay findable).
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only changes started within this duration (30m, 2h, 7d, 1w) or since this time (RFC 3339).
    #[arg(long, value_name = "DURATION", value_parser = since)]
    pub since: Option<Since>,
    /// Only this command (`reset-client`, `keys disable`) or group (`keys`).
    #[arg(long, value_name = "NAME")]
    pub command: Option<String>,
}

/// `--since`: a duration back from now, or a point in time.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    Ago(Duration),
    At(SystemTime),
}

impl Since {
    fn time(self, now: SystemTime) -> SystemTime {
        match self {
            Since::Ago(d) => now.checked_sub(d).unwrap_or(SystemTime::UNIX_EPOCH),
            Since::At(t) => t,
        }
    }
}

/// Parses `--since` (clap reports the error as a usage error naming the flag: exit 2).
fn since(text: &str) -> std::result::Result<Since, String> {
    let t = text.trim();
    if let Ok(d) = humantime::parse_duration(t) {
        return Ok(Since::Ago(d));
    }
    if let Ok(at) = humantime::parse_rfc3339_weak(t) {
        return Ok(Since::At(at));
    }
    Err(
        "expected a duration such as 30m, 2h, 7d or 1w, or an RFC 3339 time such as 2026-11-30T00:00:00Z"
            .into(),
    )
}

const COLUMNS: [&str; 12] = [
    "time",
    "status",
    "command",
    "client",
    "operator",
    "host",
    "database",
    "counts",
    "outcome",
    "ended_at",
    "id",
    "command_line",
];

pub fn run(ctx: &mut Ctx, args: LogArgs) -> Result<()> {
    let path = AuditLog::path(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let filter = Filter {
        client: args.client,
        since: args.since.map(|s| s.time(SystemTime::now())),
        command: args.command,
    };
    if filter.command.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return Err(Error::usage("--command is empty"));
    }
    let read = crate::audit::read(&path, &command_words(), &filter)?;
    let Some(read) = read else {
        note(&format!(
            "no audit log at {} yet: no change has been recorded there",
            path.display()
        ));
        return ctx.out.rows(&COLUMNS, std::iter::empty()).map(|_| ());
    };
    for s in &read.skipped {
        note(&format!("{}: {s}", path.display()));
    }
    if ctx.out.format == Format::Json {
        let all: Vec<serde_json::Value> = read.changes.iter().map(json).collect();
        return ctx.out.json(&serde_json::Value::Array(all));
    }
    ctx.out
        .rows(&COLUMNS, read.changes.iter().map(|c| Ok(cells(c))))?;
    Ok(())
}

/// How to find the command in a recorded command line: the global options taking a value and the
/// command groups, from the command tree itself.
fn command_words() -> CommandWords {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let mut valued_options = Vec::new();
    for a in cli.get_arguments() {
        if a.is_positional() || !a.get_action().takes_values() {
            continue;
        }
        valued_options.extend(a.get_long().map(|l| format!("--{l}")));
        valued_options.extend(a.get_short().map(|s| format!("-{s}")));
    }
    let groups = cli
        .get_subcommands()
        .filter(|s| s.has_subcommands())
        .map(|s| s.get_name().to_string())
        .collect();
    CommandWords {
        valued_options,
        groups,
    }
}

/// `name@host:port`, as psql would say it.
fn database(v: &serde_json::Value) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    let part = |k: &str| match &v[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    Value::text(format!("{}@{}:{}", part("name"), part("host"), part("port")))
}

fn cells(c: &Change) -> Vec<Value> {
    vec![
        Value::Time(c.time.into()),
        Value::text(c.status.as_str()),
        Value::text(c.command_name.clone()),
        Value::opt_text(c.client.clone()),
        Value::opt_text(c.operator.clone()),
        Value::opt_text(c.host.clone()),
        database(&c.database),
        if c.counts.is_null() {
            Value::Null
        } else {
            Value::text(c.counts.to_string())
        },
        Value::opt_text(c.outcome.clone()),
        c.ended.map_or(Value::Null, |t| Value::Time(t.into())),
        Value::text(c.id.clone()),
        Value::text(c.command.clone()),
    ]
}

/// One change as JSON: the same fields, with `database` and `counts` as the objects recorded and the
/// full command line beside its name.
fn json(c: &Change) -> serde_json::Value {
    let time = |t: SystemTime| serde_json::Value::from(crate::ui::output::rfc3339(t));
    serde_json::json!({
        "time": time(c.time),
        "status": c.status.as_str(),
        "command": c.command_name,
        "command_line": c.command,
        "client": c.client,
        "operator": c.operator,
        "host": c.host,
        "database": c.database,
        "counts": c.counts,
        "outcome": c.outcome,
        "ended_at": c.ended.map(time),
        "id": c.id,
    })
}
