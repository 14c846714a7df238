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

use crate::support::{db, provctl, provctl_bare, seed, Done, Run, TestDb};
use postgres::Client;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

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

// ---------------------------------------------------------------- kill -9 during provision

/// Where to SIGKILL provctl.
#[derive(Debug, Clone, Copy)]
enum KillPoint {
    /// While the n-th write transaction of the run executes a statement starting with this text.
    In(&'static str, usize),
    /// In the n-th transaction, idle after its last INSERT (the secrets being written and synced).
    AfterInserts(usize),
    /// In the n-th transaction, after its secrets block reached the file, before COMMIT.
    SecretsSynced(usize),
    /// While the n-th transaction's COMMIT runs.
    Commit(usize),
    /// This many milliseconds after the first write transaction was seen (its BEGIN, lock or insert).
    After(u64),
}

/// Total size of the secrets files of `dir`.
fn secrets_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with(".generated.secrets.env")
        })
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[test]
fn kill_9_at_many_points_of_a_directory_provision_never_half_provisions() {
    let db = db();
    let mut pg = db.client();
    install_sleeper(&mut pg);
    // Per INI: ~20 ms inserting the client, 30 ms the admin, 20 ms per key and per target, and 80 ms
    // inside COMMIT: about 0.25 s of writing per INI, each statement long enough to be caught running.
    slow(&mut pg, "clients", "INSERT", "ROW", 0.02);
    slow(&mut pg, "users", "INSERT", "ROW", 0.03);
    slow(&mut pg, "api_keys", "INSERT", "ROW", 0.02);
    slow(&mut pg, "http_targets", "INSERT", "ROW", 0.02);
    slow_commit(&mut pg, "clients", "INSERT", "true", 0.08);
    let dir = tempfile::tempdir().unwrap();

    use KillPoint::*;
    let points = [
        In("INSERT INTO API_KEYS", 1),
        Commit(1),
        AfterInserts(1),
        SecretsSynced(1),
        In("INSERT INTO USERS", 2),
        Commit(2),
        After(0),
        In("INSERT INTO HTTP_TARGETS", 1),
        SecretsSynced(2),
        After(120),
        In("INSERT INTO CLIENTS", 1),
        Commit(1),
        After(260),
        SecretsSynced(1),
    ];
    let mut inis: Vec<Ini> = Vec::new();
    let mut verified = BTreeSet::new();
    let mut census = Census::default();
    let mut log = Vec::new();
    let mut aimed = 0;
    for (i, point) in points.iter().enumerate() {
        // The same directory throughout, grown so that each run has 3 INIs left to create: a run
        // hashes (bcrypt cost 12) only the admins it creates, so this bounds the time per kill.
        while inis.len() - census.clients < 3 {
            inis.extend(write_inis(dir.path(), [inis.len() + 1]));
        }
        let mut p = spawn(provision(&db, &[], &[dir.path()]), "provision DIR");
        let mut seen: BTreeSet<String> = BTreeSet::new();
        // Write transactions of this run, with the secrets files' size when each was first seen.
        let mut writes: BTreeMap<String, u64> = BTreeMap::new();
        let mut first: Option<Instant> = None;
        let mut fell_back = false;
        let caught = watch(&mut pg, &mut p, Duration::from_secs(60), |b| {
            let Some(x) = &b.xact else { return false };
            let q = b.query.trim_start().to_ascii_uppercase();
            let writing = [
                "START TRANSACTION",
                "SET LOCAL",
                "SELECT PG_ADVISORY_XACT_LOCK",
                "INSERT",
                "COMMIT",
            ]
            .iter()
            .any(|w| q.starts_with(w))
                || b.state == "idle in transaction";
            if writing {
                first.get_or_insert_with(Instant::now);
                if !writes.contains_key(x) {
                    writes.insert(x.clone(), secrets_bytes(dir.path()));
                }
            }
            let after_inserts = b.state == "idle in transaction" && q.contains("INTO HTTP_TARGETS");
            let (hit, nth) = match *point {
                In(prefix, n) => (b.running(prefix), n),
                AfterInserts(n) => (after_inserts, n),
                SecretsSynced(n) => (
                    after_inserts && writes.get(x).is_some_and(|&at| secrets_bytes(dir.path()) > at),
                    n,
                ),
                Commit(n) => (b.committing(), n),
                After(ms) => return first.is_some_and(|f| f.elapsed() >= Duration::from_millis(ms)),
            };
            if hit {
                seen.insert(x.clone());
            }
            // Missed (a phase too short to be seen): kill at the start of a later INI anyway, rather
            // than let this run finish everything.
            fell_back = !hit && writes.len() > nth + 1;
            (hit && seen.len() == nth) || fell_back
        });
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        census = check_provisioned(&mut pg, &inis, &mut verified);
        let at = match &caught {
            Some(b) => format!(
                "{}{} `{}`",
                if fell_back {
                    "missed; killed instead at "
                } else {
                    ""
                },
                b.state,
                b.query.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            ),
            None => format!("not reached (provctl ended: {status})"),
        };
        if caught.is_some() && !fell_back {
            aimed += 1;
        }
        log.push(format!(
            "kill {:>2} {point:?}: at {at}; INIs {}, committed clients {}, orphan secrets blocks {}",
            i + 1,
            inis.len(),
            census.clients,
            census.orphan_blocks
        ));
    }
    eprintln!("{}", log.join("\n"));
    assert!(
        aimed >= points.len() - 3,
        "too few kills landed where aimed:\n{}",
        log.join("\n")
    );

    // A clean re-run finishes the job; a second one creates nothing.
    provision(&db, &[], &[dir.path()]).run().code_is(0);
    let census = check_provisioned(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, inis.len());
    eprintln!("after the clean re-run: {census:?}");
    // The delivery document of a client whose file also holds a killed run's block has the password
    // that works.
    for ini in &inis {
        let file = secrets_path(&ini.path);
        let blocks = secrets_blocks(&file);
        if blocks.len() < 2 {
            continue;
        }
        // The committed block's password verified above; the others belong to no client.
        let id: String = pg
            .query_one("SELECT id::text FROM clients WHERE name = $1", &[&ini.name])
            .unwrap()
            .get(0);
        let out = provctl(&db)
            .args([
                "deliverable",
                "--client",
                &ini.name,
                "--url",
                "https://monitor.example.com",
            ])
            .args([std::ffi::OsStr::new("--secrets-file"), file.as_os_str()])
            .run()
            .code_is(0);
        for b in &blocks {
            let pw = &b.pairs["ADMIN_PASSWORD"];
            let valid = b.client_id == id;
            assert_eq!(
                out.stdout().contains(pw.as_str()),
                valid,
                "{}: the delivery document {} the {} password",
                ini.name,
                if valid { "lacks" } else { "has" },
                if valid { "valid" } else { "stale" }
            );
        }
    }
    let rows = checksums(&mut pg);
    let files: Vec<Vec<u8>> = inis
        .iter()
        .map(|i| std::fs::read(secrets_path(&i.path)).unwrap())
        .collect();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    assert_eq!(checksums(&mut pg), rows);
    for (ini, before) in inis.iter().zip(files) {
        assert_eq!(std::fs::read(secrets_path(&ini.path)).unwrap(), before);
    }
}

