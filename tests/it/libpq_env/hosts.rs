//! Where to connect: `hostaddr` beside the host name, `sslmode`'s default, host names that do not
//! resolve, and `--docker` for a compose service.

use super::{home_with_pgpass, pg_vars, pgpass_escape, port, role, write};
use crate::support::{cluster, db, extra, provctl_bare, Run};
use crate::tls::connection_detail;
use std::path::PathBuf;
use std::sync::OnceLock;

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
