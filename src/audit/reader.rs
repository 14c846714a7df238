//! Reading the audit log back (`provctl log`): each change's `pending` line paired with its outcome
//! line by `id`, newest first, filtered by client, age and command — from the file alone, so a deleted
//! client's entries stay findable and no database is needed.
//!
//! The log is append-only and written by processes that may die mid-line: an incomplete last line (no
//! newline, not JSON) is skipped with a note, as is any line that is not an audit line; neither stops
//! the reading. A `pending` line with no outcome line means the process died (or the log became
//! unwritable) between the two: the change is `pending-unknown`, and only the database can say.
//!
//! Memory follows what is shown, not the file: a change outside `--since` or `--command` is dropped
//! as its first line is read (only its id is kept, so that its outcome line is recognised), and a line
//! is read up to [`MAX_LINE`] bytes (a longer one is skipped with a note).

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::BufRead;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::SystemTime;

/// What became of a change, from its outcome line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Made: committed, written, sent (`ok`, `exported to …`).
    Committed,
    /// Not made, or cut short (`error: …`, `interrupted (…)`, `failed on …`).
    Failed,
    /// Nobody knows: no outcome line, or `unknown: …` (the connection died during COMMIT).
    PendingUnknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Committed => "committed",
            Status::Failed => "failed",
            Status::PendingUnknown => "pending-unknown",
        }
    }

    /// The status an outcome text stands for. The writers' vocabulary: `ok` and descriptions of what
    /// was done for a success; `error: …`, `interrupted (…)`, `failed on …`, `stdout closed…`, `… cut
    /// short`, `… nothing published` for a failure; `unknown: …` when the outcome cannot be known.
    pub fn of_outcome(outcome: &str) -> Status {
        let o = outcome.trim_start();
        if o == "pending" || o.starts_with("unknown") {
            Status::PendingUnknown
        } else if ["error", "interrupted", "failed", "stdout closed"]
            .iter()
            .any(|p| o.starts_with(p))
            || o.contains("cut short")
            || o.contains("nothing published")
            || o.contains("not committed")
        {
            Status::Failed
        } else {
            Status::Committed
        }
    }
}

/// One change: its pending line (or its single line) completed by its outcome line.
#[derive(Debug, Clone)]
pub struct Change {
    pub id: String,
    /// When it started (the pending line's time).
    pub time: SystemTime,
    /// When its outcome was written (none for a pending-unknown change).
    pub ended: Option<SystemTime>,
    pub operator: Option<String>,
    pub host: Option<String>,
    /// `{"host","port","name"}` as recorded, or null.
    pub database: serde_json::Value,
    /// The command line as recorded (redacted when written).
    pub command: String,
    /// The (sub)command it ran: `reset-client`, `keys disable`.
    pub command_name: String,
    pub client: Option<String>,
    /// The final counts (the outcome line's), else the pending line's.
    pub counts: serde_json::Value,
    /// The outcome line's text (none while pending).
    pub outcome: Option<String>,
    pub status: Status,
}

/// How to find the (sub)command in a recorded command line: the global options that take a value
/// (their value is not a command), and the commands that group subcommands (`keys`, `secrets`). The
/// command tree is the shell's (`cli`), so it is handed down rather than known here.
pub struct CommandWords {
    pub valued_options: Vec<String>,
    pub groups: Vec<String>,
}

impl CommandWords {
    /// `keys disable` from `--env-file .env keys disable --yes acme-key-02`.
    pub fn command_name(&self, command: &str) -> String {
        let mut words = command.split_whitespace();
        let mut found: Vec<&str> = Vec::new();
        while let Some(w) = words.next() {
            if w == "--" {
                break;
            }
            if w.starts_with('-') {
                if !w.contains('=') && self.valued_options.iter().any(|o| o == w) {
                    words.next();
                }
                continue;
            }
            found.push(w);
            if found.len() == 2 || !self.groups.iter().any(|g| g == found[0]) {
                break;
            }
        }
        found.join(" ")
    }
}