// ---------------------------------------------------------------- kill -9 during keys disable

/// `n` active keys `bulk-key-NNNN` for `client`.
fn bulk_keys(pg: &mut Client, client: &str, tag: &str, n: i32) {
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name, is_active) \
         SELECT gen_random_uuid(), $1::text::uuid, $2 || '-value-' || lpad(g::text, 4, '0') || '-0123456789abcdef', \
                $2 || '-key-' || lpad(g::text, 4, '0'), true FROM generate_series(1, $3) g",
        &[&client, &tag, &n],
    )
    .expect("insert keys");
}

fn active_keys(pg: &mut Client, client: &str) -> i64 {
    pg.query_one(
        "SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND is_active",
        &[&client],
    )
    .unwrap()
    .get(0)
}

#[test]
fn kill_9_during_keys_disable_is_all_or_nothing() {
    let db = db();
    let mut pg = db.client();
    let big = seed::client(&mut pg, "Big");
    let other = seed::client(&mut pg, "Other");
    bulk_keys(&mut pg, &big, "big", 300);
    bulk_keys(&mut pg, &other, "other", 3);
    install_sleeper(&mut pg);
    // The UPDATE takes 300 × 2 ms; its COMMIT 200 ms.
    slow(&mut pg, "api_keys", "UPDATE", "ROW", 0.002);
    slow_commit(&mut pg, "api_keys", "UPDATE", "NEW.name = 'big-key-0001'", 0.2);
    let other_before = logical_state(&mut pg)
        .into_iter()
        .filter(|l| l.starts_with("key Other"))
        .collect::<Vec<_>>();

    let mut log = Vec::new();
    // Into the UPDATE after 0, 150 and 400 ms, then inside COMMIT.
    for (i, delay) in [Some(0u64), Some(150), Some(400), None].into_iter().enumerate() {
        let before = active_keys(&mut pg, &big);
        let mut p = spawn(
            provctl(&db).args(["keys", "disable", "--client", "Big", "--yes"]),
            "keys disable",
        );
        let caught = watch(&mut pg, &mut p, Duration::from_secs(30), |b| match delay {
            Some(_) => b.running("UPDATE API_KEYS"),
            None => b.committing(),
        });
        if let (Some(ms), Some(_)) = (delay, &caught) {
            std::thread::sleep(Duration::from_millis(ms));
        }
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        let after = active_keys(&mut pg, &big);
        log.push(format!(
            "kill {} ({}): caught {:?}, provctl {status}, active keys {before} -> {after}",
            i + 1,
            delay.map_or("in COMMIT".to_string(), |ms| format!("UPDATE + {ms} ms")),
            caught.map(|b| b.query.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        ));
        assert!(after == before || after == 0, "half disabled: {}", log.join("\n"));
        let other_now: Vec<String> = logical_state(&mut pg)
            .into_iter()
            .filter(|l| l.starts_with("key Other"))
            .collect();
        assert_eq!(other_now, other_before);
        if after == 0 && delay.is_some() {
            // Committed after all: back to all active (not slowed: the tests' session is not provctl).
            pg.execute(
                "UPDATE api_keys SET is_active = true WHERE client_id = $1::text::uuid",
                &[&big],
            )
            .unwrap();
        }
    }
    eprintln!("{}", log.join("\n"));
    // Whatever happened, a re-run ends with every key disabled, and a second one changes nothing.
    provctl(&db)
        .args(["keys", "disable", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(active_keys(&mut pg, &big), 0);
    provctl(&db)
        .args(["keys", "disable", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to disable");
    assert_eq!(active_keys(&mut pg, &other), 3);
}

// ---------------------------------------------------------------- kill -9 during reset-client

/// Big: 60 machines × 100 events, keys 00–02 bound to the first machines and used, key 03 untouched,
/// a NO_DATA_MACHINE incident on each of the first 3 machines. Other: one machine, 3 events, a bound key.
/// Returns (Big's id, Other's id).
fn reset_fixture(pg: &mut Client) -> (String, String) {
    let big = seed::client(pg, "Big");
    seed::bulk_machines(pg, &big, 60, 100);
    let machines: Vec<String> = pg
        .query(
            "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 3",
            &[&big],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (i, m) in machines.iter().enumerate() {
        let k = seed::key(
            pg,
            &big,
            &format!("big-key-{i:02}"),
            &format!("big-value-{i:02}-0123456789abcdef"),
            i != 1,
        );
        seed::bind(pg, &k, m);
        seed::key_used(pg, &k);
        seed::incident(pg, &big, "NO_DATA_MACHINE", Some(m), None, None);
    }
    seed::key(pg, &big, "big-key-03", "big-value-03-0123456789abcdef", true);
    let other = seed::client(pg, "Other");
    let m = seed::machine(pg, &other, "other-01");
    for n in 0..3 {
        seed::ingest(pg, &other, &m, &format!("other-{n}"));
    }
    let k = seed::key(
        pg,
        &other,
        "other-key-01",
        "other-value-01-0123456789abcdef",
        true,
    );
    seed::bind(pg, &k, &m);
    (big, other)
}

/// [machines, ingest events, bound keys, used keys, incidents] of a client.
fn reset_counts(pg: &mut Client, client: &str) -> [i64; 5] {
    let r = pg
        .query_one(
            "SELECT (SELECT count(*) FROM machines WHERE client_id = $1::text::uuid),
                    (SELECT count(*) FROM ingest_events WHERE client_id = $1::text::uuid),
                    (SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND machine_id IS NOT NULL),
                    (SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid AND last_used_at IS NOT NULL),
                    (SELECT count(*) FROM incidents WHERE client_id = $1::text::uuid)",
            &[&client],
        )
        .unwrap();
    [r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)]
}

fn lines_of(state: &[String], client: &str) -> Vec<String> {
    state
        .iter()
        .filter(|l| l.split_whitespace().nth(1) == Some(client))
        .cloned()
        .collect()
}

#[test]
fn kill_9_inside_each_statement_of_reset_client_and_its_commit_is_all_or_nothing() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    install_sleeper(&mut pg);
    // Each of the reset's statements, and its COMMIT, takes at least 150 ms.
    slow(&mut pg, "incidents", "DELETE", "STATEMENT", 0.15);
    slow(&mut pg, "ingest_events", "DELETE", "STATEMENT", 0.15);
    slow(&mut pg, "api_keys", "UPDATE", "STATEMENT", 0.15);
    slow(&mut pg, "machines", "DELETE", "STATEMENT", 0.15);
    slow_commit(&mut pg, "machines", "DELETE", "OLD.hostname = 'bulk-1'", 0.15);
    let before = reset_counts(&mut pg, &big);
    assert_eq!(before, [60, 6000, 3, 3, 3]);
    let reset = [0, 0, 0, 0, 0];
    let other_before = lines_of(&logical_state(&mut pg), "Other");

    let mut log = Vec::new();
    for target in [
        "DELETE FROM INCIDENTS",
        "DELETE FROM INGEST_EVENTS",
        "UPDATE API_KEYS",
        "DELETE FROM MACHINES",
        "COMMIT",
    ] {
        let mut p = spawn(
            provctl(&db).args(["reset-client", "--client", "Big", "--yes"]),
            "reset-client",
        );
        let caught = watch(&mut pg, &mut p, Duration::from_secs(30), |b| {
            if target == "COMMIT" {
                b.committing()
            } else {
                b.running(target)
            }
        });
        let status = p.kill9();
        wait_sessions_gone(&mut pg);
        let after = reset_counts(&mut pg, &big);
        log.push(format!(
            "kill in {target}: caught {}, provctl {status}, state {after:?}",
            caught.is_some()
        ));
        assert!(caught.is_some(), "never reached {target}: {}", log.join("\n"));
        assert!(
            after == before || after == reset,
            "half a reset: before {before:?}\n{}",
            log.join("\n")
        );
        if target != "COMMIT" {
            assert_eq!(
                after,
                before,
                "a kill before COMMIT committed: {}",
                log.join("\n")
            );
        }
        assert_eq!(lines_of(&logical_state(&mut pg), "Other"), other_before);
    }
    eprintln!("{}", log.join("\n"));
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(reset_counts(&mut pg, &big), reset);
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("already in its initial state");

    // The same end state as a clean reset of the same data.
    let clean = crate::support::db();
    let mut cpg = clean.client();
    reset_fixture(&mut cpg);
    provctl(&clean)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0);
    assert_eq!(logical_state(&mut pg), logical_state(&mut cpg));
}

// ---------------------------------------------------------------- the server stopped mid-command

#[test]
fn the_server_stopped_mid_command_is_exit_4_with_a_clear_message() {
    // A cluster of its own: this test stops it.
    let cluster = crate::support::extra::start();
    let mut pg = cluster.socket_client("monitoring").unwrap();
    let db = TestDb {
        name: "monitoring".into(),
        url: cluster.url("monitoring"),
    };
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);

    // Another session holds what the three commands need: each ends up waiting on a lock.
    let mut holder = cluster.socket_client("monitoring").unwrap();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0))")
        .unwrap();
    tx.execute(
        "SELECT id FROM api_keys WHERE client_id IN ($1::text::uuid, $2::text::uuid) FOR UPDATE",
        &[&big, &beta],
    )
    .unwrap();
    let runs = vec![
        spawn(
            provision(&db, &["--lock-timeout", "60"], &[&inis[0].path]),
            "provision",
        ),
        spawn(
            provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
            "reset-client",
        ),
        spawn(
            provctl(&db).args(["keys", "disable", "--client", "Beta", "--yes"]),
            "keys disable",
        ),
    ];
    let begun = Instant::now();
    loop {
        let waiting = backends(&mut pg).iter().filter(|b| b.waiting_for_lock()).count();
        if waiting == runs.len() {
            break;
        }
        assert!(
            begun.elapsed() < Duration::from_secs(30),
            "the commands never all waited on their locks: {:?}",
            backends(&mut pg)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // Stopped with the locks still held: nothing can proceed first.
    cluster.stop();
    drop(tx);
    drop(holder);
    drop(pg);

    for p in runs {
        let Ended {
            what, code, stderr, ..
        } = p.finish(Duration::from_secs(60));
        eprintln!("{what} after the server stopped: exit {code:?}\n{stderr}");
        assert_eq!(code, Some(4), "{what}:\n{stderr}");
        clear_database_error(&what, &stderr, &db.url);
    }
    assert!(
        !secrets_path(&inis[0].path).exists(),
        "a secrets file for a provisioning that never reached its inserts"
    );
    // And with the server gone, connecting is exit 4 too.
    provctl(&db)
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("error: cannot connect to postgresql://provctl_admin:***@127.0.0.1")
        .never_shows(cluster.superuser_password());
    // Not a database of the shared cluster: nothing for TestDb's clean-up to drop.
    std::mem::forget(db);
}

// ---------------------------------------------------------------- pg_terminate_backend mid-command

/// Terminates provctl's session once `pred` holds for it; returns the process's outcome.
fn terminate_when(pg: &mut Client, mut p: Spawned, pred: impl FnMut(&Backend) -> bool) -> Ended {
    let what = p.what.clone();
    let b = watch(pg, &mut p, Duration::from_secs(30), pred)
        .unwrap_or_else(|| panic!("{what}: never reached the point to terminate it"));
    let done: bool = pg
        .query_one("SELECT pg_terminate_backend($1)", &[&b.pid])
        .unwrap()
        .get(0);
    assert!(done, "{what}: pg_terminate_backend failed");
    p.finish(Duration::from_secs(60))
}

#[test]
fn a_terminated_connection_is_exit_4_and_a_rerun_reaches_the_clean_end_state() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    install_sleeper(&mut pg);
    // Provision's COMMIT takes 3 s: long enough to be terminated inside it.
    slow_commit(&mut pg, "clients", "INSERT", "true", 3.0);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1, 2]);
    let unchanged = checksums(&mut pg);

    // 1. Each command terminated while it waits for a lock held by this test.
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0))")
        .unwrap();
    tx.execute(
        "SELECT id FROM api_keys WHERE client_id IN ($1::text::uuid, $2::text::uuid) FOR UPDATE",
        &[&big, &beta],
    )
    .unwrap();
    let commands: [(&str, Run); 3] = [
        (
            "provision",
            provision(&db, &["--lock-timeout", "60"], &[&inis[0].path]),
        ),
        (
            "reset-client",
            provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
        ),
        (
            "keys disable",
            provctl(&db).args(["keys", "disable", "--client", "Beta", "--yes"]),
        ),
    ];
    for (what, run) in commands {
        let Ended { code, stderr, .. } = terminate_when(&mut pg, spawn(run, what), Backend::waiting_for_lock);
        eprintln!("{what} terminated while waiting for a lock: exit {code:?}\n{stderr}");
        assert_eq!(code, Some(4), "{what}:\n{stderr}");
        clear_database_error(what, &stderr, &db.url);
        assert_eq!(checksums(&mut pg), unchanged, "{what} changed something");
    }
    assert!(!secrets_path(&inis[0].path).exists());
    tx.rollback().unwrap();

    // 2. Provision terminated inside its COMMIT, after its secrets were synced: the transaction did
    // not commit. provctl either gets the server's error (then it truncates the secrets file back) or
    // only sees the connection close (outcome unknown: it keeps the secrets and says so). Both are safe;
    // which one happens is a race in the client library.
    let Ended { code, stderr, .. } = terminate_when(
        &mut pg,
        spawn(provision(&db, &[], &[&inis[1].path]), "provision"),
        Backend::committing,
    );
    eprintln!("provision terminated inside COMMIT: exit {code:?}\n{stderr}");
    assert_eq!(code, Some(4), "{stderr}");
    clear_database_error("provision in COMMIT", &stderr, &db.url);
    assert_eq!(checksums(&mut pg), unchanged);
    if secrets_path(&inis[1].path).exists() {
        assert!(
            stderr.contains("the outcome of the commit is unknown"),
            "secrets of a rolled-back commit kept without a word:\n{stderr}"
        );
    }

    // 3. Re-runs reach the state a clean run reaches on the same data.
    pg.batch_execute("DROP TRIGGER faults_slow_commit_clients_insert ON clients")
        .unwrap();
    let rerun = |db: &TestDb, dir: &Path| {
        provision(db, &[], &[dir]).run().code_is(0);
        provctl(db)
            .args(["reset-client", "--client", "Big", "--yes"])
            .run()
            .code_is(0);
        provctl(db)
            .args(["keys", "disable", "--client", "Beta", "--yes"])
            .run()
            .code_is(0);
    };
    rerun(&db, dir.path());
    let mut verified = BTreeSet::new();
    let census = check_provisioned_subset(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, 2);
    assert!(census.orphan_blocks <= 1, "{census:?}");
    let clean = crate::support::db();
    let mut cpg = clean.client();
    reset_fixture(&mut cpg);
    let cbeta = seed::client(&mut cpg, "Beta");
    bulk_keys(&mut cpg, &cbeta, "beta", 5);
    let clean_dir = tempfile::tempdir().unwrap();
    write_inis(clean_dir.path(), [1, 2]);
    rerun(&clean, clean_dir.path());
    assert_eq!(logical_state(&mut pg), logical_state(&mut cpg));
}

