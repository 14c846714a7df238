//! `provctl secrets list|show|shred` and doctor's "secrets files": modes, ages, symlinks, git status,
//! where values may go (pipe, terminal, --reveal), and shredding that really overwrites.

use crate::keys_change::pty;
use crate::support::{db, provctl, provctl_bare, Done};
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASSWORD: &str = "PwSecretValue0123456789abcdefghi";
const KEY1: &str = "KeySecretValue01xxxxxxxxxxxxxxxx";
const KEY2: &str = "KeySecretValue02xxxxxxxxxxxxxxxx";
/// What every secret written by these tests starts with: found anywhere means a leak.
const LEAK: [&str; 2] = ["PwSecretValue", "KeySecretValue"];

/// A provisioning secrets file as `provision` writes it.
fn generated_text() -> String {
    format!(
        "\n# provctl provision provisioning/acme.ini — 2026-01-01T00:00:00Z\n# client: Acme (id)\n\
         ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD={PASSWORD}\n\
         API_KEY_NAME__acme-key-01=acme-key-01\nAPI_KEY_VALUE__acme-key-01={KEY1}\n\
         API_KEY_NAME__acme-key-02=acme-key-02\nAPI_KEY_VALUE__acme-key-02={KEY2}\n"
    )
}

fn write(path: &Path, text: &str, mode: u32) -> PathBuf {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    path.to_path_buf()
}

/// `<dir>/acme.ini.generated.secrets.env`, mode `mode`.
fn generated(dir: &Path, mode: u32) -> PathBuf {
    write(
        &dir.join("acme.ini.generated.secrets.env"),
        &generated_text(),
        mode,
    )
}

/// Runs a helper command in `dir` (git without the developer's global or system configuration).
fn sh(dir: &Path, cmd: &str, args: &[&str]) {
    let st = Command::new(cmd)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(st.success(), "{cmd} {args:?} failed");
}

#[track_caller]
fn no_leak(out: Done) -> Done {
    LEAK.iter().fold(out, |o, s| o.never_shows(s))
}

fn list_json(dir: &Path, extra: &[&str], code: i32) -> Vec<serde_json::Value> {
    let mut args = vec!["secrets", "list", dir.to_str().unwrap(), "-o", "json"];
    args.extend_from_slice(extra);
    let out = no_leak(
        provctl_bare()
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(&args)
            .run()
            .code_is(code),
    );
    out.json().as_array().unwrap().clone()
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

// ---------------------------------------------------------------- list

#[test]
fn list_a_fresh_0600_file_is_ok_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let rows = list_json(dir.path(), &[], 0);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!(r["path"], file.to_str().unwrap());
    assert_eq!(r["age_days"], 0);
    assert_eq!(r["mode"], "600");
    assert!(!r["owner"].as_str().unwrap().is_empty(), "{r}");
    assert_eq!(r["secrets"], 3);
    assert_eq!(
        r["names"],
        "ADMIN_PASSWORD, API_KEY_VALUE__acme-key-01, API_KEY_VALUE__acme-key-02"
    );
    assert_eq!(r["git"], "no repo");
    assert_eq!(r["warnings"], "");
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["path", "age_days", "mode", "owner", "secrets", "names", "git", "warnings"]
    );
    // Table and CSV too, never a value.
    no_leak(
        provctl_bare()
            .args(["secrets", "list", dir.path().to_str().unwrap()])
            .run()
            .code_is(0)
            .stdout_has("acme.ini.generated.secrets.env")
            .stdout_has("(1 row)"),
    );
    let csv = no_leak(
        provctl_bare()
            .args(["secrets", "list", dir.path().to_str().unwrap(), "-o", "csv"])
            .run()
            .code_is(0),
    );
    assert!(
        csv.stdout()
            .starts_with("path,age_days,mode,owner,secrets,names,git,warnings\n"),
        "{}",
        csv.stdout()
    );
}

