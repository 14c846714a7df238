//! `secrets list`: the fields of a fresh file, warnings (readable by others, old, git), `--out` files
//! found by content, the default directories, symlinks and missing directories.

use super::{generated, list_json, no_leak, sh, write, KEY1, PASSWORD};
use crate::support::provctl_bare;

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
