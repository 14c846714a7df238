//! `provctl ingest-count` and `provctl ingest-events`.

use crate::support::{db, provctl, seed};

#[test]
fn count_and_events_of_one_client() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let other = seed::client(&mut pg, "Other");
    let m = seed::machine(&mut pg, &c, "web-01");
    let mo = seed::machine(&mut pg, &other, "o-01");
    for i in 0..3 {
        seed::ingest(&mut pg, &c, &m, &format!("ing-{i}"));
    }
    seed::ingest(&mut pg, &other, &mo, "other-1");
    let out = provctl(&db)
        .args(["ingest-count", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(out.json(), serde_json::json!({"ingest_count": 3}));
    provctl(&db)
        .args(["ingest-count", "--client", "Acme"])
        .run()
        .code_is(0)
        .stdout_has("ingest_count")
        .stdout_has("3");
    let out = provctl(&db)
        .args(["ingest-events", "--client", "Acme", "--limit", "2", "-o", "json"])
        .run()
        .code_is(0);
    let rows = out.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["created_at", "ingest_id", "machine_id", "sent_at"]);
    assert_eq!(rows[0]["machine_id"], m.as_str());
}

#[test]
fn a_new_client_has_zero_ingestions() {
    let db = db();
    let mut pg = db.client();
    seed::client(&mut pg, "Fresh");
    let out = provctl(&db)
        .args(["ingest-count", "--client", "Fresh", "-o", "csv"])
        .run()
        .code_is(0);
    assert_eq!(out.stdout(), "ingest_count\n0\n");
    let out = provctl(&db)
        .args(["ingest-events", "--client", "Fresh", "-o", "json"])
        .run()
        .code_is(0);
    assert_eq!(out.json(), serde_json::json!([]));
}
