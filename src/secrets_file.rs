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
        // After earlier content, a newline first: an empty line between two blocks, or the end of an
        // unterminated last line. A new file starts with the block itself.
        if self.previous_len > 0 {
            self.file.write_all(b"\n").map_err(fail)?;
        }
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

// ---------------------------------------------------------------- finding and reading secrets files
//
// Used by `provctl secrets list|show|shred` and `provctl doctor`: which files hold provctl's secrets,
// what they hold (by name: a value is never kept beyond the read buffer, which is zeroed), and what git
// thinks of them.

/// The suffix of the files `provision` writes (`<ini>.generated.secrets.env`).
pub const GENERATED_SUFFIX: &str = ".generated.secrets.env";

/// How much of a file not named `*.generated.secrets.env` is read to recognise provctl's lines.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The largest file `read_entries` accepts: secrets files are a few kilobytes.
const MAX_ENTRIES_BYTES: u64 = 16 * 1024 * 1024;

/// Whether a `KEY=VALUE` line with this key holds a secret: `ADMIN_PASSWORD` and `API_KEY_VALUE__<name>`.
/// (`ADMIN_EMAIL` and `API_KEY_NAME__<name>` are not secrets.)
pub fn is_secret_name(key: &str) -> bool {
    key == "ADMIN_PASSWORD" || (key.starts_with("API_KEY_VALUE__") && key.len() > "API_KEY_VALUE__".len())
}

/// Whether a file's name is that of a generated secrets file.
pub fn has_generated_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(GENERATED_SUFFIX) && n.len() > GENERATED_SUFFIX.len())
}

/// The directories searched when none is given: `provisioning/` (when it exists) and the current one.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if Path::new("provisioning").is_dir() {
        dirs.push(PathBuf::from("provisioning"));
    }
    dirs.push(PathBuf::from("."));
    dirs
}

/// A secrets file found by [`scan`].
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// As found: `DIR/NAME` (just `NAME` in the current directory).
    pub path: PathBuf,
    /// A symlink with a secrets file's name (listed, never followed).
    pub symlink: bool,
    pub modified: Option<std::time::SystemTime>,
    /// Permission bits (`0o600`).
    pub mode: u32,
    pub uid: u32,
    pub nlink: u64,
    pub len: u64,
    /// The names of the secrets it holds (`ADMIN_PASSWORD`, `API_KEY_VALUE__acme-key-01`), in file
    /// order; empty for a symlink or an unreadable file.
    pub secrets: Vec<String>,
    /// Why the file could not be read, when it could not.
    pub unreadable: Option<String>,
}

impl FoundFile {
    /// Time since the last modification (zero for a time in the future).
    pub fn age(&self, now: std::time::SystemTime) -> std::time::Duration {
        self.modified
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default()
    }

    /// The permission bits as `chmod` takes them (`"600"`).
    pub fn mode_octal(&self) -> String {
        format!("{:o}", self.mode)
    }

    /// What is wrong with the file itself: too old, open to group/others, a symlink, unreadable.
    /// (Git's view is separate: see [`git_status`].)
    pub fn warnings(&self, max_age: std::time::Duration, now: std::time::SystemTime) -> Vec<String> {
        let mut w = Vec::new();
        if self.symlink {
            w.push("symlink: not followed (remove the link; check what it points to)".to_string());
            return w;
        }
        let age = self.age(now);
        if age > max_age {
            w.push(format!(
                "older than {} day(s): deliver it, then shred it",
                max_age.as_secs() / 86_400
            ));
        }
        if self.mode & 0o044 != 0 {
            w.push(format!(
                "readable by group/others (mode {}): chmod 600",
                self.mode_octal()
            ));
        } else if self.mode & 0o077 != 0 {
            w.push(format!(
                "open to group/others (mode {}): chmod 600",
                self.mode_octal()
            ));
        }
        if let Some(e) = &self.unreadable {
            w.push(format!("cannot read it: {e}"));
        }
        w
    }
}

