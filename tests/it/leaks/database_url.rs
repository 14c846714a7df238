//! Passwords in the database URL (an argument, reserved characters, `/`, a quoted key=value, `?`
//! typed for `&`): connected with, and kept out of output, errors and the audit log.

use super::{provctl_unconfigured, seed_leakco};
use crate::support::{cluster, db, provctl, TestDb};

#[test]
fn a_password_in_database_url_argument_is_redacted_everywhere() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = cluster().superuser_password();
    // The URL as an argument: provctl warns, and the audit log records the command line redacted.
    for args in [
        &["users"][..],
        &["keys", "disable", "leak-key-01", "--yes"],
        &["verify-hash", "--all"],
    ] {
        let out = provctl(&db)
            .env("DATABASE_URL", "")
            .args(["--verbose", "--database-url", &db.url])
            .args(args)
            .run()
            .code_is(0)
            .stderr_has("--database-url carries a password");
        assert!(out.stderr().contains(":***@"), "{}", out.stderr());
        let out = out.never_shows(password);
        if args[0] == "keys" {
            assert!(
                out.audit.contains("--database-url") && out.audit.contains(":***@"),
                "{}",
                out.audit
            );
        }
    }
    // A connection that fails shows the URL redacted, from every source.
    let bad = db.url.replace(&format!("/{}", db.name), "/no_such_database");
    for (flag, env) in [
        (Some(bad.as_str()), None),
        (None, Some(("DATABASE_URL", bad.as_str()))),
        (None, Some(("SQLALCHEMY_DATABASE_URI", bad.as_str()))),
    ] {
        let mut run = provctl(&db).env("DATABASE_URL", "");
        if let Some((k, v)) = env {
            run = run.env(k, v);
        }
        if let Some(u) = flag {
            run = run.args(["--database-url", u]);
        }
        run.args(["users"])
            .run()
            .code_is(4)
            .stderr_has("no_such_database")
            .never_shows(password);
    }
    // An env file carrying the URL, with a malformed line holding a password-like value.
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env.production");
    std::fs::write(
        &env_file,
        format!("DATABASE_URL={}\nDB_PASSWORD {password}\n", db.url),
    )
    .unwrap();
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--env-file", env_file.to_str().unwrap(), "users"])
        .run()
        .code_is(2)
        .stderr_has(":2:")
        .never_shows(password);
}

/// A role of the test cluster (roles are cluster-wide: unique name) with `password`, and a URL
/// for it, with the password as an operator pastes it (not percent-encoded).
fn role_with_password(db: &TestDb, stem: &str, password: &str) -> String {
    let role = format!("{stem}_{}", std::process::id());
    let mut admin = db.client();
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{}'",
            password.replace('\'', "''")
        ))
        .expect("create role");
    format!(
        "postgresql://{role}:{password}@127.0.0.1:{}/{}",
        cluster().port(),
        db.name
    )
}

#[test]
fn a_password_with_url_reserved_characters_connects_and_stays_out_of_output() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // `@` and `:` are handled: the userinfo ends at the last `@` before the path.
    let password = "Rsv-p@ss:w0rd-Lk8";
    let url = role_with_password(&db, "leak_at", password);
    provctl(&db)
        .env("DATABASE_URL", &url)
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .never_shows(password)
        .never_shows("p@ss:w0rd");
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &url, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows(password)
        .never_shows("p@ss:w0rd");
}

#[test]
fn a_password_with_a_slash_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // Base64 passwords (what `openssl rand -base64` gives) hold `/` and `+`.
    let password = "Sl4sh/Pw+Lk9q";
    let url = role_with_password(&db, "leak_slash", password);
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &url, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows(password);
}

#[test]
fn a_quoted_key_value_password_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = "It's-Kv-Pw-Lk5";
    let _ = role_with_password(&db, "leak_kv", password);
    let kv = format!(
        "host=127.0.0.1 port={} dbname={} user=leak_kv_{} password='It\\'s-Kv-Pw-Lk5'",
        cluster().port(),
        db.name,
        std::process::id()
    );
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &kv, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows("It\\'s-Kv-Pw-Lk5")
        .never_shows("Kv-Pw-Lk5");
}

#[test]
fn a_mistyped_query_never_echoes_the_password() {
    let out = provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "postgresql://app@db.example/mon?sslmode=require?password=typo-pw-lk3x",
        )
        .args(["users"])
        .run()
        .code_is(2);
    // The value is shown lower-cased: still the password, for a lower-case one.
    out.never_shows("typo-pw-lk3x");
}

#[test]
fn an_unsupported_scheme_error_never_echoes_the_password() {
    provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "host=127.0.0.1 port=1 user=app password=Scheme-Pw-Lk2 dbname=postgresql://db/mon",
        )
        .args(["users"])
        .run()
        // Read as libpq key=value (what precedes `://` is no scheme), so it fails connecting: exit 4.
        .code_is(4)
        .never_shows("Scheme-Pw-Lk2");
}

#[test]
fn a_question_mark_typed_for_ampersand_never_shows_the_password() {
    provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "postgresql://app@/mon?host=/tmp?password=Qm-Typo-Pw-Lk6",
        )
        .args(["users"])
        .run()
        .code_is(4)
        .never_shows("Qm-Typo-Pw-Lk6");
}

#[test]
fn an_ampersand_in_an_escaped_key_value_password_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = "Amp&Kv\\Pw-Lk7";
    let _ = role_with_password(&db, "leak_amp", password);
    let kv = format!(
        "host=127.0.0.1 port={} dbname={} user=leak_amp_{} password=Amp&Kv\\\\Pw-Lk7",
        cluster().port(),
        db.name,
        std::process::id()
    );
    let out = provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &kv, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows("Kv\\\\Pw-Lk7")
        .never_shows("Kv\\Pw-Lk7");
    // The audit log is JSON, where a backslash is written twice: look at the decoded command.
    for line in out.audit.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("audit line is JSON");
        let command = v["command"].as_str().unwrap_or_default();
        assert!(
            !command.contains("Kv\\Pw-Lk7") && !command.contains("Kv\\\\Pw-Lk7"),
            "the audit log's command shows the password: {command}"
        );
    }
}
