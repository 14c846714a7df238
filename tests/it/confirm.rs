//! Confirmation prompts through a real pseudo-terminal: default No, `y` applies, Ctrl-C changes nothing.

use crate::support::{db, provctl};
use rexpect::process::WaitStatus;

fn demo_ini(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("demo.ini");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/provisioning/demo.ini");
    std::fs::copy(sample, &path).expect("copy demo.ini");
    path
}

fn clients(db: &crate::support::TestDb) -> i64 {
    db.client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

#[test]
fn answering_no_or_enter_changes_nothing() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = demo_ini(dir.path());
    for answer in ["n", "\r"] {
        let (cmd, _home) = provctl(&db)
            .env("PROVISION_CLIENT", "true")
            .args(["provision", ini.to_str().unwrap()])
            .command();
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
        p.exp_string("+ client Demo").expect("plan first");
        p.exp_string("Create 9 object(s) for 1 INI file(s)?")
            .expect("question");
        p.send(answer).expect("answer");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "answer {answer:?}");
        assert_eq!(clients(&db), 0);
        assert!(!dir.path().join("demo.ini.generated.secrets.env").exists());
    }
}

#[test]
fn answering_yes_applies() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = demo_ini(dir.path());
    let (cmd, _home) = provctl(&db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", ini.to_str().unwrap()])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(60_000)).expect("pty");
    p.exp_string("object(s) for 1 INI file(s)?").expect("question");
    p.send("y").expect("answer");
    p.flush().expect("flush");
    p.exp_string("Demo: 9 created").expect("applied");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert_eq!(clients(&db), 1);
}

#[test]
fn ctrl_c_at_the_confirmation_exits_130_and_changes_nothing() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = demo_ini(dir.path());
    let (cmd, _home) = provctl(&db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", ini.to_str().unwrap()])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    p.exp_string("INI file(s)?").expect("question");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 130);
    assert_eq!(clients(&db), 0);
}
