//! Writing secret files: one mechanism for every writer (`keys export --out`, `deliverable --out`,
//! `reset-password --out`, provision's `<ini>.generated.secrets.env`).
//!
//! The rules, in the order they apply:
//! - The directory is opened once and every later step works on that descriptor, never on the path
//!   again. A directory that someone else can change entries of is refused (exit 3): one owned by
//!   another user (root aside), or writable by group or others without the sticky bit (group write is
//!   accepted when the group is our own, as with user private groups). There, another user could
//!   rename a file of theirs over ours, or ours away.
//! - A new `--out` file is written as an `O_TMPFILE`: it has no name until it is complete and synced,
//!   so there is nothing to swap and nothing left behind on a crash or a signal. It is then given its
//!   name with `linkat`, which fails rather than replace a file that appeared meanwhile; with `--force`
//!   it is linked to a random name and renamed over the old file. Either way the name is then checked
//!   to lead to the very inode written (device and inode of the descriptor), else the command refuses.
//!   File systems without `O_TMPFILE` get a named temporary created `O_EXCL`, published the same way.
//! - The appended secrets file is created with `O_EXCL` when absent (never opening a file another user
//!   planted) and opened without following a symlink when present. The descriptor is then checked
//!   (`fstat`): a regular file, ours, one link, and mode 0600 when it existed; anything else is refused
//!   with nothing written.
//! - Every open uses `O_NOFOLLOW`, `O_NONBLOCK` (a FIFO swapped in cannot block) and `O_CLOEXEC`; the mode
//!   is set to 0600 with `fchmod` whatever the umask.
//!
//! Why not `tempfile`'s `NamedTempFile::persist_noclobber`: it writes under a visible random name in the
//! directory (no `O_TMPFILE`: a crash leaves it behind, and it exists while the secret is being
//! written), works on paths rather than on one directory descriptor, and checks neither the directory's
//! owner and mode nor that the published name leads to the inode written. It would give weaker
//! guarantees than these, so this module keeps its own (rustix's `openat`/`linkat`/`renameat`/`fstat`).

use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

/// The mode of every secret file.
const SECRET_MODE: u32 = 0o600;

pub(super) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> Result<&OsStr> {
    path.file_name()
        .ok_or_else(|| Error::usage(format!("{}: not a file name", path.display())))
}

fn io(e: Errno) -> std::io::Error {
    std::io::Error::from(e)
}

/// (device, inode) of a stat.
fn identity(st: &rfs::Stat) -> (u64, u64) {
    (st.st_dev, st.st_ino)
}

fn is_regular(st: &rfs::Stat) -> bool {
    FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
}

fn is_symlink(st: &rfs::Stat) -> bool {
    FileType::from_raw_mode(st.st_mode) == FileType::Symlink
}

fn me() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// A directory that secret files go in, opened once and checked (see the module notes).
pub(super) struct SafeDir {
    fd: OwnedFd,
    path: PathBuf,
}

impl SafeDir {
    /// Opens `dir` and refuses (exit 3) a directory whose entries someone else could change.
    pub(super) fn open(dir: &Path) -> Result<SafeDir> {
        let fd = rfs::open(
            dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| Error::refused(format!("cannot open the directory {}: {}", dir.display(), io(e))))?;
        let st = rfs::fstat(&fd).map_err(|e| Error::refused(format!("{}: {}", dir.display(), io(e))))?;
        check_dir(dir, &st)?;
        Ok(SafeDir {
            fd,
            path: dir.to_path_buf(),
        })
    }

    fn stat(&self, name: &OsStr) -> std::io::Result<rfs::Stat> {
        rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW).map_err(io)
    }

    fn sync(&self) {
        let _ = rfs::fsync(&self.fd);
    }

    fn unlink(&self, name: &OsStr) {
        let _ = rfs::unlinkat(&self.fd, name, AtFlags::empty());
    }

    /// Removes `name` only if it is still the file `id` (never someone else's file put in its place).
    fn unlink_if(&self, name: &OsStr, id: (u64, u64)) -> bool {
        match self.stat(name) {
            Ok(st) if identity(&st) == id && !is_symlink(&st) => {
                self.unlink(name);
                self.sync();
                true
            }
            _ => false,
        }
    }
}

