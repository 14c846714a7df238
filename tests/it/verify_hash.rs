//! `provctl verify-hash`: strict bcrypt form, named defects, never more than 4 characters shown.

use crate::support::{db, provctl, seed};

#[test]
fn a_good_hash_passes() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let hash = bcrypt::hash("pw-1234567", 12).unwrap();
    seed::user_with_hash(&mut pg, &c, "a@acme.example", &hash);
    let out = provctl(&db)
        .args(["verify-hash", "--email", "a@acme.example", "-o", "json"])
        .run()
        .code_is(0)
        .never_shows(&hash[..5]);
    assert_eq!(
        out.json(),
        serde_json::json!({"email": "a@acme.example", "len": 60, "prefix": "$2b$", "cost": 12, "status": "ok"})
    );
}

#[test]
fn the_production_incident_a_hash_truncated_to_20_is_found_by_all() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let good = bcrypt::hash("pw-1234567", 4).unwrap();
    seed::user_with_hash(&mut pg, &c, "ok@acme.example", &good);
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", &good[..20]);
    let out = provctl(&db)
        .args(["verify-hash", "--all", "-o", "json"])
        .run()
        .code_is(1)
        .stderr_has("checked 2 hashes: 1 defective")
        .never_shows(&good[..5]);
    assert_eq!(
        out.json(),
        serde_json::json!([{"email": "cut@acme.example", "len": 20, "prefix": "$2b$", "cost": 4, "status": "truncated"}])
    );
    provctl(&db)
        .args(["verify-hash", "--email", "cut@acme.example"])
        .run()
        .code_is(1)
        .stdout_has("truncated");
}

#[test]
fn every_defect_is_named() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let good = bcrypt::hash("pw-1234567", 4).unwrap();
    let cases = [
        ("empty@x.example", String::new(), "empty"),
        ("prefix@x.example", good.replacen("$2b$", "$2x$", 1), "bad-prefix"),
        ("plain@x.example", "hunter2-plaintext".to_string(), "bad-prefix"),
        ("cost@x.example", good.replacen("$04$", "$99$", 1), "bad-cost"),
        ("long@x.example", format!("{good}=="), "bad-length"),
        ("charset@x.example", format!("{}!", &good[..59]), "bad-charset"),
        ("ok-2y@x.example", good.replacen("$2b$", "$2y$", 1), "ok"),
    ];
    for (email, hash, _) in &cases {
        seed::user_with_hash(&mut pg, &c, email, hash);
    }
    let out = provctl(&db)
        .args(["verify-hash", "--all", "-o", "json"])
        .run()
        .code_is(1);
    let rows = out.json();
    for (email, _, status) in &cases {
        let row = rows.as_array().unwrap().iter().find(|r| r["email"] == *email);
        match (row, *status) {
            (None, "ok") => {}
            (Some(r), s) => assert_eq!(r["status"], s, "{email}"),
            (None, s) => panic!("{email} ({s}) not reported"),
        }
        for r in rows.as_array().unwrap() {
            assert!(r["prefix"].as_str().unwrap().chars().count() <= 4);
        }
    }
}

#[test]
fn all_clean_is_exit_0_and_unknown_email_is_exit_2() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "a@acme.example", "pw-1234567");
    provctl(&db)
        .args(["verify-hash", "--all"])
        .run()
        .code_is(0)
        .stderr_has("0 defective");
    provctl(&db)
        .args(["verify-hash", "--all", "--client", "Acme"])
        .run()
        .code_is(0);
    provctl(&db)
        .args(["verify-hash", "--email", "nobody@x.example"])
        .run()
        .code_is(2);
    provctl(&db).args(["verify-hash"]).run().code_is(2);
}
