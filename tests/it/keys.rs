//! `provctl keys list`: never values, literal prefixes, bound keys.

use crate::support::{cluster, db, provctl, seed, Template};

#[test]
fn lists_by_name_without_values() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::key(
        &mut pg,
        &c,
        "acme-key-02",
        "VALUE2xxxxxxxxxxxxxxxxxxxxxxxxxx",
        false,
    );
    seed::key(
        &mut pg,
        &c,
        "acme-key-01",
        "VALUE1xxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    for fmt in ["table", "json", "csv"] {
        provctl(&db)
            .args(["keys", "list", "--client", "Acme", "-o", fmt])
            .run()
            .code_is(0)
            .never_shows("VALUE1xxxx")
            .never_shows("VALUE2xxxx");
    }
    let out = provctl(&db).args(["keys", "list", "-o", "json"]).run().code_is(0);
    let rows = out.json();
    // Fields are added, never renamed: the bound machine's hostname, and across clients the client.
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "is_active",
            "machine_id",
            "last_used_at",
            "hostname",
            "client_id",
            "client"
        ]
    );
    assert_eq!(rows[0]["client"], "Acme");
    assert_eq!(rows[0]["name"], "acme-key-01");
    assert_eq!(rows[1]["name"], "acme-key-02");
    assert_eq!(rows[0]["machine_id"], serde_json::Value::Null);
}

#[test]
fn prefix_matches_literally() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::key(&mut pg, &c, "a_b-01", "k1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    seed::key(&mut pg, &c, "axb-01", "k2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    seed::key(&mut pg, &c, "50%-01", "k3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    seed::key(&mut pg, &c, "50x-01", "k4xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    seed::key(&mut pg, &c, "b\\s-01", "k5xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    for (prefix, expected) in [("a_b", "a_b-01"), ("50%", "50%-01"), ("b\\s", "b\\s-01")] {
        let out = provctl(&db)
            .args(["keys", "list", "--prefix", prefix, "-o", "json"])
            .run()
            .code_is(0);
        let rows = out.json();
        let names: Vec<&str> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, [expected], "--prefix {prefix:?}");
    }
    provctl(&db)
        .args(["keys", "list", "--prefix", ""])
        .run()
        .code_is(2);
}

#[test]
fn bound_lists_only_keys_with_a_machine() {
    let db = cluster().fresh_db(Template::Alembic);
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let k1 = seed::key(
        &mut pg,
        &c,
        "acme-key-01",
        "k1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    seed::key(
        &mut pg,
        &c,
        "acme-key-02",
        "k2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        true,
    );
    let m = seed::machine(&mut pg, &c, "web-01");
    seed::bind(&mut pg, &k1, &m);
    let out = provctl(&db)
        .args(["keys", "list", "--bound", "-o", "json"])
        .run()
        .code_is(0);
    let rows = out.json();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["name"], "acme-key-01");
    assert_eq!(rows[0]["machine_id"], m.as_str());
}
