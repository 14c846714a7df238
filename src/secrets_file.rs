//! Files that hold secrets: created 0600 whatever the umask, never through a symlink, appended to
//! rather than overwritten, synced to disk before the database commits, and rolled back to their
//! previous length if the commit fails.
//!
//! The order matters: a generated password must be on disk before the admin that uses it is
//! committed, otherwise a crash between the two leaves an account nobody can log in to. The reverse
//! failure (secrets on disk for a transaction that rolled back) is undone by truncating the file back.

use crate::error::{Error, Result};
use crate::secret::SecretString;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// `<ini>.generated.secrets.env` beside the INI file.
pub fn path_for_ini(ini: &Path) -> PathBuf {
    let mut name = ini.file_name().unwrap_or_default().to_os_string();
    name.push(".generated.secrets.env");
    ini.with_file_name(name)
}

/// Checks, without writing, that a secrets file can be appended to at `path`: not a symlink, a regular
/// file if it exists, in a writable directory. Refusals are exit 3 (a secret with nowhere safe to go).
pub fn preflight(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::refused(format!(
            "{} is a symlink: a secrets file is never written through a symlink",
            path.display()
        ))),
        Ok(m) if !m.is_file() => Err(Error::refused(format!(
            "{} is not a regular file",
            path.display()
        ))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = parent_dir(path);
            let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes())
                .map_err(|_| Error::usage(format!("bad path {}", path.display())))?;
            // SAFETY: access() only reads the NUL-terminated path.
            if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
                return Err(Error::refused(format!(
                    "cannot create a secrets file in {}: {}",
                    dir.display(),
                    std::io::Error::last_os_error()
                )));
            }
            Ok(())
        }
        Err(e) => Err(Error::refused(format!("{}: {e}", path.display()))),
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A secrets file opened for one append, remembering how to undo it.
pub struct Append {
    file: File,
    path: PathBuf,
    previous_len: u64,
    created: bool,
}

