//! `provctl clients list|show|delete` on the platform's schema (the migrations' template: incidents
//! numbered by the platform's trigger), with a fully populated client (machines with metrics, alerts,
//! incidents of every type, notifications, outbox events) beside another that must stay identical:
//! the listing's aggregates, the picture, and offboarding — its plan, refusal without a terminal, typed
//! confirmation on a pseudo-terminal, `--yes`, JSON, audit line, production guard, secrets files, bad
//! input and did-you-mean.

use crate::keys_change::pty;
use crate::reset_client::{checksums, populate};
use crate::support::{cluster, provctl, seed, Template, TestDb};
use rexpect::process::WaitStatus;

/// What `populate` creates for one client, in the plan's order.
const PLAN: [(&str, i64); 15] = [
    ("users", 1),
    ("api_keys", 4),
    ("machines", 3),
    ("ingest_events", 7),
    ("metric_instances", 4),
    ("samples", 12),
    ("thresholds", 4),
    ("alerts", 2),
    ("incidents", 4),
    ("notification_log", 5),
    ("outbox_events", 5),
    ("client_settings", 1),
    ("http_targets", 2),
    ("client_incident_counter", 1),
    ("clients", 1),
];

fn platform_db() -> TestDb {
    cluster().fresh_db(Template::Alembic)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// The client's rows per table (metric_definitions, shared by all, left out).
fn rows_of(pg: &mut postgres::Client, id: &str) -> Vec<(String, i64)> {
    checksums(pg, Some(id))
        .into_iter()
        .filter(|(t, _, _)| t != "metric_definitions")
        .map(|(t, n, _)| (t, n))
        .collect()
}

// ---------------------------------------------------------------- list

#[test]
fn list_aggregates_each_client_in_one_listing() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    seed::client(&mut pg, "Empty 50% Off");
    pg.execute(
        "UPDATE machines SET last_seen = '2026-11-30T08:00:00Z' WHERE hostname = 'acme-web-02'",
        &[],
    )
    .unwrap();
    let out = provctl(&db)
        .args(["clients", "list", "-o", "json"])
        .run()
        .code_is(0);
    let doc = out.json();
    let all = doc.as_array().unwrap();
    let names: Vec<&str> = all.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme", "Empty 50% Off", "Other"], "{doc}");
    let a = &all[0];
    assert_eq!(a["id"], acme.id.as_str());
    assert_eq!(a["users"], 1, "{a}");
    assert_eq!(a["keys_active"], 3, "{a}");
    assert_eq!(a["keys_total"], 4, "{a}");
    assert_eq!(a["machines"], 3, "{a}");
    assert_eq!(a["last_ingest"], "2026-11-30T08:00:00.000000Z", "{a}");
    assert!(a["created_at"].is_string() && a.get("email").is_some(), "{a}");
    let e = &all[1];
    for k in ["users", "keys_active", "keys_total", "machines"] {
        assert_eq!(e[k], 0, "{k} of an empty client: {e}");
    }
    assert!(e["last_ingest"].is_null(), "{e}");
    assert!(all[2]["last_ingest"].is_null());

    // --name-like: any case, literal.
    let names = |like: &str| -> Vec<String> {
        provctl(&db)
            .args(["clients", "list", "--name-like", like, "-o", "json"])
            .run()
            .code_is(0)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("ACM"), ["Acme"]);
    assert_eq!(names("50%"), ["Empty 50% Off"]);
    assert_eq!(names("%"), ["Empty 50% Off"], "% is literal");
    assert_eq!(names("_"), Vec::<String>::new(), "_ is literal");
    let csv = provctl(&db)
        .args(["clients", "list", "-o", "csv"])
        .run()
        .code_is(0)
        .stdout();
    assert!(
        csv.starts_with("id,name,email,created_at,users,keys_active,keys_total,machines,last_ingest\n"),
        "{csv}"
    );
    provctl(&db)
        .args(["clients", "list"])
        .run()
        .code_is(0)
        .stdout_has("(3 rows)")
        .stdout_has("keys_active");
}

