//! `test-ingest`: the first ingestion binds the key, the confirmation, fingerprints, archived batches,
//! missing, inactive, unknown and ambiguous keys, the key from stdin, redirects, an unreachable platform.

use super::{
    acme, bound_to, count, dead_url, exit_code, ingest, ingest_id, login, machines, StandIn, EMAIL, KEY_01,
    KEY_02, PASSWORD,
};
use crate::support::{db, provctl, provctl_bare, seed};

#[test]
fn first_ingestion_binds_the_key_and_stores_one_event() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let out = ingest(
        &db,
        &api.base,
        &[
            "--key-name",
            "acme-key-01",
            "--hostname",
            "ops-test-01",
            "--fingerprint",
            "fp-ops-test-01",
            "--yes",
        ],
    )
    .code_is(0)
    .stdout_has("202")
    .stdout_has("accepted")
    .stderr_has("warning: key acme-key-01 is not bound yet")
    .stderr_has("-> 202")
    .never_shows(KEY_01);
    let m = machines(&mut pg);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].0, "ops-test-01");
    assert_eq!(m[0].1.as_deref(), Some("fp-ops-test-01"));
    assert_eq!(m[0].2.as_deref(), Some("Linux"));
    assert_eq!(bound_to(&mut pg, "acme-key-01").as_deref(), Some(m[0].3.as_str()));
    let events = pg
        .query("SELECT machine_id::text, ingest_id FROM ingest_events", &[])
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get::<_, String>(0), m[0].3);
    assert_eq!(events[0].get::<_, String>(1), ingest_id(&out));
    assert_eq!(bound_to(&mut pg, "acme-key-02"), None);
}

#[test]
fn without_yes_and_no_terminal_nothing_is_sent() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01"])
        .code_is(3)
        .stderr_has("not bound yet")
        .stderr_has("--yes")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-01"), None);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 0);
}

#[test]
fn the_same_fingerprint_again_is_accepted_without_asking() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let first = ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    // Bound to this fingerprint already: no warning, no confirmation, a fresh X-Ingest-Id.
    let second = ingest(&db, &api.base, &["--key-name", "acme-key-01"])
        .code_is(0)
        .stdout_has("accepted")
        .never_shows(KEY_01);
    assert!(!second.stderr().contains("warning"), "{}", second.stderr());
    assert_ne!(ingest_id(&first), ingest_id(&second));
    let m = machines(&mut pg);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, "provctl-test-01");
    assert_eq!(
        m[0].1.as_deref(),
        Some("provctl-test-01"),
        "the fingerprint defaults to the hostname"
    );
    // JSON: the status and the API's answer, as a JSON object (not a string holding one).
    let third = ingest(&db, &api.base, &["--key-name", "acme-key-01", "-o", "json"]).code_is(0);
    let v = third.json();
    assert_eq!(v["status"], 202);
    let body = &v["body"];
    assert!(body.is_object(), "the body is not a JSON object: {v}");
    assert_eq!(body["status"], "accepted");
    assert_eq!(body["ingest_id"], ingest_id(&third).as_str());
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 3);
}

#[test]
fn the_binding_is_confirmed_on_a_terminal() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let spawn = || {
        let (cmd, home) = provctl(&db)
            .args(["test-ingest", "--url", &api.base, "--key-name", "acme-key-01"])
            .command();
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
        p.exp_string("not bound yet").expect("warning first");
        p.exp_string("Bind acme-key-01 to provctl-test-01 and send?")
            .expect("question");
        (p, home)
    };
    // Enter takes the default, No: nothing sent.
    let (mut p, _home) = spawn();
    p.send("\r").expect("answer");
    p.flush().expect("flush");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3, "screen:\n{screen}");
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-01"), None);

    let (mut p, _home) = spawn();
    p.send("y").expect("answer");
    p.flush().expect("flush");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    assert!(!screen.contains(KEY_01), "the key on screen:\n{screen}");
    assert_eq!(machines(&mut pg).len(), 1);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

