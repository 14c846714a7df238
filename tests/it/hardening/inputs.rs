//! What provctl is given: an empty APP_ENV, failing row details, column types it cannot read, a body
//! dripped past --timeout, timeouts out of range, and smaller items.

use super::{acme, ini_text, provision, ArgPath, EMAIL};
use crate::support::{db, provctl, seed};
use std::io::Read;
use std::time::Duration;

// ---------------------------------------------------------------- 3. empty APP_ENV

#[test]
fn an_empty_app_env_does_not_switch_the_production_guard_off() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env.production");
    std::fs::write(&env_file, "APP_ENV=production\n").unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    provision(&db)
        .env("APP_ENV", "")
        .args(["--env-file", env_file.to_str().unwrap()])
        .arg_path(&ini)
        .run()
        .code_is(3)
        .stderr_has("production");
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        clients, 0,
        "a client was created in production without ALLOW_PROD_PROVISIONING"
    );
}

// ---------------------------------------------------------------- 6. failing row details

#[test]
fn a_failing_row_detail_never_shows_a_hash_or_a_key_value() {
    let imposed_key = "ImposedKeyValue0123456789abcdefXY";
    let text = format!(
        "[client]\nname = Acme\n\n[admin]\nemail = {EMAIL}\npassword = Imposed-Pw-123\n\n[api_keys]\ncount = 1\nprefix = acme-key-\nkey_01 = {imposed_key}\n"
    );
    for table in ["users", "api_keys"] {
        let db = db();
        // Schema drift: a NOT NULL column the platform's model does not know.
        db.client()
            .batch_execute(&format!("ALTER TABLE {table} ADD COLUMN tenant text NOT NULL"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ini = dir.path().join("acme.ini");
        std::fs::write(&ini, &text).unwrap();
        let out = provision(&db)
            .arg_path(&ini)
            .run()
            .code_is(4)
            .stderr_has("null value in column \"tenant\"")
            .stderr_has("not shown")
            .never_shows(imposed_key)
            .never_shows("$2b$12$")
            .never_shows("Imposed-Pw-123");
        assert!(
            out.audit.contains("tenant"),
            "the audit log says what failed:\n{}",
            out.audit
        );
    }
}

// ---------------------------------------------------------------- 13. column types

#[test]
fn an_enum_for_users_role_is_exit_4_naming_the_column_never_a_panic() {
    let db = db();
    acme(&db);
    db.client()
        .batch_execute(
            "CREATE TYPE user_role AS ENUM ('admin_client', 'superadmin'); \
             ALTER TABLE users ALTER COLUMN role DROP DEFAULT, ALTER COLUMN role TYPE user_role USING role::user_role",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    for run in [
        provision(&db).args(["--dry-run"]).arg_path(&ini),
        provctl(&db).args(["deliverable", "--client", "Acme", "--url", "https://m.example"]),
        provctl(&db).args(["users"]),
    ] {
        let out = run.run().code_is(4).stderr_has("users.role has type `user_role`");
        assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    }
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let rows = out.json();
    let types = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "column types")
        .unwrap();
    assert_eq!(types["status"], "fail", "{types}");
    assert!(
        types["detail"].as_str().unwrap().contains("users.role"),
        "{types}"
    );
}

// ---------------------------------------------------------------- 16. a body dripped past --timeout

/// A server that answers `status` and then sends its body one byte a second.
fn dripping_server(status: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let status = status.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            use std::io::Write;
            let body = "{\"status\":\"accepted\",\"ingest_id\":\"x\"}";
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            for b in body.bytes() {
                if s.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    });
    format!("http://{addr}")
}

#[test]
fn a_body_dripped_past_the_timeout_is_a_network_error() {
    let url = dripping_server("200 OK");
    crate::support::provctl_bare()
        .args([
            "test-login",
            "--url",
            &url,
            "--email",
            EMAIL,
            "--password-stdin",
            "--timeout",
            "2",
        ])
        .stdin("pw\n")
        .run()
        .code_is(5)
        .stderr_has("did not arrive within --timeout");
    let url = dripping_server("202 Accepted");
    let out = crate::support::provctl_bare()
        .args([
            "test-ingest",
            "--url",
            &url,
            "--api-key-stdin",
            "--timeout",
            "2",
            "--yes",
        ])
        .stdin("SomeKeyValue0123456789abcdefgh\n")
        .run()
        .code_is(5);
    assert!(
        out.audit.contains("unknown"),
        "the ingestion may have been made: {}",
        out.audit
    );
}

// ---------------------------------------------------------------- 18. timeouts out of range

#[test]
fn an_out_of_range_timeout_is_a_usage_error_naming_the_flag() {
    let db = db();
    acme(&db);
    for args in [
        vec!["--statement-timeout", "99999999999", "users"],
        vec!["--connect-timeout", "18446744073709551615", "users"],
        vec!["reset-client", "--client", "Acme", "--lock-timeout", "3000000"],
        vec![
            "test-login",
            "--url",
            "http://127.0.0.1:9",
            "--email",
            EMAIL,
            "--timeout",
            "18446744073709551615",
        ],
    ] {
        let flag = args.iter().find(|a| a.ends_with("timeout")).unwrap().to_string();
        provctl(&db).args(&args).run().code_is(2).stderr_has(&flag);
    }
}

// ---------------------------------------------------------------- smaller items

#[test]
fn the_lock_timeout_hint_names_the_flag_only_where_it_exists() {
    let db = db();
    acme(&db);
    let mut pg = db.client();
    let c: String = pg.query_one("SELECT id::text FROM clients", &[]).unwrap().get(0);
    seed::machine(&mut pg, &c, "web-01");
    let mut locker = db.client();
    let mut tx = locker.transaction().unwrap();
    tx.batch_execute("SELECT 1 FROM api_keys FOR UPDATE").unwrap();
    let out = provctl(&db)
        .args(["keys", "disable", "acme-key-01", "--yes"])
        .run()
        .code_is(4);
    assert!(
        out.stderr().contains("lock") && !out.stderr().contains("--lock-timeout"),
        "{}",
        out.stderr()
    );
    tx.batch_execute("SELECT 1 FROM machines FOR UPDATE").unwrap();
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes", "--lock-timeout", "1"])
        .run()
        .code_is(4);
    assert!(out.stderr().contains("--lock-timeout"), "{}", out.stderr());
    tx.rollback().unwrap();
}

#[test]
fn keys_export_by_the_default_prefix_warns_that_it_spans_clients() {
    let db = db();
    let mut pg = db.client();
    for name in ["Alpha", "Bravo"] {
        let c = seed::client(&mut pg, name);
        seed::key(
            &mut pg,
            &c,
            &format!("key-{name}"),
            &format!("{name}KeyValuexxxxxxxxxxxxxxxxxxxxxx"),
            true,
        );
    }
    provctl(&db)
        .args(["keys", "export", "--prefix", "key-"])
        .run()
        .code_is(0)
        .stderr_has("default prefix")
        .stderr_has("2 client(s) (Alpha, Bravo)");
}
