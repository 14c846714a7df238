//! A throwaway PostgreSQL cluster started from the machine's server binaries: for `provctl demo` and
//! for the test suite (which builds its template databases on top of it).
//!
//! Binaries come from `$PG_BIN`, else `$PATH`, else the highest `/usr/lib/postgresql/*/bin`. initdb and
//! postgres refuse to run as root, so as root they run as the `postgres` system user (privileges dropped
//! with `CommandExt::uid/gid`; no sudo needed). The server listens on 127.0.0.1 on a free port with its
//! own socket directory, `fsync=off` (throwaway data). Once it is up, the server's own
//! `server_version` is read and printed with where the binaries came from, so a run says which major
//! it really tested (CI runs the suite against several through `PG_BIN`).
//!
//! Clean-up does not rely on `Drop` (statics are never dropped, `kill -9` skips destructors): a small
//! `sh` supervisor runs initdb and postgres and blocks reading a pipe whose write end this process
//! holds. However this process ends, the kernel closes the pipe, and the supervisor stops postgres and
//! removes the directory. It runs in its own process group and ignores HUP/INT/QUIT/TERM, so a Ctrl-C
//! in the terminal cannot kill it before it has cleaned up. [`Cluster::stop`] does the same on demand
//! and waits for it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::{Client, Config, NoTls};

mod binaries;
mod os;
mod ready;

pub use binaries::{Origin, ServerBinaries};
use os::{free_port, is_root, lookup_user, random_alnum};
use ready::{access_hint, log_tails, shut_down, socket_connect, wait_until_ready, Failure};

/// Name of the superuser created by initdb.
pub const SUPERUSER: &str = "provctl_admin";

/// Prefix of every message of this module.
const LABEL: &str = "throwaway postgres";

static DIR_COUNTER: AtomicU32 = AtomicU32::new(0);

/// How long postgres may take from launch to accepting connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// initdb is run before that clock starts. Slow CI disks can make it slow.
const INITDB_TIMEOUT: Duration = Duration::from_secs(120);
/// Attempts when the port we picked is taken by someone else first.
const PORT_ATTEMPTS: u32 = 5;

/// The supervisor, run as `sh -c SUPERVISOR name root initdb superuser keep postgres-argv…`.
///
/// A runner subshell runs initdb (falling back to `--no-locale` if the
/// `C.UTF-8` locale is missing) and then postgres. It writes `exited` when
/// either one ends, which is how the test process learns that startup
/// failed. The main shell blocks in `cat` until the test process's end of
/// the pipe closes, then stops postgres and removes the directory. It
/// signals in a loop, because the pipe may close while initdb is still
/// running, before postgres has a pid.
const SUPERVISOR: &str = r#"
set -u
trap '' HUP INT QUIT TERM PIPE
root=$1 initdb=$2 superuser=$3 keep=$4
shift 4
(
  init() {
    "$initdb" -D "$root/data" -U "$superuser" --pwfile="$root/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-sync "$1" \
      >>"$root/initdb.log" 2>&1
  }
  if ! init --locale=C.UTF-8; then
    rm -rf "$root/data"
    echo "--- retrying with --no-locale" >>"$root/initdb.log"
    init --no-locale || { echo "initdb failed (exit status $?)" >"$root/exited"; exit 0; }
  fi
  "$@" >>"$root/server.log" 2>&1 &
  echo $! >"$root/postgres.pid"
  wait $!
  echo "postgres exited (exit status $?)" >"$root/exited"
) </dev/null &
runner=$!
cat >/dev/null
echo "watchdog pipe closed, stopping postgres"
n=0
until [ -e "$root/exited" ]; do
  pid=$(cat "$root/postgres.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    if [ $n -lt 100 ]; then sig=INT; elif [ $n -lt 200 ]; then sig=QUIT; else sig=KILL; fi
    kill -s $sig "$pid" 2>/dev/null || true
    n=$((n + 1))
  fi
  sleep 0.1
done
wait "$runner"
if [ "$keep" = 1 ]; then echo "keeping $root"; else rm -rf "$root"; fi
"#;

/// Where and how to start.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parent of the cluster directory (e.g. the temp dir, or `/dev/shm`).
    pub base_dir: PathBuf,
    /// Keep the directory after stopping (to inspect a failed run).
    pub keep: bool,
}

