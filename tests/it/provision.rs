//! `provctl provision`: the platform's INI applied to a real database — the exact rows, idempotence,
//! the guards, refusals of bad input, concurrent runs, the secrets file and its failure modes, output.

use crate::support::{cluster, db, provctl, seed, Done, Run, Template, TestDb};
use postgres::Client;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The sample INI of platform.md ("Sample INI"), byte for byte.
pub(crate) const SAMPLE: &str = "\
[client]
name = Demo
email = demo@example.com

[admin]
email = demo@example.com
role = admin_client
; password =  (empty => generated)

[api_keys]
count = 4
prefix = demo-key-
length = 32
alphabet = alnum

[client_settings]
notification_email = demo@example.com
slack_webhook_url =
slack_channel_name = #alerts
heartbeat_threshold_minutes = 5
consecutive_failures_threshold = 2
alert_grouping_enabled = true
alert_grouping_window_seconds = 300
reminder_notification_seconds = 600
grace_period_seconds = 120

[http_targets]
; format: name|url|method|timeout|interval|active
target_01 = demo-example|https://example.com|GET|30|300|true
target_02 = demo-health|https://monitor.example.com/health|GET|30|300|true
";

/// An http_targets row: client_id, name, url, method, timeout, interval, is_active.
type TargetRow = (
    String,
    String,
    String,
    Option<String>,
    Option<i32>,
    Option<i32>,
    Option<bool>,
);

/// The tables provision writes.
const TABLES: &[&str] = &["clients", "users", "api_keys", "client_settings", "http_targets"];

/// A deferred constraint trigger that makes every COMMIT of a transaction that inserted into `table` fail.
fn fail_commits_on(pg: &mut Client, table: &str) {
    pg.batch_execute(&format!(
        "CREATE OR REPLACE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'commit refused'; END $$; \
         CREATE CONSTRAINT TRIGGER fail_commit_{table} AFTER INSERT ON {table} \
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit();"
    ))
    .expect("create the failing trigger");
}

/// `PROVISION_CLIENT=true provctl provision --yes FLAGS... PATHS...`
pub(crate) fn provision(db: &TestDb, flags: &[&str], paths: &[&Path]) -> Run {
    provctl(db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", "--yes"])
        .args(flags)
        .args(paths)
}

pub(crate) fn write_ini(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write INI");
    path
}

/// The sample for another client: its name and every email changed.
pub(crate) fn client_ini(name: &str, email: &str) -> String {
    SAMPLE
        .replace("name = Demo", &format!("name = {name}"))
        .replace("demo@example.com", email)
}

/// The sample with `from` (which must occur) replaced once by `to`.
fn edit(from: &str, to: &str) -> String {
    assert!(SAMPLE.contains(from), "the sample has no {from:?}");
    SAMPLE.replacen(from, to, 1)
}

/// 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}"))
        + 1
}

pub(crate) fn secrets_path(ini: &Path) -> PathBuf {
    PathBuf::from(format!("{}.generated.secrets.env", ini.display()))
}

/// `KEY=VALUE` lines of a secrets file, in order; comment and blank lines skipped.
fn parse_secrets(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not KEY=VALUE: {l:?}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn read_secrets(ini: &Path) -> Vec<(String, String)> {
    let path = secrets_path(ini);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_secrets(&text)
}

/// The values that are secrets: the admin password and the API key values.
fn secret_values(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == "ADMIN_PASSWORD" || k.starts_with("API_KEY_VALUE__"))
        .map(|(_, v)| v.clone())
        .collect()
}

fn value_of(pairs: &[(String, String)], key: &str) -> String {
    let found: Vec<&String> = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v).collect();
    assert_eq!(
        found.len(),
        1,
        "{key} should appear once in the secrets file: {:?}",
        keys_of(pairs)
    );
    found[0].clone()
}

fn keys_of(pairs: &[(String, String)]) -> Vec<String> {
    pairs.iter().map(|(k, _)| k.clone()).collect()
}

/// Row count and an md5 over every row of each table provision writes: equal = nothing changed.
fn checksums(pg: &mut Client) -> Vec<(String, i64, String)> {
    TABLES
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

fn count(pg: &mut Client, sql: &str) -> i64 {
    pg.query_one(sql, &[]).expect(sql).get(0)
}

/// Every entry of `dir` with its bytes (symlinks as their target), to show nothing was written.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.unwrap();
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let content = if meta.file_type().is_symlink() {
                std::fs::read_link(&p)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if meta.is_dir() {
                b"<dir>".to_vec()
            } else {
                std::fs::read(&p).unwrap()
            };
            (e.file_name().to_string_lossy().into_owned(), content)
        })
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

/// Whether `line` holds a `YYYY-MM-DDTHH:MM` timestamp.
fn has_timestamp(line: &str) -> bool {
    let pat = b"dddd-dd-ddTdd:dd";
    line.as_bytes().windows(pat.len()).any(|w| {
        w.iter()
            .zip(pat)
            .all(|(c, p)| if *p == b'd' { c.is_ascii_digit() } else { c == p })
    })
}

/// Asserts that no generated secret of `pairs` appears in the run's stdout, stderr or audit log.
#[track_caller]
fn shows_no_secret(out: Done, pairs: &[(String, String)]) -> Done {
    let values = secret_values(pairs);
    assert!(!values.is_empty(), "nothing to look for: {:?}", keys_of(pairs));
    values.iter().fold(out, |out, v| out.never_shows(v))
}

