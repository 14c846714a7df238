//! libpq's connection conventions against the real test cluster: the `PG*` variables (process and
//! `--env-file`), the password file, the service file, `hostaddr`, the default sslmode `prefer`, a URL's
//! `connect_timeout`, `application_name`, bad input, the unresolvable-host error and `--docker` (with a
//! stand-in of the docker CLI). Each uses a role of its own with a password.

use crate::support::{cluster, db, extra, provctl_bare, Run, TestDb};
use crate::tls::connection_detail;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

static ROLES: AtomicU32 = AtomicU32::new(0);

/// A login role with a password of its own (with `:` and `\`, which the password file escapes),
/// allowed to read the test database.
struct Role {
    name: String,
    password: String,
}

fn role(db: &TestDb) -> Role {
    let n = ROLES.fetch_add(1, Ordering::Relaxed);
    let name = format!("pgenv_{}_{n}", std::process::id());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let password = format!("Pw:{n}\\{nanos:x}");
    let mut pg = db.client();
    pg.batch_execute(&format!(
        "CREATE ROLE {name} LOGIN PASSWORD '{}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name};",
        password.replace('\'', "''")
    ))
    .unwrap();
    Role { name, password }
}

/// `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` for the role and database (no password, no URL).
fn pg_vars(run: Run, db: &TestDb, role: &Role) -> Run {
    run.env("PGHOST", "127.0.0.1")
        .env("PGPORT", cluster().port().to_string())
        .env("PGUSER", &role.name)
        .env("PGDATABASE", &db.name)
}

/// Writes `text` to `path` with `mode`.
fn write(path: &Path, text: &str, mode: u32) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A home directory whose `.pgpass` holds `text` with `mode`; and that file's path.
fn home_with_pgpass(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    write(&pgpass, text, mode);
    (home, pgpass)
}

/// The password-file spelling of `s` (`:` and `\` escaped).
fn pgpass_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(':', "\\:")
}

fn port() -> String {
    cluster().port().to_string()
}

#[test]
fn pg_variables_alone_connect_where_psql_would() {
    let db = db();
    let r = role(&db);
    pg_vars(provctl_bare(), &db, &r)
        .env("PGPASSWORD", &r.password)
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "host 127.0.0.1 (PGHOST), port {} (PGPORT), user {} (PGUSER), database {} (PGDATABASE), password (PGPASSWORD)",
            port(),
            r.name,
            db.name
        ))
        .never_shows(&r.password);
    // From --env-file too, said so.
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env.production");
    write(
        &env_file,
        &format!(
            "PGHOST=127.0.0.1\nPGPORT={}\nPGUSER={}\nPGDATABASE={}\nPGPASSWORD='{}'\n",
            port(),
            r.name,
            db.name,
            r.password
        ),
        0o600,
    );
    provctl_bare()
        .args(["--verbose", "--env-file", env_file.to_str().unwrap(), "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "host 127.0.0.1 (PGHOST in --env-file {})",
            env_file.display()
        ))
        .stderr_has("password (PGPASSWORD in --env-file")
        .never_shows(&r.password);
}

#[test]
fn nothing_configured_is_still_exit_2_with_a_hint() {
    provctl_bare()
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("no database configured")
        .stderr_has("PGHOST");
}

#[test]
fn the_url_wins_over_the_pg_variables_which_fill_what_it_leaves_out() {
    let db = db();
    let r = role(&db);
    // Every PG* variable points elsewhere: the URL's settings win.
    provctl_bare()
        .env("DATABASE_URL", &db.url)
        .env("PGHOST", "192.0.2.1")
        .env("PGPORT", "1")
        .env("PGUSER", "nobody")
        .env("PGPASSWORD", "wrong-password")
        .env("PGDATABASE", "nowhere")
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has("host 127.0.0.1 (DATABASE_URL)")
        .stderr_has("password (DATABASE_URL)")
        .never_shows(cluster().superuser_password())
        .never_shows("wrong-password");
    // A URL without user or password: the variables complete it (libpq's precedence, not all-or-nothing).
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql://127.0.0.1:{}/{}", port(), db.name),
        )
        .env("PGUSER", &r.name)
        .env("PGPASSWORD", &r.password)
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!("user {} (PGUSER)", r.name))
        .never_shows(&r.password);
}

