//! Global behaviour: URL forms, env files, redaction, exit codes, pipes, timeouts, Ctrl-C.

use crate::support::{cluster, db, provctl, provctl_bare, seed};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn url_parts() -> (String, u16) {
    (cluster().superuser_password().to_string(), cluster().port())
}

#[test]
fn sqlalchemy_and_libpq_forms_connect() {
    let db = db();
    let (pw, port) = url_parts();
    for url in [
        format!(
            "postgresql+psycopg://provctl_admin:{pw}@127.0.0.1:{port}/{}",
            db.name
        ),
        format!(
            "postgresql+psycopg2://provctl_admin:{pw}@127.0.0.1:{port}/{}",
            db.name
        ),
        format!(
            "postgresql+asyncpg://provctl_admin:{pw}@127.0.0.1:{port}/{}",
            db.name
        ),
        format!(
            "postgres://provctl_admin:{pw}@127.0.0.1:{port}/{}?sslmode=disable",
            db.name
        ),
        format!(
            "host=127.0.0.1 port={port} user=provctl_admin password='{pw}' dbname={}",
            db.name
        ),
    ] {
        provctl_bare()
            .env("DATABASE_URL", &url)
            .args(["users"])
            .run()
            .code_is(0)
            .never_shows(&pw);
    }
    // SQLALCHEMY_DATABASE_URI is the fallback; DATABASE_URL wins over it.
    let good = format!(
        "postgresql+psycopg://provctl_admin:{pw}@127.0.0.1:{port}/{}",
        db.name
    );
    provctl_bare()
        .env("SQLALCHEMY_DATABASE_URI", &good)
        .args(["users"])
        .run()
        .code_is(0);
    provctl_bare()
        .env("DATABASE_URL", &good)
        .env(
            "SQLALCHEMY_DATABASE_URI",
            "postgresql://nobody:x@127.0.0.1:1/none",
        )
        .args(["users"])
        .run()
        .code_is(0);
}

#[test]
fn env_file_with_expansion_and_process_env_winning() {
    let db = db();
    let (pw, port) = url_parts();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".env.production");
    std::fs::write(
        &file,
        format!(
            "# production\nDB_PASSWORD={pw}\nDATABASE_URL=postgresql+psycopg://provctl_admin:${{DB_PASSWORD}}@127.0.0.1:{port}/{}\n",
            db.name
        ),
    )
    .unwrap();
    provctl_bare()
        .args(["--env-file", file.to_str().unwrap(), "users"])
        .run()
        .code_is(0);
    // A variable already set wins over the file: here a wrong one, so the connection fails.
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql://provctl_admin:wrong@127.0.0.1:{port}/{}", db.name),
        )
        .args(["users", "--env-file", file.to_str().unwrap()])
        .run()
        .code_is(4);
    provctl_bare()
        .args(["users", "--env-file", "/nonexistent/.env"])
        .run()
        .code_is(2)
        .stderr_has("/nonexistent/.env");
}

#[test]
fn a_failed_connection_never_shows_the_password() {
    let db = db();
    let port = cluster().port();
    let secret = "Sup3r-S3cret-Pw";
    let out = provctl_bare()
        .env(
            "DATABASE_URL",
            format!(
                "postgresql+psycopg://provctl_admin:{secret}@127.0.0.1:{port}/{}",
                db.name
            ),
        )
        .env("RUST_BACKTRACE", "1")
        .args(["users", "--verbose"])
        .run()
        .code_is(4)
        .stderr_has("***")
        .stderr_has("password authentication failed")
        .stderr_has("(from DATABASE_URL)")
        .never_shows(secret);
    assert!(!out.stderr().contains("stack backtrace"), "{}", out.stderr());
    // Through --database-url too (plus a warning that argv is visible).
    provctl_bare()
        .args([
            "users",
            "--database-url",
            &format!("postgresql://provctl_admin:{secret}@127.0.0.1:1/x"),
        ])
        .run()
        .code_is(4)
        .stderr_has("visible in `ps`")
        .never_shows(secret);
}

#[test]
fn configuration_errors_are_exit_2() {
    provctl_bare()
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("no database configured");
    provctl_bare()
        .env("DATABASE_URL", "mysql://u:p@h/d")
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("unsupported scheme");
    provctl_bare()
        .env("DATABASE_URL", "postgresql://u:p@h/d?sslmode=sometimes")
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("sslmode");
    provctl_bare().args(["users", "-o", "xml"]).run().code_is(2);
    provctl_bare().args(["no-such-command"]).run().code_is(2);
}

#[test]
fn tls_required_against_a_server_without_tls_is_a_clear_database_error() {
    let db = db();
    let url = format!("{}?sslmode=require", db.url);
    provctl_bare()
        .env("DATABASE_URL", &url)
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("cannot connect");
}

#[test]
fn verbose_prints_sql_without_secrets() {
    let db = db();
    provctl(&db)
        .args(["users", "--email", "x@y.example", "--verbose"])
        .run()
        .code_is(2)
        .stderr_has("-- sql: SELECT email, role, is_active, updated_at, client_id::text AS client_id")
        .stderr_has("\"x@y.example\"")
        .never_shows(cluster().superuser_password());
}

