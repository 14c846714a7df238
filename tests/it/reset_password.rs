//! `provctl reset-password`: a new bcrypt hash checked against an independent bcrypt, secrets only where
//! asked for, nothing changed when there is nowhere safe for the password, rollback when the stored
//! hash does not read back right.

use crate::keys_change::{pty, run_under_umask_000};
use crate::support::{db, provctl, seed};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::SystemTime;

const EMAIL: &str = "admin@acme.example";
const OLD_PASSWORD: &str = "old-password-1234";

/// Acme with its admin; `updated_at` set a day back so a change is visible.
fn admin(pg: &mut Client) {
    let c = seed::client(pg, "Acme");
    seed::user(pg, &c, EMAIL, OLD_PASSWORD);
    pg.execute(
        "UPDATE users SET updated_at = now() - interval '1 day' WHERE email = $1",
        &[&EMAIL],
    )
    .unwrap();
}

/// (password_hash, updated_at) of the admin.
fn stored(pg: &mut Client) -> (String, SystemTime) {
    let r = pg
        .query_one(
            "SELECT password_hash, updated_at FROM users WHERE email = $1",
            &[&EMAIL],
        )
        .unwrap();
    (r.get(0), r.get(1))
}

/// The hash provctl must write: `$2b$`, cost 12, 60 characters, verifying `password` by itself.
#[track_caller]
fn assert_new_hash(pg: &mut Client, before: &(String, SystemTime), password: &str) -> String {
    let (hash, updated_at) = stored(pg);
    assert_ne!(hash, before.0, "the hash did not change");
    assert_eq!(hash.len(), 60, "{hash}");
    assert!(hash.starts_with("$2b$12$"), "{hash}");
    assert!(
        bcrypt::verify(password, &hash).unwrap(),
        "the new password does not verify"
    );
    assert!(!bcrypt::verify(OLD_PASSWORD, &hash).unwrap());
    assert!(updated_at > before.1, "updated_at did not move");
    hash
}

#[track_caller]
fn assert_unchanged(pg: &mut Client, before: &(String, SystemTime)) {
    assert_eq!(&stored(pg), before, "the user changed");
    assert!(bcrypt::verify(OLD_PASSWORD, &before.0).unwrap());
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The password of a file made by `--out`, checking its exact shape.
#[track_caller]
fn password_in(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // provctl's header first (so `secrets list|shred` find the file), then the two lines.
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("# provctl-secrets format=env: "), "{text}");
    assert_eq!(lines[1], format!("ADMIN_EMAIL={EMAIL}"));
    let password = lines[2]
        .strip_prefix("ADMIN_PASSWORD=")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(text.ends_with('\n'));
    // The platform's gen_alphanum(32): 32 characters of A–Z a–z 0–9.
    assert_eq!(password.len(), 32, "{password}");
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric()), "{password}");
    password.to_string()
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_generated_password_goes_to_a_new_0600_file_and_verifies() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-admin.env");
    let out = provctl(&db)
        .args([
            "reset-password",
            "--email",
            EMAIL,
            "--out",
            file.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .code_is(0)
        .stdout_has("HASH_LEN=60")
        .stdout_has("HASH_PREFIX=$2b$");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(listing(dir.path()), ["acme-admin.env"]);
    let password = password_in(&file);
    let hash = assert_new_hash(&mut pg, &before, &password);
    let out = out.never_shows(&password).never_shows(&hash[4..]);
    let lines = out.audit_entries();
    assert_eq!(lines.len(), 1, "audit log:\n{}", out.audit);
    let entry = &lines[0];
    assert_eq!(entry["outcome"], "ok");
    assert_eq!(entry["counts"]["users"], 1);
}

#[test]
fn the_out_file_is_0600_under_umask_000() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-admin.env");
    let (out, _home) = run_under_umask_000(provctl(&db).args([
        "reset-password",
        "--email",
        EMAIL,
        "--out",
        file.to_str().unwrap(),
        "--yes",
    ]));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(mode(&file), 0o600);
    let password = password_in(&file);
    assert!(!stdout.contains(&password) && !stderr.contains(&password));
    assert_new_hash(&mut pg, &before, &password);
}

#[test]
fn password_stdin_sets_exactly_that_password() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let chosen = "Correct horse battery staple 9!";
    provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--password-stdin", "--yes"])
        .stdin(format!("{chosen}\n"))
        .run()
        .code_is(0)
        .stdout_has("HASH_LEN=60")
        .stdout_has("HASH_PREFIX=$2b$")
        .never_shows(chosen);
    let hash = assert_new_hash(&mut pg, &before, chosen);
    assert!(
        !bcrypt::verify(format!("{chosen}\n"), &hash).unwrap(),
        "the newline is not part of it"
    );
    // Exactly 72 bytes is the longest bcrypt uses in full: accepted.
    let before = stored(&mut pg);
    let longest = "p".repeat(72);
    provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--password-stdin", "--yes"])
        .stdin(longest.clone())
        .run()
        .code_is(0);
    let hash = stored(&mut pg).0;
    assert_ne!(hash, before.0);
    assert!(bcrypt::verify(&longest, &hash).unwrap());
}