#[test]
fn list_warns_about_a_file_readable_by_others() {
    let dir = tempfile::tempdir().unwrap();
    generated(dir.path(), 0o644);
    let rows = list_json(dir.path(), &[], 1);
    assert_eq!(rows[0]["mode"], "644");
    assert!(
        rows[0]["warnings"]
            .as_str()
            .unwrap()
            .contains("readable by group/others"),
        "{rows:?}"
    );
    no_leak(
        provctl_bare()
            .args(["secrets", "list", dir.path().to_str().unwrap()])
            .run()
            .code_is(1)
            .stderr_has("need attention"),
    );
}

#[test]
fn list_warns_about_an_old_file_and_max_age_moves_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    // Eight days and a minute ago, as an epoch time (a local "8 days ago" could cross a DST change).
    let then = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 8 * 86_400
        - 60;
    sh(
        dir.path(),
        "touch",
        &["-d", &format!("@{then}"), file.to_str().unwrap()],
    );
    let rows = list_json(dir.path(), &[], 1);
    assert_eq!(rows[0]["age_days"], 8);
    assert!(
        rows[0]["warnings"]
            .as_str()
            .unwrap()
            .contains("older than 7 day(s)"),
        "{rows:?}"
    );
    let rows = list_json(dir.path(), &["--max-age", "10"], 0);
    assert_eq!(rows[0]["warnings"], "");
}

#[test]
fn list_reports_what_git_would_do() {
    let dir = tempfile::tempdir().unwrap();
    sh(dir.path(), "git", &["init", "-q"]);
    let file = generated(dir.path(), 0o600);
    // In a work tree that does not ignore it.
    let rows = list_json(dir.path(), &[], 1);
    assert_eq!(rows[0]["git"], "not ignored", "{rows:?}");
    assert!(rows[0]["warnings"]
        .as_str()
        .unwrap()
        .contains("git would commit it"));
    // Ignored: no warning.
    std::fs::write(dir.path().join(".gitignore"), "*.generated.secrets.env\n").unwrap();
    let rows = list_json(dir.path(), &[], 0);
    assert_eq!(rows[0]["git"], "ignored");
    assert_eq!(rows[0]["warnings"], "");
    // Tracked (added before the ignore rule, or forced): a warning even though ignored.
    sh(dir.path(), "git", &["add", "-f", file.to_str().unwrap()]);
    let rows = list_json(dir.path(), &[], 1);
    assert_eq!(rows[0]["git"], "tracked");
    assert!(rows[0]["warnings"].as_str().unwrap().contains("tracked by git"));
}

#[test]
fn list_finds_out_files_by_content_but_does_not_recurse() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("admin.env"),
        &format!("ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD={PASSWORD}\n"),
        0o600,
    );
    write(
        &d.join("keys.env"),
        &format!("API_KEY_VALUE__acme-key-01={KEY1}\n"),
        0o600,
    );
    write(&d.join("notes.txt"), "ADMIN_EMAIL=admin@acme.example\n", 0o600);
    write(&d.join("acme.ini"), "[client]\nname = Acme\n", 0o644);
    std::fs::create_dir(d.join("sub")).unwrap();
    generated(&d.join("sub"), 0o600);
    let rows = list_json(d, &[], 0);
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            d.join("admin.env").to_str().unwrap(),
            d.join("keys.env").to_str().unwrap()
        ]
    );
    assert_eq!(rows[0]["names"], "ADMIN_PASSWORD");
    assert_eq!(rows[1]["names"], "API_KEY_VALUE__acme-key-01");
}

#[test]
fn list_defaults_to_provisioning_and_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("provisioning")).unwrap();
    generated(&dir.path().join("provisioning"), 0o600);
    write(
        &dir.path().join("admin.env"),
        &format!("ADMIN_PASSWORD={PASSWORD}\n"),
        0o600,
    );
    let out = no_leak(
        provctl_bare()
            .args(["secrets", "list", "-o", "json"])
            .current_dir(dir.path())
            .run()
            .code_is(0),
    );
    let paths: Vec<String> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        ["provisioning/acme.ini.generated.secrets.env", "admin.env"]
    );
    // Nothing found: an empty list, exit 0.
    let empty = tempfile::tempdir().unwrap();
    let out = provctl_bare()
        .args(["secrets", "list", "-o", "json"])
        .current_dir(empty.path())
        .run()
        .code_is(0)
        .stderr_has("no secrets file");
    assert_eq!(out.json(), serde_json::json!([]));
}

