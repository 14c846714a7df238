//! `provctl doctor`: each problem it promises to find, found; a healthy database passes.

use crate::support::{cluster, db, provctl, seed, Template};
use serde_json::Value;

fn findings(out: &crate::support::Done) -> Vec<(String, String, String)> {
    out.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The one finding of `check`.
#[track_caller]
fn only<'a>(f: &'a [(String, String, String)], check: &str) -> &'a (String, String, String) {
    let mut it = f.iter().filter(|(c, _, _)| c == check);
    let one = it.next().unwrap_or_else(|| panic!("no {check} finding in {f:?}"));
    assert!(it.next().is_none(), "several {check} findings in {f:?}");
    one
}

fn status_of(f: &[(String, String, String)], check: &str) -> Vec<String> {
    f.iter()
        .filter(|(c, _, _)| c == check)
        .map(|(_, s, _)| s.clone())
        .collect()
}

#[test]
fn the_deployed_schema_lacks_the_ingest_events_machine_id_index() {
    let db = cluster().fresh_db(Template::Alembic);
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    assert!(f
        .iter()
        .any(|(c, s, d)| c == "cascade indexes" && s == "warn" && d.contains("ingest_events.machine_id")));
    assert!(status_of(&f, "schema").iter().all(|s| s == "ok"), "{f:?}");
    let conn = f.iter().find(|(c, _, _)| c == "connection").unwrap();
    assert!(conn.2.contains("PostgreSQL") && !conn.2.contains(cluster().superuser_password()));
    assert!(f
        .iter()
        .any(|(c, s, d)| c == "schema" && s == "ok" && d.contains("slack_channel_name≤16")));
}

#[test]
fn a_healthy_database_passes() {
    let db = db();
    let mut pg = db.client();
    pg.batch_execute(
        "CREATE INDEX ON ingest_events (machine_id); CREATE INDEX ON alerts (machine_id);
         CREATE INDEX ON alerts (metric_instance_id); CREATE INDEX ON alerts (threshold_id);
         CREATE INDEX ON incidents (machine_id); CREATE INDEX ON incidents (metric_instance_id);
         CREATE INDEX ON notification_log (incident_id); CREATE INDEX ON outbox_events (incident_id);",
    )
    .unwrap();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "a@acme.example", "pw-1234567");
    seed::key(
        &mut pg,
        &c,
        "acme-key-01",
        "k1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(0);
    let f = findings(&out);
    assert!(f.iter().all(|(_, s, _)| s == "ok"), "{f:?}");
}

#[test]
fn data_problems_are_each_reported() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    let other = seed::client(&mut pg, "Other");
    seed::client(&mut pg, "Keyless");
    seed::user_with_hash(&mut pg, &acme, "cut@acme.example", "$2b$12$abcdefghijklm");
    let k = seed::key(
        &mut pg,
        &acme,
        "acme-key-01",
        "k1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    seed::key(
        &mut pg,
        &other,
        "other-key-01",
        "k2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    let foreign = seed::machine(&mut pg, &other, "other-01");
    seed::bind(&mut pg, &k, &foreign);
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    assert_eq!(status_of(&f, "password hashes"), ["fail"]);
    assert_eq!(status_of(&f, "key bindings"), ["fail"]);
    let active = f.iter().find(|(c, _, _)| c == "active keys").unwrap();
    assert_eq!(active.1, "warn");
    assert!(
        active.2.contains("Keyless") && !active.2.contains("Acme"),
        "{active:?}"
    );
    assert_eq!(status_of(&f, "user clients"), ["ok"]);
}

#[test]
fn a_short_password_hash_column_and_a_missing_column_fail() {
    let db = db();
    let mut pg = db.client();
    pg.batch_execute("ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(50); ALTER TABLE api_keys DROP COLUMN last_used_at;")
        .unwrap();
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    assert_eq!(status_of(&f, "password_hash column"), ["fail"]);
    assert!(
        f.iter()
            .any(|(c, s, d)| c == "schema" && s == "fail" && d.contains("last_used_at")),
        "{f:?}"
    );
    // Table output works too and says how many problems.
    provctl(&db)
        .args(["doctor"])
        .run()
        .code_is(1)
        .stderr_has("problem(s) found");
}

#[test]
fn an_empty_database_is_reported_not_crashed_on() {
    let db = cluster().fresh_db(Template::Empty);
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let v: Value = out.json();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["detail"] == "table users: missing"));
}