/// The directory rule: who else could rename, replace or remove entries of this directory.
fn check_dir(dir: &Path, st: &rfs::Stat) -> Result<()> {
    let uid = st.st_uid;
    if uid != me() && uid != 0 && Some(uid) != sudo_id("SUDO_UID") {
        return Err(Error::refused(format!(
            "{} belongs to {}, who could replace or read what provctl writes there: no secret is written in it",
            dir.display(),
            super::user_name(uid)
        ))
        .with_hint("write the secret file in a directory of your own (mode 700)"));
    }
    let mode = st.st_mode;
    let sticky = mode & 0o1000 != 0;
    let others_write = mode & 0o002 != 0;
    let gid = st.st_gid;
    let foreign_group_write =
        mode & 0o020 != 0 && gid != rustix::process::getegid().as_raw() && Some(gid) != sudo_id("SUDO_GID");
    if (others_write || foreign_group_write) && !sticky {
        return Err(Error::refused(format!(
            "{} is writable by {} (mode {:o}, no sticky bit): another user could swap the secret file: no secret is written in it",
            dir.display(),
            if others_write { "others" } else { "its group" },
            mode & 0o7777
        ))
        .with_hint("write the secret file in a directory of your own (mode 700), or one with the sticky bit like /tmp"));
    }
    Ok(())
}

/// Under sudo, the user who ran it (`SUDO_UID`, `SUDO_GID`): their own directory is the operator's, not
/// another user's. Only read when we are root — sudo sets them, and nobody else can set root's
/// environment. (Read as the process has them, not through `config::Env`: an `--env-file` must not set them.)
fn sudo_id(var: &str) -> Option<u32> {
    if me() != 0 {
        return None;
    }
    crate::config::process_var(var)?.parse().ok()
}