#[test]
fn the_password_file_matches_with_wildcards_and_escapes() {
    let db = db();
    let r = role(&db);
    let (home, pgpass) = home_with_pgpass(
        &format!(
            "# hostname:port:database:username:password\n\
             127.0.0.1:{port}:other_db:{user}:not-this-one\n\
             127.0.0.1:*:{db}:{user}:{pw}\n\
             *:*:*:*:nor-this-one\n",
            port = port(),
            user = r.name,
            db = db.name,
            pw = pgpass_escape(&r.password)
        ),
        0o600,
    );
    pg_vars(provctl_bare(), &db, &r)
        .env("HOME", home.path())
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!("password (password file {}:3)", pgpass.display()))
        .never_shows(&r.password);
    // PGPASSFILE names another file, matched on wildcards alone; ~/.pgpass is then not read.
    let other = home.path().join("pgpass.other");
    write(
        &other,
        &format!("*:*:*:{}:{}\n", r.name, pgpass_escape(&r.password)),
        0o600,
    );
    write(&pgpass, "*:*:*:*:wrong\n", 0o600);
    pg_vars(provctl_bare(), &db, &r)
        .env("HOME", home.path())
        .env("PGPASSFILE", &other)
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!("password (password file {}:1)", other.display()))
        .never_shows(&r.password);
    // A password given (PGPASSWORD) is used as is: the file is not consulted.
    write(&other, "garbage without fields\n", 0o600);
    pg_vars(provctl_bare(), &db, &r)
        .env("PGPASSFILE", &other)
        .env("PGPASSWORD", &r.password)
        .args(["users"])
        .run()
        .code_is(0);
}

#[test]
fn a_password_file_with_group_or_world_access_is_ignored_with_libpqs_warning() {
    let db = db();
    let r = role(&db);
    let (home, pgpass) = home_with_pgpass(&format!("*:*:*:*:{}\n", pgpass_escape(&r.password)), 0o640);
    pg_vars(provctl_bare(), &db, &r)
        .env("HOME", home.path())
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has(&format!(
            "warning: password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
            pgpass.display()
        ))
        .never_shows(&r.password);
    // Not a plain file: ignored too (a directory in its place).
    let dir = home.path().join("pgpass.d");
    std::fs::create_dir(&dir).unwrap();
    pg_vars(provctl_bare(), &db, &r)
        .env("PGPASSFILE", &dir)
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("is not a plain file");
}

#[test]
fn an_unparsable_password_file_is_exit_2_naming_the_file_and_line() {
    let db = db();
    let r = role(&db);
    let file = tempfile::tempdir().unwrap();
    let pgpass = file.path().join("pgpass");
    write(
        &pgpass,
        &format!(
            "127.0.0.1:1:x:y:z\n{}\n*:*:*:*:{}\n",
            r.password,
            pgpass_escape(&r.password)
        ),
        0o600,
    );
    pg_vars(provctl_bare(), &db, &r)
        .env("PGPASSFILE", &pgpass)
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has(&format!("password file {}:2", pgpass.display()))
        .never_shows(&r.password);
}

/// A service definition for the role and database, with its password.
fn service(db: &TestDb, r: &Role, name: &str) -> String {
    format!(
        "[{name}]\nhost=127.0.0.1\nport={}\ndbname={}\nuser={}\npassword={}\n",
        port(),
        db.name,
        r.name,
        r.password
    )
}