#[test]
fn sample_ini_creates_exactly_the_documented_rows() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("+ client Demo")
        .stdout_has("+ admin demo@example.com")
        .stdout_has("+ api_key demo-key-04")
        .stdout_has("+ http_target demo-health");
    let secrets_file = secrets_path(&ini);
    let text = std::fs::read_to_string(&secrets_file).expect("a secrets file beside the INI");
    let pairs = parse_secrets(&text);
    let mut pg = db.client();

    let clients = pg
        .query("SELECT id::text, name, email FROM clients", &[])
        .unwrap();
    assert_eq!(clients.len(), 1);
    let client_id: String = clients[0].get(0);
    assert_eq!(clients[0].get::<_, String>(1), "Demo");
    assert_eq!(
        clients[0].get::<_, Option<String>>(2).as_deref(),
        Some("demo@example.com")
    );

    let users = pg
        .query(
            "SELECT client_id::text, email, role, is_active, password_hash FROM users",
            &[],
        )
        .unwrap();
    assert_eq!(users.len(), 1);
    let u = &users[0];
    assert_eq!(u.get::<_, String>(0), client_id);
    assert_eq!(u.get::<_, String>(1), "demo@example.com");
    assert_eq!(u.get::<_, String>(2), "admin_client");
    assert!(u.get::<_, bool>(3));
    let hash: String = u.get(4);
    assert!(
        hash.starts_with("$2b$12$") && hash.len() == 60,
        "not a $2b$ cost-12 bcrypt hash: {hash}"
    );
    assert_eq!(value_of(&pairs, "ADMIN_EMAIL"), "demo@example.com");
    let password = value_of(&pairs, "ADMIN_PASSWORD");
    assert!(
        password.len() == 32 && password.chars().all(|c| c.is_ascii_alphanumeric()),
        "not the script's gen_alphanum(32): {password:?}"
    );
    assert!(
        bcrypt::verify(&password, &hash).unwrap(),
        "the generated password does not verify"
    );

    let s = pg
        .query_one(
            "SELECT client_id::text, notification_email, slack_webhook_url, slack_channel_name, \
                    heartbeat_threshold_minutes, consecutive_failures_threshold, alert_grouping_enabled, \
                    alert_grouping_window_seconds, reminder_notification_seconds, grace_period_seconds, \
                    (SELECT count(*) FROM client_settings) \
             FROM client_settings",
            &[],
        )
        .unwrap();
    assert_eq!(s.get::<_, i64>(10), 1);
    assert_eq!(s.get::<_, String>(0), client_id);
    assert_eq!(s.get::<_, Option<String>>(1).as_deref(), Some("demo@example.com"));
    assert_eq!(
        s.get::<_, Option<String>>(2),
        None,
        "an empty slack_webhook_url is NULL"
    );
    assert_eq!(s.get::<_, Option<String>>(3).as_deref(), Some("#alerts"));
    let ints: Vec<Option<i32>> = [4, 5, 7, 8, 9].iter().map(|&i| s.get(i)).collect();
    assert_eq!(ints, [Some(5), Some(2), Some(300), Some(600), Some(120)]);
    assert_eq!(s.get::<_, Option<bool>>(6), Some(true));

    let keys = pg
        .query(
            "SELECT client_id::text, name, key, is_active, machine_id IS NULL, last_used_at IS NULL \
             FROM api_keys ORDER BY name",
            &[],
        )
        .unwrap();
    let names: Vec<String> = keys.iter().map(|r| r.get(1)).collect();
    assert_eq!(
        names,
        ["demo-key-01", "demo-key-02", "demo-key-03", "demo-key-04"]
    );
    let mut values = Vec::new();
    for k in &keys {
        let name: String = k.get(1);
        let value: String = k.get(2);
        assert_eq!(k.get::<_, String>(0), client_id);
        assert!(k.get::<_, bool>(3), "{name} is not active");
        assert!(
            k.get::<_, bool>(4) && k.get::<_, bool>(5),
            "{name} is bound or used"
        );
        assert!(
            value.len() == 32 && value.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}: not 32 alnum characters: {value:?}"
        );
        assert_eq!(value_of(&pairs, &format!("API_KEY_VALUE__{name}")), value);
        assert_eq!(value_of(&pairs, &format!("API_KEY_NAME__{name}")), name);
        values.push(value);
    }
    values.sort();
    values.dedup();
    assert_eq!(values.len(), 4, "key values repeat");

    let targets = pg
        .query(
            "SELECT client_id::text, name, url, method, timeout_seconds, check_interval_seconds, is_active \
             FROM http_targets ORDER BY name",
            &[],
        )
        .unwrap();
    let got: Vec<TargetRow> = targets
        .iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
            )
        })
        .collect();
    let want = |name: &str, url: &str| {
        (
            client_id.clone(),
            name.to_string(),
            url.to_string(),
            Some("GET".to_string()),
            Some(30),
            Some(300),
            Some(true),
        )
    };
    assert_eq!(
        got,
        [
            want("demo-example", "https://example.com"),
            want("demo-health", "https://monitor.example.com/health")
        ]
    );

    // The file: `#` comment lines, then exactly the documented lines, mode 0600.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        first.starts_with('#'),
        "the block does not start with a comment:\n{text}"
    );
    let mut want_keys = vec!["ADMIN_EMAIL".to_string(), "ADMIN_PASSWORD".to_string()];
    for n in 1..=4 {
        want_keys.push(format!("API_KEY_NAME__demo-key-0{n}"));
        want_keys.push(format!("API_KEY_VALUE__demo-key-0{n}"));
    }
    assert_eq!(keys_of(&pairs), want_keys);
    assert_eq!(mode(&secrets_file), 0o600);
    shows_no_secret(out, &pairs);
}

#[test]
fn second_run_creates_nothing_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let rows = checksums(&mut pg);
    let file = std::fs::read(secrets_path(&ini)).unwrap();

    let again = provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stderr_has("No secret generated")
        .stdout_has("= client Demo")
        .stdout_has("= admin demo@example.com")
        .stdout_has("= client_settings")
        .stdout_has("= api_key demo-key-04")
        .stdout_has("= http_target demo-example");
    assert!(
        !again.stdout().lines().any(|l| l.trim_start().starts_with("+ ")),
        "a re-run plans creations:\n{}",
        again.stdout()
    );
    assert_eq!(checksums(&mut pg), rows, "a re-run changed rows");
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "a re-run touched the secrets file"
    );
    assert_eq!(snapshot(dir.path()).len(), 2, "a re-run wrote a file");
}

#[test]
fn dry_run_writes_nothing_and_needs_no_guard() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    // No PROVISION_CLIENT, and production: --dry-run needs neither guard.
    let out = provctl(&db)
        .env("APP_ENV", "production")
        .args(["provision", "--dry-run"])
        .args([&ini])
        .run()
        .code_is(0)
        .stdout_has("+ client Demo")
        .stdout_has("+ api_key demo-key-01")
        .stdout_has("dry run");
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).into_keys().collect::<Vec<_>>(), ["demo.ini"]);
    assert_eq!(out.audit, "", "a dry run wrote to the audit log");
    // JSON dry run: the plan, marked as such, and still nothing written.
    let out = provctl(&db)
        .args(["provision", "--dry-run", "-o", "json"])
        .args([&ini])
        .run()
        .code_is(0);
    let v = out.json();
    assert_eq!(v[0]["client"]["action"], "created");
    assert_eq!(v[0]["secrets_file"], serde_json::Value::Null);
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1);
}

#[test]
fn guard_refuses_without_a_true_provision_client() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    let unset = provctl(&db).args(["provision", "--yes"]).args([&ini]).run();
    unset.code_is(3).stderr_has("PROVISION_CLIENT");
    for v in ["", "false", "0", "no", "n", "off", "maybe"] {
        let out = provctl(&db)
            .env("PROVISION_CLIENT", v)
            .args(["provision", "--yes"])
            .args([&ini])
            .run();
        assert_eq!(
            out.code(),
            3,
            "PROVISION_CLIENT={v:?} was accepted:\n{}",
            out.stderr()
        );
        assert!(out.audit.is_empty());
    }
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1, "a refused run wrote a file");
}

#[test]
fn guard_accepts_every_truthy_form() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    for (i, v) in ["1", "true", "yes", "y", "on"].iter().enumerate() {
        let name = format!("Form{i}");
        let ini = write_ini(
            dir.path(),
            &format!("f{i}.ini"),
            client_ini(&name, &format!("f{i}@example.com")),
        );
        provctl(&db)
            .env("PROVISION_CLIENT", v)
            .args(["provision", "--yes"])
            .args([&ini])
            .run()
            .code_is(0);
        let n = pg
            .query_one("SELECT count(*) FROM clients WHERE name = $1", &[&name])
            .unwrap()
            .get::<_, i64>(0);
        assert_eq!(n, 1, "PROVISION_CLIENT={v} did not provision");
    }
}

