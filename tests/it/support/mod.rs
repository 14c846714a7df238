//! Test support: the throwaway PostgreSQL cluster (`pg`), a runner for the provctl binary that prints
//! everything on failure, and seeding helpers that write platform rows the way the platform does.

pub mod extra;
pub mod pg;
mod prereq;
pub mod seed;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub use pg::{cluster, Template, TestDb};
pub use prereq::{have_strace, is_root, nobody, require};

/// Environment variables that would leak in from the developer's shell and change behaviour.
const CLEARED: &[&str] = &[
    "DATABASE_URL",
    "SQLALCHEMY_DATABASE_URI",
    "APP_ENV",
    "ENV",
    "PROVISION_CLIENT",
    "ALLOW_PROD_PROVISIONING",
    "PROVCTL_AUDIT_LOG",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "XDG_STATE_HOME",
    "SUDO_USER",
    // libpq's conventions: the developer's psql set-up must never reach a test.
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGCONNECT_TIMEOUT",
    "PGAPPNAME",
    "PGOPTIONS",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGSYSCONFDIR",
    "PGPASSFILE",
    "PGREQUIRESSL",
    "PGCHANNELBINDING",
    "PGTARGETSESSIONATTRS",
    "PGLOADBALANCEHOSTS",
    "PGSSLNEGOTIATION",
    // sslrootcert=system reads the trust store these point at.
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// Spawns `run` on a pseudo-terminal of `cols` columns and 40 rows (set with `stty` before provctl
/// is exec'd: a new pty has no size), with `TERM=xterm-256color` unless the run sets `TERM`.
pub fn pty(run: Run, cols: u16, timeout_ms: u64) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (cmd, home) = run.command();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("stty cols {cols} rows 40 && exec \"$0\" \"$@\""))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env("TERM", "xterm-256color");
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let p = rexpect::session::spawn_command(sh, Some(timeout_ms)).expect("pty");
    (p, home)
}

/// The exit status of a process run on a pseudo-terminal (panics on a signal).
pub fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// A fresh database from the provctl schema template.
pub fn db() -> TestDb {
    cluster().fresh_db(Template::Provctl)
}

/// A provctl invocation under construction.
pub struct Run {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    describe: String,
    _home: tempfile::TempDir,
    audit: PathBuf,
}

/// A provctl invocation against `db` (DATABASE_URL set, audit log in a private temp dir).
pub fn provctl(db: &TestDb) -> Run {
    let mut r = provctl_bare();
    r.cmd.env("DATABASE_URL", &db.url);
    r
}

/// A provctl invocation with no database configured.
pub fn provctl_bare() -> Run {
    let home = tempfile::tempdir().expect("temp HOME");
    let audit = home.path().join("audit.jsonl");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_provctl"));
    for v in CLEARED {
        cmd.env_remove(v);
    }
    cmd.env("HOME", home.path())
        .env("PROVCTL_AUDIT_LOG", &audit)
        .env("USER", "tester");
    Run {
        cmd,
        stdin: None,
        describe: String::from("provctl"),
        _home: home,
        audit,
    }
}

impl Run {
    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for a in args {
            self.describe.push(' ');
            self.describe.push_str(&a.as_ref().to_string_lossy());
            self.cmd.arg(a);
        }
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Run {
        self.cmd.env(k, v);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(input.into());
        self
    }

    /// Runs the binary under `umask(mask)`, set in the child only (between fork and exec), so the
    /// test process and the tests running beside it keep theirs.
    pub fn umask(mut self, mask: u32) -> Run {
        use std::os::unix::process::CommandExt;
        // SAFETY: umask is async-signal-safe and changes only the forked child's state.
        unsafe {
            self.cmd.pre_exec(move || {
                libc::umask(mask as libc::mode_t);
                Ok(())
            });
        }
        self
    }