/// [`check_provisioned`] for a database that also holds clients not from these INIs.
fn check_provisioned_subset(pg: &mut Client, inis: &[Ini], verified: &mut BTreeSet<String>) -> Census {
    let mut census = Census::default();
    for ini in inis {
        let r = pg
            .query_one(
                "SELECT count(*), min(c.id::text),
                        (SELECT count(*) FROM users u JOIN clients c ON c.id = u.client_id WHERE c.name = $1),
                        (SELECT count(*) FROM api_keys k JOIN clients c ON c.id = k.client_id WHERE c.name = $1)
                 FROM clients c WHERE c.name = $1",
                &[&ini.name],
            )
            .unwrap();
        let (n, id, users, keys): (i64, Option<String>, i64, i64) = (r.get(0), r.get(1), r.get(2), r.get(3));
        assert!(n <= 1, "{} exists {n} times", ini.name);
        let Some(id) = id else { continue };
        assert_eq!((users, keys), (1, KEYS), "{} is half-provisioned", ini.name);
        let blocks = secrets_blocks(&secrets_path(&ini.path));
        let mine: Vec<&SecretsBlock> = blocks.iter().filter(|b| b.client_id == id).collect();
        assert_eq!(mine.len(), 1, "{}: {} block(s)", ini.name, mine.len());
        let hash: String = pg
            .query_one(
                "SELECT password_hash FROM users WHERE client_id = $1::text::uuid",
                &[&id],
            )
            .unwrap()
            .get(0);
        let pw = mine[0].pairs.get("ADMIN_PASSWORD").expect("ADMIN_PASSWORD");
        if verified.insert(id.clone()) {
            assert!(
                bcrypt::verify(pw, &hash).unwrap(),
                "{}: password does not verify",
                ini.name
            );
        }
        census.clients += 1;
        census.orphan_blocks += blocks.len() - 1;
    }
    census
}