#[test]
fn production_needs_allow_prod_provisioning() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    let refused: &[&[(&str, &str)]] = &[
        &[("APP_ENV", "production")],
        &[("APP_ENV", "prod")],
        &[("ENV", "prod")],
        &[("ENV", "production")],
        &[("APP_ENV", "production"), ("ALLOW_PROD_PROVISIONING", "false")],
        &[("ENV", "prod"), ("ALLOW_PROD_PROVISIONING", "0")],
    ];
    for env in refused {
        let mut run = provision(&db, &[], &[&ini]);
        for (k, v) in env.iter() {
            run = run.env(k, v);
        }
        let out = run.run();
        assert_eq!(out.code(), 3, "{env:?} was not refused:\n{}", out.stderr());
        assert!(
            out.stderr().contains("ALLOW_PROD_PROVISIONING"),
            "{env:?}: {}",
            out.stderr()
        );
        assert_eq!(checksums(&mut pg), empty, "{env:?} wrote rows");
        assert_eq!(snapshot(dir.path()).len(), 1, "{env:?} wrote a file");
    }
    provision(&db, &[], &[&ini])
        .env("ENV", "prod")
        .env("ALLOW_PROD_PROVISIONING", "yes")
        .run()
        .code_is(0);
    assert_eq!(
        count(&mut pg, "SELECT count(*) FROM clients WHERE name = 'Demo'"),
        1
    );
}

/// One class of bad input: the INI bytes and what the error must say (`@INI@` is the file's path;
/// `:line N:` in the message is read as `:N:`).
struct Bad {
    what: &'static str,
    text: Vec<u8>,
    expect: Vec<String>,
    /// Text of the INI that must not be echoed (a password, an API key value).
    secret: Option<String>,
}

fn bad_inputs() -> Vec<Bad> {
    let mut v = Vec::new();
    let mut add = |what: &'static str, text: String, expect: Vec<String>, secret: Option<String>| {
        v.push(Bad {
            what,
            text: text.into_bytes(),
            expect,
            secret,
        })
    };
    let at = |text: &str, needle: &str, section_field: &str| {
        vec![format!("@INI@:{}: {section_field}", line_of(text, needle))]
    };

    let t = edit("name = Demo\n", "");
    add(
        "missing [client] name",
        t,
        vec!["@INI@:1: [client] name".into()],
        None,
    );
    let t = edit("count = 4", "count = four");
    add(
        "non-integer count",
        t.clone(),
        at(&t, "count = four", "[api_keys] count"),
        None,
    );
    let t = edit("count = 4", "count = -1");
    add(
        "negative count",
        t.clone(),
        at(&t, "count = -1", "[api_keys] count"),
        None,
    );
    let t = edit("length = 32", "length = 15");
    add(
        "key length below 16",
        t.clone(),
        at(&t, "length = 15", "[api_keys] length"),
        None,
    );
    let t = edit("alphabet = alnum", "alphabet = hex");
    add(
        "alphabet other than alnum",
        t.clone(),
        at(&t, "alphabet = hex", "[api_keys] alphabet"),
        None,
    );
    let t = edit("GET|30|300|true\n", "GET|30|300\n");
    add(
        "http target with 5 fields",
        t.clone(),
        at(&t, "target_01", "[http_targets] target_01"),
        None,
    );
    let t = edit("GET|30|300|true\n", "GET|thirty|300|true\n");
    add(
        "non-integer timeout",
        t.clone(),
        at(&t, "target_01", "[http_targets] target_01"),
        None,
    );
    let t = edit("alert_grouping_enabled = true", "alert_grouping_enabled = maybe");
    add(
        "bad boolean",
        t.clone(),
        at(
            &t,
            "alert_grouping_enabled",
            "[client_settings] alert_grouping_enabled",
        ),
        None,
    );
    let t = edit(
        "[admin]\nemail = demo@example.com",
        "[admin]\nemail = demo.example.com",
    );
    add(
        "invalid email",
        t.clone(),
        at(&t, "email = demo.example.com", "[admin] email"),
        None,
    );
    let long = "Pw-".repeat(25); // 75 bytes
    let t = edit(
        "; password =  (empty => generated)",
        &format!("password = {long}"),
    );
    let mut e = at(&t, "password = ", "[admin] password");
    e.push("72".into());
    add("admin password over 72 bytes", t, e, Some(long));
    let channel = format!("#{}", "c".repeat(16));
    let t = edit(
        "slack_channel_name = #alerts",
        &format!("slack_channel_name = {channel}"),
    );
    let mut e = at(&t, "slack_channel_name", "[client_settings] slack_channel_name");
    e.push("16".into());
    add("value longer than its live column", t, e, None);
    let t = format!("{SAMPLE}\n[client]\nname = Other\n");
    let line = t
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| *l == "[client]")
        .unwrap()
        + 1;
    add(
        "duplicate section",
        t,
        vec![format!("@INI@:{line}:"), "[client]".into()],
        None,
    );
    let t = edit("count = 4", "count = 4\ncount = 5");
    let e = vec![
        format!("@INI@:{}:", line_of(&t, "count = 5")),
        "count".into(),
        "[api_keys]".into(),
    ];
    add("duplicate option", t, e, None);
    // The line itself is not echoed: a `password hunter2` that lost its `=` is a secret.
    let t = edit("count = 4", "count = 4\nthis line has no equals sign");
    let e = vec![
        format!("@INI@:{}:", line_of(&t, "no equals")),
        "without `=`".into(),
    ];
    add(
        "line without =",
        t,
        e,
        Some("this line has no equals sign".to_string()),
    );
    let key = "ImposedKeyValue0123456789abcdefXY".to_string();
    let t = edit("alphabet = alnum", &format!("alphabet = alnum\nkey_05 = {key}"));
    add(
        "key_05 with count 4",
        t.clone(),
        at(&t, "key_05", "[api_keys] key_05"),
        Some(key),
    );
    // Values the script's SQL casts silently truncate (role to 32, name to 255): refused here.
    let t = edit("role = admin_client", &format!("role = {}", "r".repeat(33)));
    let mut e = at(&t, "role = rrr", "[admin] role");
    e.push("users.role holds at most 32".into());
    add("role of 33 characters", t, e, None);
    let t = edit("name = Demo", &format!("name = {}", "N".repeat(256)));
    let mut e = at(&t, "name = NNN", "[client] name");
    e.push("clients.name holds at most 255".into());
    add("client name of 256 characters", t, e, None);
    // The script keeps the first of two targets with one URL; provctl says which line repeats it.
    let t = edit(
        "target_02 = demo-health|https://monitor.example.com/health|",
        "target_02 = demo-again|https://example.com|",
    );
    let mut e = at(&t, "target_02", "[http_targets] target_02");
    e.push(format!(
        "URL already used by target_01 (line {})",
        line_of(&t, "target_01")
    ));
    add("two targets with the same URL", t, e, None);
    // The script makes a target whose `active` is not truthy inactive; provctl wants a boolean.
    let t = edit("GET|30|300|true\n", "GET|30|300|enabled\n");
    let mut e = at(&t, "target_01", "[http_targets] target_01");
    e.push("`enabled` is not a boolean".into());
    add("non-boolean active", t, e, None);
    // A bad `%` in an option that is read, also through [DEFAULT]: its line, section and field.
    let t = edit(
        "slack_channel_name = #alerts",
        "slack_channel_name = 100% #alerts",
    );
    let mut e = at(&t, "slack_channel_name", "[client_settings] slack_channel_name");
    e.push("write %% for a literal %".into());
    add("lone % in a read option", t, e, None);
    let t = format!(
        "[DEFAULT]\nslack_channel_name = #%(team)s\n\n{}",
        SAMPLE.replace("slack_channel_name = #alerts\n", "")
    );
    let mut e = vec!["@INI@:2: [client_settings] slack_channel_name".to_string()];
    e.push("%(team)s".into());
    add("reference to a missing option through [DEFAULT]", t, e, None);
    v
}

