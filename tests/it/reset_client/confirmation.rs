//! The confirmation: nothing without a terminal or `--yes`; on a terminal, the typed name and Ctrl-C.

use super::{checksums, count, exit_code, populate};
use crate::keys_change::pty;
use crate::support::{db, provctl, TestDb};

#[test]
fn without_a_terminal_and_without_yes_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme"])
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(out.audit, "");
    // Typing the name on a pipe is not a confirmation either.
    provctl(&db)
        .args(["reset-client", "--client", "Acme"])
        .stdin("Acme\n")
        .run()
        .code_is(3);
    assert_eq!(checksums(&mut pg, None), before);
}

fn spawn_reset(db: &TestDb) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (mut p, home) = pty(provctl(db).args(["reset-client", "--client", "Acme"]), 30_000);
    p.exp_string("ingest_events").expect("the plan first");
    p.exp_string("Type the client's name (Acme) to confirm")
        .expect("prompt");
    (p, home)
}

#[test]
fn pty_a_wrong_name_aborts() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for typed in ["acme\r", "\r", "y\r"] {
        let (mut p, _home) = spawn_reset(&db);
        p.send(typed).expect("type");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "typed {typed:?}");
        assert_eq!(checksums(&mut pg, None), before, "typed {typed:?}");
    }
}

#[test]
fn pty_the_right_name_applies() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let (mut p, home) = spawn_reset(&db);
    p.send("Acme\r").expect("type");
    p.flush().expect("flush");
    p.exp_string("back to its initial state").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    // The audit line: the plan shown before the question, and what the transaction deleted, the
    // samples of the machines' cascade included (the server's count of them).
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).expect("audit log");
    let entries = crate::support::audit_entries(&audit);
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["counts"]["planned"]["samples"], 12, "{audit}");
    assert_eq!(entries[0]["counts"]["samples"], 12, "{audit}");
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM machines WHERE client_id = $1::text::uuid",
            &acme.id
        ),
        0
    );
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM ingest_events WHERE client_id = $1::text::uuid",
            &acme.id
        ),
        0
    );
}

#[test]
fn pty_ctrl_c_at_the_prompt_exits_130_and_changes_nothing() {
    let db = db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let (mut p, _home) = spawn_reset(&db);
    p.send("Ac").expect("type a little");
    p.flush().expect("flush");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 130);
    assert_eq!(checksums(&mut pg, None), before);
}
