//! Core dumps: the process cannot dump core while it holds a password.

use super::{seed_leakco, ADMIN_PW, CLIENT, EMAIL};
use crate::support::{db, provctl, seed};
use std::os::unix::fs::PermissionsExt;

// ---------------------------------------------------------------- core dumps

/// The soft and hard `Max core file size` of a running process, from `/proc/<pid>/limits`.
fn core_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core line in\n{limits}"));
    let fields: Vec<&str> = line["Max core file size".len()..].split_whitespace().collect();
    (fields[0].to_string(), fields[1].to_string())
}

/// Waits until `what` holds for `pid` (at most 20 s).
fn wait_for(pid: u32, what: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !what() {
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} never reached the waiting point"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn the_process_cannot_dump_core_while_it_holds_a_password() {
    use std::os::unix::process::CommandExt;
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // At a no-echo prompt in a pseudo-terminal, started with a generous core limit that provctl
    // must lower (soft and hard) to 0 before it reads anything.
    // A user of its own, so the process is found by its command line.
    let email = format!("prompt-{}@leakco.example", std::process::id());
    let c: String = pg
        .query_one("SELECT id::text FROM clients WHERE name = $1", &[&CLIENT])
        .unwrap()
        .get(0);
    seed::user(&mut pg, &c, &email, ADMIN_PW);
    let (mut cmd, _home) = provctl(&db)
        .args(["verify-password", "--email", &email])
        .command();
    // SAFETY: setrlimit is async-signal-safe and changes only the forked child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_CORE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("pty");
    p.exp_string("Password for").expect("the prompt");
    let pid = pid_with_arg(&email);
    assert_eq!(core_limits(pid), ("0".into(), "0".into()), "at the prompt");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");

    // Not dumpable (PR_SET_DUMPABLE 0): the kernel then makes /proc/<pid>/* belong to root. Tests
    // run as root, where that proves nothing, so the process runs as `nobody`, blocked reading the
    // password from a stdin that stays open.
    let nobody = crate::support::nobody();
    if !crate::support::require("root and a `nobody` user (the dumpable part)", nobody.is_some()) {
        return;
    }
    let (uid, gid) = nobody.unwrap();
    let (mut cmd, home) = provctl(&db)
        .args(["verify-password", "--email", EMAIL, "--password-stdin"])
        .command();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    cmd.uid(uid)
        .gid(gid)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn as nobody");
    let pid = child.id();
    // Blocked in read(0): past start-up, connected, the hash already read.
    wait_for(pid, || {
        std::fs::read_to_string(format!("/proc/{pid}/wchan")).is_ok_and(|w| w.contains("pipe_read"))
            || std::fs::read_to_string(format!("/proc/{pid}/syscall")).is_ok_and(|s| s.starts_with("0 0x0 "))
    });
    let status_uid = |name: &str| -> u32 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{pid}/{name}"))
            .unwrap_or_else(|e| panic!("/proc/{pid}/{name}: {e}"))
            .uid()
    };
    let environ_owner = status_uid("environ");
    let mem_owner = status_uid("mem");
    assert_eq!(core_limits(pid), ("0".into(), "0".into()), "as nobody");
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        (environ_owner, mem_owner),
        (0, 0),
        "/proc/{pid}/environ and mem belong to uid {environ_owner}/{mem_owner}, not root: the process is dumpable\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And a process that does not call PR_SET_DUMPABLE shows the other case, so the check means something.
    let mut sleeper = std::process::Command::new("sleep")
        .arg("5")
        .uid(uid)
        .gid(gid)
        .spawn()
        .expect("sleep");
    let sleeper_pid = sleeper.id();
    wait_for(sleeper_pid, || {
        std::fs::read_to_string(format!("/proc/{sleeper_pid}/comm")).is_ok_and(|c| c.trim() == "sleep")
    });
    let owner = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{sleeper_pid}/environ"))
            .unwrap()
            .uid()
    };
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    assert_eq!(owner, uid, "a dumpable process's /proc files belong to it");
}

/// The process whose command line holds `arg` (a unique email).
fn pid_with_arg(arg: &str) -> u32 {
    let found: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|a| a == arg.as_bytes()))
        })
        .collect();
    assert_eq!(found.len(), 1, "processes with {arg}: {found:?}");
    found[0]
}