#[test]
fn every_bad_input_is_exit_2_naming_file_line_and_field_and_writes_nothing() {
    let db = db();
    let mut pg = db.client();
    // Something already there, so "unchanged" is about real rows.
    let other = seed::client(&mut pg, "Existing");
    seed::user(&mut pg, &other, "existing@example.com", "pw-existing-1");
    seed::key(
        &mut pg,
        &other,
        "existing-key-01",
        "ExistingKeyValue0123456789abcdef",
        true,
    );
    let before = checksums(&mut pg);

    let mut cases = bad_inputs();
    let mut utf8 = SAMPLE.as_bytes().to_vec();
    let at = SAMPLE.find("name = Demo").unwrap() + "name = D".len();
    utf8[at] = 0xff;
    cases.push(Bad {
        what: "invalid UTF-8",
        text: utf8,
        expect: vec!["@INI@:2:".into()],
        secret: None,
    });
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let ini = write_ini(dir.path(), "bad.ini", &case.text);
        let files = snapshot(dir.path());
        let out = provision(&db, &[], &[&ini]).run();
        let stderr = out.stderr().replace(":line ", ":");
        assert_eq!(
            out.code(),
            2,
            "{}: exit {} (expected 2)\n{stderr}",
            case.what,
            out.code()
        );
        for e in &case.expect {
            let e = e.replace("@INI@", &ini.display().to_string());
            assert!(
                stderr.contains(&e),
                "{}: stderr lacks {e:?}:\n{stderr}",
                case.what
            );
        }
        if let Some(s) = &case.secret {
            out.never_shows(s);
        }
        assert_eq!(checksums(&mut pg), before, "{}: rows changed", case.what);
        assert_eq!(snapshot(dir.path()), files, "{}: files changed", case.what);
    }

    // Paths: an empty directory (or one without *.ini) and a path that does not exist.
    let dir = tempfile::tempdir().unwrap();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(2)
        .stderr_has(&dir.path().display().to_string());
    write_ini(dir.path(), "notes.txt", SAMPLE);
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(2)
        .stderr_has(&dir.path().display().to_string());
    let missing = dir.path().join("missing.ini");
    provision(&db, &[], &[&missing])
        .run()
        .code_is(2)
        .stderr_has(&missing.display().to_string());
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["notes.txt"]
    );
}

#[test]
fn admin_email_of_another_client_is_refused() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    seed::user(&mut pg, &other, "demo@example.com", "pw-other-12");
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let line = line_of(SAMPLE, "[admin]") + 1;
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!("{}:{line}: [admin] email", ini.display()))
        .stderr_has("another client");
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(snapshot(dir.path()).len(), 1, "a secrets file was written");
}

#[test]
fn admin_email_taken_earlier_in_the_same_run_is_refused_for_the_later_ini() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "shared@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Beta", "shared@example.com"));
    provision(&db, &[], &[&a, &b])
        .run()
        .code_is(2)
        .stderr_has(&b.display().to_string());
    let names: Vec<String> = pg
        .query("SELECT name FROM clients ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["Alpha"], "Beta must not be created without its admin");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 4);
    assert!(secrets_path(&a).exists());
    assert!(
        !secrets_path(&b).exists(),
        "secrets of a rolled back INI stayed on disk"
    );
}

#[test]
fn imposed_key_value_already_used_is_refused_without_showing_it() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    let value = "SharedKeyValue0123456789abcdefXY";
    seed::key(&mut pg, &other, "other-key-01", value, true);
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let text = edit("alphabet = alnum", &format!("alphabet = alnum\nkey_01 = {value}"));
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!(
            "{}:{}: [api_keys] key_01",
            ini.display(),
            line_of(&text, "key_01")
        ))
        .never_shows(value);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(snapshot(dir.path()).len(), 1);
}

#[test]
fn a_name_shared_by_several_clients_is_refused() {
    let db = db();
    let mut pg = db.client();
    let one = seed::client(&mut pg, "Demo");
    let two = seed::client(&mut pg, "Demo");
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!("{}:2: [client] name", ini.display()))
        .stderr_has(&one)
        .stderr_has(&two);
    assert_eq!(checksums(&mut pg), before);
}

#[test]
fn six_concurrent_runs_create_one_client() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let outs: Vec<Done> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| s.spawn(|| provision(&db, &[], &[&ini]).run()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("runner thread"))
            .collect()
    });
    let appended = outs.iter().filter(|o| o.stderr().contains("appended to")).count();
    for o in outs {
        o.code_is(0);
    }
    assert_eq!(appended, 1, "more than one run generated secrets");
    let mut pg = db.client();
    for (sql, n) in [
        ("SELECT count(*) FROM clients WHERE name = 'Demo'", 1),
        ("SELECT count(*) FROM users", 1),
        ("SELECT count(*) FROM api_keys", 4),
        ("SELECT count(*) FROM client_settings", 1),
        ("SELECT count(*) FROM http_targets", 2),
    ] {
        assert_eq!(count(&mut pg, sql), n, "{sql}");
    }
    let text = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    let pairs = parse_secrets(&text);
    assert_eq!(
        pairs.iter().filter(|(k, _)| k == "ADMIN_PASSWORD").count(),
        1,
        "{text}"
    );
    assert_eq!(pairs.len(), 2 + 2 * 4, "one block only: {:?}", keys_of(&pairs));
    let hash: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert!(bcrypt::verify(value_of(&pairs, "ADMIN_PASSWORD"), &hash).unwrap());
    for r in pg.query("SELECT name, key FROM api_keys", &[]).unwrap() {
        let name: String = r.get(0);
        assert_eq!(
            value_of(&pairs, &format!("API_KEY_VALUE__{name}")),
            r.get::<_, String>(1)
        );
    }
}

