//! Fault injection against a real PostgreSQL: `kill -9` at many points of `provision`, `reset-client`
//! and `keys disable`; the server stopped and the connection terminated in the middle of a command;
//! locks held by another session; parallel runs. After every fault the invariants are checked over the
//! whole database, then a re-run must reach the same end state as a clean run.
//!
//! To make a fault land inside a given statement or inside COMMIT (rather than wherever the scheduler
//! happens to put it), test-only triggers slow provctl's own statements down: they `pg_sleep` only when
//! `application_name = 'provctl'` and only at trigger depth 1 (not in foreign-key cascades), so the
//! tests' own seeding and checks run at full speed. Kill points are found by watching provctl's backend
//! in `pg_stat_activity` (its statement, its state, its transaction start), not by guessing delays.

use crate::support::{provctl, Run, TestDb};
use postgres::Client;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

mod commit;
mod kill;
mod locks;
mod server;

// Fixtures of one fault that others reuse.
use kill::{active_keys, bulk_keys, lines_of, reset_counts, reset_fixture};
use server::check_provisioned_subset;

// ---------------------------------------------------------------- slowing provctl down

/// The sleeping trigger function: sleeps `TG_ARGV[0]` seconds, only for provctl's own top-level
/// statements (and at COMMIT for deferred triggers).
fn install_sleeper(pg: &mut Client) {
    pg.batch_execute(
        "CREATE OR REPLACE FUNCTION faults_sleep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF current_setting('application_name') = 'provctl' AND pg_trigger_depth() = 1 THEN \
                 PERFORM pg_sleep(TG_ARGV[0]::float8); \
             END IF; \
             RETURN NULL; END $$;",
    )
    .expect("create faults_sleep()");
}

/// An AFTER trigger that sleeps `seconds` per row (or per statement) of `event` on `table`.
fn slow(pg: &mut Client, table: &str, event: &str, each: &str, seconds: f64) {
    let name = format!(
        "faults_slow_{table}_{}_{}",
        event.to_lowercase(),
        each.to_lowercase()
    );
    pg.batch_execute(&format!(
        "CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH {each} EXECUTE FUNCTION faults_sleep('{seconds}')"
    ))
    .expect("create a slowing trigger");
}

/// A deferred trigger: the sleep happens inside COMMIT (once per matching row).
fn slow_commit(pg: &mut Client, table: &str, event: &str, when: &str, seconds: f64) {
    let name = format!("faults_slow_commit_{table}_{}", event.to_lowercase());
    pg.batch_execute(&format!(
        "CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} DEFERRABLE INITIALLY DEFERRED \
         FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION faults_sleep('{seconds}')"
    ))
    .expect("create a deferred slowing trigger");
}

// ---------------------------------------------------------------- driving provctl

/// A provctl process started in the background, its output going to files.
struct Spawned {
    child: Child,
    what: String,
    err: PathBuf,
    _io: tempfile::TempDir,
    _home: tempfile::TempDir,
}

fn spawn(run: Run, what: &str) -> Spawned {
    let (mut cmd, home) = run.command();
    let io = tempfile::tempdir().expect("temp dir for output");
    let err = io.path().join("stderr");
    let child = cmd
        .stdin(Stdio::null())
        .stdout(File::create(io.path().join("stdout")).expect("stdout file"))
        .stderr(File::create(&err).expect("stderr file"))
        .spawn()
        .expect("spawn provctl");
    Spawned {
        child,
        what: what.to_string(),
        err,
        _io: io,
        _home: home,
    }
}

impl Spawned {
    fn exited(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_some()
    }

    /// SIGKILL (an error only means it had already exited), then reap.
    fn kill9(&mut self) -> ExitStatus {
        let _ = self.child.kill();
        self.child.wait().expect("wait")
    }

