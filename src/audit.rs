//! The audit log: one JSON line per change (who, where, what, how many rows, outcome), never a secret.
//!
//! The file is opened before the change so an unwritable log refuses the command (exit 3) instead of
//! leaving a change unrecorded; it is created 0600 in a 0700 directory and only ever appended to.

use crate::config::Env;
use crate::dburl::DbUrl;
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// An open audit log.
pub struct AuditLog {
    file: File,
    path: PathBuf,
}

/// One entry: what changed. The command line is added by [`AuditLog::record`], redacted (no secret is
/// ever an argument, but `--database-url` may carry the database password).
pub struct Entry<'a> {
    pub client: Option<&'a str>,
    pub counts: serde_json::Value,
    pub outcome: &'a str,
}

impl AuditLog {
    /// Where the log goes: `--audit-log`, `PROVCTL_AUDIT_LOG`, `$XDG_STATE_HOME/provctl/audit.jsonl`,
    /// `~/.local/state/provctl/audit.jsonl`.
    pub fn path(flag: Option<&Path>, env: &Env) -> Result<PathBuf> {
        if let Some(p) = flag {
            return Ok(p.to_path_buf());
        }
        if let Some(p) = env.get("PROVCTL_AUDIT_LOG") {
            return Ok(PathBuf::from(p));
        }
        let base = match env.get("XDG_STATE_HOME") {
            Some(s) => PathBuf::from(s),
            None => match env.get("HOME") {
                Some(h) => Path::new(&h).join(".local/state"),
                None => {
                    return Err(Error::refused(
                        "no place for the audit log: set --audit-log or PROVCTL_AUDIT_LOG",
                    ))
                }
            },
        };
        Ok(base.join("provctl/audit.jsonl"))
    }

    /// Opens (creating if needed) the log for appending; refuses (exit 3) when it cannot.
    pub fn open(flag: Option<&Path>, env: &Env) -> Result<AuditLog> {
        let path = Self::path(flag, env)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| Error::refused(format!("audit log directory {}: {e}", dir.display())))?;
        }
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .map_err(|e| {
                Error::refused(format!("cannot open the audit log {}: {e}", path.display()))
                    .with_hint("set --audit-log or PROVCTL_AUDIT_LOG to a writable file")
            })?;
        // An existing log keeps its mode unless it is looser than ours.
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = file.metadata() {
            if m.permissions().mode() & 0o077 != 0 {
                let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
            }
        }
        Ok(AuditLog { file, path })
    }

    pub fn path_shown(&self) -> &Path {
        &self.path
    }

    /// Appends one line. A failure here comes after the change: it is reported, not fatal.
    pub fn record(&mut self, env: &Env, url: Option<&DbUrl>, entry: Entry<'_>) {
        let line = serde_json::json!({
            "time": crate::output::rfc3339(SystemTime::now()),
            "operator": env.operator(),
            "host": hostname(),
            "database": url.map(|u| serde_json::json!({"host": u.host(), "port": u.port(), "name": u.dbname()})),
            "command": url.map_or_else(command_line, |u| u.redact(&command_line())),
            "client": entry.client,
            "counts": entry.counts,
            "outcome": entry.outcome,
        });
        let mut text = line.to_string();
        text.push('\n');
        if let Err(e) = self
            .file
            .write_all(text.as_bytes())
            .and_then(|_| self.file.sync_data())
        {
            crate::output::warn(&format!(
                "could not write the audit log {}: {e}",
                self.path.display()
            ));
        }
    }
}

/// Commits `tx` and records the change: `ok`, or — when the connection died during COMMIT — an entry
/// saying the change may have been made, so the log never misses a change that is in the database.
pub fn commit_recorded(
    tx: crate::db::Session<postgres::Transaction<'_>>,
    log: &mut AuditLog,
    env: &Env,
    url: &DbUrl,
    entry: Entry<'_>,
) -> crate::error::Result<()> {
    match tx.commit() {
        Ok(()) => {
            log.record(env, Some(url), entry);
            Ok(())
        }
        Err(e) => {
            if crate::db::outcome_unknown(&e) {
                log.record(
                    env,
                    Some(url),
                    Entry {
                        outcome: "unknown: connection lost during COMMIT (the change may be in the database)",
                        ..entry
                    },
                );
            }
            Err(e)
        }
    }
}

/// This process's command line, for the audit log (secrets are never arguments; the URL password is
/// redacted by [`AuditLog::record`]).
pub fn command_line() -> String {
    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into buf.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "unknown".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
