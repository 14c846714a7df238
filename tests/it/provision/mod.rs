//! `provctl provision`: the platform's INI applied to a real database — the exact rows, idempotence,
//! the guards, refusals of bad input, concurrent runs, the secrets file and its failure modes, output.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `guards`, `ini_reading`, `refusals`, `runs`
//! and `secrets_file`.

use crate::support::{provctl, Done, Run, TestDb};
use postgres::Client;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod guards;
mod ini_reading;
mod refusals;
mod runs;
mod secrets_file;

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
