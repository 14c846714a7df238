//! Odd but legal values the schema lets tenants' and the platform's rows hold, beyond timestamps: a NULL
//! `ingest_events.created_at` (the column is nullable), a key name already at `api_keys.name`'s 100
//! characters, more misbound keys than `doctor` names. Each once gave a wrong result: the NULL-dated
//! event listed before the newest ones (`ORDER BY … DESC` puts NULLs first), `keys create` planning a
//! 101-character name that the insert then refused with a raw database error (exit 4) after the
//! operator had confirmed it, `doctor` counting only the keys it named; and a 60-character hash with a
//! non-ASCII character called `bad-length` (bytes counted) next to its `len` of 60. And one slow path:
//! the hint for an unknown client aligned the typo with up to 50,000 names of up to 255 characters.

use crate::support::{provctl, seed};

/// `ingest-events` is newest first (the contract): an event without `created_at` is not the newest, so
/// it comes after every dated one, and `--limit 1` shows the newest dated event.
#[test]
fn an_event_without_created_at_is_listed_last_not_first() {
    let db = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Nulls");
    let m = seed::machine(&mut pg, &c, "n-01");
    for (id, created) in [
        ("old", Some("2026-01-01T00:00:00Z")),
        ("undated", None),
        ("new", Some("2026-06-01T00:00:00Z")),
    ] {
        pg.execute(
            "INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at, created_at) \
             VALUES (gen_random_uuid(), $1::text::uuid, $2::text::uuid, $3, now(), $4::text::timestamptz)",
            &[&c, &m, &id, &created],
        )
        .unwrap();
    }
    let doc = provctl(&db)
        .args(["ingest-events", "--client", "Nulls", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    let order: Vec<&str> = doc
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["ingest_id"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["new", "old", "undated"]);
    let doc = provctl(&db)
        .args(["ingest-events", "--client", "Nulls", "--limit", "1", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(doc[0]["ingest_id"], "new");
}

/// A client whose highest numbered key name is 100 characters (`api_keys.name` is varchar(100)) and
/// ends in 9: the next name would be 101 characters. `keys create` refuses at the plan (exit 2, naming
/// the limit), before any confirmation, instead of failing the insert with exit 4 after it.
#[test]
fn keys_create_refuses_a_next_name_longer_than_the_column() {
    let db = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Long");
    let name = format!("{}9", "x".repeat(99));
    seed::key(&mut pg, &c, &name, "LongKeyValue00000000000000000001", true);
    let out = tempfile::tempdir().unwrap();
    let done = provctl(&db)
        .args(["keys", "create", "--client", "Long", "--yes", "--out"])
        .args([out.path().join("k.txt")])
        .run();
    let err = done.stderr();
    assert_eq!(done.code(), 2, "{err}");
    assert!(err.contains("100 characters"), "{err}");
    assert!(!err.contains("SQLSTATE"), "{err}");
    let n: i64 = pg
        .query_one(
            "SELECT count(*) FROM api_keys WHERE client_id = $1::text::uuid",
            &[&c],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "no key created");
}

/// `doctor` names at most 20 keys bound to another client's machine, but counts them all: 25 such keys
/// were reported as "20 key(s)".
#[test]
fn doctor_counts_every_key_bound_to_another_clients_machine() {
    let db = crate::support::db();
    let mut pg = db.client();
    let a = seed::client(&mut pg, "Owner");
    let b = seed::client(&mut pg, "Borrower");
    let m = seed::machine(&mut pg, &a, "owner-01");
    for i in 0..25 {
        let k = seed::key(
            &mut pg,
            &b,
            &format!("borrowed-{i:02}"),
            &format!("BorrowedKeyValue000000000000{i:04}"),
            true,
        );
        seed::bind(&mut pg, &k, &m);
    }
    let done = provctl(&db).args(["doctor", "-o", "json"]).run();
    let shown = done.stdout();
    assert!(!done.stderr().contains("panicked"), "{}", done.stderr());
    assert!(
        shown.contains("25 key(s) bound to another client's machine"),
        "{shown}"
    );
    assert!(shown.contains("borrowed-19, and 5 more"), "{shown}");
}

/// A hash of 60 characters, the last not ASCII: `verify-hash` shows `len` 60 and called it `bad-length`
/// (the check counted bytes, 61); it is a bad charset. `clients show` and `doctor` agree.
#[test]
fn a_60_character_hash_with_a_non_ascii_character_is_a_bad_charset() {
    let db = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Accent");
    let good = bcrypt::hash("pw-accent-12345", 4).unwrap();
    let hash = format!("{}é", &good[..59]);
    seed::user_with_hash(&mut pg, &c, "u@accent.example", &hash);
    let doc = provctl(&db)
        .args(["verify-hash", "--email", "u@accent.example", "-o", "json"])
        .run()
        .code_is(1)
        .json();
    assert_eq!(doc["len"], 60);
    assert_eq!(doc["status"], "bad-charset");
    let doc = provctl(&db)
        .args(["clients", "show", "Accent", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(doc["admins"][0]["hash_defect"], "bad-charset");
}

/// An unknown `--client` is answered with the closest names, weighed over up to 50,000 of them: with
/// 50,000 names of 255 characters (the column's limit) and a 29-character typo, every name was aligned
/// with the typo (O(n·m) each) and the error took 18 s in a debug build. A name whose length alone puts
/// it out of reach is no longer aligned.
#[test]
fn an_unknown_client_among_many_long_names_is_answered_quickly() {
    let db = crate::support::db();
    let mut pg = db.client();
    pg.execute(
        "INSERT INTO clients (id, name) SELECT gen_random_uuid(), g::text || repeat('n', 250) \
         FROM generate_series(1, 50000) g",
        &[],
    )
    .unwrap();
    let started = std::time::Instant::now();
    provctl(&db)
        .args(["users", "--client", "Acme Corporation Incorporated"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
    let took = started.elapsed();
    assert!(
        took < std::time::Duration::from_secs(8),
        "the unknown client's hint took {took:?}"
    );
}
