//! The secrets files provctl knows for a client: those `secrets list` finds (in `provisioning/` and
//! the current directory, not recursively) whose `ADMIN_EMAIL` is one of the client's users, or that
//! hold the value of one of the client's API keys.
//!
//! Key *names* alone prove nothing (every client provisioned without a prefix has `key-01`), so a key
//! is matched by its value, which is unique in `api_keys`: the values read from the files go to the
//! database as secret parameters (redacted under `--verbose`) and only their positions come back.

use crate::db::{Db, RowExt};
use crate::error::Result;
use crate::secrets::file::{self as secrets_file, FoundFile};
use crate::secrets::secret::SecretString;
use postgres::types::Type;
use std::path::PathBuf;

/// One file that holds secrets of the client.
#[derive(Debug, Clone)]
pub struct ClientFile {
    pub path: PathBuf,
    /// The names of the secrets it holds (`ADMIN_PASSWORD`, `API_KEY_VALUE__acme-key-01`).
    pub secrets: Vec<String>,
    /// Why it is the client's: `admin email`, `N key value(s)`.
    pub matched: String,
}

/// What was searched, and what was found there.
#[derive(Debug, Clone)]
pub struct Found {
    pub searched: Vec<PathBuf>,
    pub files: Vec<ClientFile>,
    /// Secrets files that could not be read (symlinks, permissions): not attributed to anyone.
    pub unreadable: Vec<PathBuf>,
}

/// The client's secrets files in the directories `secrets list` searches by default.
pub fn find(db: &mut Db, client_id: &str) -> Result<Found> {
    let searched = secrets_file::default_dirs();
    let found = secrets_file::scan(&searched)?;
    let emails: Vec<String> = db
        .query(
            "SELECT lower(email) FROM users WHERE client_id = $1::uuid",
            &[(&client_id, Type::TEXT)],
        )?
        .iter()
        .map(|r| r.cell(0, "users"))
        .collect::<Result<_>>()?;
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for f in found {
        if f.symlink || f.unreadable.is_some() {
            unreadable.push(f.path);
            continue;
        }
        match attribute(db, client_id, &emails, &f)? {
            Verdict::Theirs(matched) => files.push(ClientFile {
                path: f.path,
                secrets: f.secrets,
                matched,
            }),
            Verdict::Unreadable => unreadable.push(f.path),
            Verdict::NotTheirs => {}
        }
    }
    Ok(Found {
        searched,
        files,
        unreadable,
    })
}

/// Whether a secrets file is the client's.
enum Verdict {
    /// Yes, and why (`admin email`, `N key value(s)`).
    Theirs(String),
    NotTheirs,
    /// It could not be read (it changed since the scan, or is not text): nobody's, with a warning.
    Unreadable,
}

fn attribute(db: &mut Db, client_id: &str, emails: &[String], f: &FoundFile) -> Result<Verdict> {
    let Ok(mut file) = secrets_file::open_read(&f.path) else {
        return Ok(Verdict::Unreadable);
    };
    let Ok(entries) = secrets_file::read_entries(&mut file, &f.path) else {
        return Ok(Verdict::Unreadable);
    };
    let ours = |email: &str| emails.contains(&email.trim().to_lowercase());
    let admin = entries
        .iter()
        .any(|e| e.name == "ADMIN_EMAIL" && ours(e.value.expose()))
        || secrets_file::open_read(&f.path)
            .ok()
            .and_then(|mut file| secrets_file::document_email(&mut file, &f.path).ok().flatten())
            .is_some_and(|email| ours(&email));
    // Key values are named `API_KEY_VALUE__<name>` in env files, and by the key's own name in
    // `keys export`'s lines and JSON and in the delivery document: every value but the admin's is a
    // candidate (compared by the database, as a secret parameter).
    let values: Vec<SecretString> = entries
        .iter()
        .filter(|e| !e.name.starts_with("ADMIN_"))
        .map(|e| SecretString::new(e.value.expose().trim().to_string()))
        .collect();
    let keys = if values.is_empty() {
        0
    } else {
        db.query_one(
            "SELECT count(*) FROM api_keys WHERE client_id = $1::uuid AND key = ANY($2)",
            &[(&client_id, Type::TEXT), (&values, Type::TEXT_ARRAY)],
        )?
        .cell::<i64>(0, "")?
    };
    Ok(match (admin, keys) {
        (false, 0) => Verdict::NotTheirs,
        (true, 0) => Verdict::Theirs("admin email".to_string()),
        (false, n) => Verdict::Theirs(format!("{n} key value(s)")),
        (true, n) => Verdict::Theirs(format!("admin email, {n} key value(s)")),
    })
}
