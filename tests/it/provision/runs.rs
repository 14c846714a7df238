//! The documented run end to end: the exact rows of the sample INI, a second run and a dry run,
//! JSON output, drift, the audit log, the platform's migrations schema, concurrent runs and a directory
//! of INIs.

use super::{
    checksums, client_ini, count, keys_of, line_of, mode, parse_secrets, provision, read_secrets,
    secrets_path, shows_no_secret, snapshot, value_of, write_ini, TargetRow, SAMPLE,
};
use crate::support::{cluster, db, provctl, Done, Template};
use std::path::Path;

#[test]
fn sample_ini_creates_exactly_the_documented_rows() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("+ client Demo")
        .stdout_has("+ admin demo@example.com")
        .stdout_has("+ api_key demo-key-04")
        .stdout_has("+ http_target demo-health");
    let secrets_file = secrets_path(&ini);
    let text = std::fs::read_to_string(&secrets_file).expect("a secrets file beside the INI");
    let pairs = parse_secrets(&text);
    let mut pg = db.client();

    let clients = pg
        .query("SELECT id::text, name, email FROM clients", &[])
        .unwrap();
    assert_eq!(clients.len(), 1);
    let client_id: String = clients[0].get(0);
    assert_eq!(clients[0].get::<_, String>(1), "Demo");
    assert_eq!(
        clients[0].get::<_, Option<String>>(2).as_deref(),
        Some("demo@example.com")
    );

    let users = pg
        .query(
            "SELECT client_id::text, email, role, is_active, password_hash FROM users",
            &[],
        )
        .unwrap();
    assert_eq!(users.len(), 1);
    let u = &users[0];
    assert_eq!(u.get::<_, String>(0), client_id);
    assert_eq!(u.get::<_, String>(1), "demo@example.com");
    assert_eq!(u.get::<_, String>(2), "admin_client");
    assert!(u.get::<_, bool>(3));
    let hash: String = u.get(4);
    assert!(
        hash.starts_with("$2b$12$") && hash.len() == 60,
        "not a $2b$ cost-12 bcrypt hash: {hash}"
    );
    assert_eq!(value_of(&pairs, "ADMIN_EMAIL"), "demo@example.com");
    let password = value_of(&pairs, "ADMIN_PASSWORD");
    assert!(
        password.len() == 32 && password.chars().all(|c| c.is_ascii_alphanumeric()),
        "not the script's gen_alphanum(32): {password:?}"
    );
    assert!(
        bcrypt::verify(&password, &hash).unwrap(),
        "the generated password does not verify"
    );

    let s = pg
        .query_one(
            "SELECT client_id::text, notification_email, slack_webhook_url, slack_channel_name, \
                    heartbeat_threshold_minutes, consecutive_failures_threshold, alert_grouping_enabled, \
                    alert_grouping_window_seconds, reminder_notification_seconds, grace_period_seconds, \
                    (SELECT count(*) FROM client_settings) \
             FROM client_settings",
            &[],
        )
        .unwrap();
    assert_eq!(s.get::<_, i64>(10), 1);
    assert_eq!(s.get::<_, String>(0), client_id);
    assert_eq!(s.get::<_, Option<String>>(1).as_deref(), Some("demo@example.com"));
    assert_eq!(
        s.get::<_, Option<String>>(2),
        None,
        "an empty slack_webhook_url is NULL"
    );
    assert_eq!(s.get::<_, Option<String>>(3).as_deref(), Some("#alerts"));
    let ints: Vec<Option<i32>> = [4, 5, 7, 8, 9].iter().map(|&i| s.get(i)).collect();
    assert_eq!(ints, [Some(5), Some(2), Some(300), Some(600), Some(120)]);
    assert_eq!(s.get::<_, Option<bool>>(6), Some(true));

    let keys = pg
        .query(
            "SELECT client_id::text, name, key, is_active, machine_id IS NULL, last_used_at IS NULL \
             FROM api_keys ORDER BY name",
            &[],
        )
        .unwrap();
    let names: Vec<String> = keys.iter().map(|r| r.get(1)).collect();
    assert_eq!(
        names,
        ["demo-key-01", "demo-key-02", "demo-key-03", "demo-key-04"]
    );
    let mut values = Vec::new();
    for k in &keys {
        let name: String = k.get(1);
        let value: String = k.get(2);
        assert_eq!(k.get::<_, String>(0), client_id);
        assert!(k.get::<_, bool>(3), "{name} is not active");
        assert!(
            k.get::<_, bool>(4) && k.get::<_, bool>(5),
            "{name} is bound or used"
        );
        assert!(
            value.len() == 32 && value.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}: not 32 alnum characters: {value:?}"
        );
        assert_eq!(value_of(&pairs, &format!("API_KEY_VALUE__{name}")), value);
        assert_eq!(value_of(&pairs, &format!("API_KEY_NAME__{name}")), name);
        values.push(value);
    }
    values.sort();
    values.dedup();
    assert_eq!(values.len(), 4, "key values repeat");

    let targets = pg
        .query(
            "SELECT client_id::text, name, url, method, timeout_seconds, check_interval_seconds, is_active \
             FROM http_targets ORDER BY name",
            &[],
        )
        .unwrap();
    let got: Vec<TargetRow> = targets
        .iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
            )
        })
        .collect();
    let want = |name: &str, url: &str| {
        (
            client_id.clone(),
            name.to_string(),
            url.to_string(),
            Some("GET".to_string()),
            Some(30),
            Some(300),
            Some(true),
        )
    };
    assert_eq!(
        got,
        [
            want("demo-example", "https://example.com"),
            want("demo-health", "https://monitor.example.com/health")
        ]
    );

    // The file: `#` comment lines, then exactly the documented lines, mode 0600.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        first.starts_with('#'),
        "the block does not start with a comment:\n{text}"
    );
    let mut want_keys = vec!["ADMIN_EMAIL".to_string(), "ADMIN_PASSWORD".to_string()];
    for n in 1..=4 {
        want_keys.push(format!("API_KEY_NAME__demo-key-0{n}"));
        want_keys.push(format!("API_KEY_VALUE__demo-key-0{n}"));
    }
    assert_eq!(keys_of(&pairs), want_keys);
    assert_eq!(mode(&secrets_file), 0o600);
    shows_no_secret(out, &pairs);
}