#[test]
fn list_flags_a_symlink_without_following_it_and_a_missing_dir_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = generated(elsewhere.path(), 0o600);
    std::os::unix::fs::symlink(&target, dir.path().join("x.ini.generated.secrets.env")).unwrap();
    let rows = list_json(dir.path(), &[], 1);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["secrets"], serde_json::Value::Null);
    assert!(rows[0]["warnings"].as_str().unwrap().contains("symlink"));
    provctl_bare()
        .args(["secrets", "list", dir.path().join("nope").to_str().unwrap()])
        .run()
        .code_is(2);
    provctl_bare()
        .args(["secrets", "list", target.to_str().unwrap()])
        .run()
        .code_is(2)
        .stderr_has("not a directory");
}

// ---------------------------------------------------------------- show

#[test]
fn show_to_a_pipe_gives_the_entries_with_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let out = provctl_bare()
        .args(["secrets", "show", file.to_str().unwrap(), "-o", "json"])
        .run()
        .code_is(0);
    let rows = out.json();
    let entries: Vec<(i64, &str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["name"].as_str().unwrap(),
                r["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (4, "ADMIN_EMAIL", "admin@acme.example"),
            (5, "ADMIN_PASSWORD", PASSWORD),
            (6, "API_KEY_NAME__acme-key-01", "acme-key-01"),
            (7, "API_KEY_VALUE__acme-key-01", KEY1),
            (8, "API_KEY_NAME__acme-key-02", "acme-key-02"),
            (9, "API_KEY_VALUE__acme-key-02", KEY2),
        ]
    );
    assert!(!out.stderr().contains("PwSecretValue"), "{}", out.stderr());
}

#[test]
fn show_on_a_terminal_masks_values_and_refuses_without_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let (mut p, _home) = pty(
        provctl_bare().args(["secrets", "show", file.to_str().unwrap()]),
        30_000,
    );
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3, "{screen}");
    for s in LEAK {
        assert!(!screen.contains(s), "a value on screen:\n{screen}");
    }
    assert!(
        screen.contains("API_KEY_VALUE__acme-key-01") && screen.contains("***"),
        "{screen}"
    );
    assert!(screen.contains("admin@acme.example"), "not a secret: {screen}");
    assert!(screen.contains("--reveal"), "{screen}");
}

#[test]
fn show_on_a_terminal_with_reveal_shows_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let (mut p, _home) = pty(
        provctl_bare().args(["secrets", "show", file.to_str().unwrap(), "--reveal"]),
        30_000,
    );
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "{screen}");
    for v in [PASSWORD, KEY1, KEY2] {
        assert!(screen.contains(v), "{v} missing:\n{screen}");
    }
}

#[test]
fn show_refuses_a_loose_mode_unless_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o644);
    no_leak(
        provctl_bare()
            .args(["secrets", "show", file.to_str().unwrap()])
            .run()
            .code_is(3)
            .stderr_has("mode 644"),
    );
    provctl_bare()
        .args(["secrets", "show", file.to_str().unwrap(), "--force"])
        .run()
        .code_is(0)
        .stdout_has(PASSWORD)
        .stderr_has("mode 644");
}

#[test]
fn show_refuses_a_file_of_another_user_unless_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    // Only root can give a file away.
    if !crate::support::require("root", std::os::unix::fs::chown(&file, Some(65534), None).is_ok()) {
        return;
    }
    no_leak(
        provctl_bare()
            .args(["secrets", "show", file.to_str().unwrap()])
            .run()
            .code_is(3)
            .stderr_has("not to you"),
    );
    provctl_bare()
        .args(["secrets", "show", file.to_str().unwrap(), "--force"])
        .run()
        .code_is(0)
        .stdout_has(KEY1);
}

#[test]
fn show_never_reads_through_a_symlink_and_a_missing_file_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let target = generated(dir.path(), 0o600);
    let link = dir.path().join("link.env");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    no_leak(
        provctl_bare()
            .args(["secrets", "show", link.to_str().unwrap()])
            .run()
            .code_is(3)
            .stderr_has("symlink"),
    );
    provctl_bare()
        .args(["secrets", "show", dir.path().join("nope").to_str().unwrap()])
        .run()
        .code_is(2)
        .stderr_has("no such file");
    provctl_bare()
        .args(["secrets", "show", dir.path().to_str().unwrap()])
        .run()
        .code_is(3)
        .stderr_has("not a regular file");
}

