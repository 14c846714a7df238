//! Connection services (`PGSERVICE`, `service=`): the user file then the system one, unknown services
//! and unparsable files.

use super::{port, role, write, Role};
use crate::support::{db, provctl_bare, TestDb};

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