#[test]
fn second_run_creates_nothing_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let rows = checksums(&mut pg);
    let file = std::fs::read(secrets_path(&ini)).unwrap();

    let again = provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stderr_has("No secret generated")
        .stdout_has("= client Demo")
        .stdout_has("= admin demo@example.com")
        .stdout_has("= client_settings")
        .stdout_has("= api_key demo-key-04")
        .stdout_has("= http_target demo-example");
    assert!(
        !again.stdout().lines().any(|l| l.trim_start().starts_with("+ ")),
        "a re-run plans creations:\n{}",
        again.stdout()
    );
    assert_eq!(checksums(&mut pg), rows, "a re-run changed rows");
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "a re-run touched the secrets file"
    );
    assert_eq!(snapshot(dir.path()).len(), 2, "a re-run wrote a file");
}

#[test]
fn dry_run_writes_nothing_and_needs_no_guard() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    // No PROVISION_CLIENT, and production: --dry-run needs neither guard.
    let out = provctl(&db)
        .env("APP_ENV", "production")
        .args(["provision", "--dry-run"])
        .args([&ini])
        .run()
        .code_is(0)
        .stdout_has("+ client Demo")
        .stdout_has("+ api_key demo-key-01")
        .stdout_has("dry run");
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).into_keys().collect::<Vec<_>>(), ["demo.ini"]);
    assert_eq!(out.audit, "", "a dry run wrote to the audit log");
    // JSON dry run: the plan, marked as such, and still nothing written.
    let out = provctl(&db)
        .args(["provision", "--dry-run", "-o", "json"])
        .args([&ini])
        .run()
        .code_is(0);
    let v = out.json();
    assert_eq!(v[0]["client"]["action"], "created");
    assert_eq!(v[0]["secrets_file"], serde_json::Value::Null);
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1);
}

