//! Throwaway PostgreSQL cluster for the integration tests.
//!
//! [`cluster()`] starts one real PostgreSQL server per test binary, the first
//! time a test asks for it. [`Cluster::fresh_db`] then gives each test its own
//! database, copied from a template (`CREATE DATABASE … TEMPLATE …`). Copying
//! a template takes milliseconds, so tests stay isolated without paying for a
//! cluster or a schema load each.
//!
//! # Layout
//!
//! Everything lives in one fresh directory `provctl-pg-<pid>-<n>-<nanos>/` in
//! [`std::env::temp_dir`] (or `$PROVCTL_PG_TMPDIR`):
//! `data/` (initdb output), `sock/` (Unix socket, so the test never touches
//! the system's `/var/run/postgresql`), `pwfile`, and the logs `initdb.log`,
//! `server.log`, `supervisor.log`. Startup errors include the log tails.
//!
//! # Cleanup: why a watchdog pipe
//!
//! The cluster lives in a `static`, and Rust never drops statics, so a `Drop`
//! impl would never run. Even if it did, a panic that aborts, a `kill -9` or a
//! test timeout would skip it. So the test process does not stop the server
//! at all. A small `sh` supervisor does it instead. It runs initdb and
//! postgres as its children, then blocks in `cat` reading a pipe. The write
//! end of that pipe is held, never written, by the `static`. However the test
//! process ends (normal exit, panic, `process::exit`, SIGKILL), the kernel
//! closes that end, `cat` sees EOF, and the supervisor stops postgres (SIGINT
//! = fast shutdown, escalating to SIGQUIT then SIGKILL) and deletes the
//! directory. The supervisor runs in its own process group and ignores
//! HUP/INT/QUIT/TERM, so a Ctrl-C in the terminal or a test runner killing
//! the test's process group cannot take it down before it has cleaned up.
//! Its output goes to `supervisor.log`, never to the test output. Only a
//! SIGKILL sent to the supervisor itself can leak the directory.
//!
//! Set `PROVCTL_PG_TMPDIR` to put the directory somewhere other than
//! [`std::env::temp_dir`]. `/dev/shm` (tmpfs) is much faster: each
//! `CREATE DATABASE` creates ~300 files, and on a busy ext4 `/tmp` that took
//! 250–300 ms vs 15–20 ms on tmpfs. Leave it unset where `/dev/shm` is small
//! (Docker's default is 64 MB).
//!
//! Set `PROVCTL_PG_KEEP=1` to keep the directory after the run: postgres is
//! still stopped, but you can start it again to look at what a failed test
//! left behind. The path and the start command are printed at startup.
//!
//! # Why uid/gid
//!
//! The tests run as root in CI and in the dev container, but `initdb` and
//! `postgres` refuse to run as root. When `geteuid() == 0` we therefore run
//! the supervisor, and with it initdb and postgres, as the `postgres` system
//! user. `CommandExt::{uid, gid}` drops privileges in the forked child
//! (std also clears the supplementary groups), so neither sudo nor runuser is
//! needed. Everything we create for the server is chown'ed to that user.
//!
//! # Things a user of this module must know
//!
//! * Roles, tablespaces and `ALTER SYSTEM` are cluster-wide. They are shared
//!   by every test in the binary and by both templates. Give roles unique
//!   names in tests.
//! * Template databases are created with `ALLOW_CONNECTIONS false`, because
//!   any open connection to a template makes `CREATE DATABASE … TEMPLATE`
//!   fail.
//! * The server runs with `fsync=off`. It is fast, and a crash loses data,
//!   which is fine for tests.
//! * Every test binary (`tests/*.rs`, or every process under cargo-nextest)
//!   starts its own cluster, which takes about 1–2 s.
//! * Needs PostgreSQL 13 or newer (`DROP DATABASE … WITH (FORCE)`).
//! * `postgres::Client` is the blocking client and runs its own Tokio
//!   runtime. Call [`Cluster::fresh_db`] and [`TestDb::client`] from plain
//!   `#[test]`s, not from inside an async runtime.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::error::ErrorPosition;
use postgres::{Client, Config, NoTls};