// ---------------------------------------------------------------- show

#[test]
fn show_gives_the_whole_picture_without_a_secret() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    seed::user_with_hash(&mut pg, &acme.id, "cut@acme.example", "$2b$12$abcdefghij");
    seed::user_with_hash(&mut pg, &acme.id, "none@acme.example", "");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("provisioning")).unwrap();
    std::fs::write(
        dir.path().join("provisioning/acme.ini.generated.secrets.env"),
        "# generated\nADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD=Sup3r-Secret-Pw\n",
    )
    .unwrap();
    let out = provctl(&db)
        .current_dir(dir.path())
        .args(["clients", "show", "Acme", "-o", "json"])
        .run()
        .code_is(0)
        .never_shows("Acme-value-")
        .never_shows("Sup3r-Secret-Pw")
        .never_shows("$2b$12$abcdefghij");
    let doc = out.json();
    assert_eq!(doc["id"], acme.id.as_str(), "{doc}");
    assert_eq!(doc["name"], "Acme");
    let admins = doc["admins"].as_array().unwrap();
    let status: Vec<(&str, &str, &serde_json::Value)> = admins
        .iter()
        .map(|a| {
            (
                a["email"].as_str().unwrap(),
                a["hash_status"].as_str().unwrap(),
                &a["hash_defect"],
            )
        })
        .collect();
    assert_eq!(status[0].0, "admin@acme.example");
    assert_eq!((status[0].1, status[0].2.is_null()), ("ok", true), "{doc}");
    assert_eq!(
        status[1],
        ("cut@acme.example", "malformed", &serde_json::json!("truncated"))
    );
    assert_eq!((status[2].0, status[2].1), ("none@acme.example", "missing"));
    let keys = doc["keys"].as_array().unwrap();
    assert_eq!(doc["keys_total"], 4);
    assert_eq!(keys[0]["name"], "acme-key-01");
    assert_eq!(keys[0]["hostname"], "acme-web-01", "{doc}");
    assert_eq!(keys[1]["hostname"], "acme-web-02");
    assert!(keys[2]["hostname"].is_null() && keys[2]["machine_id"].is_null());
    assert!(keys.iter().all(|k| k.get("key").is_none()), "no key value field");
    assert_eq!(doc["machines_total"], 3);
    assert!(doc["machines"][0].get("last_seen").is_some());
    assert_eq!(doc["http_targets_total"], 2);
    assert_eq!(doc["settings"]["notification_email"], "ops@acme.example");
    assert_eq!(doc["settings"]["slack_webhook_set"], false);
    assert_eq!(doc["incidents_open"], 4);
    assert_eq!(doc["incidents_total"], 4);
    assert_eq!(
        doc["secrets_files"][0]["path"], "provisioning/acme.ini.generated.secrets.env",
        "{doc}"
    );
    assert_eq!(doc["secrets_files"][0]["matched"], "admin email");
    assert_eq!(doc["secrets_files"][0]["secrets"][0], "ADMIN_PASSWORD");
    assert_eq!(
        doc["secrets_files_searched"],
        serde_json::json!(["provisioning", "."])
    );

    // Table: the sections, where it looked.
    let out = provctl(&db)
        .current_dir(dir.path())
        .args(["clients", "show", &acme.id])
        .run()
        .code_is(0);
    for s in [
        "admins (3)",
        "keys (4)",
        "machines (3)",
        "http_targets (2)",
        "settings",
        "incidents: 4 open",
        "secrets files (searched provisioning, ., not recursively)",
        "acme-web-01",
        "malformed",
    ] {
        assert!(out.stdout().contains(s), "{s} missing:\n{}", out.stdout());
    }
    // The key values read from the files go to the database as parameters: never in the SQL trace.
    std::fs::write(
        dir.path().join("acme-keys.env"),
        "API_KEY_VALUE__acme-key-02=Acme-value-02-0123456789abcdef\n",
    )
    .unwrap();
    let out = provctl(&db)
        .current_dir(dir.path())
        .args(["--verbose", "clients", "show", "Acme", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("-- sql:")
        .never_shows("Acme-value-02")
        .never_shows("Sup3r-Secret-Pw");
    let files = &out.json()["secrets_files"];
    assert_eq!(files[1]["path"], "acme-keys.env", "{files}");
    assert_eq!(files[1]["matched"], "1 key value(s)", "{files}");
    // The other client's picture holds none of Acme's files.
    let other = provctl(&db)
        .current_dir(dir.path())
        .args(["clients", "show", "Other", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(other["secrets_files"], serde_json::json!([]));
}

#[test]
fn an_unknown_client_gets_the_closest_names_by_edit_distance() {
    let db = crate::support::db();
    let mut pg = db.client();
    for n in ["Acme", "Globex", "Initech", "Umbrella"] {
        seed::client(&mut pg, n);
    }
    for args in [
        vec!["clients", "show", "Acmee"],
        vec!["clients", "delete", "Acmee", "--yes"],
        vec!["users", "--client", "Acmee"],
        vec!["machines", "--client", "Acmee"],
        vec!["reset-client", "--client", "Acmee", "--yes"],
    ] {
        provctl(&db)
            .args(&args)
            .run()
            .code_is(2)
            .stderr_has("unknown client `Acmee`")
            .stderr_has("did you mean `Acme`?");
    }
    provctl(&db)
        .args(["keys", "list", "--client", "Glbex"])
        .run()
        .code_is(2)
        .stderr_has("did you mean `Globex`?");
    let out = provctl(&db).args(["clients", "show", "Zzyzx"]).run().code_is(2);
    assert!(!out.stderr().contains("did you mean"), "{}", out.stderr());
    let n: i64 = pg.query_one("SELECT count(*) FROM clients", &[]).unwrap().get(0);
    assert_eq!(n, 4, "nothing deleted");
}

// ---------------------------------------------------------------- delete

#[test]
fn delete_dry_run_counts_every_row_that_goes_and_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .env("APP_ENV", "production")
        .args(["clients", "delete", "Acme", "--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("dry run: nothing changed");
    let doc = out.json();
    assert_eq!(doc["client_id"], acme.id.as_str());
    for (k, v) in PLAN {
        assert_eq!(doc["plan"][k], v, "plan.{k} in {doc}");
    }
    assert_eq!(out.audit, "", "a dry run is not a change");
    let table = provctl(&db)
        .args(["clients", "delete", "Acme", "--dry-run"])
        .run()
        .code_is(0);
    for (k, _) in PLAN {
        assert!(table.stdout().contains(k), "{k}:\n{}", table.stdout());
    }
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_without_a_terminal_and_without_yes_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .args(["clients", "delete", "Acme"])
        .stdin("Acme\n")
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(out.audit, "");
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_with_yes_removes_every_row_and_leaves_the_other_client_identical() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let other_before = checksums(&mut pg, Some(&other.id));
    let want: Vec<(String, i64)> = rows_of(&mut pg, &acme.id);
    assert!(
        want.iter().all(|(_, n)| *n > 0),
        "every table holds Acme rows: {want:?}"
    );

    let out = provctl(&db)
        .args(["clients", "delete", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("Acme deleted")
        .never_shows("Acme-value-");
    let doc = out.json();
    for (k, v) in PLAN {
        assert_eq!(doc["deleted"][k], v, "deleted.{k} in {doc}");
    }
    for (table, n) in rows_of(&mut pg, &acme.id) {
        assert_eq!(n, 0, "{table} still holds Acme rows");
    }
    assert_eq!(
        checksums(&mut pg, Some(&other.id)),
        other_before,
        "the other client is untouched"
    );

    // The audit log: a pending line, then its outcome with the same id.
    let lines: Vec<serde_json::Value> = out
        .audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.audit);
    assert_eq!(lines[0]["outcome"], "pending");
    assert_eq!(lines[1]["outcome"], "ok");
    assert_eq!(lines[0]["id"], lines[1]["id"]);
    assert_eq!(lines[1]["client"], "Acme");
    assert_eq!(lines[1]["counts"]["client_id"], acme.id.as_str());
    assert_eq!(lines[1]["counts"]["deleted"]["incidents"], 4);

    // Its entries stay findable in the log by name and by id, with no database.
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    std::fs::write(&audit, &out.audit).unwrap();
    for who in ["Acme", acme.id.as_str()] {
        let doc = crate::support::provctl_bare()
            .env("PROVCTL_AUDIT_LOG", &audit)
            .args(["log", "--client", who, "-o", "json"])
            .run()
            .code_is(0)
            .json();
        assert_eq!(doc[0]["command"], "clients delete", "{doc}");
        assert_eq!(doc[0]["status"], "committed", "{doc}");
    }

    // Gone: a second delete is an unknown client.
    provctl(&db)
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client `Acme`");
}

fn spawn_delete(db: &TestDb) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (mut p, home) = pty(provctl(db).args(["clients", "delete", "Acme"]), 30_000);
    p.exp_string("notification_log").expect("the plan first");
    p.exp_string("Type the client's name (Acme) to confirm")
        .expect("prompt");
    (p, home)
}

#[test]
fn delete_pty_needs_the_typed_name() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for typed in ["acme\r", "\r", "y\r"] {
        let (mut p, home) = spawn_delete(&db);
        p.send(typed).expect("type");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "typed {typed:?}");
        assert_eq!(checksums(&mut pg, None), before, "typed {typed:?}");
        assert!(!home.path().join("audit.jsonl").exists(), "nothing recorded");
    }
    let (mut p, home) = spawn_delete(&db);
    p.send("Acme\r").expect("type");
    p.flush().expect("flush");
    p.exp_string("Acme deleted").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(rows_of(&mut pg, &acme.id).iter().all(|(_, n)| *n == 0));
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap();
    assert_eq!(crate::support::audit_entries(&audit)[0]["outcome"], "ok");
}

#[test]
fn delete_in_production_needs_allow_prod_delete() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for (var, value) in [("APP_ENV", "production"), ("ENV", "prod")] {
        for allow in [None, Some("false"), Some("")] {
            let mut run = provctl(&db).env(var, value);
            if let Some(a) = allow {
                run = run.env("ALLOW_PROD_DELETE", a);
            }
            let out = run
                .args(["clients", "delete", "Acme", "--yes"])
                .run()
                .code_is(3)
                .stderr_has("ALLOW_PROD_DELETE");
            assert_eq!(out.audit, "");
        }
    }
    assert_eq!(checksums(&mut pg, None), before);
    provctl(&db)
        .env("APP_ENV", "production")
        .env("ALLOW_PROD_DELETE", "true")
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(0);
    assert!(rows_of(&mut pg, &acme.id).iter().all(|(_, n)| *n == 0));
}

#[test]
fn delete_refuses_when_another_clients_rows_reference_this_clients() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let m: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE hostname = 'acme-web-03'",
            &[],
        )
        .unwrap()
        .get(0);
    seed::incident(&mut pg, &other.id, "NO_DATA_MACHINE", Some(&m), None, None);
    let before = checksums(&mut pg, None);
    provctl(&db)
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(3)
        .stderr_has("OTHER clients")
        .stderr_has("nothing was changed");
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_offers_the_clients_secrets_files_for_shredding() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "acme.ini.generated.secrets.env",
        "ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD=Pw-Acme-123456\n",
    );
    // Matched by a key value, not by its name (every client may have a key-01).
    write(
        "acme keys.env",
        "API_KEY_VALUE__acme-key-03=Acme-value-03-0123456789abcdef\n",
    );
    write(
        "other.ini.generated.secrets.env",
        "ADMIN_EMAIL=admin@other.example\nADMIN_PASSWORD=Pw-Other-123456\nAPI_KEY_VALUE__acme-key-01=not-a-value-of-acme\n",
    );
    // A symlink is never followed: it may be anyone's, so it is named in a warning.
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("link.ini.generated.secrets.env")).unwrap();
    // A generated file holding no secret line is nobody's, and no warning.
    write("empty.ini.generated.secrets.env", "# nothing left\n");
    // Review of issue 16: provctl's own --out files (keys by their own names, the delivery document's
    // e-mail line) were not recognised as the client's.
    for args in [
        &["keys", "export", "--client", "Acme", "--out", "acme-export.txt"][..],
        &[
            "keys",
            "export",
            "--client",
            "Acme",
            "--format",
            "json",
            "--out",
            "acme-export.json",
        ],
        &[
            "deliverable",
            "--client",
            "Acme",
            "--url",
            "https://monitoring.example",
            "--out",
            "acme.md",
        ],
    ] {
        provctl(&db).current_dir(dir.path()).args(args).run().code_is(0);
    }
    let out = provctl(&db)
        .current_dir(dir.path())
        .args(["clients", "delete", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has(
            "1 secrets file(s) could not be read and may be this client's: link.ini.generated.secrets.env",
        )
        .stderr_has("to destroy them: provctl secrets shred 'acme keys.env' acme-export.json acme-export.txt acme.ini.generated.secrets.env acme.md")
        .never_shows("Pw-Acme-123456");
    let doc = out.json();
    assert_eq!(
        doc["secrets_files"],
        serde_json::json!([
            "acme keys.env",
            "acme-export.json",
            "acme-export.txt",
            "acme.ini.generated.secrets.env",
            "acme.md"
        ]),
        "{doc}"
    );
    assert_eq!(
        doc["shred_command"],
        "provctl secrets shred 'acme keys.env' acme-export.json acme-export.txt acme.ini.generated.secrets.env acme.md"
    );
    assert_eq!(
        crate::support::listing(dir.path()).len(),
        8,
        "offered, never shredded unasked"
    );
}

#[test]
fn delete_of_a_shared_name_lists_the_ids_and_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    let first = seed::client(&mut pg, "Twin");
    let second = seed::client(&mut pg, "Twin");
    let out = provctl(&db)
        .args(["clients", "delete", "Twin", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("shared by 2 clients");
    assert!(out.stderr().contains(&first) && out.stderr().contains(&second));
    assert_eq!(out.audit, "");
    provctl(&db)
        .args(["clients", "delete", &second, "--yes"])
        .run()
        .code_is(0);
    let left: Vec<String> = pg
        .query("SELECT id::text FROM clients", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(left, [first]);
}

#[test]
fn show_caps_keys_at_100_with_their_total_and_says_how_to_list_all() {
    let db = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Big");
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name) \
         SELECT gen_random_uuid(), $1::text::uuid, 'big-value-' || g, 'big-key-' || lpad(g::text, 3, '0') \
         FROM generate_series(1, 101) g",
        &[&c],
    )
    .unwrap();
    let out = provctl(&db)
        .args(["clients", "show", "Big", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "keys: 100 of 101 shown; `provctl keys list --client {c}` lists them all"
        ))
        .never_shows("big-value-");
    let doc = out.json();
    assert_eq!(doc["keys_total"], 101);
    assert_eq!(doc["keys"].as_array().unwrap().len(), 100);
    assert_eq!(doc["keys"][99]["name"], "big-key-100");
    provctl(&db)
        .args(["clients", "show", "Big"])
        .run()
        .code_is(0)
        .stdout_has("keys (100 of 101)");
}
