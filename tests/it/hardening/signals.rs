//! Signals and closed pipes at the wrong time: stdout closed mid-change, SIGTERM/SIGHUP during an
//! export, secrets on stdin from a terminal, signals at the no-echo prompt.

use super::{acme, ini_text, key_active, provision, traced, ArgPath, EMAIL};
use crate::support::{db, have_strace, listing, provctl, require, Run};
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- 4. closed stdout mid-change

/// Spawns `run` with stdout a pipe whose read end is already closed (`… | true`).
fn with_stdout_closed(run: Run) -> (i32, String) {
    let (mut cmd, _home) = run.command();
    let mut fds = [0; 2];
    // SAFETY: pipe fills two fresh descriptors, each then owned once.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    };
    drop(read);
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_never_ends_a_change_half_way_with_success() {
    let db = db();
    acme(&db);
    // `keys disable X --yes | true`: the change is made and reported on stderr.
    let (code, stderr) = with_stdout_closed(provctl(&db).args(["keys", "disable", "acme-key-01", "--yes"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!key_active(&db, "acme-key-01"), "nothing changed:\n{stderr}");
    assert!(
        stderr.contains("stdout was closed") && stderr.contains("1 key(s) disabled"),
        "{stderr}"
    );

    // `provision --yes dir/ | head -3`: every INI is applied, the report goes on on stderr.
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=5 {
        std::fs::write(
            dir.path().join(format!("c{i}.ini")),
            ini_text(
                &format!("Client{i}"),
                &format!("admin{i}@c{i}.example"),
                &format!("c{i}-key-"),
            ),
        )
        .unwrap();
    }
    let (mut cmd, _home) = provision(&db).arg_path(dir.path()).command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
    }
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients WHERE name LIKE 'Client%'", &[])
        .unwrap()
        .get(0);
    assert_eq!(clients, 5, "{clients} of 5 INIs applied:\n{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Client5: 5 created"),
        "the end of the report is lost:\n{stderr}"
    );

    // A read-only command cut short is still a success.
    let (code, _) = with_stdout_closed(provctl(&db).args(["users"]));
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- 8. SIGTERM/SIGHUP during an export

#[test]
fn sigterm_or_sighup_during_keys_export_out_leave_no_file_and_exit_143_or_129() {
    if !require("strace", have_strace()) {
        return;
    }
    let db = db();
    acme(&db);
    for (signal, code) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::HUP, 129),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("keys.txt");
        let run = provctl(&db).args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            out.to_str().unwrap(),
        ]);
        // Held while the export file is synced, the keys written: then the signal comes.
        let mut t = traced(run, "fsync", &[], Duration::from_secs(2));
        assert!(t.wait_for("fsync("), "no fsync");
        let pid = rustix::process::Pid::from_raw(t.pid()).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        let (got, _, stderr) = t.finish();
        assert_eq!(got, code, "{signal:?}: {stderr}");
        assert!(
            listing(dir.path()).is_empty(),
            "{signal:?} left {:?}",
            listing(dir.path())
        );
    }
}

#[test]
fn a_temporary_out_file_left_by_a_kill_is_seen_by_secrets_list_and_doctor() {
    // Where the file system has no O_TMPFILE, `--out` writes a named temporary file; `kill -9` can
    // leave it, holding key values in a format the secret-line sniffing does not know.
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join(".acme-keys.txt.provctl-0a1b2c3d");
    std::fs::write(&tmp, "acme-key-01 = AcmeKeyValue01xxxxxxxxxxxxxxxxx\n").unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).unwrap();
    crate::support::provctl_bare()
        .args(["secrets", "list", dir.path().to_str().unwrap()])
        .run()
        .code_is(1)
        .stdout_has(".acme-keys.txt.provctl-0a1b2c3d")
        .stdout_has("interrupted provctl export");
    crate::support::provctl_bare()
        .args(["secrets", "shred", "--yes", tmp.to_str().unwrap()])
        .run()
        .code_is(0);
    assert!(!tmp.exists());
}

// ---------------------------------------------------------------- 11. secrets on stdin from a terminal

#[test]
fn password_stdin_on_a_terminal_does_not_echo_it() {
    let db = db();
    acme(&db);
    let (mut p, _home) = pty_with_echo(
        provctl(&db).args(["verify-password", "--email", EMAIL, "--password-stdin"]),
        "",
    );
    p.exp_string("typing is hidden").expect("a hidden prompt");
    p.send_line("old-password").expect("type");
    // The end of input, for a version that would read up to it.
    let _ = p.send_control('d');
    let rest = p.exp_eof().expect("exit");
    assert!(!rest.contains("old-password"), "echoed: {rest:?}");
    assert!(rest.contains("VERIFY_AGAINST_DB=true"), "{rest}");
}

// ---------------------------------------------------------------- 17. signals at the no-echo prompt

#[test]
fn sigterm_or_sighup_at_the_no_echo_prompt_restore_the_terminal() {
    let db = db();
    acme(&db);
    for (signal, code) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::HUP, 129),
    ] {
        let (mut p, _home) = pty_with_echo(
            provctl(&db).args(["verify-password", "--email", EMAIL]),
            "; echo \"rc=$?\"; stty -a",
        );
        p.exp_string("Password for").expect("prompt");
        let pid = pid_of("verify-password");
        rustix::process::kill_process(pid, signal).unwrap();
        let rest = p.exp_eof().expect("exit");
        assert!(rest.contains(&format!("rc={code}")), "{signal:?}: {rest}");
        let flags = rest.split("rc=").nth(1).unwrap_or_default();
        assert!(
            flags.split_whitespace().any(|w| w == "echo") && !flags.split_whitespace().any(|w| w == "-echo"),
            "{signal:?} left echo off:\n{flags}"
        );
    }
}

/// `run` in a pseudo-terminal whose echo is on, as an operator's terminal is (the test library turns it
/// off), followed by the shell commands `then`.
fn pty_with_echo(run: Run, then: &str) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (cmd, home) = run.command();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("stty echo; \"$0\" \"$@\"{then}"))
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    (
        rexpect::session::spawn_command(sh, Some(30_000)).expect("pty"),
        home,
    )
}

/// The pid of the one process whose command line holds `arg`.
fn pid_of(arg: &str) -> rustix::process::Pid {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found: Vec<i32> = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                    let args: Vec<&[u8]> = c.split(|&b| b == 0).collect();
                    args.first().is_some_and(|a| a.ends_with(b"provctl")) && args.contains(&arg.as_bytes())
                })
            })
            .collect();
        if let [pid] = found[..] {
            return rustix::process::Pid::from_raw(pid).unwrap();
        }
        assert!(Instant::now() < deadline, "processes with {arg}: {found:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