#[test]
fn a_password_bcrypt_would_truncate_is_refused() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    // 73 bytes; 74 bytes in 37 characters; a NUL byte.
    for bad in ["p".repeat(73), "é".repeat(37), "abc\0def-123456".to_string()] {
        provctl(&db)
            .args(["reset-password", "--email", EMAIL, "--password-stdin", "--yes"])
            .stdin(bad.clone())
            .run()
            .code_is(2)
            .never_shows(&bad);
        assert_unchanged(&mut pg, &before);
    }
}

#[test]
fn an_unknown_email_is_exit_2_and_leaves_no_file() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.env");
    provctl(&db)
        .args([
            "reset-password",
            "--email",
            "nobody@acme.example",
            "--out",
            file.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .code_is(2)
        .stderr_has("nobody@acme.example");
    assert_eq!(
        listing(dir.path()),
        Vec::<String>::new(),
        "no file, no temporary left"
    );
    provctl(&db)
        .args([
            "reset-password",
            "--email",
            "nobody@acme.example",
            "--password-stdin",
            "--yes",
        ])
        .stdin("Some-password-123")
        .run()
        .code_is(2);
    assert_unchanged(&mut pg, &before);
}

#[test]
fn with_nowhere_safe_for_the_password_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    // Neither --out nor --reveal.
    provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--yes"])
        .run()
        .code_is(3)
        .stderr_has("--out");
    // --reveal when stdout is a pipe, not a terminal.
    let out = provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--reveal", "--yes"])
        .run()
        .code_is(3);
    assert!(!out.stdout().contains("ADMIN_PASSWORD"), "{}", out.stdout());
    assert_unchanged(&mut pg, &before);
    assert_eq!(out.audit, "");
}

#[test]
fn an_existing_out_file_is_exit_3_and_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-admin.env");
    std::fs::write(&file, "precious\n").unwrap();
    provctl(&db)
        .args([
            "reset-password",
            "--email",
            EMAIL,
            "--out",
            file.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .code_is(3)
        .stderr_has("already exists");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious\n");
    assert_eq!(listing(dir.path()), ["acme-admin.env"]);
    // A symlink is refused too, its target untouched.
    let link = dir.path().join("link.env");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    provctl(&db)
        .args([
            "reset-password",
            "--email",
            EMAIL,
            "--out",
            link.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .code_is(3);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious\n");
    assert_unchanged(&mut pg, &before);
}

#[test]
fn without_a_terminal_and_without_yes_nothing_changes() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-admin.env");
    provctl(&db)
        .args([
            "reset-password",
            "--email",
            EMAIL,
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(listing(dir.path()), Vec::<String>::new());
    assert_unchanged(&mut pg, &before);
}

#[test]
fn reveal_on_a_terminal_shows_the_password_and_it_verifies() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    let (mut p, home) = pty(
        provctl(&db).args(["reset-password", "--email", EMAIL, "--reveal"]),
        60_000,
    );
    p.exp_string(&format!("Set a new password for {EMAIL}?"))
        .expect("question");
    p.send("y").expect("answer");
    p.flush().expect("flush");
    p.exp_string("HASH_LEN=60").expect("hash length");
    let (_, line) = p
        .exp_regex(r"ADMIN_PASSWORD=[A-Za-z0-9_-]+")
        .expect("password shown");
    let password = line.trim_start_matches("ADMIN_PASSWORD=").to_string();
    p.exp_eof().expect("exit");
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("unexpected end: {other:?}"),
    }
    assert_eq!(password.len(), 32, "{password}");
    assert_new_hash(&mut pg, &before, &password);
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap();
    assert_eq!(crate::support::audit_entries(&audit).len(), 1, "{audit}");
    assert!(
        !audit.contains(&password),
        "the audit log holds the password:\n{audit}"
    );
}

#[test]
fn a_hash_that_does_not_read_back_rolls_back_and_leaves_no_file() {
    let db = db();
    let mut pg = db.client();
    admin(&mut pg);
    let before = stored(&mut pg);
    // The production incident: something between provctl and the column truncates the hash.
    pg.batch_execute(
        "CREATE FUNCTION truncate_hash() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN NEW.password_hash := left(NEW.password_hash, 20); RETURN NEW; END $$;
         CREATE TRIGGER truncate_hash BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION truncate_hash();",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-admin.env");
    let out = provctl(&db)
        .args([
            "reset-password",
            "--email",
            EMAIL,
            "--out",
            file.to_str().unwrap(),
            "--yes",
        ])
        .run()
        .code_is(4)
        .stderr_has("rolled back");
    assert!(!out.stdout().contains("HASH_LEN=60"), "{}", out.stdout());
    assert_eq!(out.audit, "", "a rolled-back change is not logged as done");
    assert!(
        !file.exists(),
        "the password of a rolled-back change must not be left on disk"
    );
    assert_eq!(listing(dir.path()), Vec::<String>::new());
    assert_unchanged(&mut pg, &before);

    // Same with a password from stdin: refused, and it never shows.
    let chosen = "Chosen-password-4567";
    provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--password-stdin", "--yes"])
        .stdin(chosen)
        .run()
        .code_is(4)
        .never_shows(chosen);
    assert_unchanged(&mut pg, &before);
}
