//! Hostile input corpus (issue 7): SQL injection, quotes, LIKE wildcards, backslashes, NUL, invalid
//! UTF-8, look-alikes, bidirectional marks, terminal escape sequences in database values and API
//! answers, 100 KB strings, malformed INIs and env files, odd paths (symlinks, loops, FIFOs, unreadable
//! files, directories without INI).
//!
//! Every case runs the real binary and is held to the same rules: the documented exit code, never a
//! panic (exit 101 or "panicked"), a message that names the input when it is rejected, no raw
//! terminal control character or bidirectional override on stdout or stderr, an end within 30 s, and,
//! unless the case is an accepted change, every table of the database byte-for-byte as it was
//! (row count and md5 of every row, before and after). Cases are table-driven and named in failure
//! messages; the ones that show a defect are separate tests marked `#[ignore = "BUG: …"]`.

use crate::support::{db, is_root, nobody, provctl, provctl_bare, require, seed, Done, Run, TestDb};
use postgres::Client;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- the harness

/// One hostile input and what provctl must do with it.
struct Case {
    name: String,
    run: Run,
    stdin: Option<Vec<u8>>,
    code: i32,
    /// Substrings stderr must hold: the message names the input.
    stderr: Vec<String>,
    stdout: Vec<String>,
    stdout_lacks: Vec<String>,
    /// An accepted change: the database may differ afterwards.
    changes: bool,
    /// Run as the `nobody` user (for unreadable files: root reads anything).
    as_nobody: bool,
    /// Killed (and failed) when still running after this long.
    timeout: Duration,
    check: Option<Check>,
}

/// An extra check of a case: the run and a connection to its database.
type Check = Box<dyn Fn(&Done, &mut Client) -> Result<(), String>>;

fn case(name: impl Into<String>, run: Run, code: i32) -> Case {
    Case {
        name: name.into(),
        run,
        stdin: None,
        code,
        stderr: Vec::new(),
        stdout: Vec::new(),
        stdout_lacks: Vec::new(),
        changes: false,
        as_nobody: false,
        timeout: TIMEOUT,
        check: None,
    }
}

impl Case {
    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Case {
        self.stdin = Some(bytes.into());
        self
    }
    fn err(mut self, s: impl Into<String>) -> Case {
        self.stderr.push(s.into());
        self
    }
    fn out(mut self, s: impl Into<String>) -> Case {
        self.stdout.push(s.into());
        self
    }
    fn lacks(mut self, s: impl Into<String>) -> Case {
        self.stdout_lacks.push(s.into());
        self
    }
    fn changes(mut self) -> Case {
        self.changes = true;
        self
    }
    fn run_as_nobody(mut self) -> Case {
        self.as_nobody = true;
        self
    }
    fn timeout(mut self, secs: u64) -> Case {
        self.timeout = Duration::from_secs(secs);
        self
    }
    fn check(mut self, f: impl Fn(&Done, &mut Client) -> Result<(), String> + 'static) -> Case {
        self.check = Some(Box::new(f));
        self
    }
}

/// Row count and md5 of every row of every table of the database.
fn checksums(pg: &mut Client) -> Vec<(String, i64, String)> {
    let tables: Vec<String> = pg
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .expect("list tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(tables.len() >= 16, "only {} tables", tables.len());
    tables
        .into_iter()
        .map(|t| {
            let r = pg
                .query_one(
                    &format!(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{t}\" t"
                    ),
                    &[],
                )
                .expect("checksum");
            (t, r.get(0), r.get(1))
        })
        .collect()
}

/// Characters that must never reach the terminal raw: C0 controls but newline, DEL, C1 controls and
/// the bidirectional overrides and isolates.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// Address-space limit of every run (bytes).
const MEMORY_LIMIT: u64 = 4 << 30;

/// Runs the invocation with stdin, a deadline (killed after `timeout`) and optionally as `nobody`.
fn exec(run: Run, stdin: Option<Vec<u8>>, as_nobody: bool, timeout: Duration) -> (Done, bool) {
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    let (mut cmd, home) = run.command();
    let describe = format!(
        "provctl {}",
        cmd.get_args()
            .map(|a| {
                let s = a.to_string_lossy();
                if s.len() > 80 {
                    format!("{}…({} bytes)", &s[..boundary(&s, 60)], s.len())
                } else {
                    s.into_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    // A bounded address space: an input that makes provctl read without end (a device, say) ends
    // in a failed allocation, not in the machine's memory.
    // SAFETY: setrlimit is async-signal-safe and changes only the forked child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    if as_nobody {
        let (uid, gid) = nobody().expect("nobody");
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        cmd.uid(uid).gid(gid);
    }
    let mut child = cmd.spawn().expect("spawn provctl");
    let writer = stdin.map(|input| {
        let mut sin = child.stdin.take().expect("stdin");
        std::thread::spawn(move || {
            let _ = sin.write_all(&input);
        })
    });
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if Instant::now() > deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let output = std::process::Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    };
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap_or_default();
    (
        Done {
            output,
            describe,
            audit,
        },
        timed_out,
    )
}

/// Runs one case; the reasons it failed, if any.
fn run_case(pg: &mut Client, c: Case) -> Result<Done, String> {
    let before = checksums(pg);
    let (done, timed_out) = exec(c.run, c.stdin, c.as_nobody, c.timeout);
    let mut why = Vec::new();
    let (stdout, stderr) = (done.stdout(), done.stderr());
    if timed_out {
        why.push(format!("still running after {} s: killed", c.timeout.as_secs()));
    }
    if done.code() == 101 || stderr.contains("panicked") {
        why.push("panicked".to_string());
    }
    if done.code() != c.code {
        why.push(format!("exit {} (expected {})", done.code(), c.code));
    }
    for s in &c.stderr {
        if !stderr.contains(s.as_str()) {
            why.push(format!("stderr lacks {s:?}"));
        }
    }
    for s in &c.stdout {
        if !stdout.contains(s.as_str()) {
            why.push(format!("stdout lacks {s:?}"));
        }
    }
    for s in &c.stdout_lacks {
        if stdout.contains(s.as_str()) {
            why.push(format!("stdout shows {s:?}"));
        }
    }
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(ch) = raw_control(text) {
            why.push(format!("{name} holds a raw {ch:?}"));
        }
    }
    if !c.changes {
        let after = checksums(pg);
        let changed: Vec<&str> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, _)| b.0.as_str())
            .collect();
        if !changed.is_empty() || before.len() != after.len() {
            why.push(format!("the database changed: {changed:?}"));
        }
    }
    if let Some(check) = &c.check {
        if let Err(e) = check(&done, pg) {
            why.push(e);
        }
    }
    if why.is_empty() {
        Ok(done)
    } else {
        Err(format!(
            "[{}] `{}`: {}\n--- stdout\n{}\n--- stderr\n{}",
            c.name,
            done.describe,
            why.join("; "),
            excerpt(&stdout),
            excerpt(&stderr)
        ))
    }
}

fn excerpt(s: &str) -> String {
    if s.len() > 3000 {
        format!("{}… ({} bytes)", &s[..boundary(s, 3000)], s.len())
    } else {
        s.to_string()
    }
}

