//! `keys enable` / `keys disable`: the plan, selection by client, prefix and names, keys already in
//! the target state, the confirmation on a terminal and without one.

use super::{acme_and_other, exit_code, pty, state_of, states, value};
use crate::support::{db, provctl, seed, TestDb};

// ---------------------------------------------------------------- enable / disable

#[test]
fn disable_by_client_lists_only_the_keys_that_change_and_counts_them() {
    let db = db();
    let mut pg = db.client();
    let _ = acme_and_other(&mut pg);
    let out = provctl(&db)
        .args(["keys", "disable", "--client", "Acme", "--yes"])
        .run()
        .code_is(0)
        .stdout_has("acme-key-01")
        .stdout_has("acme-key-02")
        .stderr_has("2 key(s) disabled")
        .never_shows("AcmeValue")
        .never_shows("OtherValue");
    assert!(
        !out.stdout().contains("acme-key-03") && !out.stdout().contains("other-key-01"),
        "only the keys whose state changes are listed:\n{}",
        out.stdout()
    );
    assert_eq!(
        states(&mut pg),
        [
            ("acme-key-01".to_string(), false),
            ("acme-key-02".to_string(), false),
            ("acme-key-03".to_string(), false),
            ("other-key-01".to_string(), true),
        ]
    );
    // One audit line, with the count and the client.
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "audit log:\n{}", out.audit);
    let entry = &lines[0];
    assert_eq!(entry["counts"]["keys"], 2, "{entry}");
    assert_eq!(entry["outcome"], "ok");
    assert_eq!(
        entry["client"], "Acme",
        "the client by name, as every change records it"
    );
    assert!(entry["command"].as_str().unwrap().contains("disable"));
}

#[test]
fn the_plan_shows_each_key_with_its_current_state() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let out = provctl(&db)
        .args(["keys", "enable", "--client", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) enabled");
    let rows = out.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["name"], "acme-key-03");
    assert_eq!(rows[0]["is_active"], false, "the current state");
    assert!(state_of(&mut pg, "acme-key-03"));
}

