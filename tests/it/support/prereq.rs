//! Prerequisites some tests need beyond PostgreSQL: root, a `nobody` user to run provctl as, strace,
//! git. Without one a test is skipped with a note — except under `PROVCTL_TEST_REQUIRE_ALL=1` (CI, which
//! runs as root with every tool installed), where a missing prerequisite fails the test: a silent skip
//! there would be a test that never runs.

/// `true` when the prerequisite `what` is `available` (run the test); else notes the skip and returns
/// `false`, or panics naming it under `PROVCTL_TEST_REQUIRE_ALL=1`.
pub fn require(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("PROVCTL_TEST_REQUIRE_ALL").is_some_and(|v| v == "1") {
        panic!("PROVCTL_TEST_REQUIRE_ALL=1 and this test needs {what}, which is missing here");
    }
    eprintln!("skipped: needs {what}");
    false
}

/// Whether the tests run as root.
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// uid and gid of the user `name` in /etc/passwd.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        if f.len() > 3 && f[0] == name {
            Some((f[2].parse().ok()?, f[3].parse().ok()?))
        } else {
            None
        }
    })
}

/// uid and gid of `nobody`, when the tests run as root (only root can run a process as another user)
/// and it exists.
pub fn nobody() -> Option<(u32, u32)> {
    if !is_root() {
        return None;
    }
    user_ids("nobody")
}

/// Whether strace runs here.
pub fn have_strace() -> bool {
    std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}