#[test]
fn users_the_login_can_never_accept_are_reported() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "ok@acme.example", "pw-1234567");
    seed::user(&mut pg, &c, "Admin@Acme.Example", "pw-1234567");
    seed::user(&mut pg, &c, "admin@demo.test", "pw-1234567");
    seed::user(&mut pg, &c, "root@localhost", "pw-1234567");
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    let login = f
        .iter()
        .find(|(c, _, _)| c == "login emails")
        .expect("a login emails finding");
    assert_eq!(login.1, "fail", "{login:?}");
    for needle in [
        "3 user(s) can never log in",
        "Admin@Acme.Example (capitals-in-domain, 401: the login looks up Admin@acme.example)",
        "admin@demo.test (special-use-domain, 422)",
        "root@localhost (no-dot, 422)",
    ] {
        assert!(login.2.contains(needle), "{needle:?} not in {login:?}");
    }
    assert!(!login.2.contains("ok@acme.example"), "{login:?}");
    // Fixed the way the hint says, the finding clears.
    pg.batch_execute(
        "UPDATE users SET email = 'Admin@acme.example' WHERE email = 'Admin@Acme.Example'; \
         DELETE FROM users WHERE email IN ('admin@demo.test', 'root@localhost')",
    )
    .unwrap();
    let out = provctl(&db).args(["doctor", "-o", "json"]).run();
    assert_eq!(status_of(&findings(&out), "login emails"), ["ok"]);
}

/// What the provisioning script leaves when the admin e-mail already belonged to another client: the
/// client, and no user.
#[test]
fn clients_without_a_user_are_reported() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &acme, "admin@acme.example", "pw-1234567");
    seed::client(&mut pg, "Orphan Co");
    seed::client(&mut pg, "Second Orphan");
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    let users = f
        .iter()
        .find(|(c, _, _)| c == "client users")
        .expect("a client users finding");
    assert_eq!(users.1, "warn", "{users:?}");
    assert!(
        users.2.contains("2 client(s) with no user") && users.2.contains("Orphan Co, Second Orphan"),
        "{users:?}"
    );
    assert!(!users.2.contains("Acme"), "{users:?}");
    // More than ten: ten names and the rest counted.
    for i in 0..12 {
        seed::client(&mut pg, &format!("Z{i:02}"));
    }
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let f = findings(&out);
    let users = only(&f, "client users");
    assert!(
        users.2.contains("14 client(s)") && users.2.contains("and 4 more"),
        "{users:?}"
    );
}

#[test]
fn the_malformed_hash_count_is_the_full_pattern_s_count() {
    // doctor checks the length apart from a pattern without a `{53}` bound (much faster on
    // PostgreSQL): it must count exactly what the full bcrypt pattern counts, odd cases included.
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    let good = format!("$2b$12${}", "a".repeat(53));
    let hashes = [
        good.clone(),
        format!("$2a$04${}", &"./AZaz09".repeat(7)[..53]),
        format!("$2y$31${}", "Z".repeat(53)),
        format!("$2b$12${}", "a".repeat(52)),
        format!("$2b$12${}", "a".repeat(54)),
        format!("$2b$12${}é", "a".repeat(52)),
        format!("$2b$12${}\n", "a".repeat(52)),
        format!("$2b$12${}-", "a".repeat(52)),
        format!("$2x$12${}", "a".repeat(53)),
        format!("$2b$03${}", "a".repeat(53)),
        format!("$2b$32${}", "a".repeat(53)),
        format!("$2b$1${}", "a".repeat(54)),
        format!("$2b$12$${}", "a".repeat(52)),
        format!("x{good}"),
        String::new(),
    ];
    for (i, h) in hashes.iter().enumerate() {
        seed::user_with_hash(&mut pg, &acme, &format!("u{i}@acme.example"), h);
    }
    let full: i64 = pg
        .query_one(
            r"SELECT count(*) FILTER (WHERE password_hash IS NULL OR password_hash !~ '^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$') FROM users",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        full,
        hashes.len() as i64 - 3,
        "the corpus has three well-formed hashes"
    );
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let (_, status, detail) = only(&findings(&out), "password hashes").clone();
    assert_eq!(status, "fail");
    assert!(
        detail.starts_with(&format!("{full} of {} malformed", hashes.len())),
        "{detail}"
    );
}

#[test]
fn the_table_shows_problems_first_then_counts_the_checks_that_passed() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &acme, "cut@acme.example", "$2b$12$abcdefghijklm");
    let json = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let all = findings(&json);
    let passed = all.iter().filter(|(_, s, _)| s == "ok").count();
    let problems: Vec<&(String, String, String)> = all.iter().filter(|(_, s, _)| s != "ok").collect();
    assert!(passed > 0 && !problems.is_empty(), "{all:?}");
    let table = provctl(&db).args(["doctor"]).run().code_is(1);
    let text = table.stdout();
    // Only the problems are rows, failures before warnings.
    let statuses: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split('|').nth(2).map(str::trim))
        .filter(|s| ["ok", "warn", "fail"].contains(s))
        .collect();
    assert_eq!(statuses.len(), problems.len(), "{text}");
    assert!(!statuses.contains(&"ok"), "{text}");
    assert!(
        statuses.windows(2).all(|w| !(w[0] == "warn" && w[1] == "fail")),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with(&format!("ok: {passed} of {} check(s) passed", all.len())),
        "{text}"
    );
    // -o wide lists every check, as JSON does.
    let wide = provctl(&db).args(["doctor", "-o", "wide"]).run().code_is(1);
    assert!(
        wide.stdout().contains(&format!("({} rows)", all.len())),
        "{}",
        wide.stdout()
    );
}
