//! `provctl test-login` and `provctl test-ingest` against the local stand-in of the platform API
//! (`provctl standin`): every status path, POSTs re-sent on redirects, TLS with a self-signed
//! certificate, and secrets (passwords, key values, session cookies) that never reach the screen.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `test_ingest`, `test_login` and `tls`.

use crate::support::{provctl, seed, Done, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

mod test_ingest;
mod test_login;
mod tls;

// ---------------------------------------------------------------- the stand-in

/// A running `provctl standin` over a test database. It serves until its stdin closes; Drop closes
/// it, then kills and reaps the child, so no test leaves a server behind (even when it panics).
pub struct StandIn {
    child: Child,
    stdin: Option<ChildStdin>,
    _stdout: BufReader<ChildStdout>,
    _home: tempfile::TempDir,
    /// `http(s)://127.0.0.1:PORT`: the API.
    pub base: String,
    /// `http://127.0.0.1:PORT`: answers every request with a 301 to the same path under `base`.
    pub redirect_base: String,
}

impl StandIn {
    pub fn start(db: &TestDb) -> StandIn {
        StandIn::start_with(db, &[])
    }

    /// With extra arguments (`--tls-cert`, `--tls-key`).
    pub fn start_with(db: &TestDb, extra: &[&str]) -> StandIn {
        let (mut cmd, home) = provctl(db).args(["standin"]).args(extra).command();
        let log = home.path().join("standin.stderr");
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("stand-in stderr file"));
        let mut child = cmd.spawn().expect("spawn provctl standin");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stand-in stdout"));
        let mut line = |prefix: &str| -> Option<String> {
            let mut l = String::new();
            stdout.read_line(&mut l).ok()?;
            l.trim_end().strip_prefix(prefix).map(str::to_string)
        };
        let base = line("API ");
        let redirect_base = line("REDIRECT ");
        let (Some(base), Some(redirect_base)) = (base, redirect_base) else {
            drop(stdin);
            let _ = child.kill();
            let status = child.wait();
            panic!(
                "provctl standin did not print its URLs ({status:?}):\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        StandIn {
            child,
            stdin,
            _stdout: stdout,
            _home: home,
            base,
            redirect_base,
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- helpers

const EMAIL: &str = "admin@acme.example";

const PASSWORD: &str = "Login-Pa55word-Zq7";

/// Key values: each unique, so a leak is found by substring.
const KEY_01: &str = "AcmeIngestKey01xxxxxxxxxxxxxxxxx";

const KEY_02: &str = "AcmeIngestKey02xxxxxxxxxxxxxxxxx";

/// Acme with its admin (password [`PASSWORD`]), key 01 active and unbound, key 02 inactive.
fn acme(db: &TestDb) -> Client {
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, PASSWORD);
    seed::key(&mut pg, &c, "acme-key-01", KEY_01, true);
    seed::key(&mut pg, &c, "acme-key-02", KEY_02, false);
    pg
}

/// A URL nothing listens on: a port the kernel just gave us, closed again.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

fn login(db: &TestDb, url: &str, email: &str, password: &str, extra: &[&str]) -> Done {
    provctl(db)
        .args(["test-login", "--url", url, "--email", email, "--password-stdin"])
        .args(extra)
        .stdin(format!("{password}\n"))
        .run()
}

/// Asserts that neither session cookie made it to stdout, stderr or the audit log.
#[track_caller]
fn no_tokens(out: Done) -> Done {
    out.never_shows("access_token").never_shows("refresh_token")
}

fn count(pg: &mut Client, sql: &str) -> i64 {
    pg.query_one(sql, &[]).unwrap().get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

// ---------------------------------------------------------------- test-ingest

fn ingest(db: &TestDb, url: &str, extra: &[&str]) -> Done {
    provctl(db).args(["test-ingest", "--url", url]).args(extra).run()
}

/// `(hostname, fingerprint, os_type, id)` of every machine.
fn machines(pg: &mut Client) -> Vec<(String, Option<String>, Option<String>, String)> {
    pg.query(
        "SELECT hostname, fingerprint, os_type, id::text FROM machines ORDER BY registered_at",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect()
}

fn bound_to(pg: &mut Client, key: &str) -> Option<String> {
    pg.query_one("SELECT machine_id::text FROM api_keys WHERE name = $1", &[&key])
        .unwrap()
        .get(0)
}

/// The `X-Ingest-Id` the command reported on stderr.
fn ingest_id(out: &Done) -> String {
    let err = out.stderr();
    let at = err.find("X-Ingest-Id ").expect("the ingest id is reported") + "X-Ingest-Id ".len();
    err[at..].split([')', ' ']).next().unwrap().to_string()
}
