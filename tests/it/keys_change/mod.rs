//! `provctl keys enable|disable|export`: literal selectors, confirmation (pipe and pseudo-terminal),
//! one transaction, byte-exact exports and where key values may go.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `enable_disable` and `export`.

use crate::support::{seed, Run};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod enable_disable;
mod export;

/// Key values seeded by these tests: 32 characters, each unique so any leak is found by substring.
fn value(tag: &str) -> String {
    format!("{tag:X<32}")
}

/// Acme: 01 active, 02 active, 03 inactive (seeded out of order); Other: 01 active.
fn acme_and_other(pg: &mut Client) -> (String, String) {
    let acme = seed::client(pg, "Acme");
    let other = seed::client(pg, "Other");
    seed::key(pg, &acme, "acme-key-03", &value("AcmeValue03"), false);
    seed::key(pg, &acme, "acme-key-01", &value("AcmeValue01"), true);
    seed::key(pg, &acme, "acme-key-02", &value("AcmeValue02"), true);
    seed::key(pg, &other, "other-key-01", &value("OtherValue01"), true);
    (acme, other)
}

/// name → is_active, ordered by name.
fn states(pg: &mut Client) -> Vec<(String, bool)> {
    pg.query("SELECT name, is_active FROM api_keys ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn state_of(pg: &mut Client, name: &str) -> bool {
    pg.query_one("SELECT is_active FROM api_keys WHERE name = $1", &[&name])
        .unwrap()
        .get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// Runs `run` under `umask 000` (through `sh`, which then execs provctl with the same arguments and
/// environment). Stdin is closed; stdout and stderr are captured.
pub(crate) fn run_under_umask_000(run: Run) -> (Output, tempfile::TempDir) {
    let (cmd, home) = run.command();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let out = sh
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run sh");
    (out, home)
}

/// Spawns `run` on a pseudo-terminal of 120×40 (set with `stty` before provctl is exec'd: a new pty
/// has no size, see `bug_tables_on_a_terminal_of_unknown_size_are_unreadable`).
pub(crate) fn pty(run: Run, timeout_ms: u64) -> (rexpect::session::PtySession, tempfile::TempDir) {
    crate::support::pty(run, 120, timeout_ms)
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Files in `dir` (sorted): a refused or failed export leaves no temporary file behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_no_key_values(what: &str, text: &str) {
    for tag in ["AcmeValue", "OtherValue"] {
        assert!(!text.contains(tag), "{what} shows a key value:\n{text}");
    }
}