/// The secrets files directly inside each directory (not recursive), sorted by path within a
/// directory: every `*.generated.secrets.env` (symlinks included, never followed), and every other
/// regular file whose first 64 KiB hold a provctl secret line (`ADMIN_PASSWORD=` or
/// `API_KEY_VALUE__…=`, as `--out` files and `keys export --format env` write them). A directory given
/// twice is searched once. A directory that cannot be read is an error (exit 2).
pub fn scan(dirs: &[PathBuf]) -> Result<Vec<FoundFile>> {
    let mut seen_dirs = Vec::new();
    let mut found = Vec::new();
    for dir in dirs {
        let canonical =
            std::fs::canonicalize(dir).map_err(|e| Error::usage(format!("{}: {e}", dir.display())))?;
        if seen_dirs.contains(&canonical) {
            continue;
        }
        seen_dirs.push(canonical);
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Error::usage(format!("cannot list {}: {e}", dir.display())))?;
        let mut names: Vec<std::ffi::OsString> =
            entries.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
        names.sort();
        for name in names {
            let path = if dir == Path::new(".") {
                PathBuf::from(&name)
            } else {
                dir.join(&name)
            };
            if let Some(f) = examine(&path) {
                found.push(f);
            }
        }
    }
    Ok(found)
}

/// One directory entry: `Some` when it is a secrets file.
fn examine(path: &Path) -> Option<FoundFile> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let named = has_generated_name(path);
    let symlink = meta.file_type().is_symlink();
    if !(meta.is_file() || (symlink && named)) {
        return None;
    }
    let mut f = FoundFile {
        path: path.to_path_buf(),
        symlink,
        modified: meta.modified().ok(),
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        nlink: meta.nlink(),
        len: meta.len(),
        secrets: Vec::new(),
        unreadable: None,
    };
    if symlink {
        return Some(f);
    }
    match open_read(path).and_then(|mut file| {
        if !named && !has_secret_line(&mut file, SNIFF_BYTES)? {
            return Ok(None);
        }
        std::io::Seek::rewind(&mut file)?;
        secret_names(&mut file).map(Some)
    }) {
        Ok(Some(names)) => f.secrets = names,
        Ok(None) => return None,
        Err(_) if !named => return None,
        Err(e) => f.unreadable = Some(e.to_string()),
    }
    Some(f)
}

/// Opens for reading without following a symlink, without blocking on a FIFO swapped in, and checks
/// the result is a regular file.
pub fn open_read(path: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Calls `f` with the key of each line that has one (the text before the first `=`, at most 255
/// bytes, valid UTF-8) until `f` returns false or `limit` bytes were read. Values are never copied out
/// of the read buffer, which is zeroed when done.
fn each_key(
    r: &mut dyn std::io::Read,
    limit: Option<u64>,
    mut f: impl FnMut(&str) -> bool,
) -> std::io::Result<()> {
    const KEY_MAX: usize = 255;
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    // Fixed capacity: never reallocated (a line without `=` would otherwise leave copies behind).
    let mut key: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(KEY_MAX));
    let mut in_key = true;
    let mut total = 0u64;
    loop {
        let want = match limit {
            Some(l) if total >= l => return Ok(()),
            Some(l) => buf.len().min(usize::try_from(l - total).unwrap_or(usize::MAX)),
            None => buf.len(),
        };
        let n = match r.read(&mut buf[..want]) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        for &b in &buf[..n] {
            if b == b'\n' {
                key.clear();
                in_key = true;
            } else if !in_key {
            } else if b == b'=' {
                in_key = false;
                if let Ok(k) = std::str::from_utf8(&key) {
                    if !f(k) {
                        return Ok(());
                    }
                }
            } else if key.len() < KEY_MAX {
                key.push(b);
            } else {
                in_key = false;
            }
        }
    }
}

/// Whether the first `limit` bytes hold a provctl secret line.
fn has_secret_line(r: &mut dyn std::io::Read, limit: u64) -> std::io::Result<bool> {
    let mut found = false;
    each_key(r, Some(limit), |k| {
        found = is_secret_name(k);
        !found
    })?;
    Ok(found)
}

/// The names of the secret lines (`ADMIN_PASSWORD`, `API_KEY_VALUE__<name>`), in file order.
pub fn secret_names(r: &mut dyn std::io::Read) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    each_key(r, None, |k| {
        if is_secret_name(k) {
            names.push(k.to_string());
        }
        true
    })?;
    Ok(names)
}