// ---------------------------------------------------------------- the connection lost after COMMIT was sent

/// A TCP proxy in front of the shared cluster that passes everything through until a client sends
/// `COMMIT` (a simple query, as the client library sends it). Then it cuts that client off *before*
/// forwarding the COMMIT, and lets the server run it with nobody to answer to: the transaction
/// commits, and provctl only sees its connection close. The worst moment to lose a connection.
fn commit_cutter() -> u16 {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let server_port = crate::support::cluster().port();
    let listener = TcpListener::bind("127.0.0.1:0").expect("proxy listener");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
                return;
            };
            let cut = Arc::new(AtomicBool::new(false));
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut s_in, mut c_out) = (server, client);
            let cut_in = cut.clone();
            std::thread::spawn(move || {
                const COMMIT: &[u8] = b"Q\0\0\0\x0bCOMMIT\0";
                let mut buf = [0u8; 16 * 1024];
                let mut tail: Vec<u8> = Vec::new();
                while let Ok(n) = c_in.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    tail.extend_from_slice(&buf[..n]);
                    if tail.windows(COMMIT.len()).any(|w| w == COMMIT) {
                        cut_in.store(true, Ordering::SeqCst);
                        let _ = c_in.shutdown(Shutdown::Both);
                    }
                    let keep = tail.len().saturating_sub(COMMIT.len());
                    tail.drain(..keep);
                    if s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = s_out.shutdown(Shutdown::Write);
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                while let Ok(n) = s_in.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    // After the cut, the server's answers (the COMMIT's included) go nowhere.
                    if !cut.load(Ordering::SeqCst) && c_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c_out.shutdown(Shutdown::Both);
            });
        }
    });
    port
}

