//! `provctl test-login` and `provctl test-ingest` against the local stand-in of the platform API
//! (`provctl standin`): every status path, POSTs re-sent on redirects, TLS with a self-signed
//! certificate, and secrets (passwords, key values, session cookies) that never reach the screen.

use crate::support::{db, provctl, provctl_bare, seed, Done, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

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

// ---------------------------------------------------------------- test-login

#[test]
fn login_200_prints_the_user_and_never_the_cookies() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let (id, client_id): (String, String) = {
        let r = pg
            .query_one(
                "SELECT id::text, client_id::text FROM users WHERE email = $1",
                &[&EMAIL],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let out = login(&db, &api.base, EMAIL, PASSWORD, &[])
        .code_is(0)
        .stdout_has(&id)
        .stdout_has(EMAIL)
        .stdout_has(&client_id)
        .stdout_has("admin_client")
        .stderr_has(&format!("POST {}/api/v1/auth/login -> 200", api.base))
        .never_shows(PASSWORD);
    no_tokens(out);

    let out = login(&db, &api.base, EMAIL, PASSWORD, &["-o", "json"]).code_is(0);
    let v = out.json();
    let keys: Vec<&String> = v.as_object().expect("one object").keys().collect();
    assert_eq!(keys, ["status", "id", "email", "client_id", "role"]);
    assert_eq!(v["status"], 200);
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["email"], EMAIL);
    assert_eq!(v["client_id"], client_id.as_str());
    assert_eq!(v["role"], "admin_client");
    no_tokens(out.never_shows(PASSWORD));

    // --verbose shows SQL, never HTTP headers.
    let out = login(&db, &api.base, EMAIL, PASSWORD, &["--verbose"]).code_is(0);
    no_tokens(out.never_shows(PASSWORD));
}

#[test]
fn login_401_is_invalid_credentials() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    for (email, password) in [(EMAIL, "Not-The-Pa55word"), ("nobody@acme.example", PASSWORD)] {
        let out = login(&db, &api.base, email, password, &[])
            .code_is(1)
            .stderr_has("invalid credentials")
            .stdout_has("401")
            .never_shows(password);
        no_tokens(out);
    }
}

#[test]
fn login_500_on_a_truncated_hash_hints_verify_hash() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let hash = bcrypt::hash(PASSWORD, 4).unwrap();
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", &hash[..20]);
    let api = StandIn::start(&db);
    login(&db, &api.base, "cut@acme.example", PASSWORD, &[])
        .code_is(1)
        .stdout_has("500")
        .stdout_has("Internal Server Error")
        .stderr_has("provctl verify-hash --email cut@acme.example")
        .never_shows(PASSWORD)
        .never_shows(&hash[..20]);
}

#[test]
fn login_422_for_an_email_the_platform_refuses() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Demo");
    for email in ["admin@demo.test", "ops@box.local", "root@localhost"] {
        seed::user(&mut pg, &c, email, PASSWORD);
    }
    let api = StandIn::start(&db);
    // The right password does not matter: the address is refused before any lookup.
    for (email, why, body) in [
        (
            "admin@demo.test",
            "special-use name",
            "special-use or reserved name",
        ),
        (
            "ops@box.local",
            "special-use name",
            "special-use or reserved name",
        ),
        ("root@localhost", "no dot", "It should have a period"),
    ] {
        login(&db, &api.base, email, PASSWORD, &[])
            .code_is(1)
            .stdout_has("422")
            .stdout_has(body)
            .stderr_has("422")
            .stderr_has(&format!("{email} can never log in"))
            .stderr_has(why)
            .stderr_has("email validation")
            .never_shows(PASSWORD);
    }
}

#[test]
fn login_looks_up_the_email_with_its_domain_lower_cased() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, PASSWORD);
    seed::user(&mut pg, &c, "Boss@Acme.Example", PASSWORD);
    let api = StandIn::start(&db);
    // Typed with capitals in the domain: found, since the login lower-cases it.
    login(&db, &api.base, "admin@ACME.Example", PASSWORD, &[])
        .code_is(0)
        .stdout_has(EMAIL);
    // Stored with capitals in the domain: never found, whatever the password; test-login says why.
    let out = login(&db, &api.base, "Boss@Acme.Example", PASSWORD, &[])
        .code_is(1)
        .stdout_has("401")
        .stderr_has("invalid credentials (401)")
        .stderr_has("Boss@Acme.Example can never log in")
        .stderr_has("it looked up Boss@acme.example")
        .stderr_has("provctl doctor")
        .never_shows(PASSWORD);
    assert!(
        !out.stderr().contains("verify-password"),
        "the password is not the problem:\n{}",
        out.stderr()
    );
}