#[test]
fn directory_is_processed_in_order_and_a_bad_ini_does_not_stop_the_others() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    // Written out of order; only *.ini files count.
    let c = write_ini(dir.path(), "c.ini", client_ini("Charlie", "charlie@example.com"));
    let b = write_ini(
        dir.path(),
        "b.ini",
        client_ini("Bravo", "bravo@example.com").replace("count = 4", "count = four"),
    );
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    write_ini(
        dir.path(),
        "notes.txt",
        client_ini("Ignored", "ignored@example.com"),
    );
    write_ini(
        dir.path(),
        "old.ini.bak",
        client_ini("Backup", "backup@example.com"),
    );

    let out = provision(&db, &[], &[dir.path()]).run().code_is(2);
    let out = out.stderr_has(&format!(
        "{}:{}: [api_keys] count",
        b.display(),
        line_of(SAMPLE, "count = 4")
    ));
    let stdout = out.stdout();
    let pos = |p: &Path| {
        stdout
            .find(&format!("==> {}", p.display()))
            .unwrap_or_else(|| panic!("no plan for {}:\n{stdout}", p.display()))
    };
    assert!(pos(&a) < pos(&c), "not in sorted order:\n{stdout}");
    let names: Vec<String> = pg
        .query("SELECT name FROM clients ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["Alpha", "Charlie"]);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 8);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM users"), 2);
    let files: Vec<String> = snapshot(dir.path()).into_keys().collect();
    assert_eq!(
        files,
        [
            "a.ini",
            "a.ini.generated.secrets.env",
            "b.ini",
            "c.ini",
            "c.ini.generated.secrets.env",
            "notes.txt",
            "old.ini.bak"
        ]
    );
    // Fixed and re-run: the others are unchanged, Bravo gets created.
    std::fs::write(&b, client_ini("Bravo", "bravo@example.com")).unwrap();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(0)
        .stdout_has("= client Alpha")
        .stdout_has("+ client Bravo")
        .stdout_has("= client Charlie");
}

#[test]
fn secrets_file_is_0600_even_under_umask_000() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).umask(0).run().code_is(0);
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
}

#[test]
fn a_later_run_appends_a_dated_block_and_keeps_the_old_one() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let old = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(
        old.lines().any(|l| l.starts_with('#') && has_timestamp(l)),
        "no dated comment:\n{old}"
    );

    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    let out = provision(&db, &[], &[&ini])
        .umask(0)
        .run()
        .code_is(0)
        .stdout_has("+ api_key demo-key-05")
        .stdout_has("= api_key demo-key-04");
    let new = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(
        new.starts_with(&old),
        "the old block was not kept byte for byte:\n{new}"
    );
    let tail = &new[old.len()..];
    assert!(
        tail.lines().any(|l| l.starts_with('#') && has_timestamp(l)),
        "no dated comment:\n{tail}"
    );
    assert!(
        tail.starts_with("\n# "),
        "blocks are separated by one empty line:\n{new}"
    );
    let pairs = parse_secrets(tail);
    assert_eq!(
        keys_of(&pairs),
        ["API_KEY_NAME__demo-key-05", "API_KEY_VALUE__demo-key-05"]
    );
    assert_eq!(value_of(&pairs, "API_KEY_NAME__demo-key-05"), "demo-key-05");
    let key: String = pg
        .query_one("SELECT key FROM api_keys WHERE name = 'demo-key-05'", &[])
        .unwrap()
        .get(0);
    assert_eq!(value_of(&pairs, "API_KEY_VALUE__demo-key-05"), key);
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
    shows_no_secret(out, &pairs);
}

#[test]
fn bug_a_new_secrets_file_started_with_an_empty_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let text = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(text.starts_with("# provctl provision "), "{text:?}");
    // Appending to a file whose last line is unterminated (written by hand or by the script) keeps
    // that line whole: the newline written before the new block ends it.
    let other = write_ini(dir.path(), "other.ini", client_ini("Other", "ops@other.example"));
    std::fs::write(secrets_path(&other), "ADMIN_EMAIL=old@other.example").unwrap();
    std::fs::set_permissions(secrets_path(&other), std::fs::Permissions::from_mode(0o600)).unwrap();
    provision(&db, &[], &[&other]).run().code_is(0);
    let text = std::fs::read_to_string(secrets_path(&other)).unwrap();
    assert!(
        text.starts_with("ADMIN_EMAIL=old@other.example\n# provctl provision "),
        "{text:?}"
    );
}

/// A continuation line puts a newline in a value: the plan printed it raw, so one object took two
/// lines (and any control character reached the terminal). Escaped as tables escape it now.
#[test]
fn bug_a_name_with_a_newline_broke_its_plan_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = SAMPLE
        .replace("name = Demo\n", "name = Demo\n  Evil\x1b[2J\n")
        .replace("target_01 = demo-example|", "target_01 = demo\n  example|");
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    let stdout = out.stdout();
    for needle in [
        format!("==> {} (client Demo\\nEvil\\x1b[2J)", ini.display()),
        "  + client Demo\\nEvil\\x1b[2J".to_string(),
        "  + http_target demo\\nexample GET https://example.com".to_string(),
        "Demo\\nEvil\\x1b[2J: 9 to create, 0 unchanged, 0 drift (dry run: nothing written)".to_string(),
    ] {
        assert!(
            stdout.lines().any(|l| l == needle),
            "no line {needle:?}:\n{stdout}"
        );
    }
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("  Evil") || l.starts_with("example")),
        "{stdout}"
    );
    // The data itself is kept: JSON carries the name with its newline.
    let out = provision(&db, &["--dry-run", "-o", "json"], &[&ini])
        .run()
        .code_is(0);
    assert_eq!(out.json()[0]["client"]["name"], "Demo\nEvil\u{1b}[2J");
}

#[test]
fn a_symlinked_secrets_file_is_refused_before_anything_is_committed() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    for existing_target in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
        let target = dir.path().join("elsewhere.env");
        if existing_target {
            std::fs::write(&target, "original\n").unwrap();
        }
        std::os::unix::fs::symlink(&target, secrets_path(&ini)).unwrap();
        let files = snapshot(dir.path());
        provision(&db, &[], &[&ini])
            .run()
            .code_is(3)
            .stderr_has("symlink");
        assert_eq!(
            checksums(&mut pg),
            empty,
            "rows committed (target existed: {existing_target})"
        );
        assert_eq!(
            snapshot(dir.path()),
            files,
            "files changed (target existed: {existing_target})"
        );
    }
}

#[test]
fn a_failed_commit_leaves_no_new_secrets_file() {
    let db = db();
    let mut pg = db.client();
    fail_commits_on(&mut pg, "http_targets");
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(4)
        .stderr_has("commit refused");
    assert_eq!(checksums(&mut pg), empty, "rows of a failed commit are there");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM clients"), 0);
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["demo.ini"],
        "the secrets file of a failed commit stayed"
    );
}