    /// Runs the binary with `RLIMIT_FSIZE` set to `bytes` and `SIGXFSZ` ignored, so that writing a
    /// file past that size fails with `EFBIG` (a full disk, deterministically) instead of killing it.
    pub fn file_size_limit(mut self, bytes: u64) -> Run {
        use std::os::unix::process::CommandExt;
        // SAFETY: signal and setrlimit are async-signal-safe and change only the forked child's state.
        unsafe {
            self.cmd.pre_exec(move || {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        self
    }

    /// Runs the binary with its address space capped at `bytes` (`RLIMIT_AS`) and at most two malloc
    /// arenas, so that a command that buffers what should stream fails instead of growing.
    pub fn address_space_limit(mut self, bytes: u64) -> Run {
        use std::os::unix::process::CommandExt;
        self.cmd.env("MALLOC_ARENA_MAX", "2");
        // SAFETY: setrlimit is async-signal-safe and changes only the forked child's state.
        unsafe {
            self.cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        self
    }

    /// Runs the binary in `dir` (for relative paths).
    pub fn current_dir(mut self, dir: impl AsRef<std::path::Path>) -> Run {
        self.describe = format!("(cd {}) {}", dir.as_ref().display(), self.describe);
        self.cmd.current_dir(dir);
        self
    }

    /// The underlying command (for tests that drive the process themselves).
    pub fn command(self) -> (Command, tempfile::TempDir) {
        (self.cmd, self._home)
    }

    /// Runs to completion; stdin is closed (no terminal) unless given.
    pub fn run(mut self) -> Done {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn provctl");
        if let Some(input) = self.stdin.take() {
            let mut sin = child.stdin.take().expect("stdin");
            let _ = sin.write_all(&input);
        }
        let output = child.wait_with_output().expect("wait provctl");
        let audit = std::fs::read_to_string(&self.audit).unwrap_or_default();
        Done {
            output,
            describe: self.describe,
            audit,
        }
    }
}

/// A finished invocation.
pub struct Done {
    pub output: Output,
    pub describe: String,
    /// The audit log's content after the run.
    pub audit: String,
}

impl Done {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the exit code, printing both streams when it differs.
    #[track_caller]
    pub fn code_is(self, expected: i32) -> Done {
        assert_eq!(
            self.code(),
            expected,
            "`{}` exited {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.describe,
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// The audit log's events, one per change: the concluding line of each change whose `pending` line
    /// (same `id`) came first, and the lines that stand alone. Panics on a pending line left without its
    /// outcome.
    #[track_caller]
    pub fn audit_entries(&self) -> Vec<serde_json::Value> {
        audit_entries(&self.audit)
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| {
            panic!(
                "`{}`: stdout is not JSON ({e}):\n{}",
                self.describe,
                self.stdout()
            )
        })
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Done {
        assert!(
            self.stdout().contains(needle),
            "`{}`: stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.describe,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Done {
        assert!(
            self.stderr().contains(needle),
            "`{}`: stderr lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.describe,
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts `secret` appears nowhere: stdout, stderr or the audit log.
    #[track_caller]
    pub fn never_shows(self, secret: &str) -> Done {
        for (what, text) in [
            ("stdout", self.stdout()),
            ("stderr", self.stderr()),
            ("audit log", self.audit.clone()),
        ] {
            assert!(
                !text.contains(secret),
                "`{}`: {what} shows a secret:\n{text}",
                self.describe
            );
        }
        self
    }
}

/// The events of an audit log's text (see [`Done::audit_entries`]).
#[track_caller]
pub fn audit_entries(text: &str) -> Vec<serde_json::Value> {
    let mut open: Vec<serde_json::Value> = Vec::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("audit line is not JSON ({e}): {line}"));
        let id = v["id"]
            .as_str()
            .unwrap_or_else(|| panic!("audit line without id: {line}"))
            .to_string();
        if v["outcome"] == "pending" {
            open.push(v);
        } else if let Some(i) = open.iter().position(|p| p["id"] == id.as_str()) {
            open.remove(i);
            out.push(v);
        } else {
            out.push(v);
        }
    }
    assert!(
        open.is_empty(),
        "pending audit line(s) without an outcome:\n{text}"
    );
    out
}

/// The names in `dir`, sorted (to see that nothing was left, or what was).
pub fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A local port whose server reads what the client sends first, then ends the connection without a
/// word (something that is not the server the client expects): for the errors of a connection that
/// ends before any answer. It reads on until the client closes, so the end is a clean one (FIN), never
/// a reset for unread data.
pub fn closing_port() -> u16 {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    std::thread::spawn(move || {
        for mut c in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = c.set_read_timeout(Some(std::time::Duration::from_secs(10)));
                let mut buf = [0u8; 4096];
                let _ = c.read(&mut buf);
                let _ = c.shutdown(std::net::Shutdown::Write);
                while matches!(c.read(&mut buf), Ok(n) if n > 0) {}
            });
        }
    });
    port
}

/// How a process run on a pseudo-terminal ended: its exit code (a death by signal is a failure).
pub fn pty_exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}