#[test]
fn login_re_posts_after_a_301() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let out = login(&db, &api.redirect_base, EMAIL, PASSWORD, &["-o", "json"])
        .code_is(0)
        .stderr_has(&format!(
            "-> 301 Moved Permanently from {}/api/v1/auth/login: re-sending the POST to {}/api/v1/auth/login",
            api.redirect_base, api.base
        ))
        .stderr_has(&format!("POST {}/api/v1/auth/login -> 200", api.base))
        .never_shows(PASSWORD);
    assert_eq!(out.json()["email"], EMAIL);
    no_tokens(out);
}

#[test]
fn login_never_re_sends_the_password_to_another_host() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    // `localhost` answers a 301 to `127.0.0.1`: another host name, so the credentials stay here.
    let port = api.redirect_base.rsplit(':').next().unwrap();
    let from = format!("http://localhost:{port}");
    login(&db, &from, EMAIL, PASSWORD, &[])
        .code_is(1)
        .stderr_has("not followed")
        .never_shows(PASSWORD);
}

#[test]
fn login_unreachable_is_exit_5() {
    let db = db();
    acme(&db);
    login(&db, &dead_url(), EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("cannot reach")
        .never_shows(PASSWORD);
}

#[test]
fn login_password_from_stdin_or_a_no_echo_prompt() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    // No terminal and no --password-stdin: nowhere to read the password from.
    provctl(&db)
        .args(["test-login", "--url", &api.base, "--email", EMAIL])
        .run()
        .code_is(2)
        .stderr_has("--password-stdin");
    // A password bcrypt would truncate is refused before anything is sent.
    login(&db, &api.base, EMAIL, &"p".repeat(73), &[]).code_is(2);

    // JSON: a pseudo-terminal reports 0 columns, which would wrap a table to one character a line.
    let (cmd, _home) = provctl(&db)
        .args(["test-login", "--url", &api.base, "--email", EMAIL, "-o", "json"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    p.exp_string(&format!("Password for {EMAIL}:")).expect("prompt");
    p.send_line(PASSWORD).expect("type the password");
    let rest = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{rest}");
    assert!(rest.contains("\"role\":\"admin_client\""), "{rest}");
    assert!(!rest.contains(PASSWORD), "the password was echoed:\n{rest}");
    assert!(
        !rest.contains("access_token") && !rest.contains("refresh_token"),
        "{rest}"
    );
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

#[test]
fn first_ingestion_binds_the_key_and_stores_one_event() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let out = ingest(
        &db,
        &api.base,
        &[
            "--key-name",
            "acme-key-01",
            "--hostname",
            "ops-test-01",
            "--fingerprint",
            "fp-ops-test-01",
            "--yes",
        ],
    )
    .code_is(0)
    .stdout_has("202")
    .stdout_has("accepted")
    .stderr_has("warning: key acme-key-01 is not bound yet")
    .stderr_has("-> 202")
    .never_shows(KEY_01);
    let m = machines(&mut pg);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].0, "ops-test-01");
    assert_eq!(m[0].1.as_deref(), Some("fp-ops-test-01"));
    assert_eq!(m[0].2.as_deref(), Some("Linux"));
    assert_eq!(bound_to(&mut pg, "acme-key-01").as_deref(), Some(m[0].3.as_str()));
    let events = pg
        .query("SELECT machine_id::text, ingest_id FROM ingest_events", &[])
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get::<_, String>(0), m[0].3);
    assert_eq!(events[0].get::<_, String>(1), ingest_id(&out));
    assert_eq!(bound_to(&mut pg, "acme-key-02"), None);
}