/// One `KEY=VALUE` line of a secrets file.
pub struct SecretEntry {
    /// 1-based line number.
    pub line: usize,
    pub name: String,
    pub value: SecretString,
}

impl SecretEntry {
    /// Whether the value is a secret. Only `ADMIN_EMAIL` and `API_KEY_NAME__<name>` are known not to
    /// be; anything else (including lines of a format provctl does not know) is treated as one.
    pub fn is_secret(&self) -> bool {
        !(self.name == "ADMIN_EMAIL" || self.name.starts_with("API_KEY_NAME__"))
    }
}

/// The `KEY=VALUE` lines of an open secrets file (comments, blank lines and lines without `=` are
/// skipped; `name = value` lines as `keys export` writes them are read too). The text is held in
/// zeroed memory; a file over 16 MiB is refused (exit 2).
pub fn read_entries(file: &mut File, path: &Path) -> Result<Vec<SecretEntry>> {
    use std::io::Read;
    let len = file
        .metadata()
        .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?
        .len();
    if len > MAX_ENTRIES_BYTES {
        return Err(Error::usage(format!(
            "{} is {len} bytes: too large for a secrets file",
            path.display()
        )));
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1));
    file.take(MAX_ENTRIES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() as u64 > MAX_ENTRIES_BYTES {
        return Err(Error::usage(format!(
            "{} grew while read: too large",
            path.display()
        )));
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::usage(format!(
            "{} is not UTF-8 text: not a secrets file",
            path.display()
        ))
    })?;
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_start().starts_with('#') {
            continue;
        }
        let Some((raw_name, raw_value)) = line.split_once('=') else {
            continue;
        };
        let name = raw_name.trim();
        if name.is_empty() {
            continue;
        }
        // `name = value` (keys export --format lines): the space after `=` is layout, not value.
        let value = if raw_name.ends_with(' ') {
            raw_value.strip_prefix(' ').unwrap_or(raw_value)
        } else {
            raw_value
        };
        out.push(SecretEntry {
            line: i + 1,
            name: name.to_string(),
            value: SecretString::new(value.to_string()),
        });
    }
    Ok(out)
}

/// What git would do with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitStatus {
    /// In git's index: committed already, or about to be.
    Tracked,
    /// In a work tree that does not ignore it: `git add .` would take it.
    NotIgnored,
    Ignored,
    /// Not inside a git work tree.
    NoRepo,
    /// git is not installed.
    NoGit,
    /// git answered something else (e.g. it distrusts a repository owned by another user).
    Unknown(String),
}

impl GitStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            GitStatus::Tracked => "tracked",
            GitStatus::NotIgnored => "not ignored",
            GitStatus::Ignored => "ignored",
            GitStatus::NoRepo => "no repo",
            GitStatus::NoGit => "no git",
            GitStatus::Unknown(_) => "unknown",
        }
    }

    /// The warning this status deserves, if any.
    pub fn warning(&self) -> Option<String> {
        match self {
            GitStatus::Tracked => Some(
                "tracked by git: it may already be committed (remove it from the repository, rotate the secrets)"
                    .to_string(),
            ),
            GitStatus::NotIgnored => {
                Some("git would commit it: not ignored (add `*.generated.secrets.env` to .gitignore)".to_string())
            }
            GitStatus::Unknown(why) => Some(format!("git status unknown: {why}")),
            GitStatus::Ignored | GitStatus::NoRepo | GitStatus::NoGit => None,
        }
    }
}

