//! Files that hold secrets: how they are written (`write`: one mechanism for every writer, 0600,
//! never through a symlink or in a directory others can change, published from the descriptor),
//! what a line of them may hold (`env`), the first line that marks every one of them (`header`), how they are found, read and destroyed (`scan`), and what
//! git would do with them (`git`).
//!
//! The order matters for provisioning: a generated password must be on disk before the admin that
//! uses it is committed, otherwise a crash between the two leaves an account nobody can log in to. The
//! reverse failure (secrets on disk for a transaction that rolled back) is undone by truncating the file
//! back (see [`Append::roll_back`]).

mod env;
mod git;
mod header;
mod scan;
mod write;

pub use env::{admin_passwords, is_key_name, push_line, AdminPassword, Block};
pub use git::{
    git_status, git_status_all, warn_if_git_would_commit, warn_if_git_would_commit_all, GitStatus,
};
pub use header::{header, Layout, MARKER};
pub(crate) use scan::read_text;
pub use scan::{
    default_dirs, document_email, has_generated_name, held_secrets, is_secret_name, is_unfinished_out_file,
    open_read, read_entries, scan, secret_names, shred, FoundFile, SecretEntry, GENERATED_SUFFIX,
};
pub use write::{preflight, Append, NewFile};

use std::path::{Path, PathBuf};

/// `<ini>.generated.secrets.env` beside the INI file.
pub fn path_for_ini(ini: &Path) -> PathBuf {
    let mut name = ini.file_name().unwrap_or_default().to_os_string();
    name.push(".generated.secrets.env");
    ini.with_file_name(name)
}

/// The login name of `uid`, else the number.
pub fn user_name(uid: u32) -> String {
    match crate::config::passwd_by_uid(uid) {
        Ok(Some(p)) if !p.name.is_empty() => p.name,
        _ => uid.to_string(),
    }
}

/// This process's effective user id.
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}
