//! The password file (`.pgpass`, `PGPASSFILE`): wildcards and escapes, loose modes ignored with
//! libpq's warning, unparsable lines.

use super::{home_with_pgpass, pg_vars, pgpass_escape, port, role, write};
use crate::support::{db, provctl_bare};

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
