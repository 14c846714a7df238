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

/// The client is matched inside the one statement (no statement of its own to resolve it): an unknown
/// name, a shared name, an id and a uuid-shaped *name* must still say and do what `clients::resolve`
/// says, for every command that folds it (ingest-count, ingest-events, verify-hash --all).
#[test]
fn a_client_folded_into_the_statement_is_still_resolved_exactly() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    let m = seed::machine(&mut pg, &acme, "web-01");
    seed::ingest(&mut pg, &acme, &m, "ing-1");
    seed::user(&mut pg, &acme, "admin@acme.example", "pw");
    let first = seed::client(&mut pg, "Twin");
    let second = seed::client(&mut pg, "Twin");
    // A client whose name is another client's id: the id wins, as `clients::resolve` has it.
    let odd_name = "b0000000-0000-4000-8000-00000000abcd";
    let odd = seed::client(&mut pg, odd_name);
    let om = seed::machine(&mut pg, &odd, "odd-01");
    seed::ingest(&mut pg, &odd, &om, "odd-1");
    seed::ingest(&mut pg, &odd, &om, "odd-2");
    let commands: [&[&str]; 3] = [&["ingest-count"], &["ingest-events"], &["verify-hash", "--all"]];
    for cmd in commands {
        let with = |client: &str| {
            let mut a: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
            a.extend(["--client".to_string(), client.to_string()]);
            a
        };
        provctl(&db)
            .args(with("Acmee"))
            .run()
            .code_is(2)
            .stderr_has("unknown client `Acmee`")
            .stderr_has("did you mean `Acme`?");
        let out = provctl(&db)
            .args(with("Twin"))
            .run()
            .code_is(2)
            .stderr_has("client name `Twin` is shared by 2 clients");
        assert!(out.stderr().contains(&first) && out.stderr().contains(&second));
        provctl(&db).args(with(&second)).run().code_is(0);
        provctl(&db)
            .args(with("b0000000-0000-4000-8000-00000000ffff"))
            .run()
            .code_is(2)
            .stderr_has("unknown client");
    }
    let count = |client: &str| {
        provctl(&db)
            .args(["ingest-count", "--client", client, "-o", "json"])
            .run()
            .code_is(0)
            .json()["ingest_count"]
            .clone()
    };
    assert_eq!(count("Acme"), 1);
    assert_eq!(count(&acme), 1);
    assert_eq!(
        count(odd_name),
        2,
        "a uuid-shaped name that is no client's id is the name"
    );
    let events = provctl(&db)
        .args(["ingest-events", "--client", odd_name, "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(events.as_array().map(Vec::len), Some(2));
    provctl(&db)
        .args(["verify-hash", "--all", "--client", "Acme"])
        .run()
        .code_is(0)
        .stderr_has("checked 1 hash: 0 defective");
}