#[test]
fn a_failed_commit_leaves_an_existing_secrets_file_byte_identical() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let file = std::fs::read(secrets_path(&ini)).unwrap();
    fail_commits_on(&mut pg, "api_keys");
    let before = checksums(&mut pg);
    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    provision(&db, &[], &[&ini])
        .run()
        .code_is(4)
        .stderr_has("commit refused");
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "the secrets file changed"
    );
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM api_keys WHERE name = 'demo-key-05'"
        ),
        0
    );
}

#[test]
fn a_password_from_the_ini_is_hashed_kept_out_of_the_secrets_file_and_never_changed() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let password = "Correct-Horse-Battery-9";
    let with_password = |p: &str| edit("; password =  (empty => generated)", &format!("password = {p}"));
    let ini = write_ini(dir.path(), "demo.ini", with_password(password));
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("password from the INI")
        .never_shows(password);
    let hash: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert!(hash.starts_with("$2b$12$") && hash.len() == 60, "{hash}");
    assert!(bcrypt::verify(password, &hash).unwrap());
    let pairs = read_secrets(&ini);
    assert!(
        pairs.iter().all(|(k, _)| k.starts_with("API_KEY_")),
        "only generated secrets belong in the file: {:?}",
        keys_of(&pairs)
    );
    assert_eq!(pairs.len(), 8);

    // An existing admin's password is never changed, whatever the INI says now.
    let other = "Another-Password-7";
    std::fs::write(&ini, with_password(other)).unwrap();
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("= admin demo@example.com")
        .never_shows(other);
    let after: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert_eq!(after, hash);
}

#[test]
fn no_secret_in_output_or_audit_log_in_table_json_and_verbose_modes() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    for (i, flags) in [
        &[][..],
        &["-o", "json"][..],
        &["--verbose"][..],
        &["--verbose", "-o", "json"][..],
    ]
    .iter()
    .enumerate()
    {
        let ini = write_ini(
            dir.path(),
            &format!("c{i}.ini"),
            client_ini(&format!("C{i}"), &format!("c{i}@example.com")),
        );
        let out = provision(&db, flags, &[&ini]).run().code_is(0);
        let pairs = read_secrets(&ini);
        assert_eq!(secret_values(&pairs).len(), 5, "{flags:?}");
        let out = shows_no_secret(out, &pairs);
        assert!(!out.audit.is_empty(), "{flags:?}: no audit line");
        let hash: String = db
            .client()
            .query_one(
                "SELECT password_hash FROM users WHERE email = $1",
                &[&format!("c{i}@example.com")],
            )
            .unwrap()
            .get(0);
        out.never_shows(&hash);
    }
}

#[test]
fn json_output_has_one_object_per_ini_with_actions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &["-o", "json"], &[&a, &b]).run().code_is(0);
    let v = out.json();
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 2);
    for (o, (ini, name)) in arr.iter().zip([(&a, "Alpha"), (&b, "Bravo")]) {
        for k in [
            "ini",
            "client",
            "admin",
            "api_keys",
            "client_settings",
            "http_targets",
            "secrets_file",
        ] {
            assert!(o.get(k).is_some(), "no {k} in {o}");
        }
        assert_eq!(o["ini"], ini.display().to_string());
        assert_eq!(o["client"]["name"], name);
        assert_eq!(o["client"]["action"], "created");
        let id: String = pg
            .query_one("SELECT id::text FROM clients WHERE name = $1", &[&name])
            .unwrap()
            .get(0);
        assert_eq!(o["client"]["id"], id);
        assert_eq!(o["admin"]["action"], "created");
        assert_eq!(o["client_settings"]["action"], "created");
        let keys = o["api_keys"].as_array().unwrap();
        let names: Vec<&str> = keys.iter().map(|k| k["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["demo-key-01", "demo-key-02", "demo-key-03", "demo-key-04"]
        );
        assert!(keys.iter().all(|k| k["action"] == "created"), "{keys:?}");
        let targets = o["http_targets"].as_array().unwrap();
        assert_eq!(targets.len(), 2);
        assert!(targets.iter().all(|t| t["action"] == "created"), "{targets:?}");
        assert_eq!(o["secrets_file"], secrets_path(ini).display().to_string());
    }
    let again = provision(&db, &["-o", "json"], &[&a, &b]).run().code_is(0).json();
    for o in again.as_array().unwrap() {
        for k in ["client", "admin", "client_settings"] {
            assert_eq!(o[k]["action"], "unchanged", "{k}: {o}");
        }
        for list in ["api_keys", "http_targets"] {
            assert!(
                o[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|x| x["action"] == "unchanged"),
                "{list}: {o}"
            );
        }
        assert_eq!(o["secrets_file"], serde_json::Value::Null);
    }
}

#[test]
fn drift_is_reported_and_never_fixed() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    pg.batch_execute(
        "UPDATE http_targets SET method = 'POST' WHERE name = 'demo-example'; \
         UPDATE client_settings SET slack_channel_name = '#ops'",
    )
    .unwrap();
    let before = checksums(&mut pg);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("! http_target demo-example")
        .stdout_has("method is POST in the database, GET in the INI")
        .stdout_has("! client_settings")
        .stdout_has("= http_target demo-health");
    assert_eq!(checksums(&mut pg), before, "drift was \"fixed\"");
    let v = provision(&db, &["-o", "json"], &[&ini]).run().code_is(0).json();
    let o = &v[0];
    assert_eq!(o["client_settings"]["action"], "drift");
    assert_eq!(o["http_targets"][0]["url"], "https://example.com");
    assert_eq!(o["http_targets"][0]["action"], "drift");
    assert_eq!(o["http_targets"][1]["action"], "unchanged");
    assert_eq!(o["client"]["action"], "unchanged");
    assert_eq!(checksums(&mut pg), before, "drift was \"fixed\"");
    let method: Option<String> = pg
        .query_one("SELECT method FROM http_targets WHERE name = 'demo-example'", &[])
        .unwrap()
        .get(0);
    assert_eq!(method.as_deref(), Some("POST"));
}

#[test]
fn an_admin_email_with_capitals_in_its_domain_draws_a_warning_but_provisions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let text = SAMPLE.replacen(
        "[admin]\nemail = demo@example.com",
        "[admin]\nemail = Admin@Demo.Example",
        1,
    );
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let line = line_of(&text, "Admin@Demo.Example");
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    let warning = format!(
        "warning: {}:{line}: [admin] email: the platform's login never finds `Admin@Demo.Example`",
        ini.display()
    );
    for needle in [
        warning.as_str(),
        "lower-cases the domain",
        "write it `Admin@demo.example`",
    ] {
        assert!(
            out.stderr().contains(needle),
            "{needle:?} missing:\n{}",
            out.stderr()
        );
    }
    provision(&db, &[], &[&ini]).run().code_is(0).stderr_has(&warning);
    let n: i64 = pg
        .query_one(
            "SELECT count(*) FROM users WHERE email = 'Admin@Demo.Example'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "provisioned as written, as the script does");
}