#[test]
fn a_service_comes_from_the_user_file_then_the_system_one() {
    let db = db();
    let r = role(&db);
    let home = tempfile::tempdir().unwrap();
    let user_file = home.path().join(".pg_service.conf");
    write(
        &user_file,
        &format!("# mine\n{}", service(&db, &r, "prod")),
        0o600,
    );
    provctl_bare()
        .env("HOME", home.path())
        .env("PGSERVICE", "prod")
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "host 127.0.0.1 (service file {}:3)",
            user_file.display()
        ))
        .stderr_has(&format!("password (service file {}:7)", user_file.display()))
        .never_shows(&r.password);
    // Named in the connection string (`service=`), and the service beats the PG* variables (libpq:
    // the service fills what the string left out, before the environment).
    provctl_bare()
        .env("HOME", home.path())
        .env("DATABASE_URL", "service=prod")
        .env("PGPORT", "1")
        .env("PGUSER", "nobody")
        .args(["users"])
        .run()
        .code_is(0)
        .never_shows(&r.password);
    // Not in the user file: PGSYSCONFDIR/pg_service.conf.
    let sysconf = tempfile::tempdir().unwrap();
    let system_file = sysconf.path().join("pg_service.conf");
    write(&system_file, &service(&db, &r, "reporting"), 0o644);
    provctl_bare()
        .env("HOME", home.path())
        .env("PGSYSCONFDIR", sysconf.path())
        .env("PGSERVICE", "reporting")
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has(&format!("(service file {}:2)", system_file.display()))
        .never_shows(&r.password);
    // In both: the user file's definition wins, the system one is not read.
    write(&system_file, "[prod]\nhost=192.0.2.1\n", 0o644);
    provctl_bare()
        .env("HOME", home.path())
        .env("PGSYSCONFDIR", sysconf.path())
        .env("PGSERVICE", "prod")
        .args(["users"])
        .run()
        .code_is(0);
    // PGSERVICEFILE instead of ~/.pg_service.conf.
    let named = home.path().join("services.conf");
    write(&named, &service(&db, &r, "named"), 0o600);
    provctl_bare()
        .env("PGSERVICEFILE", &named)
        .env("PGSERVICE", "named")
        .args(["users"])
        .run()
        .code_is(0);
}

#[test]
fn an_unknown_service_or_an_unparsable_service_file_is_exit_2() {
    let db = db();
    let r = role(&db);
    let home = tempfile::tempdir().unwrap();
    let user_file = home.path().join(".pg_service.conf");
    write(&user_file, &service(&db, &r, "prod"), 0o600);
    let sysconf = tempfile::tempdir().unwrap();
    provctl_bare()
        .env("HOME", home.path())
        .env("PGSYSCONFDIR", sysconf.path())
        .env("PGSERVICE", "staging")
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("service `staging` (from PGSERVICE)")
        .stderr_has(&user_file.display().to_string())
        .never_shows(&r.password);
    // A line of the service without `=` (a password pasted alone): file and line, never the text.
    write(
        &user_file,
        &format!("[prod]\nhost=127.0.0.1\n{}\n", r.password),
        0o600,
    );
    provctl_bare()
        .env("HOME", home.path())
        .env("PGSERVICE", "prod")
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has(&format!("service file {}:3", user_file.display()))
        .never_shows(&r.password);
    // PGSERVICEFILE naming a missing file.
    provctl_bare()
        .env("PGSERVICEFILE", home.path().join("missing.conf"))
        .env("PGSERVICE", "prod")
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("missing.conf");
}

#[test]
fn bad_pg_variables_are_exit_2_naming_the_variable() {
    let db = db();
    let pw = cluster().superuser_password();
    for (var, value) in [
        ("PGSSLMODE", "sometimes"),
        ("PGPORT", "54x32"),
        ("PGCONNECT_TIMEOUT", "soon"),
    ] {
        // With a URL too: the variable fills what the URL leaves out (the URL gives no port here).
        let url = format!("postgresql://provctl_admin:{pw}@127.0.0.1/{}", db.name);
        provctl_bare()
            .env("DATABASE_URL", &url)
            .env(var, value)
            .args(["users"])
            .run()
            .code_is(2)
            .stderr_has(&format!("error: {var}: "))
            .never_shows(pw);
    }
    // From the env file: said so.
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env");
    write(&env_file, "PGHOST=127.0.0.1\nPGPORT=0\n", 0o600);
    provctl_bare()
        .args(["--env-file", env_file.to_str().unwrap(), "users"])
        .run()
        .code_is(2)
        .stderr_has(&format!("PGPORT in --env-file {}", env_file.display()));
}

