//! Writing the audit log: JSON lines recording every change (who, where, what, how many rows,
//! outcome), never a secret.
//!
//! The log is written ahead: before a change is committed (or a secret leaves, or a file is destroyed),
//! a line with a fresh `id` and `"outcome":"pending"` is appended and synced; if that fails, nothing is
//! changed and the command exits 3. After the change, a second line with the same `id` records what
//! happened (`ok`, `error: …`, `unknown: …` when the connection died during COMMIT, `interrupted (…)`).
//! A pending line without its second line therefore means the process died, or the log became
//! unwritable, in between: look at the database. A failure that changed nothing is one line of its own.
//!
//! The file is opened before the change so an unusable log refuses the command (exit 3): created 0600 in
//! a 0700 directory, opened without following a symlink or blocking on a FIFO, a regular file only, and
//! only ever appended to.

use crate::config::Env;
use crate::db::url::DbUrl;
use crate::error::{Error, Exit, Result};
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

/// A change announced by its `pending` line and not concluded yet: [`AuditLog::end`] writes its outcome.
#[must_use = "a pending change must be concluded with AuditLog::end"]
pub struct Pending {
    id: String,
    fields: serde_json::Map<String, serde_json::Value>,
    counts: serde_json::Value,
}

impl Pending {
    /// The id shared by the change's two lines.
    pub fn id(&self) -> &str {
        &self.id
    }
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

    /// Opens (creating if needed) the log for appending; refuses (exit 3) when it cannot, and when the
    /// path is not a regular file (a FIFO would block every change after its confirmation).
    pub fn open(flag: Option<&Path>, env: &Env) -> Result<AuditLog> {
        let path = Self::path(flag, env)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| Error::refused(format!("audit log directory {}: {e}", dir.display())))?;
        }
        let unusable = |why: String| {
            Error::refused(format!("cannot open the audit log {}: {why}", path.display()))
                .with_hint("set --audit-log or PROVCTL_AUDIT_LOG to a writable regular file")
        };
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(crate::config::open_flags(
                rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK,
            ))
            .open(&path)
            .map_err(|e| {
                // O_NONBLOCK makes a FIFO nobody reads fail at once (ENXIO) instead of blocking.
                if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) {
                    unusable("not a regular file (a FIFO or a device)".into())
                } else {
                    unusable(e.to_string())
                }
            })?;
        let meta = file.metadata().map_err(|e| unusable(e.to_string()))?;
        if !meta.is_file() {
            return Err(unusable("not a regular file".into()));
        }
        // An existing log keeps its mode unless it is looser than ours.
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
        Ok(AuditLog { file, path })
    }

    pub fn path_shown(&self) -> &Path {
        &self.path
    }

    /// The fields every line carries, in order, up to `client`.
    fn fields(
        env: &Env,
        url: Option<&DbUrl>,
        id: &str,
        client: Option<&str>,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        m.insert(
            "time".into(),
            crate::ui::output::rfc3339(SystemTime::now()).into(),
        );
        m.insert("id".into(), id.into());
        m.insert("operator".into(), env.operator().into());
        m.insert("host".into(), hostname().into());
        m.insert(
            "database".into(),
            url.map_or(
                serde_json::Value::Null,
                |u| serde_json::json!({"host": u.host(), "port": u.port(), "name": u.dbname()}),
            ),
        );
        m.insert(
            "command".into(),
            url.map_or_else(command_line, |u| u.redact(&command_line()))
                .into(),
        );
        m.insert("client".into(), client.into());
        m
    }

    fn append(
        &mut self,
        mut fields: serde_json::Map<String, serde_json::Value>,
        counts: serde_json::Value,
        outcome: &str,
    ) -> std::io::Result<()> {
        fields.insert("counts".into(), counts);
        fields.insert("outcome".into(), outcome.into());
        let mut text = serde_json::Value::Object(fields).to_string();
        text.push('\n');
        self.file.write_all(text.as_bytes())?;
        self.file.sync_data()
    }

    /// Write-ahead: appends and syncs the `pending` line of a change about to be made. When it cannot be
    /// written, the change must not be made: the error (exit 3) says so.
    pub fn begin(
        &mut self,
        env: &Env,
        url: Option<&DbUrl>,
        client: Option<&str>,
        counts: serde_json::Value,
    ) -> Result<Pending> {
        let id = crate::db::ids::new_uuid();
        let fields = Self::fields(env, url, &id, client);
        self.append(fields.clone(), counts.clone(), "pending")
            .map_err(|e| {
                Error::refused(format!(
                    "cannot write the audit log {}: {e}: nothing changed",
                    self.path.display()
                ))
                .with_hint(
                    "every change is recorded before it is made: free space or fix the log, then re-run",
                )
            })?;
        Ok(Pending { id, fields, counts })
    }

    /// Concludes a change: its second line, with the same id, the final counts (`None`: those of the
    /// pending line again) and the outcome. The change is already made or undone, so a
    /// failure here is a warning: the pending line stands for the change.
    pub fn end(&mut self, p: Pending, counts: Option<serde_json::Value>, outcome: &str) {
        let mut fields = p.fields;
        fields.insert(
            "time".into(),
            crate::ui::output::rfc3339(SystemTime::now()).into(),
        );
        let counts = counts.unwrap_or(p.counts);
        if let Err(e) = self.append(fields, counts, outcome) {
            crate::ui::output::warn(&format!(
                "could not record the outcome ({outcome}) in the audit log {}: {e}; its pending line {} stands for \
                 this change",
                self.path.display(),
                p.id
            ));
        }
    }

    /// Appends one complete line: an event with nothing pending (a change that failed before anything
    /// was made). A failure is reported, not fatal: nothing changed.
    pub fn record(&mut self, env: &Env, url: Option<&DbUrl>, entry: Entry<'_>) {
        let id = crate::db::ids::new_uuid();
        let fields = Self::fields(env, url, &id, entry.client);
        if let Err(e) = self.append(fields, entry.counts, entry.outcome) {
            crate::ui::output::warn(&format!(
                "could not write the audit log {}: {e}",
                self.path.display()
            ));
        }
    }
}