/// configparser interpolates a value only when it is read: a lone `%` in an option nobody reads is
/// fine in [DEFAULT] (a note there is inherited and ignored). In a section, an option nobody reads is
/// now refused as unknown (a typo would silently provision less), and that is what is said, not the `%`.
#[test]
fn bug_a_lone_percent_in_an_option_nobody_reads_refused_the_ini() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let in_default = format!("[DEFAULT]\nnote = 50% discount until %(when)s\n\n{SAMPLE}");
    let ini = write_ini(dir.path(), "DEFAULT.ini", &in_default);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    assert!(out.stdout().contains("client Demo"), "{}", out.stdout());
    assert!(!out.stderr().contains("error"), "{}", out.stderr());
    let in_section = edit(
        "email = demo@example.com\n",
        "email = demo@example.com\nnote = 50% discount\n",
    );
    let ini = write_ini(dir.path(), "section.ini", &in_section);
    provision(&db, &["--dry-run"], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!(
            "error: {}:{}: [client] note: unknown option ([client] reads name, email)",
            ini.display(),
            line_of(&in_section, "note =")
        ));
    // A literal %% reads as %.
    let text = edit("name = Demo", "name = 100%% Uptime");
    let ini = write_ini(dir.path(), "pct.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let mut pg = db.client();
    let n: i64 = pg
        .query_one("SELECT count(*) FROM clients WHERE name = '100% Uptime'", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
}

/// `[DEFAULT]` options are inherited by every section by design: one DEFAULT block drew a warning per
/// option and section (14 for the sample). Unknown options a section writes itself are still reported.
#[test]
fn bug_default_options_drew_an_unknown_option_warning_in_every_section() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = format!("[DEFAULT]\nowner = ops-team\nticket = OPS-1234\n\n{SAMPLE}");
    let ini = write_ini(dir.path(), "default.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    assert!(!out.stderr().contains("unknown option"), "{}", out.stderr());
    let text = text.replacen("[admin]\n", "[admin]\nrole_typo = x\n", 1);
    let ini = write_ini(dir.path(), "typo.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(2);
    let stderr = out.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("unknown option")).collect();
    assert_eq!(
        errors,
        [format!(
            "error: {}:{}: [admin] role_typo: unknown option ([admin] reads email, role, password)",
            ini.display(),
            line_of(&text, "role_typo")
        )],
        "{stderr}"
    );
}

/// Issue 17: `[api-keys]` only warned and the client got no keys (exit 0); `lenght = 40` only warned;
/// `emial =` reported "email is required". Each is exit 2 naming file, line and the close known name,
/// and nothing is written.
#[test]
fn bug_an_ini_typo_silently_provisioned_less_than_intended() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("section.ini", SAMPLE.replacen("[api_keys]", "[api-keys]", 1), "[api-keys]", "unknown section [api-keys] (did you mean [api_keys]?)".to_string()),
        ("option.ini", SAMPLE.replacen("length = 32", "lenght = 40", 1), "lenght", "[api_keys] lenght: unknown option (did you mean `length`?)".to_string()),
        ("missing.ini", SAMPLE.replacen("[admin]\nemail", "[admin]\nemial", 1), "emial", "[admin] emial: unknown option (did you mean `email`?)".to_string()),
        ("default.ini", format!("[DEFAULT]\nlenght = 40\n\n{SAMPLE}"), "lenght", "[DEFAULT] lenght: unknown option, inherited by every section and read by none (did you mean `length` of [api_keys]?)".to_string()),
    ];
    for (name, text, needle, what) in cases {
        let ini = write_ini(dir.path(), name, &text);
        provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
            "error: {}:{}: {what}",
            ini.display(),
            line_of(&text, needle)
        ));
        assert!(!secrets_path(&ini).exists(), "{name}");
    }
    let n: i64 = pg.query_one("SELECT count(*) FROM clients", &[]).unwrap().get(0);
    assert_eq!(n, 0, "a client was created");
}

/// configparser's section names are case-sensitive: `[Client_Settings]` is another section, whose
/// values the script never reads. provctl reads the same way, and refuses it as an unknown section.
#[test]
fn an_upper_case_section_name_is_another_section_and_is_said_so() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    for (known, typed) in [("client_settings", "Client_Settings"), ("client", "Client")] {
        let text = SAMPLE.replace(&format!("[{known}]"), &format!("[{typed}]"));
        let ini = write_ini(dir.path(), &format!("{typed}.ini"), &text);
        provision(&db, &["--dry-run"], &[&ini])
            .run()
            .code_is(2)
            .stderr_has(&format!(
                "error: {}:{}: unknown section [{typed}] (section names are case-sensitive: did you mean [{known}]?)",
                ini.display(),
                line_of(&text, &format!("[{typed}]"))
            ));
    }
}

#[test]
fn an_admin_email_the_login_rejects_draws_a_warning_but_provisions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    for (name, email) in [("TestTld", "admin@demo.test"), ("NoDot", "admin@localhost")] {
        let ini = write_ini(dir.path(), &format!("{name}.ini"), client_ini(name, email));
        let out = provision(&db, &[], &[&ini]).run().code_is(0);
        let warned = out
            .stderr()
            .lines()
            .any(|l| l.contains("warning") && l.contains("login") && l.contains(email));
        assert!(warned, "no login warning for {email}:\n{}", out.stderr());
        let n = pg
            .query_one("SELECT count(*) FROM users WHERE email = $1", &[&email])
            .unwrap()
            .get::<_, i64>(0);
        assert_eq!(n, 1, "{email} was not provisioned");
    }
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(
        !out.stderr().contains("login"),
        "a warning for a good email:\n{}",
        out.stderr()
    );
}

pub(crate) fn git_repo(gitignore: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("git")
        .args(["init", "-q"])
        .arg(dir.path())
        .status()
        .expect("git");
    assert!(ok.success(), "git init failed");
    std::fs::write(dir.path().join(".gitignore"), gitignore).unwrap();
    dir
}