/// A running cluster.
pub struct Cluster {
    root: PathBuf,
    socket_dir: PathBuf,
    binaries: ServerBinaries,
    /// `server_version` as the running server reports it (`16.14`, `15.14 (Debian 15.14-0+deb12u1)`).
    server_version: String,
    /// `server_version_num` (`160014`): the major is this / 10000 (PostgreSQL 10 and later).
    server_version_num: u32,
    port: u16,
    password: String,
    keep: bool,
    /// Write end of the watchdog pipe: closing it (or exiting) makes the supervisor clean up.
    watchdog: Mutex<Option<ChildStdin>>,
    supervisor: Mutex<Option<Child>>,
}

impl Cluster {
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The cluster's own directory (data, socket, logs).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Directory holding the server's Unix socket; local connections over it use trust auth.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Directory of the server binaries in use.
    pub fn bin_dir(&self) -> &Path {
        &self.binaries.dir
    }

    /// Why that directory: `$PG_BIN`, `$PATH` or the highest Debian version.
    pub fn bin_origin(&self) -> Origin {
        self.binaries.origin
    }

    /// The running server's `server_version` (`16.14`; Debian appends its package version).
    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// The running server's major version (`16`), from `server_version_num`.
    pub fn server_major(&self) -> u32 {
        self.server_version_num / 10_000
    }

    /// Random alphanumeric password of [`SUPERUSER`], new on every start.
    pub fn superuser_password(&self) -> &str {
        &self.password
    }

    /// `postgresql://provctl_admin:<pw>@127.0.0.1:<port>/<dbname>` (the password is alphanumeric).
    pub fn url(&self, dbname: &str) -> String {
        format!(
            "postgresql://{SUPERUSER}:{}@127.0.0.1:{}/{dbname}",
            self.password, self.port
        )
    }

    /// TCP + password settings, the path provctl itself uses.
    pub fn tcp_config(&self) -> Config {
        let mut config = Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user(SUPERUSER)
            .password(&self.password)
            .connect_timeout(Duration::from_secs(10));
        config
    }

    /// A superuser connection over the Unix socket (trust: no SCRAM handshake).
    pub fn socket_client(&self, dbname: &str) -> Result<Client, String> {
        socket_connect(&self.socket_dir, self.port, dbname)
    }