/// The outcome recorded for a change that failed after its pending line.
pub fn failure_outcome(e: &Error) -> String {
    if e.exit == Exit::Interrupted || crate::ui::signal::interrupted() {
        format!("interrupted ({}): not committed", crate::ui::signal::name())
    } else if crate::db::outcome_unknown(e) && e.hint.as_deref().is_some_and(|h| h.contains("COMMIT")) {
        "unknown: connection lost during COMMIT (the change may be in the database)".to_string()
    } else {
        format!("error: {}", e.message)
    }
}

/// The one way a change is committed: its pending line first (nothing is committed when it cannot be
/// written), then COMMIT, then its outcome — `ok`, `error: …`, or `unknown: …` when the connection died
/// during COMMIT, so the log never misses a change that is in the database.
pub fn commit_recorded(
    tx: crate::db::Session<postgres::Transaction<'_>>,
    log: &mut AuditLog,
    env: &Env,
    url: &DbUrl,
    entry: Entry<'_>,
) -> Result<()> {
    let pending = log.begin(env, Some(url), entry.client, entry.counts)?;
    let result = tx.commit();
    match &result {
        Ok(()) => log.end(pending, None, entry.outcome),
        Err(e) => log.end(pending, None, &failure_outcome(e)),
    }
    result
}

/// This process's command line, for the audit log (secrets are never arguments; the URL password is
/// redacted by [`AuditLog::record`]).
pub fn command_line() -> String {
    std::env::args().skip(1).collect::<Vec<_>>().join(" ")
}

fn hostname() -> String {
    rustix::system::uname().nodename().to_string_lossy().into_owned()
}