/// The test database's URL, through the proxy.
fn through(db: &TestDb, proxy_port: u16) -> String {
    let port = crate::support::cluster().port();
    let url = db
        .url
        .replace(&format!("127.0.0.1:{port}/"), &format!("127.0.0.1:{proxy_port}/"));
    assert_ne!(url, db.url);
    url
}

/// Runs provision, reset-client and keys disable, each through the proxy: each loses its connection
/// right after sending COMMIT. Returns their outcomes.
fn cut_after_commit(db: &TestDb, ini: &Path) -> Vec<(&'static str, Done)> {
    let proxy = commit_cutter();
    let url = through(db, proxy);
    let run = |args: &[&str]| {
        provctl_bare()
            .env("DATABASE_URL", &url)
            .env("PROVISION_CLIENT", "true")
            .args(args)
    };
    vec![
        (
            "provision",
            run(&["provision", "--yes"]).args([ini]).run().code_is(4),
        ),
        (
            "reset-client",
            run(&["reset-client", "--client", "Big", "--yes"])
                .run()
                .code_is(4),
        ),
        (
            "keys disable",
            run(&["keys", "disable", "--client", "Beta", "--yes"])
                .run()
                .code_is(4),
        ),
    ]
}

#[test]
fn a_connection_lost_right_after_commit_was_sent_keeps_the_secrets_of_what_committed() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let outs = cut_after_commit(&db, &inis[0].path);
    for (what, out) in &outs {
        eprintln!(
            "{what}, connection lost after COMMIT was sent:\n{}--- audit log:\n{}",
            out.stderr(),
            out.audit
        );
        clear_database_error(what, &out.stderr(), &db.url);
    }
    // Everything committed. Provision could not know it: it kept the secrets (and said why), and the
    // admin it created has its password in the file.
    assert!(
        outs[0]
            .1
            .stderr()
            .contains("the outcome of the commit is unknown"),
        "{}",
        outs[0].1.stderr()
    );
    let mut verified = BTreeSet::new();
    let census = check_provisioned_subset(&mut pg, &inis, &mut verified);
    assert_eq!(
        census,
        Census {
            clients: 1,
            orphan_blocks: 0
        }
    );
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    assert_eq!(active_keys(&mut pg, &beta), 0);
    // Re-runs find everything done.
    provision(&db, &[], &[&inis[0].path])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("already in its initial state");
    provctl(&db)
        .args(["keys", "disable", "--client", "Beta", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to disable");
}

#[test]
fn bug_a_connection_lost_during_commit_is_not_reported_as_nothing_committed() {
    let db = db();
    let mut pg = db.client();
    reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let wrong: Vec<String> = cut_after_commit(&db, &inis[0].path)
        .into_iter()
        .filter(|(_, out)| out.stderr().contains("nothing was committed"))
        .map(|(what, out)| format!("{what} (it committed):\n{}", out.stderr()))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn bug_a_change_whose_commit_was_not_confirmed_is_audited_as_possibly_done() {
    let db = db();
    let mut pg = db.client();
    reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let wrong: Vec<String> = cut_after_commit(&db, &inis[0].path)
        .into_iter()
        .filter(|(_, out)| {
            let entries = out.audit_entries();
            entries.len() != 1
                || !entries[0]["outcome"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("unknown")
        })
        .map(|(what, out)| format!("{what} (it committed), audit log: {:?}", out.audit))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------- locks held by another session

/// Runs every command at once against a database where another session holds the locks `take`
/// takes (given Big's and Beta's client ids), and checks each ends with exit 4 and a *lock* timeout
/// (not a statement timeout: it gave up within its lock timeout), nothing changed, no secrets written.
fn under_lock(what: &str, take: impl FnOnce(&mut postgres::Transaction<'_>, &str, &str)) {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    // Fault 01 is new; Fault 02 exists with one key missing (its re-run reads and inserts api_keys).
    let inis = write_inis(dir.path(), [1, 2]);
    provision(&db, &[], &[&inis[1].path]).run().code_is(0);
    pg.batch_execute("DELETE FROM api_keys WHERE name = 'f02-key-03'")
        .unwrap();
    let secrets_before = std::fs::read(secrets_path(&inis[1].path)).unwrap();
    let before = checksums(&mut pg);

    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    take(&mut tx, &big, &beta);
    // --statement-timeout 20: a wait that the lock timeout does not bound ends as a statement timeout.
    let global = ["--statement-timeout", "20"];
    let runs = vec![
        spawn(
            provision(&db, &["--lock-timeout", "1"], &[&inis[0].path]).args(global),
            "provision (new client)",
        ),
        spawn(
            provision(&db, &["--lock-timeout", "1"], &[&inis[1].path]).args(global),
            "provision (existing client)",
        ),
        spawn(
            provctl(&db)
                .args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "1"])
                .args(global),
            "reset-client",
        ),
        spawn(
            provctl(&db)
                .args(["keys", "disable", "--client", "Beta", "--yes"])
                .args(global),
            "keys disable",
        ),
    ];
    let mut failures = Vec::new();
    for p in runs {
        let Ended {
            what: name,
            code,
            stderr,
            ..
        } = p.finish(Duration::from_secs(60));
        eprintln!("{name} with {what} held: exit {code:?}\n{stderr}");
        if code != Some(4) || !stderr.contains("lock timeout") {
            failures.push(format!("{name}: exit {code:?}\n{stderr}"));
        }
        if code == Some(4) {
            clear_database_error(&name, &stderr, &db.url);
        }
    }
    tx.rollback().unwrap();
    assert_eq!(checksums(&mut pg), before, "something changed with {what} held");
    assert!(!secrets_path(&inis[0].path).exists());
    assert_eq!(
        std::fs::read(secrets_path(&inis[1].path)).unwrap(),
        secrets_before
    );
    assert!(
        failures.is_empty(),
        "not a lock timeout with {what} held:\n{}",
        failures.join("\n")
    );
}

#[test]
fn row_locks_held_elsewhere_are_a_lock_timeout_and_change_nothing() {
    under_lock("row locks and provisioning locks", |tx, big, beta| {
        // Another provisioning of the same clients (its advisory locks), and a session updating the
        // machines and keys the reset and the disable need.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 01', 0)); \
             SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:Fault 02', 0));",
        )
        .unwrap();
        tx.execute(
            "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
            &[&big],
        )
        .unwrap();
        tx.execute(
            "UPDATE api_keys SET name = name WHERE client_id IN ($1::text::uuid, $2::text::uuid)",
            &[&big, &beta],
        )
        .unwrap();
    });
}

#[test]
fn share_locks_on_the_tables_are_a_lock_timeout_and_change_nothing() {
    // What a plain CREATE INDEX takes: reads go on, writes wait.
    under_lock("SHARE locks", |tx, _, _| {
        tx.batch_execute("LOCK TABLE clients, users, machines, api_keys IN SHARE MODE")
            .unwrap();
    });
}

#[test]
fn bug_an_exclusive_table_lock_is_a_lock_timeout_not_a_statement_timeout() {
    // What ALTER TABLE takes (a platform migration running): reads wait too.
    under_lock("ACCESS EXCLUSIVE locks", |tx, _, _| {
        tx.batch_execute("LOCK TABLE clients, users, machines, api_keys IN ACCESS EXCLUSIVE MODE")
            .unwrap();
    });
}

// ---------------------------------------------------------------- parallel runs

/// Starts `n` runs while a transaction of this test holds locks they need (`gate`), waits until every
/// one of them waits on a lock — each has read the database and shown its plan — then releases them:
/// they all write at the same moment, from plans made before any of them wrote.
fn all_at_once(
    db: &TestDb,
    n: usize,
    gate: impl FnOnce(&mut postgres::Transaction<'_>),
    make: impl Fn(usize) -> Run,
) -> Vec<Ended> {
    let mut pg = db.client();
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    gate(&mut tx);
    let runs: Vec<Spawned> = (0..n).map(|i| spawn(make(i), &format!("run {i}"))).collect();
    let begun = Instant::now();
    while backends(&mut pg).iter().filter(|b| b.waiting_for_lock()).count() < n {
        assert!(
            begun.elapsed() < Duration::from_secs(60),
            "the runs never all waited at the gate: {:?}",
            backends(&mut pg)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    tx.rollback().unwrap();
    runs.into_iter()
        .map(|p| p.finish(Duration::from_secs(120)))
        .collect()
}

/// Exit 0, or the documented exit 4 for a lock timeout; never a panic.
#[track_caller]
fn documented(outs: &[Ended]) {
    for o in outs {
        let ok = o.code == Some(0) || (o.code == Some(4) && o.stderr.contains("lock timeout"));
        assert!(ok, "{} exited {:?}:\n{}", o.what, o.code, o.stderr);
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    }
}

fn advisory(tx: &mut postgres::Transaction<'_>, clients: &[&str]) {
    for c in clients {
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('provctl:provision:' || $1, 0))",
            &[c],
        )
        .unwrap();
    }
}

#[test]
fn parallel_provisions_of_the_same_inis_end_in_one_consistent_state() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), 1..=3);
    // Fault 03 exists already, with one key missing: every run plans to create that key.
    provision(&db, &[], &[&inis[2].path]).run().code_is(0);
    pg.batch_execute("DELETE FROM api_keys WHERE name = 'f03-key-02'")
        .unwrap();
    let outs = all_at_once(
        &db,
        8,
        |tx| advisory(tx, &["Fault 01", "Fault 02", "Fault 03"]),
        |_| provision(&db, &[], &[dir.path()]),
    );
    documented(&outs);
    let mut verified = BTreeSet::new();
    let census = check_provisioned(&mut pg, &inis, &mut verified);
    assert_eq!(census.clients, 3);
    assert_eq!(census.orphan_blocks, 0);
    // Fault 03's missing key was created once, by one run, its value in one new block.
    let blocks = secrets_blocks(&secrets_path(&inis[2].path));
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(
        blocks[1].pairs.keys().cloned().collect::<Vec<_>>(),
        ["API_KEY_NAME__f03-key-02", "API_KEY_VALUE__f03-key-02"]
    );
    for ini in &inis[..2] {
        assert_eq!(secrets_blocks(&secrets_path(&ini.path)).len(), 1);
    }
    let appended: usize = outs.iter().map(|o| o.stderr.matches("appended to").count()).sum();
    assert_eq!(
        appended, 3,
        "three INIs had something to create, each created once"
    );
}

