//! `provctl demo`: the whole runbook on its own throwaway PostgreSQL, and nothing left behind.

use crate::support::provctl_bare;
use std::os::unix::fs::PermissionsExt;

#[test]
fn the_runbook_runs_end_to_end_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    // The server runs as `postgres` when we are root: it must be able to enter this directory.
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = provctl_bare()
        .env("TMPDIR", tmp.path())
        .args(["demo"])
        .run()
        .code_is(0);
    let text = out.stdout();
    for needle in [
        "$ PROVISION_CLIENT=true provctl --env-file .env.production provision --yes provisioning/demo.ini",
        "Demo: 9 created",
        "No secret generated",
        "3 key(s) disabled",
        "re-sending the POST",
        "{\"ingest_count\":1}",
        "$ provctl keys unbind demo-key-01",
        "demo-key-01 leaves ops-test-01",
        "Demo is back to its initial state",
        "{\"ingest_count\":0}",
        "$ provctl clients show Demo",
        "$ provctl log --since 1h",
        "every step did what it should",
    ] {
        assert!(text.contains(needle), "demo output lacks {needle:?}:\n{text}");
    }
    // The generated admin password was piped to test-login, never shown.
    assert!(!text.contains("ADMIN_PASSWORD="), "{text}");
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "the demo left {left:?} behind");
}

#[test]
fn without_server_binaries_it_names_the_package_to_install() {
    provctl_bare()
        .env("PG_BIN", "/nonexistent/bin")
        .args(["demo"])
        .run()
        .code_is(4)
        .stderr_has("apt-get install postgresql");
}