    /// Stops postgres and removes the directory, waiting until it is done. Idempotent.
    pub fn stop(&self) {
        drop(
            self.watchdog
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        if let Some(mut child) = self
            .supervisor
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = child.wait();
        }
        // The supervisor (as `postgres`) may lack the right to unlink the directory itself from a parent
        // it does not own; we created it, so finish the job.
        if !self.keep {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

enum StartError {
    /// The server could not bind its port. Worth retrying with another one.
    PortTaken(String),
    Fatal(String),
}

// Its two lines go out with eprintln!, not through ui::output: the test harness starts clusters, and
// libtest captures eprintln! per test where a direct write to stderr would land in every run's output.
#[allow(clippy::disallowed_macros)]
pub fn start(opts: &Options) -> Result<Cluster, String> {
    let started = Instant::now();
    let binaries = binaries::find()?;
    let bin_dir = binaries.dir.clone();
    let run_as = if is_root() {
        Some(lookup_user("postgres").map_err(|e| {
            format!(
                "{LABEL}: running as root, so initdb/postgres must run as the `postgres` \
                 user, but {e}. Install the Debian package `postgresql` (it creates that user)."
            )
        })?)
    } else {
        None
    };
    let password = random_alnum(24)?;

    let mut last = String::new();
    for _ in 0..PORT_ATTEMPTS {
        let port = free_port()?;
        match try_start(opts, &binaries, run_as, &password, port) {
            Ok(cluster) => {
                eprintln!(
                    "{LABEL}: PostgreSQL {} from {} ({}) up on 127.0.0.1:{} in {} ms (dir {})",
                    cluster.server_version,
                    bin_dir.display(),
                    binaries.origin,
                    cluster.port,
                    started.elapsed().as_millis(),
                    cluster.root.display()
                );
                if opts.keep {
                    let root = cluster.root.display();
                    let start = format!(
                        "{}/pg_ctl -D {root}/data -l {root}/server.log -o \"-c port={} \
                         -c listen_addresses=127.0.0.1 -c unix_socket_directories={root}/sock\" start",
                        bin_dir.display(),
                        cluster.port
                    );
                    let start = if run_as.is_some() {
                        format!("su postgres -s /bin/sh -c '{start}'")
                    } else {
                        start
                    };
                    eprintln!(
                        "{LABEL}: PROVCTL_PG_KEEP=1: the cluster stays in {root} after the \
                         run; start it again with: {start}"
                    );
                }
                return Ok(cluster);
            }
            Err(StartError::PortTaken(msg)) => last = msg,
            Err(StartError::Fatal(msg)) => return Err(msg),
        }
    }
    Err(format!(
        "{LABEL}: PostgreSQL could not bind a free port in {PORT_ATTEMPTS} attempts; last try:\n{last}"
    ))
}

fn try_start(
    opts: &Options,
    binaries: &ServerBinaries,
    run_as: Option<(u32, u32)>,
    password: &str,
    port: u16,
) -> Result<Cluster, StartError> {
    let fatal = StartError::Fatal;
    let bin_dir = binaries.dir.as_path();
    let root = opts.base_dir.join(format!(
        "provctl-pg-{}-{}-{}",
        std::process::id(),
        DIR_COUNTER.fetch_add(1, Ordering::Relaxed),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ));
    let socket_dir = root.join("sock");
    // The kernel limits socket paths to 107 bytes, and postgres checks this
    // only once it is running.
    let socket_path_len = socket_dir.join(".s.PGSQL.65535.lock").as_os_str().len();
    if socket_path_len > 107 {
        return Err(fatal(format!(
            "{LABEL}: socket path under {} would be {socket_path_len} bytes, over the \
             107-byte limit for Unix sockets; set TMPDIR (tests: PROVCTL_PG_TMPDIR) to a shorter directory",
            socket_dir.display()
        )));
    }

    // The directory must be new: create() fails if it already exists. It is
    // 0700 because it holds the password file.
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&root)
        .map_err(|e| fatal(format!("{LABEL}: creating {} failed: {e}", root.display())))?;
    let prepare = || -> io::Result<File> {
        fs::DirBuilder::new().mode(0o700).create(&socket_dir)?;
        let pwfile = root.join("pwfile");
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&pwfile)?
            .write_all(format!("{password}\n").as_bytes())?;
        let log = root.join("supervisor.log");
        let log_file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .mode(0o600)
            .open(&log)?;
        if let Some((uid, gid)) = run_as {
            for path in [&root, &socket_dir, &pwfile, &log] {
                std::os::unix::fs::chown(path, Some(uid), Some(gid))?;
            }
        }
        Ok(log_file)
    };
    let log_file = prepare().map_err(|e| {
        let _ = fs::remove_dir_all(&root);
        fatal(format!("{LABEL}: preparing {} failed: {e}", root.display()))
    })?;
    let log_err = log_file.try_clone().map_err(|e| {
        let _ = fs::remove_dir_all(&root);
        fatal(format!("{LABEL}: dup of supervisor.log failed: {e}"))
    })?;

    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(SUPERVISOR)
        .arg("provctl-pg-supervisor")
        .arg(&root)
        .arg(bin_dir.join("initdb"))
        .arg(SUPERUSER)
        .arg(if opts.keep { "1" } else { "0" })
        .arg(bin_dir.join("postgres"))
        .arg("-D")
        .arg(root.join("data"));
    for setting in [
        "fsync=off".to_string(),
        "synchronous_commit=off".to_string(),
        "full_page_writes=off".to_string(),
        "listen_addresses=127.0.0.1".to_string(),
        format!("port={port}"),
        format!("unix_socket_directories={}", socket_dir.display()),
        "max_connections=200".to_string(),
        "shared_buffers=128MB".to_string(),
    ] {
        command.arg("-c").arg(setting);
    }
    command
        .stdin(Stdio::piped())
        .stdout(log_file)
        .stderr(log_err)
        // The postgres user may not be able to enter our cwd (often /root).
        .current_dir(&root)
        // Outside the test's process group, so that Ctrl-C or a runner's
        // `kill -<pgid>` only ends the test process. Its exit then closes the
        // pipe, and the supervisor cleans up.
        .process_group(0)
        // Nothing of the operator's environment: it may hold the production database URL or
        // PGPASSWORD, which the server's processes (the `postgres` user, when run as root) could read.
        .env_clear()
        .env("PATH", crate::config::process_var_os("PATH").unwrap_or_default())
        // English messages, so the log checks below work in any locale.
        .env("LC_ALL", "C");
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
    let mut child = command.spawn().map_err(|e| {
        let _ = fs::remove_dir_all(&root);
        fatal(format!(
            "{LABEL}: spawning the supervisor (/bin/sh) in {} failed: {e}\n{}",
            root.display(),
            access_hint(run_as)
        ))
    })?;
    let watchdog = child.stdin.take().expect("stdin was configured as a pipe");

    match wait_until_ready(&root, &socket_dir, port, &mut child) {
        Ok(()) => {}
        Err((kind, msg)) => {
            // Read the logs before closing the pipe: the supervisor deletes them.
            let report = format!(
                "{LABEL}: {msg}\n  dir: {}\n  bin: {}\n{}{}",
                root.display(),
                bin_dir.display(),
                access_hint(run_as),
                log_tails(&root)
            );
            shut_down(watchdog, &mut child);
            return Err(match kind {
                Failure::PortTaken => StartError::PortTaken(report),
                Failure::Fatal => StartError::Fatal(report),
            });
        }
    }

    let mut cluster = Cluster {
        root: root.clone(),
        socket_dir,
        binaries: binaries.clone(),
        server_version: String::new(),
        server_version_num: 0,
        port,
        password: password.to_string(),
        keep: opts.keep,
        watchdog: Mutex::new(Some(watchdog)),
        supervisor: Mutex::new(None),
    };
    // Check the TCP + SCRAM path the tests use once, so a pg_hba or password
    // problem shows up here and not as a confusing error in some test. The same
    // connection asks which server this is: the binaries' directory name says
    // nothing reliable (`native/bin` of a package), the running server does.
    let mut config = cluster.tcp_config();
    config.dbname("postgres");
    let version = config.connect(NoTls).and_then(|mut c| {
        let row = c.query_one(
            "SELECT current_setting('server_version'), current_setting('server_version_num')::int4",
            &[],
        )?;
        let version: (String, i32) = (row.get(0), row.get(1));
        c.close()?;
        Ok(version)
    });
    match version {
        Ok((text, num)) => {
            cluster.server_version = text;
            cluster.server_version_num = u32::try_from(num).unwrap_or(0);
        }
        Err(e) => {
            let report = format!(
                "{LABEL}: server is up but password login over TCP failed: {}\n{}",
                describe(&e),
                log_tails(&root)
            );
            drop(
                cluster
                    .watchdog
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take(),
            );
            let _ = child.wait();
            return Err(fatal(report));
        }
    }
    // Kept so that `stop` can wait for the clean-up; if nobody calls it, the supervisor outlives us and
    // is reaped by init after it has cleaned up.
    *cluster.supervisor.lock().unwrap_or_else(PoisonError::into_inner) = Some(child);
    Ok(cluster)
}

/// Error text with the server's message, detail and hint. The plain Display
/// of postgres::Error is just "db error".
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{db} (SQLSTATE {})", db.code().code());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Where the server binaries are, or a message naming the package to install.
pub fn server_binaries() -> Result<ServerBinaries, String> {
    binaries::find()
}
