//! `provctl secrets list|show|shred`: the lifecycle of generated secrets files — find them, read them
//! once for delivery, destroy them. The scanning and shredding live in `secrets_file`.

use super::Ctx;
use crate::audit::AuditLog;
use crate::error::{Error, Result};
use crate::secrets::file::{self as secrets_file, FoundFile};
use crate::ui::output::Value;
use clap::Subcommand;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Find generated secrets files: age, mode, owner, secrets held (names), git status; exit 1 on warnings.
    ///
    /// Lists every `*.generated.secrets.env` and every other file provctl wrote a secret to (the
    /// `--out` files of keys export, deliverable and reset-password start with a `provctl-secrets`
    /// header line; older ones hold `ADMIN_PASSWORD=` or `API_KEY_VALUE__…=` lines) directly inside each
    /// directory: subdirectories are not searched. Warns about files older than --max-age, readable by
    /// group or others, tracked by git or in a work tree that does not ignore them, and symlinks.
    #[command(
        after_help = "Examples:\n  provctl secrets list\n  provctl secrets list provisioning/ /root --max-age 2 -o json"
    )]
    List {
        /// Directories to search, not recursively (default: provisioning/ and the current directory).
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Warn about files older than this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 7)]
        max_age: u64,
    },
    /// Show a secrets file's entries (values only with --reveal on a terminal, or to a pipe).
    ///
    /// Prints line, name and value for each KEY=VALUE line. Values go to stdout when it is not a
    /// terminal (a pipe, a file); on a terminal only with --reveal — without it the entries are listed
    /// with secret values as *** and the command exits 3. The file is never read through a symlink, and
    /// a file that is not mode 600 or not yours is refused unless --force.
    #[command(
        after_help = "Examples:\n  provctl secrets show provisioning/acme.ini.generated.secrets.env --reveal\n  provctl secrets show acme.ini.generated.secrets.env -o json | vault-put"
    )]
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show values on a terminal.
        #[arg(long)]
        reveal: bool,
        /// Read a file that is not mode 600 or belongs to another user.
        #[arg(long)]
        force: bool,
    },
    /// Overwrite, fsync and unlink secrets files (never through a symlink; confirmation).
    ///
    /// Lists what will be destroyed (the secrets by name), asks (--yes in scripts), then for each file:
    /// overwrites its bytes with random ones, syncs them, removes the name and syncs the directory.
    /// Refuses symlinks (the link and its target are left alone) and anything but a regular file, and a
    /// file that does not look like a secrets file unless --force. On copy-on-write filesystems and SSDs
    /// old blocks may survive the overwrite: rotate secrets that leaked. Recorded in the audit log.
    #[command(
        after_help = "Examples:\n  provctl secrets shred provisioning/acme.ini.generated.secrets.env\n  provctl secrets shred --yes acme-keys.env admin.env"
    )]
    Shred {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Shred a file that is not recognisably provctl's (no header, no secret line).
        #[arg(long)]
        force: bool,
    },
}

pub fn run(ctx: &mut Ctx, cmd: SecretsCommand) -> Result<()> {
    match cmd {
        SecretsCommand::List { dirs, max_age } => list(ctx, dirs, max_age),
        SecretsCommand::Show { file, reveal, force } => show(ctx, &file, reveal, force),
        SecretsCommand::Shred { files, force } => shred(ctx, &files, force),
    }
}

/// At most this many names in one cell; the count says how many there are.
const NAMES_SHOWN: usize = 20;

/// Secret names for a cell: `ADMIN_PASSWORD, API_KEY_VALUE__k-01, …`.
pub fn names_cell(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(NAMES_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        s.push_str(&format!(", … ({} more)", names.len() - NAMES_SHOWN));
    }
    s
}