/// Runs every case and fails with all the failures, each named.
fn run_all(db: &TestDb, cases: Vec<Case>, at_least: usize) {
    let mut pg = db.client();
    // HOSTILE_ONLY=text runs only the cases whose name holds `text` (to debug one).
    let only = std::env::var("HOSTILE_ONLY").ok();
    let at_least = if only.is_some() { 0 } else { at_least };
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
        .collect();
    let n = cases.len();
    let names: Vec<String> = cases.iter().map(|c| c.name.clone()).collect();
    let mut dupes = names.clone();
    dupes.sort();
    dupes.dedup();
    assert_eq!(dupes.len(), names.len(), "case names must be unique");
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|c| run_case(&mut pg, c).err())
        .collect();
    eprintln!("hostile: {n} cases run, {} failed", failures.len());
    if std::env::var_os("HOSTILE_LIST").is_some() {
        for name in &names {
            eprintln!("hostile case: {name}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} hostile cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(n >= at_least, "only {n} cases (expected at least {at_least})");
}

/// The largest char boundary of `s` at or below `i`.
fn boundary(s: &str, i: usize) -> usize {
    (0..=i.min(s.len()))
        .rev()
        .find(|&b| s.is_char_boundary(b))
        .unwrap_or(0)
}

fn os(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

// ---------------------------------------------------------------- the data

const EMAIL: &str = "admin@acme.example";
const PASSWORD: &str = "Hostile-Pw-9Kq2";
/// A hostname with an OSC 8 hyperlink, a title change and a right-to-left override.
const HOSTILE_HOST: &str = "web\u{1b}]8;;http://evil.example\u{7}-01\u{1b}]0;pwned\u{7}\u{202e}10-bew";
const HOSTILE_EMAIL: &str = "ev\u{1b}[2Jil\u{202e}@hostile.example";
const HOSTILE_KEY: &str = "h\u{1b}[31mkey\u{1b}]0;pwn\u{7}-01";
const HOSTILE_INGEST: &str = "\u{1b}[1A\u{1b}[2Kingest\u{9b}31m";
const TWIN: &str = "\u{1b}[2JTwin";

/// The data every case runs against.
fn seed_world(pg: &mut Client) {
    let acme = seed::client(pg, "Acme");
    seed::user(pg, &acme, EMAIL, PASSWORD);
    seed::key(pg, &acme, "acme_key_01", "AcmeKeyValue0000000000000000001", true);
    seed::key(pg, &acme, "acmeXkey_02", "AcmeKeyValue0000000000000000002", true);
    seed::key(pg, &acme, "100%-key", "AcmeKeyValue0000000000000000003", true);
    seed::key(
        pg,
        &acme,
        "back\\slash-key",
        "AcmeKeyValue0000000000000000004",
        true,
    );
    seed::key(pg, &acme, "acme-key-05", "AcmeKeyValue0000000000000000005", false);
    let h = seed::client(pg, "Hostile");
    // A malformed hash, so verify-hash lists this user.
    seed::user_with_hash(pg, &h, HOSTILE_EMAIL, "$2b$12$short\u{1b}[2J");
    let k = seed::key(pg, &h, HOSTILE_KEY, "HostileKeyValue0000000000000001", true);
    seed::key(
        pg,
        &h,
        "h\u{202e}key-02",
        "HostileKeyValue0000000000000002",
        false,
    );
    let m = seed::machine(pg, &h, HOSTILE_HOST);
    pg.execute(
        "UPDATE machines SET fingerprint = $2 WHERE id = $1::text::uuid",
        &[&m, &"\u{9b}31mfp\u{7}"],
    )
    .unwrap();
    seed::bind(pg, &k, &m);
    seed::ingest(pg, &h, &m, HOSTILE_INGEST);
    for _ in 0..2 {
        seed::client(pg, TWIN);
    }
    let evil = seed::client(pg, "Evil\u{202e}gpj.exe");
    seed::user(pg, &evil, "evil@evil.example", PASSWORD);
    let pct = seed::client(pg, "50% Off");
    seed::user(pg, &pct, "sale@50off.example", PASSWORD);
    let quote = seed::client(pg, "O'Brien \"&\" Sons");
    seed::user(pg, &quote, "ob@obrien.example", PASSWORD);
    let drifty = seed::client(pg, "Drifty");
    seed::user(pg, &drifty, "admin@drifty.example", PASSWORD);
    seed::client_settings(pg, &drifty, "ops\u{1b}[2J@drifty.example");
}

fn big(c: char) -> String {
    std::iter::repeat_n(c, 100 * 1024).collect()
}

/// A minimal valid INI for provision; `extra` is appended. The admin's domain is the name's letters
/// and digits, lower-cased.
fn ini(name: &str, extra: &str) -> String {
    let domain: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(40)
        .collect::<String>()
        .to_lowercase();
    format!("[client]\nname = {name}\n\n[admin]\nemail = admin@{domain}.example\n{extra}")
}

// ---------------------------------------------------------------- a stand-in that misbehaves

/// A local HTTP server answering every request with `response` (raw bytes, any status line, any
/// headers, any body), after reading the request. Returns its base URL.
fn hostile_api(response: Vec<u8>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            let response = response.clone();
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                // Headers, then Content-Length bytes of body.
                loop {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                    if let Some(end) = req.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&req[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if req.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let _ = conn.write_all(&response);
                let _ = conn.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    base
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// A URL nothing listens on.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

// ---------------------------------------------------------------- arguments

fn argument_cases(db: &TestDb) -> Vec<Case> {
    let p = |args: &[&str]| provctl(db).args(args);
    let pos = |args: Vec<OsString>| provctl(db).args(args);
    let mut v = vec![
        // SQL injection: parameters, never spliced.
        case("sql: users --email tautology", p(&["users", "--email", "' OR '1'='1"]), 2)
            .err("no user with email `' OR '1'='1`"),
        case("sql: users --client drop table", p(&["users", "--client", "x'; DROP TABLE users; --"]), 2)
            .err("unknown client `x'; DROP TABLE users; --`"),
        case("sql: keys list --client bobby", p(&["keys", "list", "--client", "Robert'); DROP TABLE api_keys;--"]), 2)
            .err("unknown client `Robert'); DROP TABLE api_keys;--`"),
        case("sql: machines --client 1 OR 1=1", p(&["machines", "--client", "1 OR 1=1"]), 2)
            .err("unknown client `1 OR 1=1`"),
        case("sql: ingest-count --client double quotes", p(&["ingest-count", "--client", "\" OR \"\"=\""]), 2)
            .err("unknown client `\" OR \"\"=\"`"),
        case("sql: ingest-events --client stacked", p(&["ingest-events", "--client", "Acme; DELETE FROM ingest_events"]), 2)
            .err("unknown client `Acme; DELETE FROM ingest_events`"),
        case("sql: verify-hash --email comment", p(&["verify-hash", "--email", "admin@acme.example' --"]), 2)
            .err("no user with email `admin@acme.example' --`"),
        case(
            "sql: verify-password --email union",
            p(&["verify-password", "--email", "' UNION SELECT password_hash FROM users --", "--password-stdin"]),
            2,
        )
        .stdin("whatever-pw\n")
        .err("no user with email `' UNION SELECT password_hash FROM users --`"),
        case("sql: keys disable NAME tautology", p(&["keys", "disable", "acme_key_01' OR 'a'='a", "--yes"]), 2)
            .err("unknown key name(s): acme_key_01' OR 'a'='a"),
        case("sql: keys export --client command substitution", p(&["keys", "export", "--client", "$(id)"]), 2)
            .err("unknown client `$(id)`"),
        case(
            "sql: reset-password --email backslash quote",
            p(&["reset-password", "--email", "admin@acme.example\\'", "--password-stdin", "--yes"]),
            2,
        )
        .stdin("Valid-New-Pw-123\n")
        .err("no user with email `admin@acme.example\\'`"),
        // LIKE wildcards match literally.
        case("like: reset-client --client %", p(&["reset-client", "--client", "%", "--yes"]), 2)
            .err("unknown client `%`"),
        case("like: reset-password --email %", p(&["reset-password", "--email", "%", "--password-stdin", "--yes"]), 2)
            .stdin("Valid-New-Pw-123\n")
            .err("no user with email `%`"),
        case("like: users --client _cme", p(&["users", "--client", "_cme"]), 2).err("unknown client `_cme`"),
        case("like: users --email %@acme.example", p(&["users", "--email", "%@acme.example"]), 2)
            .err("no user with email `%@acme.example`"),
        case("like: users --client 50%", p(&["users", "--client", "50%"]), 2)
            .err("unknown client `50%`")
            .err("did you mean `50% Off`"),
        case("like: users --client 50% Off (exact)", p(&["users", "--client", "50% Off"]), 0)
            .out("sale@50off.example"),
        case("like: keys list --prefix %", p(&["keys", "list", "--prefix", "%"]), 0).out("(0 rows)"),
        case("like: keys list --prefix _", p(&["keys", "list", "--prefix", "_"]), 0).out("(0 rows)"),
        case("like: keys list --prefix a%", p(&["keys", "list", "--prefix", "a%"]), 0).out("(0 rows)"),
        case("like: keys list --prefix acme_", p(&["keys", "list", "--prefix", "acme_"]), 0)
            .out("acme_key_01")
            .out("(1 row)")
            .lacks("acmeXkey_02"),
        case("like: keys list --prefix 100%", p(&["keys", "list", "--prefix", "100%"]), 0)
            .out("100%-key")
            .out("(1 row)"),
        case("backslash: keys list --prefix back\\", p(&["keys", "list", "--prefix", "back\\"]), 0)
            .out("back\\slash-key")
            .out("(1 row)"),
        case("backslash: keys list --prefix \\", p(&["keys", "list", "--prefix", "\\"]), 0).out("(0 rows)"),
        case("like: keys export --prefix a%", p(&["keys", "export", "--prefix", "a%"]), 2)
            .err("no key matches prefix `a%`"),
        case("like: keys disable --prefix acme_ (applied)", p(&["keys", "disable", "--prefix", "acme_", "--yes"]), 0)
            .changes()
            .err("1 key(s) disabled")
            .check(|_, pg| {
                let rows = pg
                    .query("SELECT name, is_active FROM api_keys WHERE name IN ('acme_key_01', 'acmeXkey_02') ORDER BY name", &[])
                    .unwrap();
                let got: Vec<(String, bool)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
                let want = vec![("acmeXkey_02".to_string(), true), ("acme_key_01".to_string(), false)];
                (got == want).then_some(()).ok_or(format!("keys after: {got:?}"))
            }),
        case("quote: users --client with quotes (exact)", p(&["users", "--client", "O'Brien \"&\" Sons"]), 0)
            .out("ob@obrien.example"),
        case("quote: users --client quoted name", p(&["users", "--client", "\"Acme\""]), 2)
            .err("unknown client `\"Acme\"`"),
        // Numbers.
        case("number: users --limit=-1", p(&["users", "--limit=-1"]), 0).out("(0 rows)"),
        case("number: users --limit 1e3", p(&["users", "--limit", "1e3"]), 2).err("--limit"),
        case(
            "number: ingest-events --limit 2^65",
            p(&["ingest-events", "--client", "Acme", "--limit", "36893488147419103232"]),
            2,
        )
        .err("--limit"),
        case("number: --connect-timeout -5", p(&["--connect-timeout=-5", "users"]), 2).err("--connect-timeout"),
        // Invalid UTF-8 arguments.
        case("utf8: users --email invalid", pos(vec!["users".into(), "--email".into(), os(b"adm\xffin@acme.example")]), 2)
            .err("invalid UTF-8"),
        case("utf8: keys list --prefix invalid", pos(vec!["keys".into(), "list".into(), "--prefix".into(), os(b"\xc3\x28")]), 2)
            .err("invalid UTF-8"),
        // Look-alikes and bidirectional text.
        case("lookalike: --client Cyrillic e", p(&["users", "--client", "Acm\u{435}"]), 2)
            .err("unknown client `Acm\u{435}`"),
        case("lookalike: --client fullwidth A", p(&["users", "--client", "\u{ff21}cme"]), 2)
            .err("unknown client `\u{ff21}cme`"),
        case("lookalike: --client zero-width space", p(&["users", "--client", "Acme\u{200b}"]), 2)
            .err("unknown client `Acme\u{200b}`")
            .err("did you mean `Acme`"),
        case("lookalike: --email Cyrillic a", p(&["users", "--email", "\u{430}dmin@acme.example"]), 2)
            .err("no user with email `\u{430}dmin@acme.example`"),
        case("rtl: --client with RLO", p(&["users", "--client", "\u{202e}emcA"]), 2)
            .err("unknown client `\\u{202e}emcA`"),
        case("rtl: --email with RLM", p(&["users", "--email", "admin@acme.example\u{200f}"]), 2)
            .err("no user with email `admin@acme.example\\u{200f}`"),
        case("rtl: --client exact name holding RLO", p(&["users", "--client", "Evil\u{202e}gpj.exe"]), 0)
            .out("evil@evil.example"),
        case("ansi: --email with OSC title", p(&["users", "--email", "\u{1b}]0;pwned\u{7}@x.example"]), 2)
            .err("no user with email `\\x1b]0;pwned\\x07@x.example`"),
        case("ansi: keys disable NAME with CSI", p(&["keys", "disable", "\u{1b}[2Jgone", "--yes"]), 2)
            .err("unknown key name(s): \\x1b[2Jgone"),
        case("ansi: test-login --url with escapes", p(&["test-login", "--url", "\u{1b}[2Jhttp://x", "--email", EMAIL, "--password-stdin"]), 2)
            .stdin("pw\n")
            .err("--url `\\x1b[2Jhttp://x` is not an http:// or https:// URL"),
        // 100 KB strings.
        case("big: users --email 100 KB", p(&["users", "--email", &big('e')]), 2).err("no user with email `eeee"),
        case("big: users --client 100 KB", p(&["users", "--client", &big('c')]), 2).err("unknown client `cccc"),
        case("big: keys list --prefix 100 KB", p(&["keys", "list", "--prefix", &big('k')]), 0).out("(0 rows)"),
        case("big: keys disable 100 KB name", p(&["keys", "disable", &big('n'), "--yes"]), 2).err("unknown key name(s): nnnn"),
        case("big: users --client 100 KB of escapes", p(&["users", "--client", &big('\u{1b}')]), 2)
            .err("unknown client `\\x1b\\x1b"),
    ];
    // Secrets from stdin: NUL, invalid UTF-8, too long, empty. Refused before anything changes.
    let stdin_cases: [(&str, &[&str], &[u8], &str); 9] = [
        (
            "nul: verify-password stdin",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"pw\0tail\n",
            "NUL",
        ),
        (
            "nul: reset-password stdin",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            b"ab\0cd-long-enough\n",
            "NUL",
        ),
        (
            "nul: test-login stdin",
            &[
                "test-login",
                "--url",
                "http://127.0.0.1:9",
                "--email",
                EMAIL,
                "--password-stdin",
            ],
            b"\0\n",
            "NUL",
        ),
        (
            "utf8: verify-password stdin invalid",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"\xff\xfe\n",
            "not valid UTF-8",
        ),
        (
            "utf8: reset-password stdin invalid",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            b"Valid\xc3\x28Pw\n",
            "not valid UTF-8",
        ),
        (
            "utf8: test-ingest --api-key-stdin invalid",
            &["test-ingest", "--url", "http://127.0.0.1:9", "--api-key-stdin"],
            b"\xffKey\n",
            "not valid UTF-8",
        ),
        (
            "size: reset-password stdin 73 bytes",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            &[b'p'; 73],
            "72",
        ),
        (
            "size: verify-password stdin empty",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"\n",
            "empty",
        ),
        (
            "size: test-ingest --api-key-stdin blank",
            &["test-ingest", "--url", "http://127.0.0.1:9", "--api-key-stdin"],
            b"  \t \n",
            "empty",
        ),
    ];
    for (name, args, input, err) in stdin_cases {
        v.push(case(name, p(args), 2).stdin(input.to_vec()).err(err));
    }
    v.push(
        case(
            "big: verify-password stdin 100 KB",
            p(&["verify-password", "--email", EMAIL, "--password-stdin"]),
            2,
        )
        .stdin(big('p'))
        .err("102400 bytes long"),
    );
    v.push(
        case(
            "big: test-ingest --api-key-stdin 100 KB",
            p(&["test-ingest", "--url", &dead_url(), "--api-key-stdin"]),
            5,
        )
        .stdin(big('K'))
        .err("cannot reach"),
    );
    v
}

// ---------------------------------------------------------------- database values

fn database_value_cases(db: &TestDb) -> Vec<Case> {
    let p = |args: &[&str]| provctl(db).args(args);
    let mut v = Vec::new();
    // Every listing of hostile rows, in every format: escaped, data kept.
    let listings: [(&str, &[&str], i32, &str); 6] = [
        (
            "users",
            &["users", "--client", "Hostile"],
            0,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
        (
            "keys list",
            &["keys", "list", "--client", "Hostile"],
            0,
            "h\\x1b[31mkey\\x1b]0;pwn\\x07-01",
        ),
        (
            "machines",
            &["machines", "--client", "Hostile"],
            0,
            "web\\x1b]8;;http://evil.example\\x07-01",
        ),
        (
            "ingest-events",
            &["ingest-events", "--client", "Hostile"],
            0,
            "\\x1b[1A\\x1b[2Kingest\\x9b31m",
        ),
        (
            "verify-hash --all",
            &["verify-hash", "--all"],
            1,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
        (
            "verify-hash --email",
            &["verify-hash", "--email", HOSTILE_EMAIL],
            1,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
    ];
    for (what, args, code, escaped) in listings {
        v.push(case(format!("ansi db: {what} (table)"), p(args), code).out(escaped));
        v.push(
            case(
                format!("ansi db: {what} (csv)"),
                p(args).args(["-o", "csv"]),
                code,
            )
            .out(escaped),
        );
        let json_escaped = escaped
            .replace("\\x1b", "\\u001b")
            .replace("\\x07", "\\u0007")
            .replace("\\x9b", "\\u009b")
            .replace("\\u{202e}", "\\u202e");
        v.push(
            case(
                format!("ansi db: {what} (json)"),
                p(args).args(["-o", "json"]),
                code,
            )
            .out(json_escaped)
            .check(|d, _| {
                serde_json::from_str::<serde_json::Value>(&d.stdout())
                    .map(|_| ())
                    .map_err(|e| format!("stdout is not JSON: {e}"))
            }),
        );
    }
    v.push(
        case(
            "ansi db: machines json keeps the exact data",
            p(&["machines", "--client", "Hostile", "-o", "json"]),
            0,
        )
        .check(|d, _| {
            let rows: serde_json::Value = serde_json::from_str(&d.stdout()).map_err(|e| e.to_string())?;
            (rows[0]["hostname"] == HOSTILE_HOST && rows[0]["fingerprint"] == "\u{9b}31mfp\u{7}")
                .then_some(())
                .ok_or(format!("decoded: {rows}"))
        }),
    );
    for format in ["lines", "json"] {
        v.push(
            // JSON: the exact name is checked by keys_export_json_keeps_the_exact_key_name.
            case(
                format!("ansi db: keys export --format {format}"),
                p(&["keys", "export", "--client", "Hostile", "--format", format]),
                0,
            )
            .out(if format == "json" {
                "HostileKeyValue0000000000000001"
            } else {
                "h\\x1b[31mkey"
            }),
        );
    }
    // A name that cannot be part of a variable name is refused by the env format, named escaped.
    v.push(
        case(
            "ansi db: keys export --format env",
            p(&["keys", "export", "--client", "Hostile", "--format", "env"]),
            2,
        )
        .err("h\\x1b[31mkey")
        .err("cannot be part of a variable name")
        .lacks("HostileKeyValue"),
    );
    v.push(
        case(
            "ansi db: keys enable plan",
            p(&["keys", "enable", "--client", "Hostile", "--yes"]),
            0,
        )
        .changes()
        .out("h\\u{202e}key-02"),
    );
    v.push(case(
        "ansi db: reset-client --dry-run",
        p(&["reset-client", "--client", "Hostile", "--dry-run"]),
        0,
    ));
    v.push(
        case(
            "ansi db: deliverable to a pipe",
            p(&[
                "deliverable",
                "--client",
                "Hostile",
                "--url",
                "https://monitor.example.com",
            ]),
            0,
        )
        .out("ev\\x1b[2Jil\\u{202e}@hostile.example")
        .out("h\\x1b[31mkey"),
    );
    v.push(
        case(
            "ansi db: ambiguous client names",
            p(&["users", "--client", TWIN]),
            2,
        )
        .err("client name `\\x1b[2JTwin` is shared by 2 clients"),
    );
    v.push(
        case("ansi db: close-name hint", p(&["users", "--client", "twin"]), 2)
            .err("unknown client `twin`")
            .err("`\\x1b[2JTwin`"),
    );
    v.push(case("ansi db: doctor", p(&["doctor"]), 1).err("problem"));
    v.push(case("ansi db: doctor json", p(&["doctor", "-o", "json"]), 1));
    v.push(
        case(
            "ansi db: verify-password on a malformed hash",
            p(&["verify-password", "--email", HOSTILE_EMAIL, "--password-stdin"]),
            1,
        )
        .stdin("anything-pw\n")
        .out("VERIFY_AGAINST_DB=false")
        .err("verify-hash --email ev\\x1b[2Jil"),
    );
    v
}

// ---------------------------------------------------------------- API answers

fn api_cases(db: &TestDb) -> Vec<Case> {
    let login =
        |base: String| provctl(db).args(["test-login", "--url", &base, "--email", EMAIL, "--password-stdin"]);
    let ingest = |base: String| provctl(db).args(["test-ingest", "--url", &base, "--api-key-stdin", "--yes"]);
    let osc52 = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";
    vec![
        case(
            "api: login 200 with escapes in every field",
            login(hostile_api(http(
                "200 OK",
                "Content-Type: application/json\r\n",
                serde_json::json!({"id": "\u{1b}]0;pwn\u{7}", "email": "a\u{1b}[2J@x", "client_id": "\u{202e}", "role": "\u{9b}31m"})
                    .to_string()
                    .as_bytes(),
            ))),
            0,
        )
        .stdin(format!("{PASSWORD}\n"))
        .out("\\x1b]0;pwn\\x07")
        .out("\\u{202e}"),
        case(
            "api: login 401 with a raw escape body",
            login(hostile_api(http("401 Unauthorized", "", "\u{1b}[2J\u{1b}[3J\u{1b}c denied \u{7}\u{9b}".as_bytes()))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("invalid credentials")
        .out("\\x1b[2J"),
        case(
            "api: login 500 with a 100 KB body",
            login(hostile_api(http("500 Internal Server Error", "", big('\u{1b}').as_bytes()))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("verify-hash")
        // At most 2000 characters of the body, each escaped to at most 4, in a table.
        .check(|d, _| (d.stdout().len() < 60_000).then_some(()).ok_or(format!("stdout is {} bytes", d.stdout().len()))),
        case(
            "api: login 200 that is not JSON",
            login(hostile_api(http("200 OK", "", b"<html>\x1b]0;x\x07</html>"))),
            0,
        )
        .stdin(format!("{PASSWORD}\n")),
        case(
            "api: login redirect to another host",
            login(hostile_api(http("302 Found", "Location: http://evil.example/steal\r\n", b""))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("not followed"),
        case(
            "api: login redirect with escapes in Location",
            login(hostile_api(http("307 Temporary Redirect", "Location: http://evil.example/\x1b]0;x\x07\r\n", b""))),
            5,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("invalid header value"),
        case(
            "api: login redirect loop",
            login(hostile_api(http("308 Permanent Redirect", "Location: /api/v1/auth/login\r\n", b""))),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .err("more than 5 redirects"),
        case("api: login garbage instead of HTTP", login(hostile_api(b"\x1b[2J\x1b]0;pwn\x07 not http\r\n\r\n".to_vec())), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case("api: login connection closed at once", login(hostile_api(Vec::new())), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case("api: login nothing listening", login(dead_url()), 5)
            .stdin(format!("{PASSWORD}\n"))
            .err("cannot reach"),
        case(
            "api: ingest 202 with an OSC 52 clipboard write",
            ingest(hostile_api(http("202 Accepted", "", format!("{{\"status\":\"{osc52}\"}}").as_bytes()))),
            0,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .out("\\x1b]52;c;cm0gLXJmIH4=\\x07"),
        case(
            "api: ingest 403 with bidi body",
            ingest(hostile_api(http("403 Forbidden", "", "{\"detail\":\"\u{202e}nekot\u{2066}\"}".as_bytes()))),
            1,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .err("refused (403)"),
        case(
            "api: ingest 202 archived with escapes",
            ingest(hostile_api(http("202 Accepted", "", b"{\"reason\":\"archived\",\"x\":\"\\u001b[2J\"}"))),
            1,
        )
        .stdin("UnknownKeyValue000000000000001\n")
        .err("archived"),
    ]
}

// ---------------------------------------------------------------- INI files and paths

fn provision(db: &TestDb, paths: &[&Path]) -> Run {
    provctl(db).args(["provision", "--dry-run"]).args(paths)
}

fn ini_cases(db: &TestDb, dir: &Path) -> Vec<Case> {
    let mut v = Vec::new();
    let mut n = 0;
    let mut file = |name: &str, bytes: &[u8]| -> PathBuf {
        n += 1;
        let sub = dir.join(format!("ini{n}"));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // (name, file bytes, exit code, what stderr must say besides the path)
    let rejected: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "ini: duplicate section",
            ini("Dup", "[client]\nname = Again\n").into_bytes(),
            ":6: section [client] already exists",
        ),
        (
            "ini: duplicate option",
            "[client]\nname = A\nname = B\n[admin]\nemail = a@a.example\n".into(),
            ":3: option \"name\" in section [client] already exists",
        ),
        (
            "ini: duplicate option in another case",
            "[client]\nname = A\nNAME = B\n[admin]\nemail = a@a.example\n".into(),
            ":3:",
        ),
        (
            "ini: missing [client]",
            "[admin]\nemail = a@a.example\n".into(),
            "missing section [client]",
        ),
        (
            "ini: missing [admin]",
            "[client]\nname = NoAdmin\n".into(),
            "missing section [admin]",
        ),
        (
            "ini: section names are case-sensitive",
            "[Client]\nname = A\n[admin]\nemail = a@a.example\n".into(),
            "missing section [client]",
        ),
        ("ini: empty file", Vec::new(), "missing section [client]"),
        (
            "ini: only comments",
            "# nothing\n; here\n".into(),
            "missing section [client]",
        ),
        (
            "ini: option before any section",
            "name = A\n[client]\nname = A\n".into(),
            ":1:",
        ),
        (
            "ini: line without =",
            ini("NoEq", "this line has no equals sign\n").into_bytes(),
            ":6:",
        ),
        (
            "ini: wrong type count 4.0",
            ini("Ty", "[api_keys]\ncount = 4.0\n").into_bytes(),
            ":7: [api_keys] count",
        ),
        (
            "ini: wrong type count 1000",
            ini("Ty", "[api_keys]\ncount = 1000\n").into_bytes(),
            ":7: [api_keys] count",
        ),
        (
            "ini: wrong type length 2^40",
            ini("Ty", "[api_keys]\ncount = 1\nlength = 1099511627776\n").into_bytes(),
            ":8: [api_keys] length",
        ),
        (
            "ini: wrong type heartbeat 5m",
            ini("Ty", "[client_settings]\nheartbeat_threshold_minutes = 5m\n").into_bytes(),
            ":7: [client_settings] heartbeat_threshold_minutes",
        ),
        (
            "ini: wrong type boolean 2",
            ini("Ty", "[client_settings]\nalert_grouping_enabled = 2\n").into_bytes(),
            ":7: [client_settings] alert_grouping_enabled",
        ),
        (
            "ini: wrong type negative grace",
            ini("Ty", "[client_settings]\ngrace_period_seconds = -1\n").into_bytes(),
            ":7: [client_settings] grace_period_seconds",
        ),
        (
            "ini: target timeout 0",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|https://x.example|GET|0|300|true\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: target 7 fields",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|https://x.example|GET|30|300|true|x\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: target javascript URL",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|javascript:alert(1)|GET|30|300|true\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: email with two @",
            "[client]\nname = A\n[admin]\nemail = a@b@c.example\n".into(),
            ":4: [admin] email",
        ),
        (
            "ini: email with an escape",
            "[client]\nname = A\n[admin]\nemail = a\x1b[2J@c.example\n".into(),
            ":4: [admin] email",
        ),
        (
            "ini: % not followed by (",
            ini("Pct", "[client_settings]\nslack_channel_name = #100%\n").into_bytes(),
            ":7: [client_settings] slack_channel_name",
        ),
        (
            "ini: interpolation cycle",
            ini(
                "Cyc",
                "[client_settings]\nslack_channel_name = %(x)s\nx = %(slack_channel_name)s\n",
            )
            .into_bytes(),
            "nested more than 10 deep",
        ),
        (
            "ini: interpolation to a missing option",
            ini("Miss", "[client_settings]\nslack_channel_name = %(nope)s\n").into_bytes(),
            "%(nope)s",
        ),
        (
            "ini: UTF-16 file",
            {
                let mut b = vec![0xff, 0xfe];
                for u in ini("Wide", "").encode_utf16() {
                    b.extend_from_slice(&u.to_le_bytes());
                }
                b
            },
            ":1: not valid UTF-8",
        ),
        (
            "ini: Latin-1 file",
            b"[client]\nname = Caf\xe9\n[admin]\nemail = a@a.example\n".to_vec(),
            ":2: not valid UTF-8",
        ),
        (
            "ini: 100 KB client name",
            ini(&big('n'), "").into_bytes(),
            ":2: [client] name",
        ),
        (
            "ini: 100 KB bad line",
            ini("Long", &format!("{}\n", big('x'))).into_bytes(),
            ":6:",
        ),
        (
            "ini: 100 KB line of escapes",
            ini("Esc", &format!("{}\n", big('\u{1b}'))).into_bytes(),
            ":6:",
        ),
        (
            "ini: admin password with NUL",
            ini("Nul", "password = ab\0cd-long-enough\n").into_bytes(),
            ":6: [admin] password",
        ),
        (
            "ini: admin password 73 bytes",
            ini("Long", &format!("password = {}\n", "p".repeat(73))).into_bytes(),
            ":6: [admin] password",
        ),
        (
            "ini: key value with a space",
            ini("Sp", "[api_keys]\ncount = 1\nkey_01 = abcdefgh ijklmnopq\n").into_bytes(),
            ":8: [api_keys] key_01",
        ),
    ];
    for (name, bytes, err) in rejected {
        let path = file("client.ini", &bytes);
        let shown = path.display().to_string();
        let mut c = case(name, provision(db, &[&path]), 2).err(shown.clone());
        if err.starts_with(':') {
            c = c.err(format!("{shown}{err}"));
        } else {
            c = c.err(err);
        }
        if name.contains("bad line") || name.contains("line of escapes") {
            // The line is not echoed, so the message stays short.
            c = c.check(|d, _| {
                (d.stderr().len() < 2000)
                    .then_some(())
                    .ok_or(format!("stderr is {} bytes", d.stderr().len()))
            });
        }
        v.push(c);
    }
    // Accepted (dry run): encodings and line ends that mean the same INI.
    let accepted: Vec<(&str, Vec<u8>)> = vec![
        (
            "ini: BOM",
            [b"\xef\xbb\xbf".to_vec(), ini("BomCo", "").into_bytes()].concat(),
        ),
        ("ini: CRLF", ini("CrlfCo", "").replace('\n', "\r\n").into_bytes()),
        (
            "ini: BOM and CRLF",
            [
                b"\xef\xbb\xbf".to_vec(),
                ini("BomCrlfCo", "").replace('\n', "\r\n").into_bytes(),
            ]
            .concat(),
        ),
        ("ini: lone CR", ini("CrCo", "").replace('\n', "\r").into_bytes()),
        (
            "ini: no final newline",
            ini("NoEolCo", "role = admin_client").into_bytes(),
        ),
    ];
    for (name, bytes) in accepted {
        let path = file("client.ini", &bytes);
        let want = name.to_string();
        v.push(
            case(name, provision(db, &[&path]).args(["-o", "json"]), 0).check(move |d, _| {
                let j: serde_json::Value =
                    serde_json::from_str(&d.stdout()).map_err(|e| format!("not JSON: {e}"))?;
                let client = j[0]["client"]["name"].as_str().unwrap_or_default().to_string();
                let admin = j[0]["admin"]["email"].as_str().unwrap_or_default().to_string();
                let ok = client.ends_with("Co")
                    && client.chars().all(|c| c.is_ascii_alphanumeric())
                    && admin == format!("admin@{}.example", client.to_lowercase());
                ok.then_some(())
                    .ok_or(format!("{want}: read as client {client:?}, admin {admin:?}"))
            }),
        );
    }
    // Hostile but valid values: planned, escaped.
    let path = file("client.ini", ini("Ansi\u{1b}]0;pwn\u{7}Co", "").as_bytes());
    v.push(
        case(
            "ini: escapes in the client name (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("Ansi\\x1b]0;pwn\\x07Co"),
    );
    let path = file(
        "client.ini",
        "[client]\nname = RtlCo\n[admin]\nemail = admin\u{202e}@rtl.example\n".as_bytes(),
    );
    v.push(
        case(
            "ini: RLO in the admin email (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("admin\\u{202e}@rtl.example"),
    );
    let path = file("client.ini", ini("O'Reilly \"Media\"", "").as_bytes());
    v.push(
        case(
            "ini: quotes in the client name (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("O'Reilly \"Media\""),
    );
    let path = file(
        "drifty.ini",
        b"[client]\nname = Drifty\n[admin]\nemail = admin@drifty.example\n[client_settings]\nnotification_email = new@drifty.example\n",
    );
    v.push(
        case(
            "ini: drift against a hostile database value (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("ops\\x1b[2J@drifty.example"),
    );
    // SQL in a value, applied for real: stored as text, nothing else touched.
    let injection = "x'); DROP TABLE clients; --";
    let path = file("inject.ini", ini(injection, "").as_bytes());
    v.push(
        case(
            "ini: SQL in the client name (applied)",
            provctl(db)
                .env("PROVISION_CLIENT", "true")
                .args(["provision", "--yes"])
                .args([&path]),
            0,
        )
        .changes()
        .check(move |_, pg| {
            let n: i64 = pg
                .query_one("SELECT count(*) FROM clients WHERE name = $1", &[&injection])
                .unwrap()
                .get(0);
            let users: i64 = pg.query_one("SELECT count(*) FROM users", &[]).unwrap().get(0);
            (n == 1 && users > 5)
                .then_some(())
                .ok_or(format!("{n} client(s) named so, {users} users"))
        }),
    );

    // Paths.
    let good = file("good.ini", ini("LinkCo", "").as_bytes());
    let links = dir.join("links");
    std::fs::create_dir_all(&links).unwrap();
    let link = links.join("via-link.ini");
    std::os::unix::fs::symlink(&good, &link).unwrap();
    v.push(case("path: INI through a symlink", provision(db, &[&link]), 0).out("LinkCo"));
    let lp = links.join("loop.ini");
    std::os::unix::fs::symlink(&lp, &lp).unwrap();
    v.push(case("path: symlink loop", provision(db, &[&lp]), 2).err(lp.display().to_string()));
    let dangling = links.join("dangling.ini");
    std::os::unix::fs::symlink(links.join("nowhere.ini"), &dangling).unwrap();
    v.push(
        case("path: dangling symlink", provision(db, &[&dangling]), 2).err(dangling.display().to_string()),
    );
    let empty_dir = dir.join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    v.push(
        case("path: directory with no INI", provision(db, &[&empty_dir]), 2)
            .err(empty_dir.display().to_string())
            .err("no *.ini file"),
    );
    let only_sub = dir.join("only-subdir");
    std::fs::create_dir_all(only_sub.join("nested.ini")).unwrap();
    std::fs::write(only_sub.join("README.txt"), "not an INI").unwrap();
    v.push(
        case(
            "path: directory whose only .ini is a directory",
            provision(db, &[&only_sub]),
            2,
        )
        .err("no *.ini file"),
    );
    let with_link = dir.join("with-link");
    std::fs::create_dir_all(&with_link).unwrap();
    std::os::unix::fs::symlink(&good, with_link.join("linked.ini")).unwrap();
    v.push(
        case(
            "path: directory holding a symlinked INI",
            provision(db, &[&with_link]),
            0,
        )
        .out("LinkCo"),
    );
    let ini_dir = dir.join("looks-like.ini");
    std::fs::create_dir_all(&ini_dir).unwrap();
    v.push(case("path: a directory named *.ini", provision(db, &[&ini_dir]), 2).err("no *.ini file"));
    let missing = dir.join("missing.ini");
    v.push(case("path: missing file", provision(db, &[&missing]), 2).err(missing.display().to_string()));
    let under_file = good.join("child.ini");
    v.push(
        case(
            "path: a file used as a directory",
            provision(db, &[&under_file]),
            2,
        )
        .err(under_file.display().to_string()),
    );
    v.push(
        case("path: /dev/null", provision(db, &[Path::new("/dev/null")]), 2)
            .err("/dev/null")
            // A device is refused before reading (a FIFO would hang, /dev/zero never end).
            .err("not a regular file"),
    );
    let bad_name = PathBuf::from(os(
        &[dir.as_os_str().as_encoded_bytes(), b"/no\xffsuch.ini"].concat()
    ));
    v.push(case("path: non-UTF-8 file name", provision(db, &[&bad_name]), 2).err("such.ini"));
    // Unreadable: root reads anything, so the command runs as `nobody` (skipped without one).
    let secret_dir = dir.join("unreadable");
    std::fs::create_dir_all(&secret_dir).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&secret_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let unreadable = secret_dir.join("locked.ini");
    std::fs::write(&unreadable, ini("LockedCo", "")).unwrap();
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable_dir = secret_dir.join("locked-dir");
    std::fs::create_dir_all(&unreadable_dir).unwrap();
    std::fs::write(unreadable_dir.join("a.ini"), ini("LockedDirCo", "")).unwrap();
    std::fs::set_permissions(&unreadable_dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: as root the cases run as `nobody`, so they need one.
    if require(
        "a `nobody` user (running as root)",
        nobody().is_some() || !is_root(),
    ) {
        let mut c = case("path: unreadable INI", provision(db, &[&unreadable]), 2)
            .err(unreadable.display().to_string())
            .err("Permission denied");
        let mut d = case("path: unreadable directory", provision(db, &[&unreadable_dir]), 2)
            .err(unreadable_dir.display().to_string())
            .err("Permission denied");
        if nobody().is_some() {
            c = c.run_as_nobody();
            d = d.run_as_nobody();
        }
        v.push(c);
        v.push(d);
    }
    v
}

// ---------------------------------------------------------------- env files and other files

fn file_cases(db: &TestDb, dir: &Path) -> Vec<Case> {
    let bare = || provctl_bare();
    let env_file = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let url_line = format!("DATABASE_URL={}\n", db.url);
    let mut v = Vec::new();
    // (name, file bytes, exit code, what stderr must say; `@PATH@` is the file's path)
    for (name, bytes, code, err) in [
        ("env: CRLF", url_line.replace('\n', "\r\n").into_bytes(), 0, ""),
        (
            "env: BOM",
            [b"\xef\xbb\xbf".to_vec(), url_line.clone().into_bytes()].concat(),
            0,
            "",
        ),
        (
            "env: 100 KB value",
            format!("{url_line}BIG={}\n", big('v')).into_bytes(),
            0,
            "",
        ),
        (
            "env: invalid UTF-8",
            [url_line.as_bytes(), b"X=caf\xe9\n"].concat(),
            2,
            "--env-file @PATH@: ",
        ),
        (
            "env: line without =",
            format!("{url_line}this is not an assignment\n").into_bytes(),
            2,
            "--env-file @PATH@:2: expected KEY=VALUE",
        ),
        (
            "env: escape in a variable name",
            format!("{url_line}\x1b[2J=1\n").into_bytes(),
            2,
            "--env-file @PATH@:2: invalid variable name",
        ),
        (
            "env: unterminated quote",
            format!("{url_line}X='open\n").into_bytes(),
            2,
            "--env-file @PATH@:2:",
        ),
        (
            "env: SQL as the URL",
            b"DATABASE_URL='; DROP TABLE users; --'\n".to_vec(),
            2,
            "DATABASE_URL",
        ),
    ] {
        let path = env_file(&format!("{}.env", name.replace([':', ' '], "_")), &bytes);
        let mut c = case(
            name,
            bare().args(["--env-file"]).args([&path]).args(["users"]),
            code,
        );
        if !err.is_empty() {
            c = c.err(err.replace("@PATH@", &path.display().to_string()));
        }
        v.push(c);
    }
    let env_dir = dir.join("env-dir");
    std::fs::create_dir_all(&env_dir).unwrap();
    v.push(
        case(
            "env: a directory",
            bare().args(["--env-file"]).args([&env_dir]).args(["users"]),
            2,
        )
        .err(env_dir.display().to_string()),
    );
    let missing = dir.join("missing.env");
    v.push(
        case(
            "env: missing",
            bare().args(["--env-file"]).args([&missing]).args(["users"]),
            2,
        )
        .err(missing.display().to_string()),
    );
    // Database URLs that are not.
    for (name, url, err) in [
        ("url: SQL injection", "'; DROP TABLE users; --", "DATABASE_URL"),
        ("url: 100 KB", big('u').leak() as &str, "DATABASE_URL"),
        (
            "url: escapes in the scheme",
            "\u{1b}[2Jmysql://u:p@h/d",
            // Not a scheme provctl can name safely: not quoted at all.
            "is neither a postgresql:// URL nor libpq key=value pairs",
        ),
        (
            "url: unknown sslmode",
            "postgresql://u@h/d?sslmode=\u{1b}[2J",
            "unknown sslmode",
        ),
    ] {
        v.push(case(name, bare().env("DATABASE_URL", url).args(["users"]), 2).err(err));
    }
    // Unreadable env file: as `nobody` when root.
    let locked = env_file("locked.env", url_line.as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if require(
        "a `nobody` user (running as root)",
        nobody().is_some() || !is_root(),
    ) {
        let mut c = case(
            "env: unreadable",
            bare().args(["--env-file"]).args([&locked]).args(["users"]),
            2,
        )
        .err(locked.display().to_string())
        .err("Permission denied");
        if nobody().is_some() {
            c = c.run_as_nobody();
        }
        v.push(c);
    }
    // The secrets file of `deliverable` and `secrets show`: never through a symlink.
    let real = env_file(
        "real.generated.secrets.env",
        b"ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD=Real-Pw-0000\n",
    );
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.generated.secrets.env");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    v.push(
        // Exit 2 here (the kernel's "Too many levels of symbolic links"), where `secrets show` says 3.
        case(
            "secrets: deliverable --secrets-file symlink",
            provctl(db)
                .args([
                    "deliverable",
                    "--client",
                    "Acme",
                    "--url",
                    "https://x.example",
                    "--secrets-file",
                ])
                .args([&link]),
            2,
        )
        .err(link.display().to_string())
        .err("symbolic links")
        .lacks("Real-Pw-0000"),
    );
    v.push(
        case(
            "secrets: show a symlink",
            provctl(db).args(["secrets", "show"]).args([&link]),
            3,
        )
        .err(link.display().to_string())
        .lacks("Real-Pw-0000"),
    );
    let fifo = dir.join("fifo.generated.secrets.env");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    v.push(
        case(
            "secrets: show a FIFO",
            provctl(db).args(["secrets", "show"]).args([&fifo]),
            3,
        )
        .err(fifo.display().to_string()),
    );
    v
}

// ---------------------------------------------------------------- the tests

#[test]
fn hostile_inputs_are_refused_or_escaped_never_a_panic_and_change_nothing() {
    let db = db();
    let mut pg = db.client();
    seed_world(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini_dir = dir.path().join("ini");
    let file_dir = dir.path().join("files");
    std::fs::create_dir_all(&ini_dir).unwrap();
    std::fs::create_dir_all(&file_dir).unwrap();
    let mut cases = argument_cases(&db);
    cases.extend(database_value_cases(&db));
    cases.extend(api_cases(&db));
    cases.extend(ini_cases(&db, &ini_dir));
    cases.extend(file_cases(&db, &file_dir));
    run_all(&db, cases, 150);
}

/// Runs cases that show a defect: each must behave as the contract says (they fail until fixed).
fn expect_fixed(build: impl FnOnce(&TestDb) -> Vec<Case>) {
    let db = db();
    let mut pg = db.client();
    seed_world(&mut pg);
    let cases = build(&db);
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|c| run_case(&mut pg, c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_nul_byte_in_an_ini_value_is_exit_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nul.ini");
    std::fs::write(&path, ini("Nu\0l", "")).unwrap();
    let shown = format!("{}:2: [client] name", path.display());
    expect_fixed(|db| {
        vec![
            case("nul: INI client name (dry run)", provision(db, &[&path]), 2).err(shown.clone()),
            case(
                "nul: INI client name (applied)",
                provctl(db)
                    .env("PROVISION_CLIENT", "true")
                    .args(["provision", "--yes"])
                    .args([&path]),
                2,
            )
            .err(shown),
        ]
    });
}

#[test]
fn a_nul_byte_in_an_api_key_from_stdin_is_exit_2() {
    expect_fixed(|db| {
        vec![case(
            "nul: test-ingest --api-key-stdin",
            provctl(db).args(["test-ingest", "--url", &dead_url(), "--api-key-stdin"]),
            2,
        )
        .stdin(b"Key\0Value0000000000000000\n".to_vec())
        .err("NUL")]
    });
}

#[test]
fn a_fifo_or_device_given_as_an_input_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.ini");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    let fifo_s = fifo.display().to_string();
    let deliverable = |db: &TestDb, file: &Path| {
        provctl(db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://x.example",
                "--secrets-file",
            ])
            .args([file])
    };
    expect_fixed(|db| {
        vec![
            case("fifo: provision INI", provision(db, &[&fifo]), 2)
                .timeout(10)
                .err(fifo_s.clone()),
            case(
                "fifo: --env-file",
                provctl(db).args(["--env-file"]).args([&fifo]).args(["users"]),
                2,
            )
            .timeout(10)
            .err(fifo_s.clone()),
            case("fifo: deliverable --secrets-file", deliverable(db, &fifo), 2)
                .timeout(10)
                .err(fifo_s),
            case(
                "device: deliverable --secrets-file /dev/zero",
                deliverable(db, Path::new("/dev/zero")),
                2,
            )
            .timeout(10)
            .err("/dev/zero"),
        ]
    });
}

#[test]
fn keys_export_json_keeps_the_exact_key_name() {
    expect_fixed(|db| {
        vec![case(
            "keys export --format json round-trips the name",
            provctl(db).args(["keys", "export", "--client", "Hostile", "--format", "json"]),
            0,
        )
        .check(|d, _| {
            let v: serde_json::Value = serde_json::from_str(&d.stdout()).map_err(|e| e.to_string())?;
            let names: Vec<&str> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["name"].as_str())
                .collect();
            names
                .contains(&HOSTILE_KEY)
                .then_some(())
                .ok_or(format!("names {names:?} lack {HOSTILE_KEY:?}"))
        })]
    });
}

#[test]
fn a_non_utf8_api_answer_is_shown_not_dropped() {
    let base = hostile_api(http(
        "401 Unauthorized",
        "",
        b"Acc\xe8s refus\xe9: denied by proxy",
    ));
    expect_fixed(|db| {
        vec![case(
            "api: login 401 with a Latin-1 body",
            provctl(db).args(["test-login", "--url", &base, "--email", EMAIL, "--password-stdin"]),
            1,
        )
        .stdin(format!("{PASSWORD}\n"))
        .out("denied by proxy")]
    });
}

#[test]
fn quiet_never_silences_a_provision_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.ini");
    std::fs::write(&path, "[client]\nname = Quiet\n").unwrap();
    expect_fixed(|db| {
        vec![
            case(
                "quiet: provision --dry-run, missing [admin]",
                provision(db, &[&path]).args(["--quiet"]),
                2,
            )
            .err(path.display().to_string())
            .err("missing section [admin]"),
            case(
                "quiet: provision, missing [admin]",
                provctl(db)
                    .env("PROVISION_CLIENT", "true")
                    .args(["-q", "provision", "--yes"])
                    .args([&path]),
                2,
            )
            .err("missing section [admin]"),
        ]
    });
}