#[test]
fn hostaddr_connects_to_the_address_while_the_host_name_stays_for_the_password_file_and_tls() {
    let db = db();
    let r = role(&db);
    // `db.invalid` never resolves: only hostaddr can reach the server.
    let (home, _) = home_with_pgpass(
        &format!(
            "db.invalid:{}:*:{}:{}\n",
            port(),
            r.name,
            pgpass_escape(&r.password)
        ),
        0o600,
    );
    provctl_bare()
        .env("HOME", home.path())
        .env(
            "DATABASE_URL",
            format!(
                "postgresql://{}@db.invalid:{}/{}?hostaddr=127.0.0.1",
                r.name,
                port(),
                db.name
            ),
        )
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has("host db.invalid (DATABASE_URL), hostaddr 127.0.0.1 (DATABASE_URL)")
        .stderr_has("password (password file")
        .never_shows(&r.password);
    pg_vars(provctl_bare(), &db, &r)
        .env("HOME", home.path())
        .env("PGHOST", "db.invalid")
        .env("PGHOSTADDR", "127.0.0.1")
        .args(["users"])
        .run()
        .code_is(0);
    // TLS verifies the certificate against the host name, not the address: it names localhost.
    let ca = crate::tls::tls_ca().display().to_string();
    for (host, code) in [("localhost", 0), ("db.invalid", 4)] {
        provctl_bare()
            .env(
                "DATABASE_URL",
                format!(
                    "postgresql://provctl_admin:{}@{host}:{}/{}?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={ca}",
                    cluster().superuser_password(),
                    port(),
                    db.name
                ),
            )
            .args(["users"])
            .run()
            .code_is(code);
    }
}

/// A cluster of its own with TLS off, whatever the TLS tests did to the shared one.
fn plain() -> &'static provctl::demo::cluster::Cluster {
    static PLAIN: OnceLock<provctl::demo::cluster::Cluster> = OnceLock::new();
    PLAIN.get_or_init(extra::start)
}

#[test]
fn sslmode_defaults_to_prefer_tls_when_offered_plain_otherwise() {
    crate::tls::tls_ca();
    let db = db();
    let out = provctl_bare()
        .env("DATABASE_URL", &db.url)
        .args(["doctor", "-o", "json"])
        .run();
    assert!(
        connection_detail(&out).contains("TLS on"),
        "{}",
        connection_detail(&out)
    );
    assert!(
        out.stdout().contains("sslmode prefer (default: libpq's)"),
        "{}",
        out.stdout()
    );
    let out = provctl_bare()
        .env("DATABASE_URL", plain().url("monitoring"))
        .args(["doctor", "-o", "json"])
        .run();
    assert!(
        connection_detail(&out).contains("TLS off"),
        "{}",
        connection_detail(&out)
    );
    // PGSSLMODE=disable is honoured for a URL that says nothing.
    let out = provctl_bare()
        .env("DATABASE_URL", &db.url)
        .env("PGSSLMODE", "disable")
        .args(["doctor", "-o", "json"])
        .run();
    assert!(
        connection_detail(&out).contains("TLS off"),
        "{}",
        connection_detail(&out)
    );
}

#[test]
fn the_urls_connect_timeout_is_honoured_and_the_flag_wins() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let p = listener.local_addr().unwrap().port();
    // Accepts connections (the kernel does) but never speaks.
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql://u:p@127.0.0.1:{p}/d?connect_timeout=2"),
        )
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("no answer within 2 s");
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql://u:p@127.0.0.1:{p}/d?connect_timeout=30"),
        )
        .args(["users", "--connect-timeout", "1"])
        .run()
        .code_is(4)
        .stderr_has("no answer within 1 s");
    drop(listener);
}

