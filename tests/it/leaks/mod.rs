//! Secret-leak tests (issue 7): every command runs with known secrets in play — the database password
//! in the URL, an admin password, API key values, a password hash, the secrets provision generates —
//! and none of them may reach stdout, stderr (including `--verbose` SQL traces) or the audit log,
//! except where a command's contract sends them to stdout (`secrets show` to a pipe). Also: no flag
//! takes a secret as its value, secret files are 0600 under umask 000 and never written through a
//! symlink, and the process cannot dump core.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `arguments`, `core_dumps`, `database_url`,
//! `every_command` and `files`.

use crate::support::{provctl, seed, Done, Run, TestDb};
use postgres::Client;
use std::path::Path;

mod arguments;
mod core_dumps;
mod database_url;
mod every_command;
mod files;

const CLIENT: &str = "LeakCo";

const EMAIL: &str = "admin@leakco.example";

/// The admin's password (seeded as a bcrypt hash).
const ADMIN_PW: &str = "Adm1n-LeakPw-q7Zx";

/// A wrong guess: a secret too, it must not be echoed either.
const WRONG_PW: &str = "Wr0ng-LeakPw-k3Vb";

/// The password `reset-password --password-stdin` sets.
const NEW_PW: &str = "N3w-LeakPw-t9Jw";

/// Key values, each unique so a leak is found by substring.
const KEY_ACTIVE: &str = "LeakKeyActiveValue00000000000001";

const KEY_RESERVE: &str = "LeakKeyReserveValue0000000000002";

const KEY_BOUND: &str = "LeakKeyBoundValue000000000000003";

/// Imposed in an INI (`[admin] password`, `[api_keys] key_01`).
const INI_PW: &str = "In1-Imposed-Pw-m4Rc";

const INI_KEY: &str = "LeakIniImposedKeyValue0000000004";

/// What must never be shown, with a name for failure messages.
struct Secrets(Vec<(String, String)>);

impl Secrets {
    fn add(&mut self, what: &str, value: &str) {
        assert!(value.len() >= 8, "{what}: too short to search for: {value:?}");
        self.0.push((what.to_string(), value.to_string()));
    }
}

/// Asserts that no secret appears in the run's stderr or audit log, nor in its stdout unless
/// `stdout_may_hold_secrets` (a command whose contract is to print them to a pipe).
#[track_caller]
fn assert_clean(out: &Done, secrets: &Secrets, stdout_may_hold_secrets: bool) {
    let mut places = vec![("stderr", out.stderr()), ("audit log", out.audit.clone())];
    if !stdout_may_hold_secrets {
        places.push(("stdout", out.stdout()));
    }
    for (where_, text) in &places {
        for (what, value) in &secrets.0 {
            assert!(
                !text.contains(value.as_str()),
                "`{}` (exit {}): {where_} shows {what} ({value}):\n{text}",
                out.describe,
                out.code()
            );
        }
    }
    assert_ne!(out.code(), 101, "`{}` panicked:\n{}", out.describe, out.stderr());
    assert!(
        !out.stderr().contains("panicked"),
        "`{}` panicked:\n{}",
        out.describe,
        out.stderr()
    );
}

/// LeakCo: admin [`EMAIL`] / [`ADMIN_PW`], an active key, an inactive (reserve) key, a key bound to a
/// machine that has ingest events. Returns the admin's password hash.
fn seed_leakco(pg: &mut Client) -> String {
    let c = seed::client(pg, CLIENT);
    seed::user(pg, &c, EMAIL, ADMIN_PW);
    seed::key(pg, &c, "leak-key-01", KEY_ACTIVE, true);
    seed::key(pg, &c, "leak-key-02", KEY_RESERVE, false);
    let k3 = seed::key(pg, &c, "leak-key-03", KEY_BOUND, true);
    let m = seed::machine(pg, &c, "leak-host-01");
    seed::bind(pg, &k3, &m);
    seed::key_used(pg, &k3);
    seed::ingest(pg, &c, &m, "leak-ingest-1");
    seed::ingest(pg, &c, &m, "leak-ingest-2");
    pg.query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
        .unwrap()
        .get(0)
}

/// `KEY=VALUE` pairs of a secrets file whose key names an admin password or a key value.
fn secret_values_in(file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.contains("PASSWORD") || k.starts_with("API_KEY_VALUE__"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `provctl --verbose ARGS...` against `db`.
fn verbose<S: AsRef<std::ffi::OsStr>>(db: &TestDb, args: &[S]) -> Run {
    provctl(db).args(["--verbose"]).args(args)
}

fn provctl_unconfigured() -> Run {
    crate::support::provctl_bare()
}