#[test]
fn six_concurrent_runs_create_one_client() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let outs: Vec<Done> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| s.spawn(|| provision(&db, &[], &[&ini]).run()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("runner thread"))
            .collect()
    });
    let appended = outs.iter().filter(|o| o.stderr().contains("appended to")).count();
    for o in outs {
        o.code_is(0);
    }
    assert_eq!(appended, 1, "more than one run generated secrets");
    let mut pg = db.client();
    for (sql, n) in [
        ("SELECT count(*) FROM clients WHERE name = 'Demo'", 1),
        ("SELECT count(*) FROM users", 1),
        ("SELECT count(*) FROM api_keys", 4),
        ("SELECT count(*) FROM client_settings", 1),
        ("SELECT count(*) FROM http_targets", 2),
    ] {
        assert_eq!(count(&mut pg, sql), n, "{sql}");
    }
    let text = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    let pairs = parse_secrets(&text);
    assert_eq!(
        pairs.iter().filter(|(k, _)| k == "ADMIN_PASSWORD").count(),
        1,
        "{text}"
    );
    assert_eq!(pairs.len(), 2 + 2 * 4, "one block only: {:?}", keys_of(&pairs));
    let hash: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert!(bcrypt::verify(value_of(&pairs, "ADMIN_PASSWORD"), &hash).unwrap());
    for r in pg.query("SELECT name, key FROM api_keys", &[]).unwrap() {
        let name: String = r.get(0);
        assert_eq!(
            value_of(&pairs, &format!("API_KEY_VALUE__{name}")),
            r.get::<_, String>(1)
        );
    }
}

#[test]
fn directory_is_processed_in_order_and_a_bad_ini_does_not_stop_the_others() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    // Written out of order; only *.ini files count.
    let c = write_ini(dir.path(), "c.ini", client_ini("Charlie", "charlie@example.com"));
    let b = write_ini(
        dir.path(),
        "b.ini",
        client_ini("Bravo", "bravo@example.com").replace("count = 4", "count = four"),
    );
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    write_ini(
        dir.path(),
        "notes.txt",
        client_ini("Ignored", "ignored@example.com"),
    );
    write_ini(
        dir.path(),
        "old.ini.bak",
        client_ini("Backup", "backup@example.com"),
    );

    let out = provision(&db, &[], &[dir.path()]).run().code_is(2);
    let out = out.stderr_has(&format!(
        "{}:{}: [api_keys] count",
        b.display(),
        line_of(SAMPLE, "count = 4")
    ));
    let stdout = out.stdout();
    let pos = |p: &Path| {
        stdout
            .find(&format!("==> {}", p.display()))
            .unwrap_or_else(|| panic!("no plan for {}:\n{stdout}", p.display()))
    };
    assert!(pos(&a) < pos(&c), "not in sorted order:\n{stdout}");
    let names: Vec<String> = pg
        .query("SELECT name FROM clients ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["Alpha", "Charlie"]);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 8);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM users"), 2);
    let files: Vec<String> = snapshot(dir.path()).into_keys().collect();
    assert_eq!(
        files,
        [
            "a.ini",
            "a.ini.generated.secrets.env",
            "b.ini",
            "c.ini",
            "c.ini.generated.secrets.env",
            "notes.txt",
            "old.ini.bak"
        ]
    );
    // Fixed and re-run: the others are unchanged, Bravo gets created.
    std::fs::write(&b, client_ini("Bravo", "bravo@example.com")).unwrap();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(0)
        .stdout_has("= client Alpha")
        .stdout_has("+ client Bravo")
        .stdout_has("= client Charlie");
}

#[test]
fn json_output_has_one_object_per_ini_with_actions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &["-o", "json"], &[&a, &b]).run().code_is(0);
    let v = out.json();
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 2);
    for (o, (ini, name)) in arr.iter().zip([(&a, "Alpha"), (&b, "Bravo")]) {
        for k in [
            "ini",
            "client",
            "admin",
            "api_keys",
            "client_settings",
            "http_targets",
            "secrets_file",
        ] {
            assert!(o.get(k).is_some(), "no {k} in {o}");
        }
        assert_eq!(o["ini"], ini.display().to_string());
        assert_eq!(o["client"]["name"], name);
        assert_eq!(o["client"]["action"], "created");
        let id: String = pg
            .query_one("SELECT id::text FROM clients WHERE name = $1", &[&name])
            .unwrap()
            .get(0);
        assert_eq!(o["client"]["id"], id);
        assert_eq!(o["admin"]["action"], "created");
        assert_eq!(o["client_settings"]["action"], "created");
        let keys = o["api_keys"].as_array().unwrap();
        let names: Vec<&str> = keys.iter().map(|k| k["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["demo-key-01", "demo-key-02", "demo-key-03", "demo-key-04"]
        );
        assert!(keys.iter().all(|k| k["action"] == "created"), "{keys:?}");
        let targets = o["http_targets"].as_array().unwrap();
        assert_eq!(targets.len(), 2);
        assert!(targets.iter().all(|t| t["action"] == "created"), "{targets:?}");
        assert_eq!(o["secrets_file"], secrets_path(ini).display().to_string());
    }
    let again = provision(&db, &["-o", "json"], &[&a, &b]).run().code_is(0).json();
    for o in again.as_array().unwrap() {
        for k in ["client", "admin", "client_settings"] {
            assert_eq!(o[k]["action"], "unchanged", "{k}: {o}");
        }
        for list in ["api_keys", "http_targets"] {
            assert!(
                o[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|x| x["action"] == "unchanged"),
                "{list}: {o}"
            );
        }
        assert_eq!(o["secrets_file"], serde_json::Value::Null);
    }
}