#[test]
fn pgappname_names_the_session_in_pg_stat_activity() {
    let db = db();
    let mut locker = db.client();
    let mut tx = locker.transaction().unwrap();
    tx.batch_execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let app = format!("ops-audit-{}", std::process::id());
    let (mut cmd, _home) = provctl_bare()
        .env("DATABASE_URL", &db.url)
        .env("PGAPPNAME", &app)
        .args(["users"])
        .command();
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut watcher = db.client();
    // Wait until provctl's session shows up, blocked on the lock, under its application_name.
    let seen = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
                &[&app],
            )
            .unwrap()
            .get::<_, i64>(0)
            > 0
    });
    tx.rollback().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(seen, "no session named {app} in pg_stat_activity");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_host_that_does_not_resolve_names_it_and_says_how_to_reach_a_compose_service() {
    let secret = "Res0lve-S3cret";
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql+psycopg://postgres:{secret}@db.invalid:5432/monitoring"),
        )
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("the host name `db.invalid` (from DATABASE_URL) does not resolve")
        .stderr_has("PGHOSTADDR")
        .stderr_has(
            "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' \
             $(docker ps -q --filter label=com.docker.compose.service=db.invalid)",
        )
        .stderr_has("--docker")
        .stderr_has("docs/deploy.md")
        .never_shows(secret);
}

/// A stand-in of the docker CLI, first on PATH: prints what docker prints for `docker ps -q --filter
/// label=…` (one 12-hex-digit id per line, nothing when no container matches, exit 0) and `docker
/// inspect -f FORMAT ID…` (the format's output, one line per container; `Error: No such object: ID`
/// on stderr and exit 1 for an unknown id); `STANDIN_DOCKER_DOWN=1` makes it a CLI whose daemon is
/// not running. The addresses are the test cluster's, where a real bridge would give 172.x.
fn docker_standin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = cluster().socket_dir().parent().unwrap().join("docker-standin");
        std::fs::create_dir_all(&dir).unwrap();
        let script = r#"#!/bin/sh
if [ "${STANDIN_DOCKER_DOWN:-}" = 1 ]; then
  echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
  exit 1
fi
format='{{.Name}}{{range $net, $cfg := .NetworkSettings.Networks}} {{$net}}={{$cfg.IPAddress}}{{end}}'
case "$1" in
ps)
  [ "$2" = -q ] && [ "$3" = --filter ] || { echo "standin: unexpected docker $*" >&2; exit 125; }
  case "$4" in
    label=com.docker.compose.service=standin-db) echo 3f4e8a1b2c9d ;;
    label=com.docker.compose.service=standin-twice) printf '3f4e8a1b2c9d\n9a8b7c6d5e4f\n' ;;
  esac ;;
inspect)
  [ "$2" = -f ] && [ "$3" = "$format" ] || { echo "standin: unexpected docker $*" >&2; exit 125; }
  shift 3
  status=0
  for id in "$@"; do
    case "$id" in
      3f4e8a1b2c9d) echo "/monitoring-prod-db-1 monitoring-prod-private=127.0.0.1" ;;
      9a8b7c6d5e4f) echo "/monitoring-dev-db-1 monitoring-dev_default=127.0.0.2" ;;
      *) echo "Error: No such object: $id" >&2; status=1 ;;
    esac
  done
  exit $status ;;
*) echo "standin: unexpected docker $*" >&2; exit 125 ;;
esac
"#;
        let path = dir.join("docker");
        write(&path, script, 0o755);
        dir
    })
    .clone()
}