#[test]
fn a_url_that_is_not_http_is_exit_2() {
    let db = db();
    acme(&db);
    login(&db, "127.0.0.1:8000", EMAIL, PASSWORD, &[])
        .code_is(2)
        .stderr_has("not an http:// or https:// URL")
        .never_shows(PASSWORD);
    ingest(&db, "ftp://127.0.0.1", &["--key-name", "acme-key-01", "--yes"])
        .code_is(2)
        .never_shows(KEY_01);
}

/// With a database configured, a key it does not hold is not "no database configured".
#[test]
fn bug_an_archived_batch_was_not_reported_as_archived_nothing_stored() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    let before = count(&mut pg, "SELECT count(*) FROM ingest_events");
    // A batch from a machine whose clock is years behind: 202, but archived and not stored.
    let out = ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--sent-at", "2020-01-01T00:00:00Z"],
    )
    .code_is(1)
    .stdout_has("202")
    .stdout_has("archived")
    .stderr_has("archived, nothing stored")
    .never_shows(KEY_01);
    assert!(
        !out.stderr().contains("ingestion not accepted: 202"),
        "{}",
        out.stderr()
    );
    let out = ingest(
        &db,
        &api.base,
        &[
            "--key-name",
            "acme-key-01",
            "--sent-at",
            "2020-01-01T00:00:00Z",
            "-o",
            "json",
        ],
    )
    .code_is(1);
    let v = out.json();
    assert_eq!(v["status"], 202);
    assert_eq!(v["body"], serde_json::json!({"reason": "archived"}), "{v}");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), before);
    // A --sent-at that is not a time is a usage error naming the flag.
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--sent-at", "yesterday"],
    )
    .code_is(2)
    .stderr_has("--sent-at");
}

/// One raw HTTP/1.1 POST (no client library: the test controls every byte of the body).
fn raw_post(base: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.strip_prefix("http://").expect("plain HTTP stand-in");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the stand-in");
    let mut req = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(req.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_stand_in_takes_a_missing_sent_at_as_now_like_the_platform() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let body = r#"{"machine": {"hostname": "agent-01", "os": "Linux", "fingerprint": "fp-agent-01"}, "metrics": []}"#;
    let (status, answer) = raw_post(
        &api.base,
        "/api/v1/ingest/metrics",
        &[("X-API-Key", KEY_01), ("X-Ingest-Id", "no-sent-at-1")],
        body,
    );
    assert_eq!(status, 202, "{answer}");
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"status": "accepted", "ingest_id": "no-sent-at-1"})
    );
    let recent = count(
        &mut pg,
        "SELECT count(*) FROM ingest_events WHERE ingest_id = 'no-sent-at-1' \
         AND sent_at BETWEEN now() - interval '1 hour' AND now() + interval '1 hour'",
    );
    assert_eq!(recent, 1, "stored, with sent_at defaulted to now");
    // sent_at too old: 202 {"reason":"archived"}, nothing stored.
    let old = r#"{"sent_at": "2020-01-01T00:00:00Z", "machine": {"hostname": "agent-01", "fingerprint": "fp-agent-01"}}"#;
    let (status, answer) = raw_post(
        &api.base,
        "/api/v1/ingest/metrics",
        &[("X-API-Key", KEY_01), ("X-Ingest-Id", "too-old-1")],
        old,
    );
    assert_eq!((status, answer.as_str()), (202, r#"{"reason":"archived"}"#));
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM ingest_events WHERE ingest_id = 'too-old-1'"
        ),
        0
    );
}

#[test]
fn a_key_missing_from_the_database_is_said_so() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let out = provctl(&db)
        .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin("NotAKeyOfAnyClientxxxxxxxxxxxxxx")
        .run()
        .code_is(1)
        .stdout_has("403")
        .never_shows("NotAKeyOfAnyClientxxxxxxxxxxxxxx");
    assert!(
        !out.stderr().contains("no database configured"),
        "a database is configured:\n{}",
        out.stderr()
    );
}

