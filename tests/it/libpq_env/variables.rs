//! The PG* variables alone and beside a URL, bad values, `PGAPPNAME`, the URL's `connect_timeout`,
//! and `doctor` saying where each setting came from.

use super::{home_with_pgpass, pg_vars, pgpass_escape, port, role, write};
use crate::support::{cluster, db, provctl_bare};

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