/// Name of the superuser created by initdb.
pub const SUPERUSER: &str = "provctl_admin";

const PROVCTL_SQL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/schema.sql"));
const ALEMBIC_SQL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/platform_alembic.sql"
));

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

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static DB_COUNTER: AtomicU32 = AtomicU32::new(0);
static DIR_COUNTER: AtomicU32 = AtomicU32::new(0);

/// The cluster of this test binary, started on first use.
///
/// Panics with the reason (missing binaries, initdb or server log tail) if it
/// cannot be started. The failure is cached, so every test fails fast with
/// the same message instead of retrying a 30 s startup.
pub fn cluster() -> &'static Cluster {
    match CLUSTER.get_or_init(start_cluster) {
        Ok(cluster) => cluster,
        Err(msg) => panic!("{msg}"),
    }
}

/// What a [`TestDb`] starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// An empty database (a copy of `template0`).
    Empty,
    /// Schema from `src/schema.sql`.
    Provctl,
    /// Schema from `tests/fixtures/platform_alembic.sql`.
    Alembic,
}

impl Template {
    fn prefix(self) -> &'static str {
        match self {
            Template::Empty => "empty",
            Template::Provctl => "provctl",
            Template::Alembic => "alembic",
        }
    }
}

/// A running throwaway cluster. Obtain it with [`cluster()`].
pub struct Cluster {
    root: PathBuf,
    socket_dir: PathBuf,
    bin_dir: PathBuf,
    port: u16,
    password: String,
    /// Write end of the watchdog pipe. We never write to it and never close
    /// it. The kernel closes it when this process exits, which makes the
    /// supervisor clean up.
    _watchdog: ChildStdin,
    provctl_template: OnceLock<Result<String, String>>,
    alembic_template: OnceLock<Result<String, String>>,
    /// Idle superuser connections to the `postgres` database, over the Unix
    /// socket with trust auth. This skips the SCRAM handshake, which is slow
    /// in debug builds.
    admin_pool: Mutex<Vec<Client>>,
}

/// A database of its own for one test.
#[derive(Debug)]
pub struct TestDb {
    pub name: String,
    /// `postgresql://provctl_admin:<pw>@127.0.0.1:<port>/<name>`
    pub url: String,
}