#[test]
fn without_yes_and_no_terminal_nothing_is_sent() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01"])
        .code_is(3)
        .stderr_has("not bound yet")
        .stderr_has("--yes")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-01"), None);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 0);
}

#[test]
fn the_same_fingerprint_again_is_accepted_without_asking() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let first = ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    // Bound to this fingerprint already: no warning, no confirmation, a fresh X-Ingest-Id.
    let second = ingest(&db, &api.base, &["--key-name", "acme-key-01"])
        .code_is(0)
        .stdout_has("accepted")
        .never_shows(KEY_01);
    assert!(!second.stderr().contains("warning"), "{}", second.stderr());
    assert_ne!(ingest_id(&first), ingest_id(&second));
    let m = machines(&mut pg);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, "provctl-test-01");
    assert_eq!(
        m[0].1.as_deref(),
        Some("provctl-test-01"),
        "the fingerprint defaults to the hostname"
    );
    // JSON: the status and the API's answer, as a JSON object (not a string holding one).
    let third = ingest(&db, &api.base, &["--key-name", "acme-key-01", "-o", "json"]).code_is(0);
    let v = third.json();
    assert_eq!(v["status"], 202);
    let body = &v["body"];
    assert!(body.is_object(), "the body is not a JSON object: {v}");
    assert_eq!(body["status"], "accepted");
    assert_eq!(body["ingest_id"], ingest_id(&third).as_str());
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 3);
}

#[test]
fn the_binding_is_confirmed_on_a_terminal() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let spawn = || {
        let (cmd, home) = provctl(&db)
            .args(["test-ingest", "--url", &api.base, "--key-name", "acme-key-01"])
            .command();
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
        p.exp_string("not bound yet").expect("warning first");
        p.exp_string("Bind acme-key-01 to provctl-test-01 and send?")
            .expect("question");
        (p, home)
    };
    // Enter takes the default, No: nothing sent.
    let (mut p, _home) = spawn();
    p.send("\r").expect("answer");
    p.flush().expect("flush");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3, "screen:\n{screen}");
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-01"), None);

    let (mut p, _home) = spawn();
    p.send("y").expect("answer");
    p.flush().expect("flush");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    assert!(!screen.contains(KEY_01), "the key on screen:\n{screen}");
    assert_eq!(machines(&mut pg).len(), 1);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

#[test]
fn a_url_that_is_not_http_is_exit_2() {
    let db = db();
    acme(&db);
    login(&db, "127.0.0.1:8000", EMAIL, PASSWORD, &[])
        .code_is(2)
        .stderr_has("not an http:// or https:// URL")
        .never_shows(PASSWORD);
    ingest(&db, "ftp://127.0.0.1", &["--key-name", "acme-key-01", "--yes"])
        .code_is(2)
        .never_shows(KEY_01);
}

/// With a database configured, a key it does not hold is not "no database configured".
#[test]
fn bug_an_archived_batch_was_not_reported_as_archived_nothing_stored() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    let before = count(&mut pg, "SELECT count(*) FROM ingest_events");
    // A batch from a machine whose clock is years behind: 202, but archived and not stored.
    let out = ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--sent-at", "2020-01-01T00:00:00Z"],
    )
    .code_is(1)
    .stdout_has("202")
    .stdout_has("archived")
    .stderr_has("archived, nothing stored")
    .never_shows(KEY_01);
    assert!(
        !out.stderr().contains("ingestion not accepted: 202"),
        "{}",
        out.stderr()
    );
    let out = ingest(
        &db,
        &api.base,
        &[
            "--key-name",
            "acme-key-01",
            "--sent-at",
            "2020-01-01T00:00:00Z",
            "-o",
            "json",
        ],
    )
    .code_is(1);
    let v = out.json();
    assert_eq!(v["status"], 202);
    assert_eq!(v["body"], serde_json::json!({"reason": "archived"}), "{v}");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), before);
    // A --sent-at that is not a time is a usage error naming the flag.
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--sent-at", "yesterday"],
    )
    .code_is(2)
    .stderr_has("--sent-at");
}