/// Asks git about `path` (`ls-files --error-unmatch`, then `check-ignore`), run in its directory.
pub fn git_status(path: &Path) -> GitStatus {
    let dir = parent_dir(path);
    let Some(name) = path.file_name() else {
        return GitStatus::NoRepo;
    };
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "core.fsmonitor=false"])
            .args(args)
            .arg("--")
            .arg(name)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .output()
    };
    let first_line = |o: &std::process::Output| {
        let text = String::from_utf8_lossy(&o.stderr);
        text.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("git failed")
            .trim()
            .to_string()
    };
    let listed = match git(&["ls-files", "--error-unmatch"]) {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return GitStatus::NoGit,
        Err(e) => return GitStatus::Unknown(format!("cannot run git: {e}")),
    };
    match listed.status.code() {
        Some(0) => return GitStatus::Tracked,
        Some(1) => {}
        _ => {
            let why = first_line(&listed);
            return if why.contains("not a git repository") {
                GitStatus::NoRepo
            } else {
                GitStatus::Unknown(why)
            };
        }
    }
    match git(&["check-ignore", "-q"]) {
        Ok(o) if o.status.code() == Some(0) => GitStatus::Ignored,
        Ok(o) if o.status.code() == Some(1) => GitStatus::NotIgnored,
        Ok(o) => GitStatus::Unknown(first_line(&o)),
        Err(e) => GitStatus::Unknown(format!("cannot run git: {e}")),
    }
}

/// The login name of `uid`, else the number.
pub fn user_name(uid: u32) -> String {
    // SAFETY: passwd is plain data filled by getpwuid_r from `buf`, which outlives every use of it.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            return std::ffi::CStr::from_ptr(pwd.pw_name)
                .to_string_lossy()
                .into_owned();
        }
    }
    uid.to_string()
}

/// This process's effective user id.
pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() }
}

/// Destroys a secrets file: overwrites its bytes with random ones, syncs them, unlinks the name and
/// syncs the directory. Never through a symlink (`O_NOFOLLOW`), and only the file that was checked:
/// `expected` is its (device, inode) from the plan; a file swapped in meanwhile is refused.
///
/// On copy-on-write or log-structured filesystems and on SSDs the old blocks may survive the
/// overwrite; it is a best effort on top of the unlink.
pub fn shred(path: &Path, expected: (u64, u64)) -> std::io::Result<()> {
    use rand::rand_core::Rng;
    let changed = || std::io::Error::other("it changed since it was checked: left alone");
    let mut file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || (meta.dev(), meta.ino()) != expected {
        return Err(changed());
    }
    let mut rng = rand::rand_core::UnwrapErr(rand::rngs::SysRng);
    let mut buf = vec![0u8; 64 * 1024];
    let mut left = meta.len();
    while left > 0 {
        let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        rng.fill_bytes(&mut buf[..n]);
        file.write_all(&buf[..n])?;
        left -= n as u64;
    }
    file.sync_all()?;
    // The name must still be the file just overwritten before it is removed.
    let now = std::fs::symlink_metadata(path)?;
    if now.file_type().is_symlink() || (now.dev(), now.ino()) != expected {
        return Err(changed());
    }
    std::fs::remove_file(path)?;
    if let Ok(dir) = File::open(parent_dir(path)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    #[test]
    fn keys_are_read_values_are_not() {
        let text = "# header\nADMIN_EMAIL=a@b.c\nADMIN_PASSWORD=pw=with=equals\nAPI_KEY_NAME__k-01=k-01\n\
                    API_KEY_VALUE__k-01=v1\nnoequals\nAPI_KEY_VALUE__=empty-name\nname = key\r\nADMIN_PASSWORD";
        let names = secret_names(&mut text.as_bytes()).unwrap();
        assert_eq!(names, ["ADMIN_PASSWORD", "API_KEY_VALUE__k-01"]);
        assert!(has_secret_line(&mut text.as_bytes(), 1024).unwrap());
        assert!(!has_secret_line(&mut "ADMIN_EMAIL=x\nname = v\n".as_bytes(), 1024).unwrap());
        // Beyond the sniffing limit nothing is seen.
        let late = format!("{}\nADMIN_PASSWORD=x\n", "a".repeat(100));
        assert!(!has_secret_line(&mut late.as_bytes(), 50).unwrap());
        // A key longer than the limit is not a key.
        let long = format!("API_KEY_VALUE__{}=x\n", "k".repeat(300));
        assert!(secret_names(&mut long.as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn generated_names() {
        assert!(has_generated_name(Path::new("p/acme.ini.generated.secrets.env")));
        assert!(!has_generated_name(Path::new(".generated.secrets.env")));
        assert!(!has_generated_name(Path::new("acme.ini")));
    }
}