#[test]
fn parallel_provisions_of_two_clients_sharing_an_admin_email_create_one() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let mut inis = write_inis(dir.path(), [1, 2]);
    // Fault 02 claims Fault 01's admin: the two runs are not serialised (different client names).
    std::fs::write(
        &inis[1].path,
        ini_text(2).replace("admin02@fault.example.com", "admin01@fault.example.com"),
    )
    .unwrap();
    inis[1].admin = inis[0].admin.clone();
    let outs = all_at_once(
        &db,
        8,
        |tx| advisory(tx, &["Fault 01", "Fault 02"]),
        |i| provision(&db, &[], &[&inis[i % 2].path]),
    );
    for o in &outs {
        // 2: the plan saw the other client's admin; 4: the unique index refused it under the race.
        assert!(
            matches!(o.code, Some(0 | 2 | 4)),
            "{} exited {:?}:\n{}",
            o.what,
            o.code,
            o.stderr
        );
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
        if o.code == Some(4) {
            eprintln!("{}: exit 4:\n{}", o.what, o.stderr);
            assert!(o.stderr.contains("ix_users_email"), "{}", o.stderr);
        }
    }
    let names: Vec<String> = pg
        .query("SELECT name FROM clients", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names.len(), 1, "both clients exist: {names:?}");
    let winner = inis.iter().position(|i| i.name == names[0]).unwrap();
    let mut verified = BTreeSet::new();
    check_provisioned_subset(&mut pg, &inis[winner..=winner], &mut verified);
    assert!(
        !secrets_path(&inis[1 - winner].path).exists(),
        "secrets for the client that was refused:\n{}",
        std::fs::read_to_string(secrets_path(&inis[1 - winner].path)).unwrap_or_default()
    );
    let codes: Vec<Option<i32>> = outs.iter().map(|o| o.code).collect();
    eprintln!("exit codes: {codes:?} (winner {})", names[0]);
}