// ---------------------------------------------------------------- shred

#[test]
fn shred_with_yes_overwrites_then_removes_and_logs_names_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let len = std::fs::metadata(&file).unwrap().len();
    // A second name for the same inode shows what happened to the bytes.
    let witness = dir.path().join("witness");
    std::fs::hard_link(&file, &witness).unwrap();
    let out = no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes", file.to_str().unwrap()])
            .run()
            .code_is(0)
            .stdout_has("API_KEY_VALUE__acme-key-02")
            .stderr_has("3 secret(s): ADMIN_PASSWORD, API_KEY_VALUE__acme-key-01, API_KEY_VALUE__acme-key-02")
            .stderr_has("hard link"),
    );
    assert!(!file.exists(), "the file is gone");
    let bytes = std::fs::read(&witness).unwrap();
    assert_eq!(bytes.len() as u64, len, "overwritten in place, same length");
    let original = generated_text().into_bytes();
    assert_ne!(bytes, original);
    let same = bytes.iter().zip(&original).filter(|(a, b)| a == b).count();
    assert!(same < bytes.len() / 4, "{same} of {len} bytes unchanged");
    for s in LEAK {
        assert!(!String::from_utf8_lossy(&bytes).contains(s));
    }
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "{}", out.audit);
    let entry = &lines[0];
    assert_eq!(entry["counts"], serde_json::json!({"files": 1, "secrets": 3}));
    assert_eq!(entry["outcome"], "ok");
    assert!(entry["command"].as_str().unwrap().contains("shred"));
}

#[test]
fn shred_without_a_terminal_and_without_yes_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let out = no_leak(
        provctl_bare()
            .args(["secrets", "shred", file.to_str().unwrap()])
            .stdin("y\n")
            .run()
            .code_is(3)
            .stderr_has("--yes"),
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), generated_text());
    assert_eq!(out.audit, "");
}

#[test]
fn shred_on_a_terminal_asks_no_keeps_and_yes_destroys() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    for answer in ["n", "\r"] {
        let (mut p, home) = pty(
            provctl_bare().args(["secrets", "shred", file.to_str().unwrap()]),
            30_000,
        );
        p.exp_string("API_KEY_VALUE__acme-key-01").expect("plan");
        p.exp_string("Shred 1 file(s) holding 3 secret(s)?")
            .expect("question");
        p.send(answer).expect("answer");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "answer {answer:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), generated_text());
        assert!(
            !home.path().join("audit.jsonl").exists()
                || std::fs::read_to_string(home.path().join("audit.jsonl"))
                    .unwrap()
                    .is_empty()
        );
    }
    let (mut p, _home) = pty(
        provctl_bare().args(["secrets", "shred", file.to_str().unwrap()]),
        30_000,
    );
    p.exp_string("holding 3 secret(s)?").expect("question");
    p.send("y").expect("answer");
    p.flush().expect("flush");
    p.exp_string("1 file(s) shredded").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(!file.exists());
}

#[test]
fn shred_refuses_a_symlink_and_leaves_link_and_target_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = generated(dir.path(), 0o600);
    let link = dir.path().join("link.ini.generated.secrets.env");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes", link.to_str().unwrap()])
            .run()
            .code_is(3)
            .stderr_has("symlink"),
    );
    assert_eq!(out.audit, "");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), generated_text());
}

#[test]
fn shred_checks_every_file_before_destroying_any() {
    let dir = tempfile::tempdir().unwrap();
    let file = generated(dir.path(), 0o600);
    let missing = dir.path().join("gone.ini.generated.secrets.env");
    no_leak(
        provctl_bare()
            .args([
                "secrets",
                "shred",
                "--yes",
                file.to_str().unwrap(),
                missing.to_str().unwrap(),
            ])
            .run()
            .code_is(2)
            .stderr_has("no such file"),
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), generated_text());
    // A directory is not a regular file.
    provctl_bare()
        .args(["secrets", "shred", "--yes", dir.path().to_str().unwrap()])
        .run()
        .code_is(3)
        .stderr_has("not a regular file");
    assert!(file.exists());
}

