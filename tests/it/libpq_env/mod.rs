//! libpq's connection conventions against the real test cluster: the `PG*` variables (process and
//! `--env-file`), the password file, the service file, `hostaddr`, the default sslmode `prefer`, a URL's
//! `connect_timeout`, `application_name`, bad input, the unresolvable-host error and `--docker` (with a
//! stand-in of the docker CLI). Each uses a role of its own with a password.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `hosts`, `password_file`, `service` and
//! `variables`.

use crate::support::{cluster, Run, TestDb};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

mod hosts;
mod password_file;
mod service;
mod variables;

static ROLES: AtomicU32 = AtomicU32::new(0);

/// A login role with a password of its own (with `:` and `\`, which the password file escapes),
/// allowed to read the test database.
struct Role {
    name: String,
    password: String,
}

fn role(db: &TestDb) -> Role {
    let n = ROLES.fetch_add(1, Ordering::Relaxed);
    let name = format!("pgenv_{}_{n}", std::process::id());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let password = format!("Pw:{n}\\{nanos:x}");
    let mut pg = db.client();
    pg.batch_execute(&format!(
        "CREATE ROLE {name} LOGIN PASSWORD '{}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name};",
        password.replace('\'', "''")
    ))
    .unwrap();
    Role { name, password }
}

/// `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` for the role and database (no password, no URL).
fn pg_vars(run: Run, db: &TestDb, role: &Role) -> Run {
    run.env("PGHOST", "127.0.0.1")
        .env("PGPORT", cluster().port().to_string())
        .env("PGUSER", &role.name)
        .env("PGDATABASE", &db.name)
}

/// Writes `text` to `path` with `mode`.
fn write(path: &Path, text: &str, mode: u32) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A home directory whose `.pgpass` holds `text` with `mode`; and that file's path.
fn home_with_pgpass(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    write(&pgpass, text, mode);
    (home, pgpass)
}

/// The password-file spelling of `s` (`:` and `\` escaped).
fn pgpass_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(':', "\\:")
}

fn port() -> String {
    cluster().port().to_string()
}
