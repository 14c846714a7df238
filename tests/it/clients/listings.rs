//! `clients list` and `clients show`: the aggregated listing, the whole picture without a secret, the
//! closest names for an unknown client, keys capped at 100.

use super::platform_db;
use crate::reset_client::populate;
use crate::support::{provctl, seed};

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