#[test]
fn a_secrets_file_git_would_commit_draws_a_warning() {
    let db = db();
    let warns = |out: &Done, file: &Path| {
        out.stderr()
            .lines()
            .any(|l| l.contains("warning") && l.contains(&file.display().to_string()) && l.contains("git"))
    };
    let repo = git_repo("*.log\n");
    let ini = write_ini(repo.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(
        warns(&out, &secrets_path(&ini)),
        "no git warning:\n{}",
        out.stderr()
    );

    let repo = git_repo("*.generated.secrets.env\n");
    let ini = write_ini(repo.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(secrets_path(&ini).exists());
    assert!(
        !warns(&out, &secrets_path(&ini)),
        "a warning for an ignored file:\n{}",
        out.stderr()
    );
}

#[test]
fn without_yes_and_no_terminal_nothing_is_written() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    for stdin in [None, Some("y\n")] {
        let mut run = provctl(&db)
            .env("PROVISION_CLIENT", "true")
            .args(["provision"])
            .args([&ini]);
        if let Some(s) = stdin {
            run = run.stdin(s);
        }
        let out = run.run().code_is(3).stderr_has("--yes");
        assert_eq!(out.audit, "");
        assert_eq!(checksums(&mut pg), empty);
        assert_eq!(snapshot(dir.path()).len(), 1, "a secrets file was written");
    }
}

#[test]
fn the_audit_log_has_one_line_per_applied_ini_with_counts() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &[], &[&a, &b]).run().code_is(0);
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 2, "{}", out.audit);
    for (l, name) in lines.iter().zip(["Alpha", "Bravo"]) {
        assert_eq!(l["client"], name);
        assert_eq!(l["outcome"], "ok");
        assert!(l["command"].as_str().unwrap().contains("provision"), "{l}");
        // client, admin, settings, 4 keys, 2 targets; a password and 4 key values.
        assert_eq!(l["counts"]["created"], 9, "{l}");
        assert_eq!(l["counts"]["secrets_generated"], 5, "{l}");
    }
    let mut pairs = read_secrets(&a);
    pairs.extend(read_secrets(&b));
    shows_no_secret(out, &pairs);

    std::fs::write(
        &a,
        client_ini("Alpha", "alpha@example.com").replace("count = 4", "count = 5"),
    )
    .unwrap();
    let out = provision(&db, &[], &[&a, &b]).run().code_is(0);
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "only Alpha changed: {}", out.audit);
    assert_eq!(lines[0]["client"], "Alpha");
    assert_eq!(lines[0]["counts"]["created"], 1);
    assert_eq!(lines[0]["counts"]["secrets_generated"], 1);
}

#[test]
fn works_against_a_schema_made_by_the_platform_migrations() {
    let db = cluster().fresh_db(Template::Alembic);
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 4);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM http_targets"), 2);
    let grace: Option<i32> = pg
        .query_one("SELECT grace_period_seconds FROM client_settings", &[])
        .unwrap()
        .get(0);
    assert_eq!(grace, Some(120));
    let rows = checksums(&mut pg);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    assert_eq!(checksums(&mut pg), rows);
    // The deployed varchar(16) is the limit, whatever the ORM says.
    let long = write_ini(
        dir.path(),
        "long.ini",
        client_ini("Long", "long@example.com").replace("#alerts", "#seventeen-chars!"),
    );
    provision(&db, &[], &[&long])
        .run()
        .code_is(2)
        .stderr_has("slack_channel_name");
    assert_eq!(checksums(&mut pg), rows);
}

#[test]
fn the_secrets_are_in_the_file_when_the_commit_runs() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    // The server runs as another user: it must be able to stat the file (not to read it).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let secrets = secrets_path(&ini);
    // A deferred trigger runs inside COMMIT: it records the file's size at that moment.
    pg.batch_execute(&format!(
        "CREATE TABLE seen_at_commit (size bigint); \
         CREATE FUNCTION look_at_secrets() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             INSERT INTO seen_at_commit SELECT (pg_stat_file('{}', true)).size; RETURN NULL; END $$; \
         CREATE CONSTRAINT TRIGGER look_at_secrets AFTER INSERT ON clients DEFERRABLE INITIALLY DEFERRED \
             FOR EACH ROW EXECUTE FUNCTION look_at_secrets();",
        secrets.display()
    ))
    .unwrap();
    provision(&db, &[], &[&ini]).run().code_is(0);
    let seen: Option<i64> = pg
        .query_one("SELECT size FROM seen_at_commit", &[])
        .unwrap()
        .get(0);
    let len = std::fs::metadata(&secrets).unwrap().len() as i64;
    assert_eq!(
        seen,
        Some(len),
        "at COMMIT the secrets file held {seen:?} bytes; it holds {len} now"
    );
}

#[test]
fn a_failed_secrets_write_leaves_no_secret_behind() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    // The disk "fills up" 200 bytes into the block: within the admin password line.
    provision(&db, &[], &[&ini])
        .file_size_limit(200)
        .run()
        .code_is(3)
        .stderr_has("secrets file");
    assert_eq!(checksums(&mut pg), empty, "rows committed without their secrets");
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["demo.ini"],
        "a partial secrets file stayed: {:?}",
        std::fs::read_to_string(secrets_path(&ini)).unwrap_or_default()
    );

    // An existing file: back to its previous bytes.
    provision(&db, &[], &[&ini]).run().code_is(0);
    let file = std::fs::read(secrets_path(&ini)).unwrap();
    let before = checksums(&mut pg);
    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    provision(&db, &[], &[&ini])
        .file_size_limit(file.len() as u64 + 100)
        .run()
        .code_is(3);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "garbage appended to the secrets file"
    );
}

#[test]
fn relative_paths_put_the_secrets_file_beside_the_ini() {
    let db = db();
    let root = tempfile::tempdir().unwrap();
    let sub = root.path().join("provisioning");
    std::fs::create_dir(&sub).unwrap();
    write_ini(&sub, "a.ini", client_ini("Alpha", "alpha@example.com"));
    provision(&db, &[], &[Path::new("provisioning/a.ini")])
        .current_dir(root.path())
        .run()
        .code_is(0);
    assert!(sub.join("a.ini.generated.secrets.env").exists());
    write_ini(&sub, "b.ini", client_ini("Bravo", "bravo@example.com"));
    provision(&db, &[], &[Path::new(".")])
        .current_dir(&sub)
        .run()
        .code_is(0)
        .stdout_has("= client Alpha")
        .stdout_has("+ client Bravo");
    assert_eq!(
        snapshot(&sub).into_keys().collect::<Vec<_>>(),
        [
            "a.ini",
            "a.ini.generated.secrets.env",
            "b.ini",
            "b.ini.generated.secrets.env"
        ]
    );
    assert_eq!(
        snapshot(root.path()).len(),
        1,
        "a file was written outside the INI's directory"
    );
}

#[test]
fn a_key_length_over_the_column_names_its_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = edit("length = 32", "length = 300");
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
        "{}:{}: [api_keys] length",
        ini.display(),
        line_of(&text, "length = 300")
    ));
}

#[test]
fn a_prefix_too_long_for_the_name_column_names_the_prefix_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = edit("prefix = demo-key-", &format!("prefix = {}", "p".repeat(99)));
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
        "{}:{}: [api_keys] prefix",
        ini.display(),
        line_of(&text, "prefix = ")
    ));
}

#[test]
fn the_same_imposed_value_twice_is_refused_naming_its_line() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let value = "SameValueSameValueSameValue12345";
    let text = edit(
        "alphabet = alnum",
        &format!("alphabet = alnum\nkey_01 = {value}\nkey_02 = {value}"),
    );
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let out = provision(&db, &[], &[&ini]).run().code_is(2).never_shows(value);
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1);
    out.stderr_has(&format!(
        "{}:{}: [api_keys] key_02",
        ini.display(),
        line_of(&text, "key_02")
    ));
}

#[test]
fn a_refused_ini_is_reported_once() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    seed::user(&mut pg, &other, "demo@example.com", "pw-other-12");
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini]).run().code_is(2);
    let n = out.stderr().matches("already belongs to another client").count();
    assert_eq!(n, 1, "reported {n} times:\n{}", out.stderr());
}