/// One raw HTTP/1.1 POST (no client library: the test controls every byte of the body).
fn raw_post(base: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.strip_prefix("http://").expect("plain HTTP stand-in");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the stand-in");
    let mut req = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(req.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_stand_in_takes_a_missing_sent_at_as_now_like_the_platform() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let body = r#"{"machine": {"hostname": "agent-01", "os": "Linux", "fingerprint": "fp-agent-01"}, "metrics": []}"#;
    let (status, answer) = raw_post(
        &api.base,
        "/api/v1/ingest/metrics",
        &[("X-API-Key", KEY_01), ("X-Ingest-Id", "no-sent-at-1")],
        body,
    );
    assert_eq!(status, 202, "{answer}");
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"status": "accepted", "ingest_id": "no-sent-at-1"})
    );
    let recent = count(
        &mut pg,
        "SELECT count(*) FROM ingest_events WHERE ingest_id = 'no-sent-at-1' \
         AND sent_at BETWEEN now() - interval '1 hour' AND now() + interval '1 hour'",
    );
    assert_eq!(recent, 1, "stored, with sent_at defaulted to now");
    // sent_at too old: 202 {"reason":"archived"}, nothing stored.
    let old = r#"{"sent_at": "2020-01-01T00:00:00Z", "machine": {"hostname": "agent-01", "fingerprint": "fp-agent-01"}}"#;
    let (status, answer) = raw_post(
        &api.base,
        "/api/v1/ingest/metrics",
        &[("X-API-Key", KEY_01), ("X-Ingest-Id", "too-old-1")],
        old,
    );
    assert_eq!((status, answer.as_str()), (202, r#"{"reason":"archived"}"#));
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM ingest_events WHERE ingest_id = 'too-old-1'"
        ),
        0
    );
}

#[test]
fn a_key_missing_from_the_database_is_said_so() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let out = provctl(&db)
        .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin("NotAKeyOfAnyClientxxxxxxxxxxxxxx")
        .run()
        .code_is(1)
        .stdout_has("403")
        .never_shows("NotAKeyOfAnyClientxxxxxxxxxxxxxx");
    assert!(
        !out.stderr().contains("no database configured"),
        "a database is configured:\n{}",
        out.stderr()
    );
}

#[test]
fn another_fingerprint_is_warned_about_and_refused_403() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--fingerprint", "fp-other"],
    )
    .code_is(1)
    .stderr_has("is bound to machine provctl-test-01 (fingerprint provctl-test-01)")
    .stderr_has("the API will answer 403 for fingerprint fp-other")
    .stdout_has("403")
    .stdout_has("Machine fingerprint mismatch for this API key")
    .never_shows(KEY_01);
    assert_eq!(machines(&mut pg).len(), 1);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

#[test]
fn an_inactive_key_is_warned_about_and_refused_403() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-02"])
        .code_is(1)
        .stderr_has("warning: key acme-key-02 is inactive")
        .stdout_has("403")
        .stdout_has("Invalid API key")
        .never_shows(KEY_02);
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-02"), None);
}

#[test]
fn an_unknown_or_ambiguous_key_name_is_exit_2() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-99", "--yes"])
        .code_is(2)
        .stderr_has("unknown key `acme-key-99`");
    // Names are unique per client only.
    let other = seed::client(&mut pg, "Other");
    seed::key(
        &mut pg,
        &other,
        "acme-key-01",
        "OtherKeyNamedLikeAcmes01xxxxxxxx",
        true,
    );
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(2)
        .stderr_has("--api-key-stdin")
        .never_shows(KEY_01)
        .never_shows("OtherKeyNamedLikeAcmes01xxxxxxxx");
    assert!(machines(&mut pg).is_empty());
}

#[test]
fn the_key_can_come_from_stdin() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let stdin = |extra: &[&str], input: &str| {
        provctl(&db)
            .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
            .args(extra)
            .stdin(input.to_string())
            .run()
    };
    for empty in ["", "\n", "   \n"] {
        stdin(&["--yes"], empty).code_is(2).stderr_has("empty");
    }
    // The database is configured: the key's state is checked first (unbound → confirmation).
    stdin(&[], &format!("{KEY_01}\n"))
        .code_is(3)
        .stderr_has("not bound yet")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    // --verbose shows the lookup by key value, with the value as `***`.
    stdin(&["--yes", "--verbose"], &format!("  {KEY_01}  \n"))
        .code_is(0)
        .stdout_has("accepted")
        .stderr_has("warning: key acme-key-01 is not bound yet")
        .stderr_has("***")
        .never_shows(KEY_01);
    assert_eq!(machines(&mut pg).len(), 1);
    // No database at all: sent as is, with a note.
    provctl_bare()
        .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin(KEY_01)
        .run()
        .code_is(0)
        .stderr_has("no database configured")
        .never_shows(KEY_01);
    // A value the platform does not know.
    stdin(&[], "NotAKeyOfAnyClientxxxxxxxxxxxxxx")
        .code_is(1)
        .stdout_has("403")
        .never_shows("NotAKeyOfAnyClientxxxxxxxxxxxxxx");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 2);
}

