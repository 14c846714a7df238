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
//! * Which server: `PG_BIN`, else `PATH`, else the highest `/usr/lib/postgresql/*/bin`. The version
//!   the running server reports is printed once per run (`pg harness: PostgreSQL 16.14 (major 16)
//!   from …`) and available as [`Cluster::server_version`] / [`Cluster::server_major`]; with
//!   `PROVCTL_EXPECT_PG_MAJOR` set, a test fails unless that is the major in use (see
//!   `tests/it/pg_server.rs`). CI runs the suite on 15 and 16 this way.
//! * `postgres::Client` is the blocking client and runs its own Tokio
//!   runtime. Call [`Cluster::fresh_db`] and [`TestDb::client`] from plain
//!   `#[test]`s, not from inside an async runtime.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;

use postgres::error::ErrorPosition;
use postgres::{Client, Config, NoTls};
use provctl::demo::cluster::describe;

const PROVCTL_SQL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/schema.sql"));
const ALEMBIC_SQL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/platform_alembic.sql"
));

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static DB_COUNTER: AtomicU32 = AtomicU32::new(0);

/// The cluster of this test binary, started on first use.
///
/// Panics with the reason (missing binaries, initdb or server log tail) if it
/// cannot be started. The failure is cached, so every test fails fast with
/// the same message instead of retrying a 30 s startup.
pub fn cluster() -> &'static Cluster {
    match CLUSTER.get_or_init(|| {
        let opts = provctl::demo::cluster::Options {
            base_dir: base_dir(),
            keep: keep_requested(),
        };
        provctl::demo::cluster::start(&opts).map(|inner| {
            announce(&inner);
            Cluster {
                inner,
                provctl_template: OnceLock::new(),
                alembic_template: OnceLock::new(),
                admin_pool: Mutex::new(Vec::new()),
            }
        })
    }) {
        Ok(cluster) => cluster,
        Err(msg) => panic!("{msg}"),
    }
}

/// What a [`TestDb`] starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// An empty database (a copy of `template0`).
    Empty,
    /// Schema from `src/db/schema.sql`.
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
    /// The server itself (start-up and watchdog clean-up live in the library, shared with `demo`).
    /// Never stopped explicitly: the process exit closes the watchdog pipe.
    inner: provctl::demo::cluster::Cluster,
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
                "src/db/schema.sql",
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
        self.inner.port()
    }

    /// Directory holding the server's Unix socket (`.s.PGSQL.<port>`).
    /// Local connections over it use trust auth.
    pub fn socket_dir(&self) -> &Path {
        self.inner.socket_dir()
    }

    /// Directory of the server binaries in use (initdb, postgres and, on
    /// Debian, psql, pg_dump, …).
    pub fn bin_dir(&self) -> &Path {
        self.inner.bin_dir()
    }

    /// Why [`Cluster::bin_dir`]: `$PG_BIN`, `$PATH` or the highest Debian version.
    pub fn bin_origin(&self) -> provctl::demo::cluster::Origin {
        self.inner.bin_origin()
    }

    /// The running server's `server_version` (`16.14`, `15.14 (Debian …)`).
    pub fn server_version(&self) -> &str {
        self.inner.server_version()
    }

    /// The running server's major version, from `server_version_num`.
    pub fn server_major(&self) -> u32 {
        self.inner.server_major()
    }

    /// Random alphanumeric password of [`SUPERUSER`], new on every run.
    pub fn superuser_password(&self) -> &str {
        self.inner.superuser_password()
    }

    /// `postgresql://provctl_admin:<pw>@127.0.0.1:<port>/<dbname>`. The
    /// password is alphanumeric, so it needs no escaping.
    pub fn url(&self, dbname: &str) -> String {
        self.inner.url(dbname)
    }

    fn tcp_config(&self) -> Config {
        self.inner.tcp_config()
    }

    fn socket_client(&self, dbname: &str) -> Result<Client, String> {
        self.inner.socket_client(dbname)
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

/// Says once per test binary which server the run uses. Written to the process's stderr directly, not
/// with `eprintln!`: the test harness captures that macro's output (and shows it only for a failing
/// test), while a CI log must always show which major a green run tested.
fn announce(inner: &provctl::demo::cluster::Cluster) {
    use std::io::Write;
    let line = format!(
        "pg harness: PostgreSQL {} (major {}) from {} ({})\n",
        inner.server_version(),
        inner.server_major(),
        inner.bin_dir().display(),
        inner.bin_origin()
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Parent of the cluster directory: `$PROVCTL_PG_TMPDIR` if set (e.g.
/// `/dev/shm`, see the module docs), else [`std::env::temp_dir`].
pub fn base_dir() -> PathBuf {
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
        Some(Ok(cluster)) => cluster.inner.root().display().to_string(),
        _ => "the cluster directory".to_string(),
    }
}

/// Quotes an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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