#[test]
fn shred_refuses_a_file_that_is_not_a_secrets_file_unless_force() {
    let dir = tempfile::tempdir().unwrap();
    let ini = write(&dir.path().join("acme.ini"), "[client]\nname = Acme\n", 0o644);
    provctl_bare()
        .args(["secrets", "shred", "--yes", ini.to_str().unwrap()])
        .run()
        .code_is(3)
        .stderr_has("does not look like a secrets file");
    assert!(ini.exists());
    // `keys export --format lines` output has no marker: --force.
    let lines = write(
        &dir.path().join("acme-keys.txt"),
        &format!("acme-key-01 = {KEY1}\n"),
        0o600,
    );
    let out = no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes", "--force", lines.to_str().unwrap()])
            .run()
            .code_is(0),
    );
    assert!(!lines.exists());
    let entry: serde_json::Value = serde_json::from_str(out.audit.lines().next().unwrap()).unwrap();
    assert_eq!(entry["counts"], serde_json::json!({"files": 1, "secrets": 0}));
}

#[test]
fn shred_warns_that_a_tracked_file_stays_in_git() {
    let dir = tempfile::tempdir().unwrap();
    sh(dir.path(), "git", &["init", "-q"]);
    let file = generated(dir.path(), 0o600);
    sh(dir.path(), "git", &["add", file.to_str().unwrap()]);
    no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes", file.to_str().unwrap()])
            .run()
            .code_is(0)
            .stderr_has("tracked by git"),
    );
    assert!(!file.exists());
}

// ---------------------------------------------------------------- doctor

fn secrets_finding(out: &Done) -> (String, String) {
    let f = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "secrets files")
        .cloned()
        .unwrap_or_else(|| panic!("no secrets files finding:\n{}", out.stdout()));
    (
        f["status"].as_str().unwrap().to_string(),
        f["detail"].as_str().unwrap().to_string(),
    )
}

#[test]
fn doctor_reports_lingering_secrets_files() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let out = provctl(&db)
        .args(["doctor", "-o", "json"])
        .current_dir(dir.path())
        .run();
    assert_eq!(secrets_finding(&out).0, "ok");

    std::fs::create_dir(dir.path().join("provisioning")).unwrap();
    generated(&dir.path().join("provisioning"), 0o600);
    let out = no_leak(
        provctl(&db)
            .args(["doctor", "-o", "json"])
            .current_dir(dir.path())
            .run()
            .code_is(1),
    );
    let (status, detail) = secrets_finding(&out);
    assert_eq!(status, "warn");
    assert!(
        detail.contains("provisioning/acme.ini.generated.secrets.env (3 secret(s)"),
        "{detail}"
    );
    assert!(detail.contains("secrets shred"), "{detail}");
}

// ---------------------------------------------------------------- provctl's own --out files

/// A database with client Acme, its admin (PASSWORD) and, with `keys`, acme-key-01 (active, KEY1) and
/// acme-key-02 (reserve, KEY2).
fn acme_in_db(keys: bool) -> crate::support::TestDb {
    use crate::support::seed;
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "admin@acme.example", PASSWORD);
    if keys {
        seed::key(&mut pg, &c, "acme-key-01", KEY1, true);
        seed::key(&mut pg, &c, "acme-key-02", KEY2, false);
    }
    db
}

