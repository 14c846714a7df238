//! `provctl demo`: the whole runbook on its own throwaway PostgreSQL, and nothing left behind.

use crate::support::provctl_bare;
use std::os::unix::fs::PermissionsExt;

/// The demo's TMPDIR is empty: its cluster and its own directory (secrets files included) are gone.
#[track_caller]
fn assert_nothing_left(tmp: &std::path::Path) {
    let left: Vec<_> = std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "the demo left {left:?} behind");
}

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
    // Issue 17: each step's stderr came after all its stdout, so the reset's note followed the
    // post-reset tables it announces. The real order is kept.
    let reset = &text[text.find("back to the initial state\n$").expect("the reset step")..];
    let note = reset.find("Demo is back to its initial state").expect("the note");
    let table = reset.find("| name ").expect("the post-reset keys table");
    assert!(
        note < table,
        "the note comes after the table it announces:\n{reset}"
    );
    // It says what the binaries are, and what to do next.
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains(": the server binaries in ")),
        "{text}"
    );
    assert!(
        text.trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Next: `provctl demo --keep`")),
        "{text}"
    );
    assert_nothing_left(tmp.path());
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

/// The processes whose command line mentions `needle` (the demo's throwaway cluster runs from its
/// directory, so its path names every process of it).
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            continue;
        }
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(needle) {
                found.push(format!("{}: {cmdline}", entry.file_name().to_string_lossy()));
            }
        }
    }
    found
}

/// Issue 17: `provctl demo --keep 2>&1 | tee log` never ended on Ctrl-C (the terminal's SIGINT reaches
/// the whole pipeline: tee dies first, then every write of the demo fails). It ends with 130, having
/// stopped its cluster and removed its directory and secrets files.
#[test]
fn bug_demo_keep_through_tee_never_ended_on_ctrl_c() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let work = tempfile::tempdir().unwrap();
    let log = work.path().join("log");
    let (cmd, _home) = provctl_bare()
        .env("TMPDIR", tmp.path())
        .args(["demo", "--keep"])
        .command();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg("\"$0\" \"$@\" 2>&1 | tee \"$LOG\"")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env("LOG", &log);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let mut p = rexpect::session::spawn_command(sh, Some(120_000)).expect("pty");
    p.exp_string("running until Ctrl-C")
        .expect("the demo keeps running");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("the pipeline ends");
    let _ = p.process().wait();
    // The demo waited for its cluster to stop before it exited: nothing is left, at once.
    assert_nothing_left(tmp.path());
    let procs = processes_mentioning(&tmp.path().display().to_string());
    assert!(procs.is_empty(), "processes left: {procs:?}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("running until Ctrl-C"), "{logged}");
}