fn with_docker(run: Run) -> Run {
    let path = format!(
        "{}:{}",
        docker_standin().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    run.env("PATH", path)
}

#[test]
fn docker_flag_connects_to_the_compose_services_container_address() {
    let db = db();
    let r = role(&db);
    // The password file is matched on the service name, which stays the host.
    let (home, _) = home_with_pgpass(
        &format!("standin-db:*:*:{}:{}\n", r.name, pgpass_escape(&r.password)),
        0o600,
    );
    with_docker(provctl_bare())
        .env("HOME", home.path())
        .env(
            "DATABASE_URL",
            format!("postgresql+psycopg://{}@standin-db:{}/{}", r.name, port(), db.name),
        )
        .args(["--docker", "--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has("--docker: `standin-db` does not resolve here; compose service `standin-db` is container monitoring-prod-db-1 (monitoring-prod-private 127.0.0.1)")
        .stderr_has("host standin-db (DATABASE_URL), hostaddr 127.0.0.1 (docker: container monitoring-prod-db-1)")
        .stderr_has("password (password file")
        .never_shows(&r.password);
}

#[test]
fn docker_flag_failures_say_what_docker_said() {
    let url = format!(
        "postgresql://postgres:Dock3r-S3cret@standin-{{}}:{}/monitoring",
        port()
    );
    let run = |service: &str| with_docker(provctl_bare()).env("DATABASE_URL", url.replace("{}", service));
    run("none")
        .args(["--docker", "users"])
        .run()
        .code_is(4)
        .stderr_has("no running container is compose service `standin-none`")
        .never_shows("Dock3r-S3cret");
    run("twice")
        .args(["--docker", "users"])
        .run()
        .code_is(2)
        .stderr_has("several running containers are compose service `standin-twice`: monitoring-prod-db-1")
        .stderr_has("; monitoring-dev-db-1 (monitoring-dev_default 127.0.0.2)");
    run("db")
        .env("STANDIN_DOCKER_DOWN", "1")
        .args(["--docker", "users"])
        .run()
        .code_is(4)
        .stderr_has("Cannot connect to the Docker daemon")
        .never_shows("Dock3r-S3cret");
    // No docker CLI at all.
    let empty = tempfile::tempdir().unwrap();
    provctl_bare()
        .env("PATH", empty.path())
        .env("DATABASE_URL", url.replace("{}", "db"))
        .args(["--docker", "users"])
        .run()
        .code_is(2)
        .stderr_has("docker CLI is not on PATH");
}

#[test]
fn doctor_says_where_each_setting_came_from_never_the_password() {
    let db = db();
    let r = role(&db);
    let (home, pgpass) = home_with_pgpass(
        &format!("127.0.0.1:*:*:*:{}\n", pgpass_escape(&r.password)),
        0o600,
    );
    let out = pg_vars(provctl_bare(), &db, &r)
        .env("HOME", home.path())
        .args(["doctor", "-o", "json"])
        .run()
        .never_shows(&r.password);
    let v = out.json();
    let settings = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "connection settings")
        .unwrap_or_else(|| panic!("{v}"))
        .clone();
    assert_eq!(settings["status"], "ok");
    assert_eq!(
        settings["detail"],
        format!(
            "host 127.0.0.1 (PGHOST), port {} (PGPORT), user {} (PGUSER), database {} (PGDATABASE), \
             password (password file {}:1), sslmode prefer (default: libpq's)",
            port(),
            r.name,
            db.name,
            pgpass.display()
        )
    );
    // Over the Unix socket (trust): a lax password file is a doctor warning, and not used.
    write(
        &pgpass,
        &format!("*:*:*:*:{}\n", pgpass_escape(&r.password)),
        0o644,
    );
    let out = provctl_bare()
        .env("HOME", home.path())
        .env("PGHOST", cluster().socket_dir())
        .env("PGPORT", port())
        .env("PGUSER", "provctl_admin")
        .env("PGDATABASE", &db.name)
        .args(["doctor", "-o", "json"])
        .run()
        .never_shows(&r.password);
    let v = out.json();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "connection settings"
                && f["status"] == "warn"
                && f["detail"]
                    .as_str()
                    .unwrap()
                    .contains("has group or world access")),
        "{v}"
    );
}
