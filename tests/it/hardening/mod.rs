//! Issue 13, hardening: what another local user sharing a directory with the operator, hostile tenant
//! data and hostile plumbing (a pipe closed early, a full disk, a signal at the wrong time) could do.
//! One regression test per defect, named after it, each reproducing the attack or the accident
//! against the real binary and the throwaway PostgreSQL.
//!
//! Races are made deterministic with `strace`'s syscall delays (`-e inject=SYSCALL:delay_enter=…`):
//! provctl is held inside the very system call the attack slips before, while the test, acting as the
//! `nobody` user, does what the attacker would. They need root (to act as `nobody`) and `strace`; without
//! them they say so and check what they can.

use crate::support::{nobody, provctl, seed, Run, TestDb};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod audit;
mod files;
mod inputs;
mod output;
mod signals;

// ---------------------------------------------------------------- helpers

const EMAIL: &str = "admin@acme.example";

/// Runs `args` as `nobody` (the attacker), waiting for it.
fn as_nobody(args: &[&str]) {
    let (uid, gid) = nobody().expect("nobody");
    let st = Command::new(args[0])
        .args(&args[1..])
        .uid(uid)
        .gid(gid)
        .status()
        .expect("run as nobody");
    assert!(st.success(), "{args:?} as nobody failed");
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Acme with an admin (password `old-password`) and two keys.
fn acme(db: &TestDb) -> String {
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, "old-password");
    seed::key(
        &mut pg,
        &c,
        "acme-key-01",
        "AcmeKeyValue01xxxxxxxxxxxxxxxxx",
        true,
    );
    seed::key(
        &mut pg,
        &c,
        "acme-key-02",
        "AcmeKeyValue02xxxxxxxxxxxxxxxxx",
        false,
    );
    c
}

fn stored_hash(db: &TestDb) -> String {
    db.client()
        .query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
        .unwrap()
        .get(0)
}

fn key_active(db: &TestDb, name: &str) -> bool {
    db.client()
        .query_one("SELECT is_active FROM api_keys WHERE name = $1", &[&name])
        .unwrap()
        .get(0)
}

/// An INI for a new client with a generated admin password and two generated keys.
fn ini_text(name: &str, email: &str, prefix: &str) -> String {
    format!(
        "[client]\nname = {name}\n\n[admin]\nemail = {email}\n\n[api_keys]\ncount = 2\nprefix = {prefix}\n"
    )
}

fn provision(db: &TestDb) -> Run {
    provctl(db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", "--yes"])
}

/// A provctl invocation run under `strace`, which delays every `syscall` for `delay`, writing its trace
/// to a file the test watches. Returns the child and the trace file.
struct Traced {
    child: Child,
    trace: PathBuf,
    _home: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

fn traced(run: Run, syscall: &str, path_filter: &[&Path], delay: Duration) -> Traced {
    let (cmd, home) = run.command();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let mut st = Command::new("strace");
    st.args(["-f", "-qq", "-o"]).arg(&trace);
    // `-P DIR` also matches the *at calls made on a descriptor of DIR.
    for p in path_filter {
        st.arg("-P").arg(p);
    }
    st.arg("-e")
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:delay_enter={}", delay.as_micros()))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            st.env(k, v);
        }
    }
    for k in ["PATH", "LANG"] {
        if let Some(v) = std::env::var_os(k) {
            if !cmd.get_envs().any(|(e, _)| e == k) {
                st.env(k, v);
            }
        }
    }
    let child = st
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("strace");
    Traced {
        child,
        trace,
        _home: home,
        _dir: dir,
    }
}

impl Traced {
    /// Waits until the trace shows `needle` (the delayed call has started), or the process ended.
    fn wait_for(&mut self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if std::fs::read_to_string(&self.trace).is_ok_and(|t| t.contains(needle)) {
                return true;
            }
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("{needle:?} never showed in the trace");
    }

    /// The traced process's pid: the first field of the trace's first line.
    fn pid(&self) -> i32 {
        let t = std::fs::read_to_string(&self.trace).unwrap();
        t.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn finish(self) -> (i32, String, String) {
        let out = self.child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// `Run::args` with one path.
trait ArgPath {
    fn arg_path(self, p: &Path) -> Run;
}

impl ArgPath for Run {
    fn arg_path(self, p: &Path) -> Run {
        self.args([p])
    }
}