#[test]
fn another_fingerprint_is_warned_about_and_refused_403() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"]).code_is(0);
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--fingerprint", "fp-other"],
    )
    .code_is(1)
    .stderr_has("is bound to machine provctl-test-01 (fingerprint provctl-test-01)")
    .stderr_has("the API will answer 403 for fingerprint fp-other")
    .stdout_has("403")
    .stdout_has("Machine fingerprint mismatch for this API key")
    .never_shows(KEY_01);
    assert_eq!(machines(&mut pg).len(), 1);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

#[test]
fn an_inactive_key_is_warned_about_and_refused_403() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-02"])
        .code_is(1)
        .stderr_has("warning: key acme-key-02 is inactive")
        .stdout_has("403")
        .stdout_has("Invalid API key")
        .never_shows(KEY_02);
    assert!(machines(&mut pg).is_empty());
    assert_eq!(bound_to(&mut pg, "acme-key-02"), None);
}

#[test]
fn an_unknown_or_ambiguous_key_name_is_exit_2() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    ingest(&db, &api.base, &["--key-name", "acme-key-99", "--yes"])
        .code_is(2)
        .stderr_has("unknown key `acme-key-99`");
    // Names are unique per client only.
    let other = seed::client(&mut pg, "Other");
    seed::key(
        &mut pg,
        &other,
        "acme-key-01",
        "OtherKeyNamedLikeAcmes01xxxxxxxx",
        true,
    );
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(2)
        .stderr_has("--api-key-stdin")
        .never_shows(KEY_01)
        .never_shows("OtherKeyNamedLikeAcmes01xxxxxxxx");
    assert!(machines(&mut pg).is_empty());
}

#[test]
fn the_key_can_come_from_stdin() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let stdin = |extra: &[&str], input: &str| {
        provctl(&db)
            .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
            .args(extra)
            .stdin(input.to_string())
            .run()
    };
    for empty in ["", "\n", "   \n"] {
        stdin(&["--yes"], empty).code_is(2).stderr_has("empty");
    }
    // The database is configured: the key's state is checked first (unbound → confirmation).
    stdin(&[], &format!("{KEY_01}\n"))
        .code_is(3)
        .stderr_has("not bound yet")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    // --verbose shows the lookup by key value, with the value as `***`.
    stdin(&["--yes", "--verbose"], &format!("  {KEY_01}  \n"))
        .code_is(0)
        .stdout_has("accepted")
        .stderr_has("warning: key acme-key-01 is not bound yet")
        .stderr_has("***")
        .never_shows(KEY_01);
    assert_eq!(machines(&mut pg).len(), 1);
    // No database at all: sent as is, with a note.
    provctl_bare()
        .args(["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin(KEY_01)
        .run()
        .code_is(0)
        .stderr_has("no database configured")
        .never_shows(KEY_01);
    // A value the platform does not know.
    stdin(&[], "NotAKeyOfAnyClientxxxxxxxxxxxxxx")
        .code_is(1)
        .stdout_has("403")
        .never_shows("NotAKeyOfAnyClientxxxxxxxxxxxxxx");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 2);
}

#[test]
fn ingest_re_posts_after_a_301_with_its_headers() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let out = ingest(&db, &api.redirect_base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(0)
        .stdout_has("accepted")
        .stderr_has(&format!(
            "-> 301 Moved Permanently from {}/api/v1/ingest/metrics: re-sending the POST to {}/api/v1/ingest/metrics",
            api.redirect_base, api.base
        ))
        .never_shows(KEY_01);
    // The key (X-API-Key) and the idempotency key (X-Ingest-Id) reached the API after the hop.
    let id: String = pg
        .query_one("SELECT ingest_id FROM ingest_events", &[])
        .unwrap()
        .get(0);
    assert_eq!(id, ingest_id(&out));
    assert!(bound_to(&mut pg, "acme-key-01").is_some());
}

#[test]
fn ingest_unreachable_is_exit_5() {
    let db = db();
    let mut pg = acme(&db);
    ingest(&db, &dead_url(), &["--key-name", "acme-key-01", "--yes"])
        .code_is(5)
        .stderr_has("cannot reach")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
}