/// Checks, without writing, that a secrets file can be appended to at `path`: a safe directory we can
/// write to, and no symlink or non-regular file in the way. Refusals are exit 3 (a secret with nowhere
/// safe to go).
pub fn preflight(path: &Path) -> Result<()> {
    let dir = SafeDir::open(parent_dir(path))?;
    let name = file_name(path)?;
    match dir.stat(name) {
        Ok(st) => must_be_regular(&st, path).and_then(|_| existing_file_ok(path, &st)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => rfs::accessat(
            &dir.fd,
            ".",
            rfs::Access::WRITE_OK | rfs::Access::EXEC_OK,
            AtFlags::EACCESS,
        )
        .map_err(|e| {
            Error::refused(format!(
                "cannot create a secrets file in {}: {}",
                dir.path.display(),
                io(e)
            ))
        }),
        Err(e) => Err(Error::refused(format!("{}: {e}", path.display()))),
    }
}

/// Refuses (exit 3) a symlink, or anything but a regular file, where a secret file goes.
fn must_be_regular(st: &rfs::Stat, path: &Path) -> Result<()> {
    if is_symlink(st) {
        return Err(Error::refused(format!(
            "{} is a symlink: secrets are never written through a symlink",
            path.display()
        )));
    }
    if !is_regular(st) {
        return Err(Error::refused(format!(
            "{} exists and is not a regular file",
            path.display()
        )));
    }
    Ok(())
}

/// What an existing secrets file must be before secrets are appended to it: ours, one link, 0600.
fn existing_file_ok(path: &Path, st: &rfs::Stat) -> Result<()> {
    if st.st_uid != me() {
        return Err(Error::refused(format!(
            "{} belongs to {}: refusing to append secrets to it",
            path.display(),
            super::user_name(st.st_uid)
        )));
    }
    if st.st_nlink != 1 {
        return Err(Error::refused(format!(
            "{} has {} hard links: its secrets would be readable under another name: nothing written",
            path.display(),
            st.st_nlink
        )));
    }
    let mode = st.st_mode & 0o7777;
    if mode != SECRET_MODE {
        return Err(Error::refused(format!(
            "{} has mode {mode:o}, not 600: someone else may have read it or may hold it open: nothing written",
            path.display()
        ))
        .with_hint("check who could read it, rotate what it holds if in doubt, then `chmod 600` it and re-run"));
    }
    Ok(())
}

/// Sets 0600 on a descriptor we created (the umask may have removed bits we need; it cannot add any).
fn set_secret_mode(fd: impl AsFd, path: &Path) -> Result<()> {
    rfs::fchmod(fd, Mode::from_raw_mode(SECRET_MODE))
        .map_err(|e| Error::refused(format!("cannot chmod 600 {}: {}", path.display(), io(e))))
}

/// A secrets file opened for one append, remembering how to undo it.
pub struct Append {
    dir: SafeDir,
    name: OsString,
    file: File,
    path: PathBuf,
    id: (u64, u64),
    previous_len: u64,
    created: bool,
}

impl Append {
    /// Creates the file (`O_EXCL`) or opens the existing one (never through a symlink), then checks the
    /// descriptor itself: see the module notes. Refusals are exit 3, with nothing written.
    pub fn open(path: &Path) -> Result<Append> {
        let dir = SafeDir::open(parent_dir(path))?;
        let name = file_name(path)?.to_os_string();
        let flags = OFlags::WRONLY | OFlags::APPEND | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(SECRET_MODE);
        let refuse = |e: Errno| {
            if e == Errno::LOOP {
                Error::refused(format!(
                    "{} is a symlink: a secrets file is never written through a symlink",
                    path.display()
                ))
            } else {
                Error::refused(format!(
                    "cannot open the secrets file {}: {}",
                    path.display(),
                    io(e)
                ))
            }
        };
        let (fd, created) = match rfs::openat(&dir.fd, &name, flags | OFlags::CREATE | OFlags::EXCL, mode) {
            Ok(fd) => (fd, true),
            Err(Errno::EXIST) => (rfs::openat(&dir.fd, &name, flags, mode).map_err(refuse)?, false),
            Err(e) => return Err(refuse(e)),
        };
        let st = rfs::fstat(&fd).map_err(|e| Error::refused(format!("{}: {}", path.display(), io(e))))?;
        must_be_regular(&st, path)?;
        if created {
            set_secret_mode(&fd, path)?;
        } else {
            existing_file_ok(path, &st)?;
        }
        Ok(Append {
            dir,
            name,
            file: File::from(fd),
            path: path.to_path_buf(),
            id: identity(&st),
            previous_len: u64::try_from(st.st_size).unwrap_or(0),
            created,
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
            self.dir.sync();
        }
        Ok(())
    }

    /// Undoes the append after a failed commit: back to the previous length, or no file at all (only
    /// if the name still leads to the file written).
    pub fn roll_back(self) {
        let result = if self.created {
            if self.dir.unlink_if(&self.name, self.id) {
                Ok(())
            } else {
                // Someone moved it: at least leave no secret in it.
                self.file.set_len(0).and_then(|_| self.file.sync_all())
            }
        } else {
            self.file
                .set_len(self.previous_len)
                .and_then(|_| self.file.sync_all())
        };
        if let Err(e) = result {
            crate::ui::output::warn(&format!(
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

/// A new file for secrets (`--out`): written unnamed, then given its name in one step (see the module
/// notes) — so a failed or interrupted export leaves no file, and an existing file is replaced only
/// with `--force` (never through a symlink, never another user's file).
pub struct NewFile {
    dir: SafeDir,
    name: OsString,
    file: File,
    dest: PathBuf,
    id: (u64, u64),
    force: bool,
    /// The named temporary of file systems without `O_TMPFILE`.
    named_tmp: Option<(OsString, crate::ui::signal::RemoveOnExit)>,
    published: bool,
}

impl NewFile {
    /// Refuses (exit 3) an unsafe directory, an existing destination without `force`, a symlink or a
    /// non-regular file always, and another user's file even with `force`.
    pub fn create(dest: &Path, force: bool) -> Result<NewFile> {
        NewFile::create_in(dest, force, true)
    }

    /// [`NewFile::create`]; `unnamed: false` takes the path of file systems without `O_TMPFILE`.
    fn create_in(dest: &Path, force: bool, unnamed: bool) -> Result<NewFile> {
        let dir = SafeDir::open(parent_dir(dest))?;
        let name = file_name(dest)?.to_os_string();
        check_destination(&dir, &name, dest, force)?;
        let mode = Mode::from_raw_mode(SECRET_MODE);
        let unnamed = if unnamed {
            rfs::openat(
                &dir.fd,
                ".",
                OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
                mode,
            )
        } else {
            Err(Errno::OPNOTSUPP)
        };
        let (fd, named_tmp) = match unnamed {
            Ok(fd) => (fd, None),
            // No O_TMPFILE on this file system: a named temporary, created O_EXCL.
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOENT) => {
                let (fd, tmp) = create_named_tmp(&dir, &name)?;
                let guard = crate::ui::signal::remove_on_exit(&dir.path.join(&tmp));
                (fd, Some((tmp, guard)))
            }
            Err(e) => {
                return Err(Error::refused(format!(
                    "cannot create a file in {}: {}",
                    dir.path.display(),
                    io(e)
                )))
            }
        };
        set_secret_mode(&fd, dest)?;
        let st = rfs::fstat(&fd).map_err(|e| Error::refused(format!("{}: {}", dest.display(), io(e))))?;
        Ok(NewFile {
            dir,
            name,
            file: File::from(fd),
            dest: dest.to_path_buf(),
            id: identity(&st),
            force,
            named_tmp,
            published: false,
        })
    }

    pub fn writer(&mut self) -> &mut File {
        &mut self.file
    }

    /// Syncs the file, gives it its name, and checks that the name leads to what was written. A signal
    /// received meanwhile stops it here: nothing is published.
    pub fn publish(&mut self) -> Result<()> {
        let fail = |e: std::io::Error| Error::refused(format!("cannot write {}: {e}", self.dest.display()));
        self.file.flush().map_err(fail)?;
        self.file.sync_all().map_err(fail)?;
        crate::ui::signal::check()?;
        if self.force {
            check_destination(&self.dir, &self.name, &self.dest, true)?;
            let tmp = match &self.named_tmp {
                Some((tmp, _)) => tmp.clone(),
                None => self.link_to_random_name()?,
            };
            let _guard = crate::ui::signal::remove_on_exit(&self.dir.path.join(&tmp));
            if let Err(e) = rfs::renameat(&self.dir.fd, &tmp, &self.dir.fd, &self.name) {
                self.dir.unlink_if(&tmp, self.id);
                return Err(fail(io(e)));
            }
        } else {
            let linked = match &self.named_tmp {
                Some((tmp, _)) => rfs::linkat(&self.dir.fd, tmp, &self.dir.fd, &self.name, AtFlags::empty()),
                None => self.link_as(&self.name.clone()),
            };
            match linked {
                Ok(()) => {}
                Err(Errno::EXIST) => {
                    return Err(Error::refused(format!(
                        "{} appeared meanwhile: nothing written",
                        self.dest.display()
                    )))
                }
                Err(e) => return Err(fail(io(e))),
            }
            if let Some((tmp, _)) = &self.named_tmp {
                self.dir.unlink(tmp);
            }
        }
        self.named_tmp = None;
        // The name must lead to the inode written: anything else was put there by someone else.
        match self.dir.stat(&self.name) {
            Ok(st) if identity(&st) == self.id && !is_symlink(&st) => {}
            _ => {
                return Err(Error::refused(format!(
                    "{} was replaced by another file while it was published: nothing of provctl's is there; \
                     check who can write to {}",
                    self.dest.display(),
                    self.dir.path.display()
                )))
            }
        }
        self.dir.sync();
        self.published = true;
        Ok(())
    }

    /// Gives the unnamed file the name `name` in the directory (`linkat` of `/proc/self/fd/N`, which
    /// needs no privilege; `AT_EMPTY_PATH` where `/proc` is missing).
    fn link_as(&self, name: &OsStr) -> std::result::Result<(), Errno> {
        let proc_path = format!("/proc/self/fd/{}", self.file.as_raw_fd());
        match rfs::linkat(
            rfs::CWD,
            proc_path.as_str(),
            &self.dir.fd,
            name,
            AtFlags::SYMLINK_FOLLOW,
        ) {
            Err(Errno::NOENT) if !Path::new("/proc/self/fd").exists() => {
                rfs::linkat(&self.file, "", &self.dir.fd, name, AtFlags::EMPTY_PATH)
            }
            r => r,
        }
    }

    fn link_to_random_name(&self) -> Result<OsString> {
        for _ in 0..8 {
            let tmp = tmp_name(&self.name);
            match self.link_as(&tmp) {
                Ok(()) => return Ok(tmp),
                Err(Errno::EXIST) => continue,
                Err(e) => {
                    return Err(Error::refused(format!(
                        "cannot write {}: {}",
                        self.dest.display(),
                        io(e)
                    )))
                }
            }
        }
        Err(Error::refused(format!(
            "cannot find a free temporary name in {}",
            self.dir.path.display()
        )))
    }

    /// Removes a published file again (its transaction failed after it was written), only if the name
    /// still leads to it.
    pub fn unpublish(mut self) {
        if self.published {
            self.dir.unlink_if(&self.name, self.id);
            self.published = false;
        }
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        // An unnamed file vanishes with its descriptor; a named temporary is removed.
        if let Some((tmp, _)) = &self.named_tmp {
            self.dir.unlink_if(tmp, self.id);
        }
    }
}

/// Refuses a destination that is a symlink, not a regular file, exists without `force`, or is
/// another user's file.
fn check_destination(dir: &SafeDir, name: &OsStr, dest: &Path, force: bool) -> Result<()> {
    match dir.stat(name) {
        Ok(st) if !is_regular(&st) => must_be_regular(&st, dest),
        Ok(_) if !force => Err(
            Error::refused(format!("{} already exists: nothing written", dest.display()))
                .with_hint("choose another --out file, or pass --force to replace it"),
        ),
        Ok(st) if st.st_uid != me() => Err(Error::refused(format!(
            "{} belongs to {}: --force replaces only your own files",
            dest.display(),
            super::user_name(st.st_uid)
        ))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::refused(format!("{}: {e}", dest.display()))),
    }
}

fn tmp_name(name: &OsStr) -> OsString {
    let mut tmp = OsString::from(".");
    tmp.push(name);
    tmp.push(format!(".provctl-{:08x}", rand::random::<u32>()));
    tmp
}

fn create_named_tmp(dir: &SafeDir, name: &OsStr) -> Result<(OwnedFd, OsString)> {
    let flags = OFlags::WRONLY
        | OFlags::CREATE
        | OFlags::EXCL
        | OFlags::NOFOLLOW
        | OFlags::NONBLOCK
        | OFlags::CLOEXEC;
    let mut last = Errno::EXIST;
    for _ in 0..8 {
        let tmp = tmp_name(name);
        match rfs::openat(&dir.fd, &tmp, flags, Mode::from_raw_mode(SECRET_MODE)) {
            Ok(fd) => return Ok((fd, tmp)),
            Err(Errno::EXIST) => last = Errno::EXIST,
            Err(e) => {
                last = e;
                break;
            }
        }
    }
    Err(Error::refused(format!(
        "cannot create a temporary file in {}: {}",
        dir.path.display(),
        io(last)
    )))
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