    /// Waits for the exit (bounded: a hang is a failure, and the process is killed).
    fn finish(mut self, limit: Duration) -> Ended {
        let begun = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Ended {
                    what: self.what.clone(),
                    code: status.code(),
                    stderr: std::fs::read_to_string(&self.err).unwrap_or_default(),
                    audit: std::fs::read_to_string(self._home.path().join("audit.jsonl")).unwrap_or_default(),
                };
            }
            if begun.elapsed() > limit {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "`{}` still running after {limit:?}: killed\n--- stderr\n{}",
                    self.what,
                    std::fs::read_to_string(&self.err).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// How a spawned provctl ended.
struct Ended {
    what: String,
    code: Option<i32>,
    stderr: String,
    /// Its audit log (each run has its own).
    audit: String,
}

impl Drop for Spawned {
    /// A failing test leaves no provctl behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What provctl's session is doing, from `pg_stat_activity`.
#[derive(Debug, Clone)]
struct Backend {
    pid: i32,
    state: String,
    query: String,
    /// Start of its open transaction, if any (distinguishes the transactions of a multi-INI run).
    xact: Option<String>,
    wait_event_type: String,
}

impl Backend {
    fn running(&self, prefix: &str) -> bool {
        self.state == "active" && self.query.trim_start().to_ascii_uppercase().starts_with(prefix)
    }

    fn committing(&self) -> bool {
        self.state == "active" && self.query.trim().eq_ignore_ascii_case("COMMIT")
    }

    fn waiting_for_lock(&self) -> bool {
        self.wait_event_type == "Lock"
    }
}

fn backends(pg: &mut Client) -> Vec<Backend> {
    pg.query(
        "SELECT pid, coalesce(state, ''), coalesce(query, ''), xact_start::text, coalesce(wait_event_type, '') \
         FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'provctl' \
           AND pid <> pg_backend_pid()",
        &[],
    )
    .expect("read pg_stat_activity")
    .iter()
    .map(|r| Backend {
        pid: r.get(0),
        state: r.get(1),
        query: r.get(2),
        xact: r.get(3),
        wait_event_type: r.get(4),
    })
    .collect()
}

/// Polls provctl's sessions every millisecond until `pred` holds for one of them (returned), the
/// process ends (`None`), or `limit` passes (`None`).
fn watch(
    pg: &mut Client,
    p: &mut Spawned,
    limit: Duration,
    mut pred: impl FnMut(&Backend) -> bool,
) -> Option<Backend> {
    let begun = Instant::now();
    while begun.elapsed() < limit {
        if let Some(b) = backends(pg).into_iter().find(|b| pred(b)) {
            return Some(b);
        }
        if p.exited() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

/// Waits (bounded) until no provctl session is left in the database: a killed client's backend ends
/// its statement, notices the closed socket and rolls back (or, inside COMMIT, commits) first.
fn wait_sessions_gone(pg: &mut Client) {
    let begun = Instant::now();
    while !backends(pg).is_empty() {
        assert!(
            begun.elapsed() < Duration::from_secs(30),
            "provctl's session outlived the process: {:?}",
            backends(pg)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A clear error: `error: database: …`, no panic, no backtrace, no password.
#[track_caller]
fn clear_database_error(what: &str, stderr: &str, url: &str) {
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains("database: ")),
        "{what}: no `error: … database: …` line:\n{stderr}"
    );
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!stderr.contains(bad), "{what}: {bad}:\n{stderr}");
    }
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, pw)| pw)
        .expect("a password in the test URL");
    assert!(
        !stderr.contains(password),
        "{what}: shows the password:\n{stderr}"
    );
}

/// The rows of every table these commands touch, without ids, timestamps set by `now()`, hashes or
/// key values: equal between two databases = the same end state.
fn logical_state(pg: &mut Client) -> Vec<String> {
    pg.query(
        "SELECT x FROM (
           SELECT 'client ' || (to_jsonb(c) - '{id,created_at,updated_at}'::text[])::text AS x FROM clients c
           UNION ALL SELECT 'user ' || coalesce(c.name, '?') || ' ' ||
                  (to_jsonb(u) - '{id,client_id,password_hash,created_at,updated_at}'::text[])::text
             FROM users u LEFT JOIN clients c ON c.id = u.client_id
           UNION ALL SELECT 'key ' || c.name || ' bound=' || coalesce(m.hostname, '-') || ' len=' || length(k.key) || ' ' ||
                  (to_jsonb(k) - '{id,client_id,key,machine_id}'::text[])::text
             FROM api_keys k JOIN clients c ON c.id = k.client_id LEFT JOIN machines m ON m.id = k.machine_id
           UNION ALL SELECT 'settings ' || c.name || ' ' ||
                  (to_jsonb(s) - '{id,client_id,created_at,updated_at}'::text[])::text
             FROM client_settings s JOIN clients c ON c.id = s.client_id
           UNION ALL SELECT 'target ' || c.name || ' ' ||
                  (to_jsonb(t) - '{id,client_id,created_at,updated_at}'::text[])::text
             FROM http_targets t JOIN clients c ON c.id = t.client_id
           UNION ALL SELECT 'machine ' || c.name || ' ' || m.hostname || ' events=' ||
                  (SELECT count(*) FROM ingest_events e WHERE e.machine_id = m.id)
             FROM machines m JOIN clients c ON c.id = m.client_id
           UNION ALL SELECT 'events ' || c.name || ' ' || (SELECT count(*) FROM ingest_events e WHERE e.client_id = c.id)
             FROM clients c
           UNION ALL SELECT 'incident ' || c.name || ' ' || i.incident_type || ' ' || i.title
             FROM incidents i JOIN clients c ON c.id = i.client_id
         ) s ORDER BY x",
        &[],
    )
    .expect("logical state")
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// Row count and md5 of every row of the tables the commands write: equal = nothing changed at all.
fn checksums(pg: &mut Client) -> Vec<(String, i64, String)> {
    [
        "clients",
        "users",
        "api_keys",
        "client_settings",
        "http_targets",
        "machines",
        "ingest_events",
        "incidents",
    ]
    .iter()
    .map(|t| {
        let r = pg
            .query_one(
                &format!(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {t} t"
                ),
                &[],
            )
            .expect("checksum");
        (t.to_string(), r.get(0), r.get(1))
    })
    .collect()
}

// ---------------------------------------------------------------- provisioning fixtures

/// API keys per INI of these tests.
const KEYS: i64 = 3;

/// One INI of a directory: client `Fault NN`, its admin, 3 keys, settings, 2 targets.
struct Ini {
    name: String,
    admin: String,
    path: PathBuf,
}

fn ini_text(n: usize) -> String {
    format!(
        "[client]\nname = Fault {n:02}\nemail = client{n:02}@fault.example.com\n\n\
         [admin]\nemail = admin{n:02}@fault.example.com\nrole = admin_client\n\n\
         [api_keys]\ncount = {KEYS}\nprefix = f{n:02}-key-\nlength = 32\n\n\
         [client_settings]\nnotification_email = ops{n:02}@fault.example.com\nslack_channel_name = #f{n:02}\n\n\
         [http_targets]\ntarget_01 = f{n:02}-home|https://f{n:02}.fault.example.com/|GET|30|300|true\n\
         target_02 = f{n:02}-health|https://f{n:02}.fault.example.com/health|GET|10|60|true\n"
    )
}

fn write_inis(dir: &Path, numbers: impl IntoIterator<Item = usize>) -> Vec<Ini> {
    numbers
        .into_iter()
        .map(|n| {
            let path = dir.join(format!("fault-{n:02}.ini"));
            std::fs::write(&path, ini_text(n)).expect("write INI");
            Ini {
                name: format!("Fault {n:02}"),
                admin: format!("admin{n:02}@fault.example.com"),
                path,
            }
        })
        .collect()
}

fn provision(db: &TestDb, flags: &[&str], paths: &[&Path]) -> Run {
    provctl(db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", "--yes"])
        .args(flags)
        .args(paths)
}

fn secrets_path(ini: &Path) -> PathBuf {
    PathBuf::from(format!("{}.generated.secrets.env", ini.display()))
}

/// One appended block of a secrets file: the client id of its `# client: NAME (ID)` header and its
/// `KEY=VALUE` lines.
#[derive(Debug)]
struct SecretsBlock {
    client_id: String,
    pairs: BTreeMap<String, String>,
}

/// The blocks of a secrets file (none when it does not exist). Tolerates a torn last block.
fn secrets_blocks(path: &Path) -> Vec<SecretsBlock> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut blocks: Vec<SecretsBlock> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# client: ") {
            let id = rest
                .rsplit_once('(')
                .map(|(_, id)| id.trim_end_matches(')').to_string())
                .unwrap_or_default();
            blocks.push(SecretsBlock {
                client_id: id,
                pairs: BTreeMap::new(),
            });
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else if let (Some((k, v)), Some(b)) = (line.split_once('='), blocks.last_mut()) {
            b.pairs.insert(k.to_string(), v.to_string());
        }
    }
    blocks
}

/// What the invariant check found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Census {
    clients: usize,
    /// Blocks of secrets for a client that does not exist (the run died after the secrets were synced
    /// and before its COMMIT): unused secrets, never a missing one.
    orphan_blocks: usize,
}