#[test]
fn drift_is_reported_and_never_fixed() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    pg.batch_execute(
        "UPDATE http_targets SET method = 'POST' WHERE name = 'demo-example'; \
         UPDATE client_settings SET slack_channel_name = '#ops'",
    )
    .unwrap();
    let before = checksums(&mut pg);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("! http_target demo-example")
        .stdout_has("method is POST in the database, GET in the INI")
        .stdout_has("! client_settings")
        .stdout_has("= http_target demo-health");
    assert_eq!(checksums(&mut pg), before, "drift was \"fixed\"");
    let v = provision(&db, &["-o", "json"], &[&ini]).run().code_is(0).json();
    let o = &v[0];
    assert_eq!(o["client_settings"]["action"], "drift");
    assert_eq!(o["http_targets"][0]["url"], "https://example.com");
    assert_eq!(o["http_targets"][0]["action"], "drift");
    assert_eq!(o["http_targets"][1]["action"], "unchanged");
    assert_eq!(o["client"]["action"], "unchanged");
    assert_eq!(checksums(&mut pg), before, "drift was \"fixed\"");
    let method: Option<String> = pg
        .query_one("SELECT method FROM http_targets WHERE name = 'demo-example'", &[])
        .unwrap()
        .get(0);
    assert_eq!(method.as_deref(), Some("POST"));
}

#[test]
fn the_audit_log_has_one_line_per_applied_ini_with_counts() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &[], &[&a, &b]).run().code_is(0);
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 2, "{}", out.audit);
    for (l, name) in lines.iter().zip(["Alpha", "Bravo"]) {
        assert_eq!(l["client"], name);
        assert_eq!(l["outcome"], "ok");
        assert!(l["command"].as_str().unwrap().contains("provision"), "{l}");
        // client, admin, settings, 4 keys, 2 targets; a password and 4 key values.
        assert_eq!(l["counts"]["created"], 9, "{l}");
        assert_eq!(l["counts"]["secrets_generated"], 5, "{l}");
    }
    let mut pairs = read_secrets(&a);
    pairs.extend(read_secrets(&b));
    shows_no_secret(out, &pairs);

    std::fs::write(
        &a,
        client_ini("Alpha", "alpha@example.com").replace("count = 4", "count = 5"),
    )
    .unwrap();
    let out = provision(&db, &[], &[&a, &b]).run().code_is(0);
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "only Alpha changed: {}", out.audit);
    assert_eq!(lines[0]["client"], "Alpha");
    assert_eq!(lines[0]["counts"]["created"], 1);
    assert_eq!(lines[0]["counts"]["secrets_generated"], 1);
}

#[test]
fn works_against_a_schema_made_by_the_platform_migrations() {
    let db = cluster().fresh_db(Template::Alembic);
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 4);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM http_targets"), 2);
    let grace: Option<i32> = pg
        .query_one("SELECT grace_period_seconds FROM client_settings", &[])
        .unwrap()
        .get(0);
    assert_eq!(grace, Some(120));
    let rows = checksums(&mut pg);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    assert_eq!(checksums(&mut pg), rows);
    // The deployed varchar(16) is the limit, whatever the ORM says.
    let long = write_ini(
        dir.path(),
        "long.ini",
        client_ini("Long", "long@example.com").replace("#alerts", "#seventeen-chars!"),
    );
    provision(&db, &[], &[&long])
        .run()
        .code_is(2)
        .stderr_has("slack_channel_name");
    assert_eq!(checksums(&mut pg), rows);
}