/// Which changes `provctl log` shows.
#[derive(Debug, Default)]
pub struct Filter {
    /// The client's name or id as recorded (the `client` field, or `client_id` in the counts).
    pub client: Option<String>,
    /// Only changes started at or after this time.
    pub since: Option<SystemTime>,
    /// A command name (`reset-client`) or group (`keys`): `keys` matches `keys disable`.
    pub command: Option<String>,
}

/// The longest line read. An audit line is a few hundred bytes, but it carries the command line, and
/// `keys disable NAME…` takes any number of names: Linux lets a process's arguments and environment
/// together reach a quarter of its stack limit (2 MiB by default, more with a raised limit), so the
/// bound is well above what a writer can produce and still bounds what a corrupt file costs.
pub const MAX_LINE: usize = 16 << 20;

impl Filter {
    /// What the first line of a change decides: its start time and its command never change with
    /// its outcome (its counts, which `--client` also looks at, may).
    fn accepts_start(&self, c: &Change) -> bool {
        if let Some(since) = self.since {
            if c.time < since {
                return false;
            }
        }
        if let Some(want) = &self.command {
            let want = want.split_whitespace().collect::<Vec<_>>().join(" ");
            if c.command_name != want && !c.command_name.starts_with(&format!("{want} ")) {
                return false;
            }
        }
        true
    }

    fn accepts(&self, c: &Change) -> bool {
        if !self.accepts_start(c) {
            return false;
        }
        if let Some(want) = &self.client {
            let recorded = |v: &serde_json::Value| v.as_str() == Some(want.as_str());
            if c.client.as_deref() != Some(want.as_str())
                && !recorded(&c.counts["client_id"])
                && !recorded(&c.counts["client"])
            {
                return false;
            }
        }
        true
    }
}

/// What was read: the changes, newest first, and what was skipped (for notes on stderr).
pub struct Read {
    pub changes: Vec<Change>,
    pub skipped: Vec<String>,
    /// Lines read (for the notes).
    pub lines: usize,
}

/// Reads the log at `path`; `None` when there is no log yet (no change was ever recorded there). A
/// path that is not a regular file, or cannot be opened, is exit 2 naming it.
pub fn read(path: &Path, words: &CommandWords, filter: &Filter) -> Result<Option<Read>> {
    let bad = |why: String| {
        Error::usage(format!("audit log {}: {why}", path.display()))
            .with_hint("point --audit-log (or PROVCTL_AUDIT_LOG) at the log to read")
    };
    // O_NONBLOCK: a FIFO with no writer would block the open.
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(crate::config::open_flags(rustix::fs::OFlags::NONBLOCK))
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(bad(e.to_string())),
    };
    let meta = file.metadata().map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("not a regular file".into()));
    }
    let mut reader = std::io::BufReader::new(file);
    let mut changes: Vec<Change> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // Changes left out by `--since`/`--command` at their first line: their outcome lines are skipped.
    let mut dropped: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut skipped = Vec::new();
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        buf.clear();
        let len = std::io::Read::take(&mut reader, MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| bad(e.to_string()))?;
        if len == 0 {
            break;
        }
        n += 1;
        let complete = buf.ends_with(b"\n");
        if !complete && buf.len() > MAX_LINE {
            skip_line(&mut reader).map_err(|e| bad(e.to_string()))?;
            skipped.push(format!(
                "line {n}: longer than {} MiB (not an audit line): skipped",
                MAX_LINE >> 20
            ));
            continue;
        }
        let text = String::from_utf8_lossy(&buf);
        if text.trim().is_empty() {
            continue;
        }
        let line = match Line::parse(text.trim_end()) {
            Ok(l) => l,
            Err(_) if !complete => {
                skipped.push(format!(
                    "line {n}: incomplete last line (a write was cut short): skipped"
                ));
                continue;
            }
            Err(why) => {
                skipped.push(format!("line {n}: not an audit line ({why}): skipped"));
                continue;
            }
        };
        if line.outcome != "pending" {
            if dropped.contains(&line.id) {
                continue;
            }
            if let Some(&i) = by_id.get(&line.id) {
                let c = &mut changes[i];
                if c.outcome.is_none() {
                    c.ended = Some(line.time);
                    c.status = Status::of_outcome(&line.outcome);
                    c.outcome = Some(line.outcome);
                    if !line.counts.is_null() {
                        c.counts = line.counts;
                    }
                    continue;
                }
            }
        }
        let pending = line.outcome == "pending";
        let change = Change {
            command_name: words.command_name(&line.command),
            id: line.id.clone(),
            time: line.time,
            ended: (!pending).then_some(line.time),
            operator: line.operator,
            host: line.host,
            database: line.database,
            command: line.command,
            client: line.client,
            counts: line.counts,
            status: Status::of_outcome(&line.outcome),
            outcome: (!pending).then_some(line.outcome),
        };
        if !filter.accepts_start(&change) {
            dropped.insert(line.id);
            continue;
        }
        by_id.insert(line.id, changes.len());
        changes.push(change);
    }
    let mut changes: Vec<Change> = changes.into_iter().filter(|c| filter.accepts(c)).collect();
    // Newest first; among equal times, the later line first (the file's order is the writing order).
    changes.reverse();
    changes.sort_by_key(|c| std::cmp::Reverse(c.time));
    Ok(Some(Read {
        changes,
        skipped,
        lines: n,
    }))
}