impl TestDb {
    /// A new superuser connection over TCP with password auth, the same
    /// path provctl itself uses.
    pub fn client(&self) -> Client {
        let cluster = cluster();
        let mut config = cluster.tcp_config();
        config.dbname(&self.name);
        config.connect(NoTls).unwrap_or_else(|e| {
            panic!(
                "pg harness: connecting to test database {} ({}) failed: {}",
                self.name,
                self.url,
                describe(&e)
            )
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let hint = if keep_requested() {
                format!("it stays in {} after the run", cluster_root_display())
            } else {
                "set PROVCTL_PG_KEEP=1 to keep the cluster after the run".to_string()
            };
            eprintln!(
                "pg harness: test failed, keeping database {} ({}); {hint}",
                self.name, self.url
            );
            return;
        }
        // Drop databases of passing tests to save disk in long runs. WITH
        // (FORCE) also ends connections the test left open.
        if let Some(Ok(cluster)) = CLUSTER.get() {
            let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", ident(&self.name));
            if let Err(e) = cluster.admin(|c| c.batch_execute(&sql)) {
                eprintln!("pg harness: could not drop database {}: {e}", self.name);
            }
        }
    }
}

impl Cluster {
    /// Creates a uniquely named database from `template`.
    pub fn fresh_db(&self, template: Template) -> TestDb {
        let source = match template {
            // template0 never accepts connections, so nobody can block copying it.
            Template::Empty => "template0",
            Template::Provctl => self.template_db(
                &self.provctl_template,
                "tpl_provctl",
                PROVCTL_SQL,
                "src/schema.sql",
            ),
            Template::Alembic => self.template_db(
                &self.alembic_template,
                "tpl_alembic",
                ALEMBIC_SQL,
                "tests/fixtures/platform_alembic.sql",
            ),
        };
        let name = format!(
            "{}_{}_{}",
            template.prefix(),
            std::process::id(),
            DB_COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let sql = format!("CREATE DATABASE {} TEMPLATE {}", ident(&name), ident(source));
        if let Err(e) = self.admin(|c| c.batch_execute(&sql)) {
            panic!("pg harness: `{sql}` failed: {e}");
        }
        TestDb {
            url: self.url(&name),
            name,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Directory holding the server's Unix socket (`.s.PGSQL.<port>`).
    /// Local connections over it use trust auth.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// Directory of the server binaries in use (initdb, postgres and, on
    /// Debian, psql, pg_dump, …).
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    /// Random alphanumeric password of [`SUPERUSER`], new on every run.
    pub fn superuser_password(&self) -> &str {
        &self.password
    }

    /// `postgresql://provctl_admin:<pw>@127.0.0.1:<port>/<dbname>`. The
    /// password is alphanumeric, so it needs no escaping.
    pub fn url(&self, dbname: &str) -> String {
        format!(
            "postgresql://{SUPERUSER}:{}@127.0.0.1:{}/{dbname}",
            self.password, self.port
        )
    }

    fn tcp_config(&self) -> Config {
        let mut config = Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user(SUPERUSER)
            .password(&self.password)
            .connect_timeout(Duration::from_secs(10));
        config
    }

    fn socket_client(&self, dbname: &str) -> Result<Client, String> {
        socket_connect(&self.socket_dir, self.port, dbname)
    }

    /// Runs `f` on a pooled admin connection to the `postgres` database.
    fn admin<T>(&self, f: impl FnOnce(&mut Client) -> Result<T, postgres::Error>) -> Result<T, String> {
        // Nothing panics while the lock is held, but a poisoned pool is still
        // a valid pool.
        let pooled = self
            .admin_pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut client = match pooled {
            Some(client) => client,
            None => self.socket_client("postgres")?,
        };
        let result = f(&mut client).map_err(|e| describe(&e));
        if !client.is_closed() {
            self.admin_pool
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(client);
        }
        result
    }

    /// Name of the template database `name`. It is created on first use.
    ///
    /// The OnceLock serializes creation: concurrent callers wait for the
    /// first one. A failure is cached, so a broken schema file gives every
    /// test the same error instead of being loaded again and again.
    fn template_db<'a>(
        &self,
        slot: &'a OnceLock<Result<String, String>>,
        name: &str,
        sql: &str,
        origin: &str,
    ) -> &'a str {
        match slot.get_or_init(|| self.create_template(name, sql, origin)) {
            Ok(name) => name,
            Err(msg) => panic!("{msg}"),
        }
    }

    fn create_template(&self, name: &str, sql: &str, origin: &str) -> Result<String, String> {
        let started = Instant::now();
        let create = format!("CREATE DATABASE {} TEMPLATE template0", ident(name));
        self.admin(|c| c.batch_execute(&create))
            .map_err(|e| format!("pg harness: `{create}` failed: {e}"))?;

        let mut client = self
            .socket_client(name)
            .map_err(|e| format!("pg harness: connecting to template {name} failed: {e}"))?;
        if let Err(e) = client.batch_execute(sql) {
            return Err(format!(
                "pg harness: loading {origin} into template database {name} failed: {}",
                describe_sql_error(&e, sql)
            ));
        }
        // Close explicitly and wait for it. An open connection to the
        // template makes every CREATE DATABASE … TEMPLATE fail.
        client
            .close()
            .map_err(|e| format!("pg harness: closing connection to {name}: {}", describe(&e)))?;

        // ALLOW_CONNECTIONS false makes sure nothing (a test, autovacuum)
        // connects to the template later.
        let alter = format!(
            "ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
            ident(name)
        );
        self.admin(|c| c.batch_execute(&alter))
            .map_err(|e| format!("pg harness: `{alter}` failed: {e}"))?;
        eprintln!(
            "pg harness: template {name} ({origin}) created in {} ms",
            started.elapsed().as_millis()
        );
        Ok(name.to_string())
    }
}

// ---------------------------------------------------------------------------
// Startup
// ---------------------------------------------------------------------------

enum StartError {
    /// The server could not bind its port. Worth retrying with another one.
    PortTaken(String),
    Fatal(String),
}

fn start_cluster() -> Result<Cluster, String> {
    let started = Instant::now();
    let bin_dir = find_bin_dir()?;
    let run_as = if is_root() {
        Some(lookup_user("postgres").map_err(|e| {
            format!(
                "pg harness: running as root, so initdb/postgres must run as the `postgres` \
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
        match try_start(&bin_dir, run_as, &password, port) {
            Ok(cluster) => {
                eprintln!(
                    "pg harness: PostgreSQL from {} up on 127.0.0.1:{} in {} ms (dir {})",
                    bin_dir.display(),
                    cluster.port,
                    started.elapsed().as_millis(),
                    cluster.root.display()
                );
                if keep_requested() {
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
                        "pg harness: PROVCTL_PG_KEEP=1: the cluster stays in {root} after the \
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
        "pg harness: PostgreSQL could not bind a free port in {PORT_ATTEMPTS} attempts; last try:\n{last}"
    ))
}

fn try_start(
    bin_dir: &Path,
    run_as: Option<(u32, u32)>,
    password: &str,
    port: u16,
) -> Result<Cluster, StartError> {
    let fatal = StartError::Fatal;
    let root = base_dir().join(format!(
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
            "pg harness: socket path under {} would be {socket_path_len} bytes, over the \
             107-byte limit for Unix sockets; set PROVCTL_PG_TMPDIR (or TMPDIR) to a shorter directory",
            socket_dir.display()
        )));
    }

    // The directory must be new: create() fails if it already exists. It is
    // 0700 because it holds the password file.
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&root)
        .map_err(|e| fatal(format!("pg harness: creating {} failed: {e}", root.display())))?;
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
        fatal(format!("pg harness: preparing {} failed: {e}", root.display()))
    })?;
    let log_err = log_file.try_clone().map_err(|e| {
        let _ = fs::remove_dir_all(&root);
        fatal(format!("pg harness: dup of supervisor.log failed: {e}"))
    })?;

    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(SUPERVISOR)
        .arg("provctl-pg-supervisor")
        .arg(&root)
        .arg(bin_dir.join("initdb"))
        .arg(SUPERUSER)
        .arg(if keep_requested() { "1" } else { "0" })
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
        // English messages, so the log checks below work in any locale.
        .env("LC_ALL", "C");
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
    let mut child = command.spawn().map_err(|e| {
        let _ = fs::remove_dir_all(&root);
        fatal(format!(
            "pg harness: spawning the supervisor (/bin/sh) in {} failed: {e}\n{}",
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
                "pg harness: {msg}\n  dir: {}\n  bin: {}\n{}{}",
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

    let cluster = Cluster {
        root: root.clone(),
        socket_dir,
        bin_dir: bin_dir.to_path_buf(),
        port,
        password: password.to_string(),
        _watchdog: watchdog,
        provctl_template: OnceLock::new(),
        alembic_template: OnceLock::new(),
        admin_pool: Mutex::new(Vec::new()),
    };
    // Check the TCP + SCRAM path the tests use once, so a pg_hba or password
    // problem shows up here and not as a confusing error in some test.
    let mut config = cluster.tcp_config();
    config.dbname("postgres");
    if let Err(e) = config.connect(NoTls).and_then(|c| c.close()) {
        let report = format!(
            "pg harness: server is up but password login over TCP failed: {}\n{}",
            describe(&e),
            log_tails(&root)
        );
        shut_down(cluster._watchdog, &mut child);
        return Err(fatal(report));
    }
    // The supervisor must outlive every test, and we never wait() on it.
    // After we exit it is reparented and reaped by init.
    drop(child);
    Ok(cluster)
}

enum Failure {
    PortTaken,
    Fatal,
}

fn wait_until_ready(
    root: &Path,
    socket_dir: &Path,
    port: u16,
    supervisor: &mut Child,
) -> Result<(), (Failure, String)> {
    let begun = Instant::now();
    let mut launched: Option<Instant> = None;
    loop {
        if let Ok(status) = fs::read_to_string(root.join("exited")) {
            let server_log = fs::read_to_string(root.join("server.log")).unwrap_or_default();
            let port_taken = server_log.contains("Address already in use")
                || server_log.contains("could not create any TCP/IP sockets");
            let kind = if port_taken {
                Failure::PortTaken
            } else {
                Failure::Fatal
            };
            return Err((kind, format!("startup failed: {}", status.trim())));
        }
        match supervisor.try_wait() {
            Ok(Some(status)) => {
                return Err((
                    Failure::Fatal,
                    format!("supervisor shell exited early ({status})"),
                ))
            }
            Ok(None) => {}
            Err(e) => return Err((Failure::Fatal, format!("waiting for supervisor: {e}"))),
        }
        if launched.is_none() && root.join("postgres.pid").exists() {
            launched = Some(Instant::now());
        }
        match launched {
            None if begun.elapsed() > INITDB_TIMEOUT => {
                return Err((
                    Failure::Fatal,
                    format!("initdb did not finish within {INITDB_TIMEOUT:?}"),
                ))
            }
            None => {}
            Some(at) => match socket_connect(socket_dir, port, "postgres") {
                Ok(client) => {
                    let _ = client.close();
                    return Ok(());
                }
                Err(e) if at.elapsed() > STARTUP_TIMEOUT => {
                    return Err((
                        Failure::Fatal,
                        format!(
                            "server did not accept connections within {STARTUP_TIMEOUT:?}; \
                             last error: {e}"
                        ),
                    ))
                }
                Err(_) => {}
            },
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Closes the watchdog pipe and waits until the supervisor has stopped
/// postgres and removed the directory.
fn shut_down(watchdog: ChildStdin, supervisor: &mut Child) {
    drop(watchdog);
    let _ = supervisor.wait();
}

/// Running as root, the most likely cause of a failure is that the postgres
/// user cannot reach the temp dir or the binaries.
fn access_hint(run_as: Option<(u32, u32)>) -> &'static str {
    if run_as.is_some() {
        "  note: initdb and postgres run as the `postgres` user; it needs access to the \
         directory above (every parent must be searchable) and to the binaries\n"
    } else {
        ""
    }
}

fn log_tails(root: &Path) -> String {
    let mut out = String::new();
    for name in ["initdb.log", "server.log", "supervisor.log"] {
        let text = match fs::read(root.join(name)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => "(not created)".to_string(),
            Err(e) => format!("(unreadable: {e})"),
        };
        let lines: Vec<&str> = text.lines().collect();
        let tail = &lines[lines.len().saturating_sub(30)..];
        out.push_str(&format!("--- tail of {name} ---\n"));
        for line in tail {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn socket_connect(socket_dir: &Path, port: u16, dbname: &str) -> Result<Client, String> {
    Config::new()
        .host_path(socket_dir)
        .port(port)
        .user(SUPERUSER)
        .dbname(dbname)
        .connect_timeout(Duration::from_secs(10))
        .connect(NoTls)
        .map_err(|e| {
            format!(
                "connecting to {dbname} via {} failed: {}",
                socket_dir.display(),
                describe(&e)
            )
        })
}

/// Where initdb and postgres are: `$PG_BIN`, else `$PATH`, else the highest
/// version under `/usr/lib/postgresql/*/bin` (Debian/Ubuntu).
fn find_bin_dir() -> Result<PathBuf, String> {
    let has_server = |dir: &Path| is_executable(&dir.join("initdb")) && is_executable(&dir.join("postgres"));

    if let Some(dir) = std::env::var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        return if has_server(&dir) {
            Ok(dir)
        } else {
            Err(format!(
                "pg harness: PG_BIN={} does not contain executable `initdb` and `postgres`",
                dir.display()
            ))
        };
    }
    if let Some(path) = std::env::var_os("PATH") {
        if let Some(dir) = std::env::split_paths(&path).find(|d| has_server(d)) {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            // "15", "9.6": compare numerically, so that 10 sorts above 9.6.
            let version: Option<Vec<u32>> = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect();
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version?, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    Err(format!(
        "pg harness: no PostgreSQL server binaries (initdb and postgres) found. Searched: \
         $PG_BIN (not set), every directory on $PATH ({}), /usr/lib/postgresql/*/bin. \
         Install the Debian package `postgresql` (apt-get install postgresql), \
         or set PG_BIN to the directory that contains initdb and postgres.",
        std::env::var("PATH").unwrap_or_default()
    ))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// (uid, gid) of `name`. Uses getpwnam_r, not getpwnam: tests run in threads,
/// and getpwnam returns a pointer to a shared static buffer.
fn lookup_user(name: &str) -> Result<(u32, u32), String> {
    let cname = CString::new(name).map_err(|_| format!("user name {name:?} contains NUL"))?;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: passwd is plain old data; an all-zero value is valid and is
    // fully overwritten on success.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: all pointers point to live, correctly sized buffers.
    let rc = unsafe { libc::getpwnam_r(cname.as_ptr(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 {
        return Err(format!(
            "looking up user {name} failed: {}",
            io::Error::from_raw_os_error(rc)
        ));
    }
    if result.is_null() {
        return Err(format!("there is no user named `{name}`"));
    }
    Ok((pwd.pw_uid, pwd.pw_gid))
}

fn free_port() -> Result<u16, String> {
    // The OS picks an unused port. Someone else may grab it after we drop the
    // listener; try_start reports that as PortTaken and we retry.
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("pg harness: finding a free port on 127.0.0.1 failed: {e}"))
}

fn random_alnum(len: usize) -> Result<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut urandom =
        File::open("/dev/urandom").map_err(|e| format!("pg harness: opening /dev/urandom failed: {e}"))?;
    let mut out = String::with_capacity(len);
    let mut byte = [0u8; 1];
    while out.len() < len {
        urandom
            .read_exact(&mut byte)
            .map_err(|e| format!("pg harness: reading /dev/urandom failed: {e}"))?;
        // Reject 248..=255 so that every character is equally likely.
        if byte[0] < 248 {
            out.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}

/// Parent of the cluster directory: `$PROVCTL_PG_TMPDIR` if set (e.g.
/// `/dev/shm`, see the module docs), else [`std::env::temp_dir`].
fn base_dir() -> PathBuf {
    std::env::var_os("PROVCTL_PG_TMPDIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

fn keep_requested() -> bool {
    std::env::var_os("PROVCTL_PG_KEEP").is_some_and(|v| v == "1")
}

fn cluster_root_display() -> String {
    match CLUSTER.get() {
        Some(Ok(cluster)) => cluster.root.display().to_string(),
        _ => "the cluster directory".to_string(),
    }
}

/// Quotes an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Error text with the server's message, detail and hint. The plain Display
/// of postgres::Error is just "db error".
fn describe(e: &postgres::Error) -> String {
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

/// Like [`describe`], plus the line of `sql` the error points at.
fn describe_sql_error(e: &postgres::Error, sql: &str) -> String {
    let mut text = describe(e);
    if let Some(db) = e.as_db_error() {
        if let Some(ErrorPosition::Original(pos)) = db.position() {
            // The position counts characters, starting at 1.
            let before: String = sql.chars().take((*pos as usize).saturating_sub(1)).collect();
            let line_no = before.matches('\n').count() + 1;
            let line = sql.lines().nth(line_no - 1).unwrap_or("");
            text.push_str(&format!("\n  at line {line_no}: {}", line.trim_end()));
        }
        if let Some(context) = db.where_() {
            text.push_str(&format!("\n  CONTEXT: {context}"));
        }
    }
    text
}