fn lock_machines(tx: &mut postgres::Transaction<'_>, client: &str) {
    tx.execute(
        "SELECT id FROM machines WHERE client_id = $1::text::uuid FOR UPDATE",
        &[&client],
    )
    .unwrap();
}

#[test]
fn parallel_resets_of_one_client_end_in_its_initial_state() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let other_before = lines_of(&logical_state(&mut pg), "Other");
    let outs = all_at_once(
        &db,
        6,
        |tx| lock_machines(tx, &big),
        |_| provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
    );
    documented(&outs);
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    assert_eq!(lines_of(&logical_state(&mut pg), "Other"), other_before);
    let keys: Vec<(String, bool)> = pg
        .query(
            "SELECT name, is_active FROM api_keys WHERE client_id = $1::text::uuid ORDER BY name",
            &[&big],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        keys,
        [
            ("big-key-00".to_string(), true),
            ("big-key-01".to_string(), false),
            ("big-key-02".to_string(), true),
            ("big-key-03".to_string(), true)
        ],
        "keys keep is_active"
    );
}

/// Sum of a count over the `ok` lines of the runs' audit logs.
fn audited(outs: &[Ended], field: &str) -> i64 {
    outs.iter()
        .flat_map(|o| o.audit.lines())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("an audit line is JSON"))
        .filter(|e| e["outcome"] == "ok")
        .map(|e| e["counts"][field].as_i64().unwrap_or(0))
        .sum()
}

