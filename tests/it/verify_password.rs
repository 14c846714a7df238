//! `provctl verify-password`: stdin and a real pseudo-terminal prompt; passlib compatibility.

use crate::support::{db, provctl, seed};

/// Made by the platform's own hashing (Python passlib 1.7.4 CryptContext(schemes=["bcrypt"]) over
/// bcrypt 4.0.1) for the password below: provctl must verify what the platform writes.
const PASSLIB_HASH: &str = "$2b$12$Kub2jQ64I6/Y5RYvPHG0GOswyPjnYouF7jsAXCqHwbXjNMUlBbAri";
const PASSLIB_PASSWORD: &str = "Correct-Horse-9";

fn seeded() -> crate::support::TestDb {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &c, "admin@acme.example", PASSLIB_HASH);
    db
}

#[test]
fn right_password_from_stdin_matches_a_passlib_hash() {
    let db = seeded();
    provctl(&db)
        .args([
            "verify-password",
            "--email",
            "admin@acme.example",
            "--password-stdin",
        ])
        .stdin(format!("{PASSLIB_PASSWORD}\n"))
        .run()
        .code_is(0)
        .stdout_has("VERIFY_AGAINST_DB=true")
        .stdout_has("HASH_PREFIX=$2b$")
        .stdout_has("HASH_LEN=60")
        .never_shows(PASSLIB_PASSWORD)
        .never_shows(&PASSLIB_HASH[..5]);
}

#[test]
fn wrong_password_is_exit_1() {
    let db = seeded();
    let out = provctl(&db)
        .args([
            "verify-password",
            "--email",
            "admin@acme.example",
            "--password-stdin",
            "-o",
            "json",
        ])
        .stdin("not-the-password")
        .run()
        .code_is(1);
    assert_eq!(out.json()["verify_against_db"], false);
}

#[test]
fn refuses_what_bcrypt_would_truncate_and_missing_input() {
    let db = seeded();
    for bad in ["a".repeat(73), "abc\0def".to_string()] {
        provctl(&db)
            .args([
                "verify-password",
                "--email",
                "admin@acme.example",
                "--password-stdin",
            ])
            .stdin(bad)
            .run()
            .code_is(2);
    }
    // No terminal and no --password-stdin: nowhere to read from.
    provctl(&db)
        .args(["verify-password", "--email", "admin@acme.example"])
        .run()
        .code_is(2)
        .stderr_has("--password-stdin");
    provctl(&db)
        .args([
            "verify-password",
            "--email",
            "nobody@acme.example",
            "--password-stdin",
        ])
        .stdin("x")
        .run()
        .code_is(2);
}

#[test]
fn a_malformed_hash_never_matches() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", &PASSLIB_HASH[..20]);
    provctl(&db)
        .args([
            "verify-password",
            "--email",
            "cut@acme.example",
            "--password-stdin",
        ])
        .stdin(PASSLIB_PASSWORD)
        .run()
        .code_is(1)
        .stdout_has("VERIFY_AGAINST_DB=false")
        .stdout_has("HASH_LEN=20")
        .stderr_has("truncated");
}

/// Issue 17: on a terminal, a malformed stored hash was reported only after the password was typed.
/// It is said first, and no password is asked for (exit 1).
#[test]
fn bug_a_malformed_hash_was_reported_after_asking_for_the_password() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", &PASSLIB_HASH[..20]);
    let (cmd, _home) = provctl(&db)
        .args(["verify-password", "--email", "cut@acme.example"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    let rest = p.exp_eof().expect("exit without waiting for a password");
    assert!(
        rest.contains("the stored hash is malformed (truncated)"),
        "{rest}"
    );
    assert!(rest.contains("VERIFY_AGAINST_DB=false"), "{rest}");
    assert!(
        !rest.contains("Password for"),
        "a password was asked for:\n{rest}"
    );
    assert_eq!(crate::support::pty_exit_code(&p), 1);
}

#[test]
fn prompts_without_echo_on_a_terminal() {
    let db = seeded();
    let (cmd, _home) = provctl(&db)
        .args(["verify-password", "--email", "admin@acme.example"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("Password for admin@acme.example:").expect("prompt");
    p.send_line(PASSLIB_PASSWORD).expect("type password");
    let rest = p.exp_eof().expect("exit");
    assert!(rest.contains("VERIFY_AGAINST_DB=true"), "{rest}");
    assert!(
        !rest.contains(PASSLIB_PASSWORD),
        "the password was echoed: {rest}"
    );
}

#[test]
fn ctrl_c_at_the_prompt_exits_130_and_restores_the_terminal() {
    let db = seeded();
    let (cmd, _home) = provctl(&db)
        .args(["verify-password", "--email", "admin@acme.example"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("Password for").expect("prompt");
    p.send_control('c').expect("ctrl-c");
    p.exp_string("interrupted").expect("message");
    match p.process().wait().expect("wait") {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 130),
        other => panic!("unexpected end: {other:?}"),
    }
}