impl Append {
    /// Opens (or creates) the file for appending: `O_NOFOLLOW`, mode 0600 forced with `fchmod` (the
    /// umask could otherwise loosen nothing but tighten it to unreadable, and an old file may be looser).
    pub fn open(path: &Path) -> Result<Append> {
        preflight(path)?;
        let existed = std::fs::symlink_metadata(path).is_ok();
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| Error::refused(format!("cannot open the secrets file {}: {e}", path.display())))?;
        let meta = file
            .metadata()
            .map_err(|e| Error::refused(format!("{}: {e}", path.display())))?;
        if !meta.is_file() {
            return Err(Error::refused(format!(
                "{} is not a regular file",
                path.display()
            )));
        }
        // SAFETY: geteuid has no preconditions.
        if existed && meta.uid() != unsafe { libc::geteuid() } {
            return Err(Error::refused(format!(
                "{} belongs to another user: refusing to append secrets to it",
                path.display()
            )));
        }
        if meta.mode() & 0o777 != 0o600 {
            if existed {
                crate::output::warn(&format!(
                    "{} had mode {:o}: tightened to 600",
                    path.display(),
                    meta.mode() & 0o777
                ));
            }
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::refused(format!("cannot chmod 600 {}: {e}", path.display())))?;
        }
        Ok(Append {
            file,
            path: path.to_path_buf(),
            previous_len: meta.len(),
            created: !existed,
        })
    }

    /// Appends `text` and syncs the file (and, when new, its directory entry) to disk.
    pub fn write_synced(&mut self, text: &SecretString) -> Result<()> {
        let fail = |e: std::io::Error| {
            Error::refused(format!(
                "cannot write the secrets file {}: {e}",
                self.path.display()
            ))
        };
        self.file.write_all(text.expose().as_bytes()).map_err(fail)?;
        self.file.sync_all().map_err(fail)?;
        if self.created {
            if let Ok(dir) = File::open(parent_dir(&self.path)) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }

    /// Undoes the append after a failed commit: back to the previous length, or no file at all.
    pub fn roll_back(self) {
        let result = if self.created {
            std::fs::remove_file(&self.path)
        } else {
            self.file
                .set_len(self.previous_len)
                .and_then(|_| self.file.sync_all())
        };
        if let Err(e) = result {
            crate::output::warn(&format!(
                "could not roll back the secrets file {} after the failed commit: {e}; it holds secrets of \
                 objects that were NOT created",
                self.path.display()
            ));
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Warns when `path` sits in a git work tree that would commit it (not ignored).
pub fn warn_if_git_would_commit(path: &Path) {
    let dir = parent_dir(path);
    let Some(name) = path.file_name() else { return };
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["check-ignore", "-q", "--"])
        .arg(name)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    // 0: ignored; 1: not ignored (inside a work tree); 128: not a work tree or git failed.
    if let Ok(s) = status {
        if s.code() == Some(1) {
            crate::output::warn(&format!(
                "{} holds secrets and is inside a git work tree that does not ignore it: never commit it \
                 (add it to .gitignore; `*.generated.secrets.env` covers provisioning secrets)",
                path.display()
            ));
        }
    }
}

/// Builds the text of a `KEY=VALUE` block in zeroized memory.
pub struct Block(Zeroizing<String>);

impl Block {
    pub fn new(header: &[String]) -> Block {
        // Reserved up front: a growing String reallocates and frees its old buffer without zeroing it.
        let mut s = Zeroizing::new(String::with_capacity(8192));
        s.push('\n');
        for h in header {
            s.push_str("# ");
            s.push_str(&h.replace(['\n', '\r'], " "));
            s.push('\n');
        }
        Block(s)
    }

    pub fn line(&mut self, key: &str, value: &str) {
        self.0.push_str(key);
        self.0.push('=');
        self.0.push_str(value);
        self.0.push('\n');
    }

    pub fn into_secret(mut self) -> SecretString {
        SecretString::new(std::mem::take(&mut *self.0))
    }
}

/// A new file for secrets (`--out`): written to a private temporary file in the same directory, then
/// put in place in one step — so a failed export leaves no partial file, and an existing file is
/// replaced only with `--force` (never through a symlink).
pub struct NewFile {
    file: File,
    tmp: PathBuf,
    dest: PathBuf,
    force: bool,
    published: bool,
}

impl NewFile {
    /// Refuses (exit 3) an existing destination without `force`, and a symlink always.
    pub fn create(dest: &Path, force: bool) -> Result<NewFile> {
        match std::fs::symlink_metadata(dest) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::refused(format!(
                    "{} is a symlink: secrets are never written through a symlink",
                    dest.display()
                )))
            }
            Ok(m) if !m.is_file() => {
                return Err(Error::refused(format!(
                    "{} exists and is not a regular file",
                    dest.display()
                )))
            }
            Ok(_) if !force => {
                return Err(
                    Error::refused(format!("{} already exists: nothing written", dest.display()))
                        .with_hint("choose another --out file, or pass --force to replace it"),
                )
            }
            _ => {}
        }
        let dir = parent_dir(dest);
        let name = dest.file_name().unwrap_or_default().to_string_lossy();
        let mut last_err = None;
        for _ in 0..8 {
            let tmp = dir.join(format!(".{name}.provctl-{:08x}", rand::random::<u32>()));
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(&tmp)
            {
                Ok(file) => {
                    // The umask may have removed bits we need; it cannot have added any.
                    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
                    return Ok(NewFile {
                        file,
                        tmp,
                        dest: dest.to_path_buf(),
                        force,
                        published: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
                Err(e) => {
                    return Err(Error::refused(format!(
                        "cannot create a file in {}: {e}",
                        dir.display()
                    )))
                }
            }
        }
        Err(Error::refused(format!(
            "cannot create a temporary file in {}: {}",
            dir.display(),
            last_err.map(|e| e.to_string()).unwrap_or_default()
        )))
    }

    pub fn writer(&mut self) -> &mut File {
        &mut self.file
    }

    /// Syncs and puts the file at its destination (`link` refuses to replace an existing file, so a
    /// file that appeared meanwhile is not clobbered; `--force` renames over it).
    pub fn publish(&mut self) -> Result<()> {
        let fail = |e: std::io::Error| Error::refused(format!("cannot write {}: {e}", self.dest.display()));
        self.file.flush().map_err(fail)?;
        self.file.sync_all().map_err(fail)?;
        if self.force {
            std::fs::rename(&self.tmp, &self.dest).map_err(fail)?;
        } else {
            std::fs::hard_link(&self.tmp, &self.dest).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::refused(format!(
                        "{} appeared meanwhile: nothing written",
                        self.dest.display()
                    ))
                } else {
                    fail(e)
                }
            })?;
            let _ = std::fs::remove_file(&self.tmp);
        }
        if let Ok(dir) = File::open(parent_dir(&self.dest)) {
            let _ = dir.sync_all();
        }
        self.published = true;
        Ok(())
    }

    /// Removes a published file again (its transaction failed after it was written).
    pub fn unpublish(mut self) {
        if self.published {
            let _ = std::fs::remove_file(&self.dest);
            self.published = false;
        }
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