/// Issue 17: `--verbose` printed parameters as Rust's `Some("…")` / `None`.
#[test]
fn bug_verbose_parameters_were_printed_as_rusts_some() {
    let db = db();
    let out = provctl(&db)
        .args(["users", "--email", "x@y.example", "--verbose"])
        .run()
        .code_is(2);
    let stderr = out.stderr();
    let params: Vec<&str> = stderr.lines().filter(|l| l.starts_with("--   $")).collect();
    // $1 is the client filter (none: NULL), $2 the e-mail.
    assert!(params.contains(&"--   $1 = NULL"), "{params:?}");
    assert!(params.contains(&"--   $2 = \"x@y.example\""), "{params:?}");
    assert!(!stderr.contains("Some(") && !stderr.contains("None"), "{stderr}");
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    for i in 0..2000 {
        seed::key(&mut pg, &c, &format!("k-{i:05}"), &format!("value-{i:026}"), true);
    }
    let (mut cmd, _home) = provctl(&db).args(["keys", "list", "-o", "csv"]).command();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone (like `| head -1`): provctl must end quietly with success.
    let out = child.wait_with_output().unwrap();
    // Across clients, the bound machine's hostname and the client close each row (issue 17 item 8).
    assert_eq!(
        first,
        "id,name,is_active,machine_id,last_used_at,hostname,client_id,client\n"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_server_that_never_answers_hits_the_connect_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts connections (the kernel does) but never speaks: the start-up would hang without a limit.
    let started = Instant::now();
    provctl_bare()
        .env("DATABASE_URL", format!("postgresql://u:p@127.0.0.1:{port}/d"))
        .args(["users", "--connect-timeout", "1"])
        .run()
        .code_is(4)
        .stderr_has("no answer within 1 s");
    drop(listener);
    // Not a timing assertion on provctl's speed: only that it did not hang for the default 10 s.
    assert!(started.elapsed() < Duration::from_secs(9));
}

#[test]
fn ctrl_c_while_connecting_to_a_server_that_never_answers_exits_130() {
    // The signals are served by the connecting thread only once it is done: until then the caller
    // watches for them, so Ctrl-C during a hung start-up acts at once, not at the connect timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (mut cmd, _home) = provctl_bare()
        .env("DATABASE_URL", format!("postgresql://u:p@127.0.0.1:{port}/d"))
        .args(["users", "--connect-timeout", "600"])
        .command();
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Connected at the TCP level: provctl is now waiting for the server's answer.
    let (_conn, _) = listener.accept().unwrap();
    let stderr = interrupt_while_connecting(child);
    assert!(!stderr.contains("no answer within"), "{stderr}");
}

/// Sends SIGINT to a provctl that is still connecting: it exits 130 at once, saying nothing changed.
/// Returns its stderr.
fn interrupt_while_connecting(child: std::process::Child) -> String {
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: nothing changed (SIGINT)"),
        "{stderr}"
    );
    stderr
}

/// Earlier than the start-up exchange: the TCP connect itself hangs (the listener's accept queue is
/// full, so the kernel drops provctl's SYN and it retransmits). A signal there must act at once too
/// (a connect deadline armed only once the socket is connected would leave it unserved: exit 4 at the
/// connect timeout instead of 130).
#[test]
fn ctrl_c_while_the_tcp_connect_itself_hangs_exits_130() {
    use std::os::fd::FromRawFd;
    // A listener with a backlog of 0 queues one connection and drops every later SYN.
    let listener = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        assert!(fd >= 0, "socket");
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(
            libc::bind(fd, &addr as *const _ as *const libc::sockaddr, len),
            0,
            "bind"
        );
        assert_eq!(libc::listen(fd, 0), 0, "listen");
        std::net::TcpListener::from_raw_fd(fd)
    };
    let port = listener.local_addr().unwrap().port();
    // The one connection the queue holds, never accepted.
    let _queued = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (mut cmd, _home) = provctl_bare()
        .env("DATABASE_URL", format!("postgresql://u:p@127.0.0.1:{port}/d"))
        .args(["users", "--connect-timeout", "30"])
        .command();
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // No event to wait for (the SYN is dropped): let provctl reach its connect.
    std::thread::sleep(Duration::from_millis(500));
    interrupt_while_connecting(child);
}

#[test]
fn ctrl_c_cancels_a_running_query_and_exits_130() {
    let db = db();
    let mut locker = db.client();
    let mut tx = locker.transaction().unwrap();
    tx.batch_execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let (mut cmd, _home) = provctl(&db).args(["users"]).command();
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut watcher = db.client();
    let waiting = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        let n: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'provctl' AND wait_event_type = 'Lock'",
                &[],
            )
            .unwrap()
            .get(0);
        n > 0
    });
    assert!(waiting, "provctl never blocked on the lock");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = watcher
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'provctl' AND state = 'active'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "the query still runs on the server");
    tx.rollback().unwrap();
}

#[test]
fn help_and_version() {
    provctl_bare()
        .args(["--help"])
        .run()
        .code_is(0)
        .stdout_has("Exit codes");
    provctl_bare()
        .args(["--version"])
        .run()
        .code_is(0)
        .stdout_has("provctl");
    provctl_bare()
        .args(["completions", "bash"])
        .run()
        .code_is(0)
        .stdout_has("provctl");
    provctl_bare().args(["man"]).run().code_is(0).stdout_has(".TH");
}