fn list(ctx: &mut Ctx, dirs: Vec<PathBuf>, max_age_days: u64) -> Result<()> {
    let dirs = if dirs.is_empty() {
        secrets_file::default_dirs()
    } else {
        dirs
    };
    for d in &dirs {
        match std::fs::metadata(d) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(Error::usage(format!("{} is not a directory", d.display()))),
            Err(e) => return Err(Error::usage(format!("{}: {e}", d.display()))),
        }
    }
    let found = secrets_file::scan(&dirs)?;
    let max_age = Duration::from_secs(max_age_days.saturating_mul(86_400));
    let now = SystemTime::now();
    // git asked once per directory for all its files (a symlink is not asked about).
    let asked: Vec<&std::path::Path> = found
        .iter()
        .filter(|f| !f.symlink)
        .map(|f| f.path.as_path())
        .collect();
    let mut statuses = secrets_file::git_status_all(&asked).into_iter();
    let rows: Vec<(FoundFile, secrets_file::GitStatus, Vec<String>)> = found
        .into_iter()
        .map(|f| {
            let git = if f.symlink {
                secrets_file::GitStatus::NoRepo
            } else {
                statuses.next().unwrap_or(secrets_file::GitStatus::NoRepo)
            };
            let mut warnings = f.warnings(max_age, now);
            warnings.extend(git.warning(&f.path));
            (f, git, warnings)
        })
        .collect();
    let flagged = rows.iter().filter(|(_, _, w)| !w.is_empty()).count();
    ctx.out.rows(
        &[
            "path", "age_days", "mode", "owner", "secrets", "names", "git", "warnings",
        ],
        rows.iter().map(|(f, git, warnings)| {
            let age_days = i64::try_from(f.age(now).as_secs() / 86_400).unwrap_or(i64::MAX);
            Ok(vec![
                Value::text(f.path.display().to_string()),
                Value::Int(age_days),
                Value::text(f.mode_octal()),
                Value::text(secrets_file::user_name(f.uid)),
                if f.unreadable.is_some() || f.symlink {
                    Value::Null
                } else {
                    Value::Int(f.secrets.len() as i64)
                },
                Value::text(names_cell(&f.secrets)),
                Value::text(if f.symlink { "" } else { git.as_str() }),
                Value::text(warnings.join("; ")),
            ])
        }),
    )?;
    let searched = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if rows.is_empty() {
        crate::ui::output::note(&format!("no secrets file in {searched}"));
        return Ok(());
    }
    if flagged > 0 {
        crate::ui::output::note(&format!(
            "{flagged} of {} secrets file(s) need attention: deliver, then `provctl secrets shred FILE`",
            rows.len()
        ));
        return Err(Error::check_failed());
    }
    Ok(())
}

/// Opens a secrets file to read it: never through a symlink, only a regular file. A missing file is
/// exit 2; a symlink or something else than a file is refused (exit 3).
fn open_checked(path: &Path) -> Result<std::fs::File> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::usage(format!("{}: no such file", path.display())))
        }
        Err(e) => return Err(Error::usage(format!("{}: {e}", path.display()))),
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::refused(format!(
                "{} is a symlink: a secrets file is never read through a symlink",
                path.display()
            )))
        }
        Ok(m) if !m.is_file() => {
            return Err(Error::refused(format!(
                "{} is not a regular file",
                path.display()
            )))
        }
        Ok(_) => {}
    }
    secrets_file::open_read(path).map_err(|e| {
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            Error::refused(format!(
                "{} is a symlink: a secrets file is never read through a symlink",
                path.display()
            ))
        } else {
            Error::refused(format!("cannot open {}: {e}", path.display()))
        }
    })
}

fn show(ctx: &mut Ctx, path: &Path, reveal: bool, force: bool) -> Result<()> {
    let mut file = open_checked(path)?;
    let meta = file
        .metadata()
        .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    let mode = meta.mode() & 0o7777;
    let me = secrets_file::current_uid();
    let mut problems = Vec::new();
    if mode != 0o600 {
        problems.push(format!("has mode {mode:o}, not 600"));
    }
    if meta.uid() != me {
        problems.push(format!(
            "belongs to {}, not to you",
            secrets_file::user_name(meta.uid())
        ));
    }
    if !problems.is_empty() {
        let what = format!("{} {}", path.display(), problems.join(" and "));
        if !force {
            return Err(Error::refused(format!("{what}: not shown"))
                .with_hint("check who else could read it (chmod 600 if it is yours), or pass --force"));
        }
        crate::ui::output::warn(&what);
    }
    let entries = secrets_file::read_entries(&mut file, path)?;
    secrets_file::warn_if_git_would_commit(path);
    // The destination rules of `keys export`: a pipe or a file may get the values, a terminal only
    // with --reveal.
    let values_allowed = reveal || !ctx.out.stdout_is_terminal();
    ctx.out.rows(
        &["line", "name", "value"],
        entries.iter().map(|e| {
            let value = if values_allowed || !e.is_secret() {
                e.value.expose().to_string()
            } else {
                "***".to_string()
            };
            Ok(vec![
                Value::Int(e.line as i64),
                Value::text(e.name.as_str()),
                Value::Text(value),
            ])
        }),
    )?;
    if entries.is_empty() {
        crate::ui::output::note(&format!("{}: no KEY=VALUE line", path.display()));
    }
    if !values_allowed && entries.iter().any(|e| e.is_secret()) {
        return Err(Error::refused(
            "stdout is a terminal: secret values would be shown on screen (and in its scrollback): shown as ***",
        )
        .with_hint("pass --reveal in a private session, or pipe the output"));
    }
    Ok(())
}

/// A file checked and ready to shred.
struct Target {
    path: PathBuf,
    id: (u64, u64),
    len: u64,
    nlink: u64,
    names: Vec<String>,
}