#[test]
fn ingest_re_posts_after_a_301_with_its_headers() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let out = ingest(&db, &api.redirect_base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(0)
        .stdout_has("accepted")
        .stderr_has(&format!(
            "-> 301 Moved Permanently from {}/api/v1/ingest/metrics: re-sending the POST to {}/api/v1/ingest/metrics",
            api.redirect_base, api.base
        ))
        .never_shows(KEY_01);
    // The key (X-API-Key) and the idempotency key (X-Ingest-Id) reached the API after the hop.
    let id: String = pg
        .query_one("SELECT ingest_id FROM ingest_events", &[])
        .unwrap()
        .get(0);
    assert_eq!(id, ingest_id(&out));
    assert!(bound_to(&mut pg, "acme-key-01").is_some());
}

#[test]
fn ingest_unreachable_is_exit_5() {
    let db = db();
    let mut pg = acme(&db);
    ingest(&db, &dead_url(), &["--key-name", "acme-key-01", "--yes"])
        .code_is(5)
        .stderr_has("cannot reach")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
}

// ---------------------------------------------------------------- TLS

/// A self-signed certificate for `127.0.0.1` (and its key) in `dir`.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir.join("cert.pem"), dir.join("key.pem"))
}

fn tls_standin(db: &TestDb, dir: &Path) -> StandIn {
    let (cert, key) = self_signed(dir);
    let api = StandIn::start_with(
        db,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(api.base.starts_with("https://"), "{}", api.base);
    api
}

#[test]
fn a_self_signed_certificate_needs_insecure() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let api = tls_standin(&db, dir.path());
    login(&db, &api.base, EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("certificate")
        .stderr_has("--insecure")
        .never_shows(PASSWORD);
    let out = login(&db, &api.base, EMAIL, PASSWORD, &["--insecure", "-o", "json"])
        .code_is(0)
        .stderr_has("warning: --insecure")
        .never_shows(PASSWORD);
    assert_eq!(out.json()["email"], EMAIL);
    no_tokens(out);
    // The front proxy's http → https 301: same host, an upgrade, so the POST follows it.
    login(&db, &api.redirect_base, EMAIL, PASSWORD, &["--insecure"])
        .code_is(0)
        .stderr_has(&format!("re-sending the POST to {}/api/v1/auth/login", api.base))
        .never_shows(PASSWORD);
}

#[test]
fn ingest_over_tls_with_insecure() {
    let db = db();
    let mut pg = acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let api = tls_standin(&db, dir.path());
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(5)
        .stderr_has("--insecure")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--yes", "--insecure"],
    )
    .code_is(0)
    .stdout_has("accepted")
    .stderr_has("warning: --insecure")
    .never_shows(KEY_01);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

/// Issue 17: `https://` to a plain-HTTP port said only "io: unexpected end of file" (or rustls's
/// "corrupt message"): it now says that nothing speaks TLS there. The stand-in's API port is plain HTTP.
#[test]
fn bug_https_to_a_plain_http_port_said_unexpected_end_of_file() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let https = api.base.replacen("http://", "https://", 1);
    login(&db, &https, EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("nothing speaks TLS on that port (a plain-HTTP port?)")
        .stderr_has("hint: use http:// for a plain-HTTP port");
    // A port that closes the connection at once.
    let port = crate::support::closing_port();
    login(&db, &format!("https://127.0.0.1:{port}"), EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has(
            "the server closed the connection during the TLS handshake: nothing speaks TLS on that port",
        );
}
