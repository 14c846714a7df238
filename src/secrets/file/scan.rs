//! Finding and reading secrets files, and destroying them: `provctl secrets list|show|shred` and
//! `provctl doctor` — which files hold provctl's secrets, what they hold (by name: a value is never
//! kept beyond the read buffer, which is zeroed), and the shred.

use super::write::parent_dir;
use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

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
        if is_unfinished_out_file(&self.path) {
            w.push(
                "left by an interrupted provctl export: its secrets were never delivered: shred it"
                    .to_string(),
            );
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
/// regular file that starts with provctl's header line (every `--out` file: see `header`) or its JSON
/// export, or whose first 64 KiB hold a provctl secret line (`ADMIN_PASSWORD=` or
/// `API_KEY_VALUE__…=`, as older `--out` files and `keys export --format env` to a pipe write them). A directory given
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
/// Whether a file's name is that of the temporary file an `--out` writer uses where the file system
/// has no `O_TMPFILE` (`.NAME.provctl-XXXXXXXX`): one left behind holds the secrets of an interrupted
/// export, whatever their format.
pub fn is_unfinished_out_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix('.'))
        .and_then(|n| n.rsplit_once(".provctl-"))
        .is_some_and(|(name, tag)| {
            !name.is_empty() && tag.len() == 8 && tag.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

fn examine(path: &Path) -> Option<FoundFile> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let named = has_generated_name(path) || is_unfinished_out_file(path);
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
    match open_read(path).and_then(|mut file| held_secrets(&mut file)) {
        Ok(Some(names)) => f.secrets = names,
        Ok(None) if named => {}
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
        .custom_flags(crate::config::open_flags(
            rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK,
        ))
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

/// The names of the secrets an open file holds when it is one of provctl's secrets files — it starts
/// with provctl's header or its JSON export, or its first 64 KiB hold a `KEY=VALUE` secret line —
/// else `None`. Reads from the start; values never leave the zeroed read buffers.
pub fn held_secrets(file: &mut File) -> std::io::Result<Option<Vec<String>>> {
    use std::io::Seek;
    file.rewind()?;
    let sniffed = super::header::sniff(file)?;
    file.rewind()?;
    if let Some((layout, listed)) = sniffed {
        if let Some(names) = super::header::names(layout, listed, file)? {
            return Ok(Some(names));
        }
    } else if !has_secret_line(file, SNIFF_BYTES)? {
        return Ok(None);
    }
    file.rewind()?;
    secret_names(file).map(Some)
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

/// The whole text of an open secrets file, in zeroed memory: at most 16 MiB (else exit 2), UTF-8.
pub(crate) fn read_text(file: &mut File, path: &Path) -> Result<Zeroizing<String>> {
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
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            // The bytes go back to the zeroed buffer so they are wiped too.
            *bytes = e.into_bytes();
            Err(Error::usage(format!(
                "{} is not UTF-8 text: not a secrets file",
                path.display()
            )))
        }
    }
}

/// The `KEY=VALUE` lines of an open secrets file (comments, blank lines and lines without `=` are
/// skipped; `name = value` lines as `keys export` writes them are read too; a single-quoted value is
/// unquoted as sh would). The text is held in zeroed memory; a file over 16 MiB is refused (exit 2).
///
/// provctl's JSON export gives one entry per key (`name`, `key`), and the delivery document one per
/// ``* `name` = `key` `` line (its header line, an HTML comment, is skipped).
pub fn read_entries(file: &mut File, path: &Path) -> Result<Vec<SecretEntry>> {
    let text = read_text(file, path)?;
    let layout = super::header::sniff(&mut text.as_bytes())
        .ok()
        .flatten()
        .map(|(l, _)| l);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        match layout {
            Some(super::header::Layout::Json) => {
                out.extend(json_entry(i + 1, line));
                continue;
            }
            Some(super::header::Layout::Deliverable) => {
                out.extend(document_entry(i + 1, line));
                continue;
            }
            _ => {}
        }
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
            SecretString::new(raw_value.strip_prefix(' ').unwrap_or(raw_value).to_string())
        } else {
            super::env::unquote(raw_value)
        };
        out.push(SecretEntry {
            line: i + 1,
            name: name.to_string(),
            value,
        });
    }
    Ok(out)
}

/// One key of provctl's JSON export (`  {"name":"k","key":"v","is_active":true},`, the layout its
/// writer gives every object). The key is decoded straight into the `String` a [`SecretString`] takes
/// over: no other copy of it is made.
fn json_entry(line: usize, text: &str) -> Option<SecretEntry> {
    let string_at = |rest: &str| -> Option<(String, usize)> {
        let mut it = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        let s = it.next()?.ok()?;
        Some((s, it.byte_offset()))
    };
    let rest = text.trim_start().strip_prefix("{\"name\":")?;
    let (name, used) = string_at(rest)?;
    let rest = rest[used..].strip_prefix(",\"key\":")?;
    let (key, _) = string_at(rest)?;
    Some(SecretEntry {
        line,
        name,
        value: SecretString::new(key),
    })
}

/// The admin's e-mail of a delivery document (its ``* **Email** : `…` `` line), `None` for any
/// other file.
pub fn document_email(file: &mut File, path: &Path) -> Result<Option<String>> {
    let text = read_text(file, path)?;
    let layout = super::header::sniff(&mut text.as_bytes())
        .ok()
        .flatten()
        .map(|(l, _)| l);
    if layout != Some(super::header::Layout::Deliverable) {
        return Ok(None);
    }
    Ok(text.lines().find_map(|l| {
        l.strip_prefix("* **Email** : `")
            .and_then(|r| r.strip_suffix('`'))
            .map(str::to_string)
    }))
}

/// One key line of the delivery document: ``* `name` = `key` ``.
fn document_entry(line: usize, text: &str) -> Option<SecretEntry> {
    let rest = text.strip_prefix("* `")?;
    let (name, rest) = rest.split_once("` = `")?;
    let value = rest.strip_suffix('`')?;
    Some(SecretEntry {
        line,
        name: name.to_string(),
        value: SecretString::new(value.to_string()),
    })
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
        .custom_flags(crate::config::open_flags(
            rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK,
        ))
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
    fn unfinished_out_files_are_recognised() {
        assert!(is_unfinished_out_file(Path::new("d/.keys.txt.provctl-0a1b2c3d")));
        assert!(!is_unfinished_out_file(Path::new("d/keys.txt.provctl-0a1b2c3d")));
        assert!(!is_unfinished_out_file(Path::new(".keys.txt.provctl-xyz")));
    }

    #[test]
    fn generated_names() {
        assert!(has_generated_name(Path::new("p/acme.ini.generated.secrets.env")));
        assert!(!has_generated_name(Path::new(".generated.secrets.env")));
        assert!(!has_generated_name(Path::new("acme.ini")));
    }
}