#[test]
fn bug_parallel_resets_audit_only_the_rows_each_one_changed() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let outs = all_at_once(
        &db,
        3,
        |tx| lock_machines(tx, &big),
        |_| provctl(&db).args(["reset-client", "--client", "Big", "--yes", "--lock-timeout", "60"]),
    );
    documented(&outs);
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    let (machines, events) = (audited(&outs, "machines"), audited(&outs, "ingest_events"));
    assert_eq!(
        (machines, events),
        (60, 6000),
        "the audit logs say {machines} machines and {events} ingest events were deleted; 60 and 6000 were:\n{}",
        outs.iter().map(|o| o.audit.as_str()).collect::<String>()
    );
}

#[test]
fn parallel_keys_disable_changes_each_key_once() {
    let db = db();
    let mut pg = db.client();
    let big = seed::client(&mut pg, "Big");
    let other = seed::client(&mut pg, "Other");
    bulk_keys(&mut pg, &big, "big", 40);
    bulk_keys(&mut pg, &other, "other", 3);
    pg.execute(
        "UPDATE api_keys SET is_active = false WHERE name IN ('big-key-0003', 'big-key-0017')",
        &[],
    )
    .unwrap();
    // By client, by prefix and by names, overlapping; all planned before any of them writes.
    let outs = all_at_once(
        &db,
        9,
        |tx| {
            tx.execute(
                "UPDATE api_keys SET name = name WHERE client_id = $1::text::uuid",
                &[&big],
            )
            .unwrap();
        },
        |i| match i % 3 {
            0 => provctl(&db).args(["keys", "disable", "--client", "Big", "--yes"]),
            1 => provctl(&db).args(["keys", "disable", "--prefix", "big-key-00", "--yes"]),
            _ => provctl(&db).args([
                "keys",
                "disable",
                "big-key-0001",
                "big-key-0002",
                "big-key-0040",
                "--yes",
            ]),
        },
    );
    documented(&outs);
    assert_eq!(active_keys(&mut pg, &big), 0);
    assert_eq!(active_keys(&mut pg, &other), 3);
    // Each key was changed by exactly one run: the counts printed, and those audited, add up to the
    // 38 keys that were active.
    let printed: i64 = outs
        .iter()
        .filter_map(|o| {
            o.stderr.lines().find_map(|l| {
                l.strip_suffix(" key(s) disabled")
                    .and_then(|n| n.trim().parse::<i64>().ok())
            })
        })
        .sum();
    assert_eq!(printed, 38, "keys changed more than once or not at all");
    assert_eq!(audited(&outs, "keys"), 38);
}
