//! `secrets shred`: overwrite then remove, the confirmation, symlinks, every file checked before any
//! is destroyed, files that are not secrets files, files git tracks.

use super::{exit_code, generated, generated_text, no_leak, sh, write, KEY1, LEAK};
use crate::keys_change::pty;
use crate::support::provctl_bare;

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