fn check_target(path: &Path, force: bool) -> Result<Target> {
    let lmeta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::usage(format!(
                "{}: no such file: nothing shredded",
                path.display()
            )))
        }
        Err(e) => return Err(Error::usage(format!("{}: {e}: nothing shredded", path.display()))),
    };
    if lmeta.file_type().is_symlink() {
        return Err(Error::refused(format!(
            "{} is a symlink: never shredded through (the link and its target are left alone): nothing shredded",
            path.display()
        ))
        .with_hint("remove the link with rm, and shred the file it points to by its own path"));
    }
    if !lmeta.is_file() {
        return Err(Error::refused(format!(
            "{} is not a regular file: nothing shredded",
            path.display()
        )));
    }
    let mut file = open_checked(path)?;
    let meta = file
        .metadata()
        .map_err(|e| Error::refused(format!("{}: {e}", path.display())))?;
    if (meta.dev(), meta.ino()) != (lmeta.dev(), lmeta.ino()) {
        return Err(Error::refused(format!(
            "{} changed while it was checked: nothing shredded",
            path.display()
        )));
    }
    let held = secrets_file::held_secrets(&mut file)
        .map_err(|e| Error::refused(format!("cannot read {}: {e}: nothing shredded", path.display())))?;
    if held.is_none()
        && !secrets_file::has_generated_name(path)
        && !secrets_file::is_unfinished_out_file(path)
        && !force
    {
        return Err(Error::refused(format!(
            "{} does not look like a secrets file (no `{}` header, ADMIN_PASSWORD= or API_KEY_VALUE__ line, not *{}): \
             nothing shredded",
            path.display(),
            secrets_file::MARKER,
            secrets_file::GENERATED_SUFFIX
        ))
        .with_hint("check the path; pass --force to shred it anyway"));
    }
    let names = held.unwrap_or_default();
    Ok(Target {
        path: path.to_path_buf(),
        id: (meta.dev(), meta.ino()),
        len: meta.len(),
        nlink: meta.nlink(),
        names,
    })
}

fn shred(ctx: &mut Ctx, files: &[PathBuf], force: bool) -> Result<()> {
    // Every file is checked before anything is destroyed.
    let mut targets: Vec<Target> = Vec::new();
    for path in files {
        if targets.iter().any(|t| t.path == *path) {
            continue;
        }
        targets.push(check_target(path, force)?);
    }
    let total: usize = targets.iter().map(|t| t.names.len()).sum();
    ctx.out.rows(
        &["path", "bytes", "secrets", "names"],
        targets.iter().map(|t| {
            Ok(vec![
                Value::text(t.path.display().to_string()),
                Value::Int(i64::try_from(t.len).unwrap_or(i64::MAX)),
                Value::Int(t.names.len() as i64),
                Value::text(names_cell(&t.names)),
            ])
        }),
    )?;
    for t in &targets {
        if secrets_file::git_status(&t.path) == secrets_file::GitStatus::Tracked {
            crate::ui::output::warn(&format!(
                "{} is tracked by git: shredding this copy does not remove it from the repository or its history \
                 (rotate these secrets)",
                t.path.display()
            ));
        }
    }
    let host = rustix::system::uname().nodename().to_string_lossy().into_owned();
    let target = ctx.target_at(format!("local files on {host}"));
    crate::ui::confirm::confirm(
        &target,
        ctx.global.yes,
        &format!(
            "Shred {} file(s) holding {total} secret(s)? They are overwritten and removed: this cannot be undone",
            targets.len()
        ),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let planned = serde_json::json!({"files": targets.len(), "secrets": total});
    // Recorded before the first file is touched; a signal stops between two files, never inside one.
    let pending = log.begin(&ctx.env, None, None, planned)?;
    let _deferred = crate::ui::signal::Deferred::new();
    let (mut files_done, mut secrets_done) = (0usize, 0usize);
    for t in &targets {
        let done = || serde_json::json!({"files": files_done, "secrets": secrets_done});
        if let Err(e) = crate::ui::signal::check() {
            log.end(
                pending,
                Some(done()),
                &format!(
                    "interrupted ({}) before {}",
                    crate::ui::signal::name(),
                    t.path.display()
                ),
            );
            return Err(e);
        }
        if let Err(e) = secrets_file::shred(&t.path, t.id) {
            log.end(
                pending,
                Some(done()),
                &format!("failed on {}: {e}", t.path.display()),
            );
            let mut err = Error::refused(format!("cannot shred {}: {e}", t.path.display()));
            if files_done > 0 {
                err = err.with_hint(format!(
                    "{files_done} file(s) listed before it were shredded; the others are untouched"
                ));
            }
            return Err(err);
        }
        files_done += 1;
        secrets_done += t.names.len();
        crate::ui::output::note(&format!(
            "shredded {}: {}",
            t.path.display(),
            if t.names.is_empty() {
                "no recognised secret line".to_string()
            } else {
                format!("{} secret(s): {}", t.names.len(), t.names.join(", "))
            }
        ));
        if t.nlink > 1 {
            crate::ui::output::warn(&format!(
                "{} had {} other hard link(s): they remain, now holding random bytes",
                t.path.display(),
                t.nlink - 1
            ));
        }
    }
    log.end(
        pending,
        Some(serde_json::json!({"files": files_done, "secrets": secrets_done})),
        "ok",
    );
    crate::ui::output::note(&format!(
        "{files_done} file(s) shredded, {secrets_done} secret(s) destroyed"
    ));
    Ok(())
}
