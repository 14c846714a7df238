//! `provctl users`, with client resolution and hostile strings.

use crate::support::{cluster, db, provctl, seed, Template};

#[test]
fn lists_newest_updated_first_with_the_runbook_columns() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "old@acme.example", "pw-old-1");
    seed::user(&mut pg, &c, "new@acme.example", "pw-new-1");
    pg.execute(
        "UPDATE users SET updated_at = now() - interval '1 day' WHERE email = 'old@acme.example'",
        &[],
    )
    .unwrap();
    let out = provctl(&db).args(["users", "-o", "json"]).run().code_is(0);
    let rows = out.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["email"], "new@acme.example");
    assert_eq!(rows[1]["email"], "old@acme.example");
    // Across clients (issue 17 item 8), the client closes each row; filtered by client, the runbook's
    // columns exactly.
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["email", "role", "is_active", "updated_at", "client_id", "client"]
    );
    assert_eq!(rows[0]["client"], "Acme");
    assert_eq!(rows[0]["client_id"], c.as_str());
    let one = provctl(&db)
        .args(["users", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0);
    let one = one.json();
    let keys: Vec<&String> = one[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["email", "role", "is_active", "updated_at"]);
    assert_eq!(rows[0]["role"], "admin_client");
    assert_eq!(rows[0]["is_active"], true);
    let ts = rows[0]["updated_at"].as_str().unwrap();
    assert!(ts.ends_with('Z') && ts.contains('T'), "not RFC 3339 UTC: {ts}");
    // Global options work after the subcommand and before it.
    let before = provctl(&db).args(["-o", "json", "users"]).run().code_is(0);
    assert_eq!(before.json(), out.json());
}

#[test]
fn table_and_csv_output() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "a@acme.example", "pw-a-12345");
    let table = provctl(&db).args(["users"]).run().code_is(0);
    assert!(table.stdout().contains("a@acme.example") && table.stdout().contains("(1 row)"));
    let csv = provctl(&db).args(["users", "-o", "csv"]).run().code_is(0);
    let lines: Vec<String> = csv.stdout().lines().map(String::from).collect();
    assert_eq!(lines[0], "email,role,is_active,updated_at,client_id,client");
    assert!(lines[1].starts_with("a@acme.example,admin_client,true,"));
    assert!(lines[1].ends_with(&format!(",{c},Acme")), "{}", lines[1]);
    let csv = provctl(&db)
        .args(["users", "--client", "Acme", "-o", "csv"])
        .run()
        .code_is(0);
    assert_eq!(
        csv.stdout().lines().next(),
        Some("email,role,is_active,updated_at")
    );
}

#[test]
fn email_filter_is_exact_and_unknown_email_is_exit_2() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "a_b@acme.example", "pw-1234567");
    seed::user(&mut pg, &c, "axb@acme.example", "pw-1234567");
    let out = provctl(&db)
        .args(["users", "--email", "a_b@acme.example", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(
        out.json().as_array().unwrap().len(),
        1,
        "`_` must not be a wildcard"
    );
    provctl(&db)
        .args(["users", "--email", "%@acme.example"])
        .run()
        .code_is(2)
        .stderr_has("no user with email `%@acme.example`");
}

#[test]
fn client_by_name_or_id_ambiguous_and_unknown() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    let other = seed::client(&mut pg, "Other");
    seed::user(&mut pg, &acme, "a@acme.example", "pw-1234567");
    seed::user(&mut pg, &other, "o@other.example", "pw-1234567");
    for sel in ["Acme", acme.as_str()] {
        let out = provctl(&db)
            .args(["users", "--client", sel, "-o", "json"])
            .run()
            .code_is(0);
        let rows = out.json();
        assert_eq!(rows.as_array().unwrap().len(), 1);
        assert_eq!(rows[0]["email"], "a@acme.example");
    }
    let twin = seed::client(&mut pg, "Acme");
    let err = provctl(&db).args(["users", "--client", "Acme"]).run().code_is(2);
    assert!(
        err.stderr().contains(&acme) && err.stderr().contains(&twin),
        "{}",
        err.stderr()
    );
    provctl(&db)
        .args(["users", "--client", "Nobody"])
        .run()
        .code_is(2)
        .stderr_has("unknown client `Nobody`");
    provctl(&db)
        .args(["users", "--client", "00000000-0000-0000-0000-000000000000"])
        .run()
        .code_is(2);
}

#[test]
fn limit_caps_the_listing() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    for i in 0..5 {
        seed::user(&mut pg, &c, &format!("u{i}@acme.example"), "pw-1234567");
    }
    let out = provctl(&db)
        .args(["users", "--limit", "3", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(out.json().as_array().unwrap().len(), 3);
}

#[test]
fn hostile_strings_are_plain_data() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "O'Brien; DROP TABLE users;--");
    let long = format!("{}@x.example", "l".repeat(200));
    let hostile = [
        "o'hara@x.example",
        "back\\slash@x.example",
        "percent%@x.example",
        "ünïcødé@exämple.example",
        "esc\u{1b}[31m@x.example",
        "rtl\u{202e}moc.elpmaxe@x",
        long.as_str(),
    ];
    for e in hostile {
        seed::user(&mut pg, &c, e, "pw-1234567");
    }
    for e in hostile {
        let out = provctl(&db)
            .args(["users", "--email", e, "-o", "json"])
            .run()
            .code_is(0);
        assert_eq!(out.json()[0]["email"], e, "round trip of {e:?}");
    }
    provctl(&db)
        .args(["users", "--client", "O'Brien; DROP TABLE users;--", "-o", "json"])
        .run()
        .code_is(0);
    // Terminal controls reach the terminal escaped, in every format.
    for fmt in ["table", "csv", "json"] {
        let out = provctl(&db).args(["users", "-o", fmt]).run().code_is(0);
        let s = out.stdout();
        assert!(
            !s.contains('\u{1b}') && !s.contains('\u{202e}'),
            "{fmt} output carries raw controls:\n{s}"
        );
    }
    let n: i64 = pg.query_one("SELECT count(*) FROM users", &[]).unwrap().get(0);
    assert_eq!(n, hostile.len() as i64);
}

#[test]
fn works_against_a_schema_made_by_the_platform_migrations() {
    let db = cluster().fresh_db(Template::Alembic);
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "a@acme.example", "pw-1234567");
    let out = provctl(&db)
        .args(["users", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(out.json()[0]["email"], "a@acme.example");
}

#[test]
fn an_unknown_client_suggests_close_names() {
    let db = db();
    let mut pg = db.client();
    seed::client(&mut pg, "Acme Corp");
    provctl(&db)
        .args(["users", "--client", "acme"])
        .run()
        .code_is(2)
        .stderr_has("unknown client `acme`")
        .stderr_has("did you mean `Acme Corp`?");
}

#[test]
fn quiet_silences_notes_but_not_errors() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", "$2b$12$abc");
    let out = provctl(&db)
        .args(["verify-hash", "--all", "--quiet"])
        .run()
        .code_is(1);
    assert!(!out.stderr().contains("checked"), "{}", out.stderr());
    provctl(&db)
        .args(["users", "--client", "Nobody", "-q"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
}