/// Reads past the rest of a line (through its newline, or to the end of the file) without keeping it.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
            }
        }
    }
}

/// One line of the log, as the writer wrote it.
struct Line {
    id: String,
    time: SystemTime,
    operator: Option<String>,
    host: Option<String>,
    database: serde_json::Value,
    command: String,
    client: Option<String>,
    counts: serde_json::Value,
    outcome: String,
}

impl Line {
    /// The reason is short and never quotes the line.
    fn parse(text: &str) -> std::result::Result<Line, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
        let id = field("id").ok_or("no `id`")?;
        let outcome = field("outcome").ok_or("no `outcome`")?;
        let time = field("time")
            .and_then(|t| humantime::parse_rfc3339(&t).ok())
            .ok_or("no RFC 3339 `time`")?;
        Ok(Line {
            id,
            time,
            operator: field("operator"),
            host: field("host"),
            database: v.get("database").cloned().unwrap_or_default(),
            command: field("command").unwrap_or_default(),
            client: field("client"),
            counts: v.get("counts").cloned().unwrap_or_default(),
            outcome,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> CommandWords {
        CommandWords {
            valued_options: ["--env-file", "-o", "--output", "--audit-log"]
                .map(String::from)
                .to_vec(),
            groups: ["keys", "secrets", "clients"].map(String::from).to_vec(),
        }
    }

    #[test]
    fn the_command_name_skips_global_options_and_their_values() {
        let w = words();
        assert_eq!(
            w.command_name("--env-file .env keys disable --yes acme-key-02"),
            "keys disable"
        );
        assert_eq!(
            w.command_name("-o json reset-client --client Acme"),
            "reset-client"
        );
        assert_eq!(w.command_name("--output=json provision a.ini"), "provision");
        assert_eq!(w.command_name("--yes clients delete Acme"), "clients delete");
        assert_eq!(w.command_name(""), "");
    }

    #[test]
    fn outcomes_map_to_a_status() {
        for (o, s) in [
            ("ok", Status::Committed),
            ("exported to stdout", Status::Committed),
            ("error: duplicate key", Status::Failed),
            ("interrupted (SIGINT): not committed", Status::Failed),
            ("failed on a.env: EIO", Status::Failed),
            ("stdout closed: the document was cut short", Status::Failed),
            ("unknown: connection lost during COMMIT", Status::PendingUnknown),
            ("pending", Status::PendingUnknown),
        ] {
            assert_eq!(Status::of_outcome(o), s, "{o}");
        }
    }

    fn line(id: &str, time: &str, outcome: &str, client: &str, command: &str) -> String {
        serde_json::json!({"time": time, "id": id, "operator": "op", "host": "h", "database": null,
            "command": command, "client": client, "counts": {"n": 1}, "outcome": outcome})
        .to_string()
    }

    #[test]
    fn pairs_by_id_newest_first_and_skips_a_cut_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let text = [
            line(
                "a",
                "2026-01-01T10:00:00Z",
                "pending",
                "Acme",
                "reset-client --client Acme",
            ),
            line(
                "a",
                "2026-01-01T10:00:01Z",
                "ok",
                "Acme",
                "reset-client --client Acme",
            ),
            line("b", "2026-01-02T10:00:00Z", "pending", "Globex", "keys disable k"),
            line(
                "c",
                "2026-01-03T10:00:00Z",
                "error: refused",
                "Acme",
                "provision a.ini",
            ),
        ]
        .join("\n")
            + "\n{\"time\":\"2026-01-04";
        std::fs::write(&path, text).unwrap();
        let r = read(&path, &words(), &Filter::default()).unwrap().unwrap();
        let got: Vec<(&str, Status)> = r.changes.iter().map(|c| (c.id.as_str(), c.status)).collect();
        assert_eq!(
            got,
            [
                ("c", Status::Failed),
                ("b", Status::PendingUnknown),
                ("a", Status::Committed)
            ]
        );
        assert_eq!(r.skipped.len(), 1, "{:?}", r.skipped);
        assert!(
            r.skipped[0].contains("line 5: incomplete last line"),
            "{:?}",
            r.skipped
        );
        let f = Filter {
            client: Some("Acme".into()),
            command: Some("reset-client".into()),
            ..Filter::default()
        };
        let r = read(&path, &words(), &f).unwrap().unwrap();
        assert_eq!(r.changes.len(), 1);
        assert_eq!(r.changes[0].id, "a");
        assert_eq!(r.changes[0].outcome.as_deref(), Some("ok"));
        assert!(read(&dir.path().join("none"), &words(), &f).unwrap().is_none());
    }

    /// A change left out by `--since` or `--command` at its first line stays out: its outcome line is
    /// not read as a change of its own.
    #[test]
    fn a_change_filtered_out_at_its_first_line_does_not_come_back_with_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let text = [
            line(
                "old",
                "2026-01-01T10:00:00Z",
                "pending",
                "Acme",
                "reset-client --client Acme",
            ),
            line("new", "2026-02-01T10:00:00Z", "pending", "Acme", "keys disable k"),
            line(
                "old",
                "2026-02-01T10:00:01Z",
                "ok",
                "Acme",
                "reset-client --client Acme",
            ),
            line("new", "2026-02-01T10:00:02Z", "ok", "Acme", "keys disable k"),
        ]
        .join("\n")
            + "\n";
        std::fs::write(&path, text).unwrap();
        let since = Filter {
            since: humantime::parse_rfc3339("2026-01-15T00:00:00Z").ok(),
            ..Filter::default()
        };
        let command = Filter {
            command: Some("keys".into()),
            ..Filter::default()
        };
        for f in [since, command] {
            let r = read(&path, &words(), &f).unwrap().unwrap();
            let got: Vec<(&str, Status)> = r.changes.iter().map(|c| (c.id.as_str(), c.status)).collect();
            assert_eq!(got, [("new", Status::Committed)], "{f:?}");
        }
    }

    /// A line longer than [`MAX_LINE`] (no writer makes one: a hostile or broken file) is skipped with
    /// a note, without being held whole, and the lines after it are read.
    #[test]
    fn an_overlong_line_is_skipped_and_the_next_lines_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let mut text = line("a", "2026-01-01T10:00:00Z", "ok", "Acme", "keys disable k");
        text.push('\n');
        text.push_str(&"x".repeat(MAX_LINE + MAX_LINE / 2));
        text.push('\n');
        text.push_str(&line("b", "2026-01-02T10:00:00Z", "ok", "Acme", "keys enable k"));
        text.push('\n');
        std::fs::write(&path, text).unwrap();
        let r = read(&path, &words(), &Filter::default()).unwrap().unwrap();
        let ids: Vec<&str> = r.changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(r.skipped.len(), 1, "{:?}", r.skipped);
        assert!(
            r.skipped[0].starts_with("line 2: longer than 16 MiB"),
            "{:?}",
            r.skipped
        );
    }
}