/// The provisioning invariants, over every client of the database:
/// - no client is half-provisioned: exactly its admin, its settings, all its keys and targets; no
///   client name twice; no row without its client;
/// - every committed client has exactly one block in its INI's secrets file, whose admin password
///   verifies against the stored hash and whose key values are the stored ones.
///
/// `verified` remembers the clients whose password was already checked (bcrypt cost 12 is slow).
fn check_provisioned(pg: &mut Client, inis: &[Ini], verified: &mut BTreeSet<String>) -> Census {
    let rows = pg
        .query(
            "SELECT c.id::text, c.name,
                    (SELECT count(*) FROM users u WHERE u.client_id = c.id),
                    (SELECT count(*) FROM api_keys k WHERE k.client_id = c.id),
                    (SELECT count(*) FROM client_settings s WHERE s.client_id = c.id),
                    (SELECT count(*) FROM http_targets t WHERE t.client_id = c.id)
             FROM clients c ORDER BY c.name",
            &[],
        )
        .expect("clients");
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in &rows {
        let (id, name): (String, String) = (r.get(0), r.get(1));
        let counts: [i64; 4] = [r.get(2), r.get(3), r.get(4), r.get(5)];
        assert_eq!(
            counts,
            [1, KEYS, 1, 2],
            "{name} is half-provisioned: [users, api_keys, settings, targets] = {counts:?}"
        );
        assert!(names.insert(name.clone()), "client {name} exists twice");
        ids.insert(id);
    }
    for (table, per_client) in [
        ("users", 1),
        ("api_keys", KEYS),
        ("client_settings", 1),
        ("http_targets", 2),
    ] {
        let n: i64 = pg
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(
            n,
            per_client * rows.len() as i64,
            "{table}: rows outside the clients"
        );
    }

    let mut census = Census {
        clients: rows.len(),
        ..Census::default()
    };
    let mut to_verify: Vec<(String, String, String)> = Vec::new();
    for ini in inis {
        let file = secrets_path(&ini.path);
        let blocks = secrets_blocks(&file);
        if file.exists() {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        census.orphan_blocks += blocks.iter().filter(|b| !ids.contains(&b.client_id)).count();
        let Some(client) = rows.iter().find(|r| r.get::<_, String>(1) == ini.name) else {
            continue;
        };
        let id: String = client.get(0);
        // A client completed by a later run (a key added) has a block per run; later values win.
        let mine: Vec<&SecretsBlock> = blocks.iter().filter(|b| b.client_id == id).collect();
        let passwords = mine
            .iter()
            .filter(|b| b.pairs.contains_key("ADMIN_PASSWORD"))
            .count();
        assert_eq!(
            passwords,
            1,
            "{} ({id}) is committed, and {} holds {passwords} admin password(s) for it ({} block(s))",
            ini.name,
            file.display(),
            mine.len()
        );
        let mut merged: BTreeMap<String, String> = BTreeMap::new();
        for b in &mine {
            merged.extend(b.pairs.clone());
        }
        let (email, hash): (String, String) = {
            let u = pg
                .query_one(
                    "SELECT email, password_hash FROM users WHERE client_id = $1::text::uuid",
                    &[&id],
                )
                .unwrap();
            (u.get(0), u.get(1))
        };
        assert_eq!(email, ini.admin);
        assert_eq!(merged.get("ADMIN_EMAIL"), Some(&ini.admin), "{mine:?}");
        let password = merged["ADMIN_PASSWORD"].clone();
        // What `deliverable --secrets-file` takes, the last password recorded for the email, is this one
        // (a block left by a killed run comes before it).
        let last = blocks
            .iter()
            .filter(|b| b.pairs.get("ADMIN_EMAIL") == Some(&ini.admin))
            .filter_map(|b| b.pairs.get("ADMIN_PASSWORD"))
            .next_back();
        assert_eq!(
            last,
            Some(&password),
            "{}: a later block shadows the admin's password",
            ini.name
        );
        for k in pg
            .query(
                "SELECT name, key FROM api_keys WHERE client_id = $1::text::uuid",
                &[&id],
            )
            .unwrap()
        {
            let (name, value): (String, String) = (k.get(0), k.get(1));
            assert_eq!(
                merged.get(&format!("API_KEY_VALUE__{name}")),
                Some(&value),
                "{}: key {name} committed without its value in the secrets file",
                ini.name
            );
        }
        if !verified.contains(&id) {
            to_verify.push((id, password, hash));
        }
    }
    // bcrypt cost 12: verify on every core.
    let results: Vec<(String, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = to_verify
            .iter()
            .map(|(id, pw, hash)| s.spawn(move || (id.clone(), bcrypt::verify(pw, hash).unwrap_or(false))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (id, ok) in results {
        assert!(
            ok,
            "client {id}: the password in the secrets file does not verify against the hash"
        );
        verified.insert(id);
    }
    census
}