/// Issue 17: `keys export --out` files and `deliverable --out` documents were not found by `secrets
/// list` or `doctor`, and `secrets shred` refused them (or destroyed "0 secret(s)"). Every file provctl
/// writes a secret to starts with its header (JSON: its own shape), and is found, counted, and
/// shredded with the right count; the git hint names a pattern that covers it.
#[test]
fn bug_out_files_of_keys_export_and_deliverable_were_not_found_or_shredded() {
    let db = acme_in_db(true);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    sh(d, "git", &["init", "-q"]);
    let out = |name: &str| d.join(name).to_str().unwrap().to_string();
    for (format, name) in [("lines", "keys.txt"), ("env", "keys.env"), ("json", "keys.json")] {
        no_leak(
            provctl(&db)
                .args([
                    "keys",
                    "export",
                    "--client",
                    "Acme",
                    "--format",
                    format,
                    "--out",
                    &out(name),
                ])
                .run()
                .code_is(0)
                // The hint covers the file: its own name (an --out file is named by the operator).
                .stderr_has(&format!("add `{name}` to .gitignore")),
        );
    }
    let secrets = generated(d, 0o600);
    no_leak(
        provctl(&db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://monitor.example.com",
            ])
            .args([
                "--secrets-file",
                secrets.to_str().unwrap(),
                "--out",
                &out("livrable.md"),
            ])
            .run()
            .code_is(0),
    );
    std::fs::remove_file(&secrets).unwrap();
    // The JSON export is still JSON, the others start with the header.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("keys.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    for name in ["keys.txt", "keys.env", "livrable.md"] {
        let text = std::fs::read_to_string(d.join(name)).unwrap();
        assert!(
            text.lines().next().unwrap().contains("provctl-secrets format="),
            "{name}:\n{text}"
        );
    }

    let rows = list_json(d, &[], 1);
    let found: Vec<(String, i64, String)> = rows
        .iter()
        .map(|r| {
            let path = PathBuf::from(r["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                r["secrets"].as_i64().unwrap(),
                r["names"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let both = "acme-key-01, acme-key-02".to_string();
    assert_eq!(
        found,
        [
            (
                "keys.env".to_string(),
                2,
                "API_KEY_VALUE__acme-key-01, API_KEY_VALUE__acme-key-02".to_string()
            ),
            ("keys.json".to_string(), 2, both.clone()),
            ("keys.txt".to_string(), 2, both.clone()),
            ("livrable.md".to_string(), 3, format!("ADMIN_PASSWORD, {both}")),
        ]
    );
    for r in &rows {
        let name = PathBuf::from(r["path"].as_str().unwrap());
        let name = name.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            r["warnings"]
                .as_str()
                .unwrap()
                .contains(&format!("add `{name}` to .gitignore")),
            "{r}"
        );
    }

    // `secrets show` reads each of them (to a pipe: values included).
    for name in ["keys.txt", "keys.env", "keys.json", "livrable.md"] {
        let shown = provctl_bare()
            .args(["secrets", "show", &out(name), "-o", "json"])
            .run()
            .code_is(0)
            .json();
        let values: Vec<&str> = shown
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["value"].as_str().unwrap())
            .collect();
        assert!(
            values.contains(&KEY1) && values.contains(&KEY2),
            "{name}: {shown}"
        );
    }

    // doctor finds them too (it looks in the current directory).
    let doctor = no_leak(
        provctl(&db)
            .args(["doctor", "-o", "json"])
            .current_dir(d)
            .run()
            .code_is(1),
    );
    let (status, detail) = secrets_finding(&doctor);
    assert_eq!(status, "warn");
    assert!(detail.starts_with("4 lingering"), "{detail}");
    assert!(detail.contains("livrable.md (3 secret(s)"), "{detail}");

    let files: Vec<String> = ["keys.txt", "keys.env", "keys.json", "livrable.md"]
        .map(out)
        .to_vec();
    no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes"])
            .args(&files)
            .run()
            .code_is(0)
            .stderr_has("4 file(s) shredded, 9 secret(s) destroyed"),
    );
    for f in &files {
        assert!(!Path::new(f).exists(), "{f}");
    }
}

/// `reset-password --out` writes the header too, and `deliverable --secrets-file` still reads it.
#[test]
fn a_reset_password_out_file_has_the_header_and_stays_readable() {
    let db = acme_in_db(false);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("admin.env");
    provctl(&db)
        .args([
            "reset-password",
            "--yes",
            "--email",
            "admin@acme.example",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# provctl-secrets format=env: "), "{text}");
    no_leak(
        provctl(&db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://monitor.example.com",
            ])
            .args(["--secrets-file", file.to_str().unwrap()])
            .run()
            .code_is(0),
    );
    let rows = list_json(dir.path(), &[], 0);
    assert_eq!(rows[0]["names"], "ADMIN_PASSWORD");
}