#[test]
fn prefix_is_matched_literally() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    for (name, tag) in [
        ("a_b-01", "AcmeValueUnd"),
        ("axb-01", "AcmeValueX1"),
        ("50%-01", "AcmeValuePct"),
        ("50x-01", "AcmeValueX2"),
    ] {
        seed::key(&mut pg, &c, name, &value(tag), false);
    }
    provctl(&db)
        .args(["keys", "enable", "--prefix", "a_b", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) enabled");
    provctl(&db)
        .args(["keys", "enable", "--prefix", "50%", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) enabled");
    assert_eq!(
        states(&mut pg),
        [
            ("50%-01".to_string(), true),
            ("50x-01".to_string(), false),
            ("a_b-01".to_string(), true),
            ("axb-01".to_string(), false),
        ]
    );
    // A prefix that only a wildcard would match selects nothing.
    provctl(&db)
        .args(["keys", "disable", "--prefix", "_", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("no key matches");
    provctl(&db)
        .args(["keys", "disable", "--prefix", "%", "--yes"])
        .run()
        .code_is(2);
    assert!(state_of(&mut pg, "a_b-01") && state_of(&mut pg, "50%-01"));
}

#[test]
fn names_select_exactly_those_keys() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    provctl(&db)
        .args([
            "keys",
            "disable",
            "acme-key-02",
            "other-key-01",
            "acme-key-03",
            "--yes",
        ])
        .run()
        .code_is(0)
        .stdout_has("acme-key-02")
        .stdout_has("other-key-01")
        .stderr_has("2 key(s) disabled");
    assert_eq!(
        states(&mut pg),
        [
            ("acme-key-01".to_string(), true),
            ("acme-key-02".to_string(), false),
            ("acme-key-03".to_string(), false),
            ("other-key-01".to_string(), false),
        ]
    );
}

#[test]
fn unknown_names_and_empty_selections_are_exit_2_and_change_nothing() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let empty = seed::client(&mut pg, "Empty");
    let before = states(&mut pg);
    provctl(&db)
        .args(["keys", "disable", "acme-key-01", "acme-key-99", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s): acme-key-99");
    provctl(&db)
        .args(["keys", "disable", "acme-key-0%", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s)");
    provctl(&db)
        .args(["keys", "disable", "--prefix", "nobody-", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("no key matches");
    provctl(&db)
        .args(["keys", "enable", "--client", &empty, "--yes"])
        .run()
        .code_is(2)
        .stderr_has("no key matches");
    provctl(&db)
        .args(["keys", "disable", "--client", "Nobody", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
    provctl(&db)
        .args(["keys", "disable", "--prefix", "", "--yes"])
        .run()
        .code_is(2);
    // Nothing selected at all is a usage error too.
    provctl(&db).args(["keys", "disable", "--yes"]).run().code_is(2);
    assert_eq!(states(&mut pg), before);
}

#[test]
fn keys_already_in_the_target_state_are_exit_0_and_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let before = states(&mut pg);
    // No --yes and no terminal: with nothing to change, no confirmation is needed.
    provctl(&db)
        .args(["keys", "disable", "acme-key-03"])
        .run()
        .code_is(0)
        .stderr_has("nothing to disable");
    provctl(&db)
        .args(["keys", "enable", "acme-key-01", "acme-key-02", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to enable");
    assert_eq!(states(&mut pg), before);
}

#[test]
fn without_a_terminal_and_without_yes_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let before = states(&mut pg);
    let out = provctl(&db)
        .args(["keys", "disable", "--client", "Acme"])
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(states(&mut pg), before);
    assert_eq!(out.audit, "", "a refused change is not logged as done");
    provctl(&db)
        .args(["keys", "enable", "--client", "Acme"])
        .stdin("y\n")
        .run()
        .code_is(3);
    assert_eq!(states(&mut pg), before);
}

fn spawn_disable(db: &TestDb) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (mut p, home) = pty(provctl(db).args(["keys", "disable", "--client", "Acme"]), 30_000);
    // The plan (the keys that change) comes before the question.
    p.exp_string("acme-key-01").expect("plan lists acme-key-01");
    p.exp_string("acme-key-02").expect("plan lists acme-key-02");
    p.exp_string("disable 2 key(s) of client Acme?")
        .expect("question");
    (p, home)
}

#[test]
fn pty_default_answer_is_no() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let before = states(&mut pg);
    for answer in ["\r", "n"] {
        let (mut p, _home) = spawn_disable(&db);
        p.send(answer).expect("answer");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "answer {answer:?}");
        assert_eq!(states(&mut pg), before, "answer {answer:?}");
    }
}

#[test]
fn pty_yes_applies() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let (mut p, _home) = spawn_disable(&db);
    p.send("y").expect("answer");
    p.flush().expect("flush");
    p.exp_string("2 key(s) disabled").expect("count");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(!state_of(&mut pg, "acme-key-01") && !state_of(&mut pg, "acme-key-02"));
    assert!(state_of(&mut pg, "other-key-01"));
}

#[test]
fn bug_tables_on_a_terminal_of_unknown_size_are_unreadable() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    // A new pseudo-terminal reports 0 columns (as `docker exec -t` does until it is resized).
    let (cmd, _home) = provctl(&db)
        .args(["keys", "disable", "--client", "Acme"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).expect("pty");
    let screen = p
        .exp_string("disable 2 key(s) of client Acme?")
        .expect("question");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert!(
        screen.contains("acme-key-01") && screen.contains("acme-key-02"),
        "the plan must name the keys:\n{screen}"
    );
}

#[test]
fn pty_ctrl_c_exits_130_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let before = states(&mut pg);
    let (mut p, _home) = spawn_disable(&db);
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 130);
    assert_eq!(states(&mut pg), before);
}
