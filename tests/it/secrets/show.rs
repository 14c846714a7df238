//! `secrets show`: values to a pipe, masked on a terminal unless `--reveal`, loose modes and other
//! users' files refused unless `--force`, never through a symlink.

use super::{exit_code, generated, no_leak, KEY1, KEY2, LEAK, PASSWORD};
use crate::keys_change::pty;
use crate::support::provctl_bare;

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
