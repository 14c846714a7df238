//! The secrets file: its mode, dated blocks, symlinks, failed commits and failed writes, passwords
//! from the INI, no secret in output or the audit log, git, relative paths.

use super::{
    checksums, client_ini, count, edit, fail_commits_on, git_repo, has_timestamp, keys_of, mode,
    parse_secrets, provision, read_secrets, secret_values, secrets_path, shows_no_secret, snapshot, value_of,
    write_ini, SAMPLE,
};
use crate::support::{db, Done};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn secrets_file_is_0600_even_under_umask_000() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).umask(0).run().code_is(0);
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
}

#[test]
fn a_later_run_appends_a_dated_block_and_keeps_the_old_one() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let old = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(
        old.lines().any(|l| l.starts_with('#') && has_timestamp(l)),
        "no dated comment:\n{old}"
    );

    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    let out = provision(&db, &[], &[&ini])
        .umask(0)
        .run()
        .code_is(0)
        .stdout_has("+ api_key demo-key-05")
        .stdout_has("= api_key demo-key-04");
    let new = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(
        new.starts_with(&old),
        "the old block was not kept byte for byte:\n{new}"
    );
    let tail = &new[old.len()..];
    assert!(
        tail.lines().any(|l| l.starts_with('#') && has_timestamp(l)),
        "no dated comment:\n{tail}"
    );
    assert!(
        tail.starts_with("\n# "),
        "blocks are separated by one empty line:\n{new}"
    );
    let pairs = parse_secrets(tail);
    assert_eq!(
        keys_of(&pairs),
        ["API_KEY_NAME__demo-key-05", "API_KEY_VALUE__demo-key-05"]
    );
    assert_eq!(value_of(&pairs, "API_KEY_NAME__demo-key-05"), "demo-key-05");
    let key: String = pg
        .query_one("SELECT key FROM api_keys WHERE name = 'demo-key-05'", &[])
        .unwrap()
        .get(0);
    assert_eq!(value_of(&pairs, "API_KEY_VALUE__demo-key-05"), key);
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
    shows_no_secret(out, &pairs);
}

#[test]
fn bug_a_new_secrets_file_started_with_an_empty_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let text = std::fs::read_to_string(secrets_path(&ini)).unwrap();
    assert!(text.starts_with("# provctl provision "), "{text:?}");
    // Appending to a file whose last line is unterminated (written by hand or by the script) keeps
    // that line whole: the newline written before the new block ends it.
    let other = write_ini(dir.path(), "other.ini", client_ini("Other", "ops@other.example"));
    std::fs::write(secrets_path(&other), "ADMIN_EMAIL=old@other.example").unwrap();
    std::fs::set_permissions(secrets_path(&other), std::fs::Permissions::from_mode(0o600)).unwrap();
    provision(&db, &[], &[&other]).run().code_is(0);
    let text = std::fs::read_to_string(secrets_path(&other)).unwrap();
    assert!(
        text.starts_with("ADMIN_EMAIL=old@other.example\n# provctl provision "),
        "{text:?}"
    );
}

#[test]
fn a_symlinked_secrets_file_is_refused_before_anything_is_committed() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    for existing_target in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
        let target = dir.path().join("elsewhere.env");
        if existing_target {
            std::fs::write(&target, "original\n").unwrap();
        }
        std::os::unix::fs::symlink(&target, secrets_path(&ini)).unwrap();
        let files = snapshot(dir.path());
        provision(&db, &[], &[&ini])
            .run()
            .code_is(3)
            .stderr_has("symlink");
        assert_eq!(
            checksums(&mut pg),
            empty,
            "rows committed (target existed: {existing_target})"
        );
        assert_eq!(
            snapshot(dir.path()),
            files,
            "files changed (target existed: {existing_target})"
        );
    }
}

#[test]
fn a_failed_commit_leaves_no_new_secrets_file() {
    let db = db();
    let mut pg = db.client();
    fail_commits_on(&mut pg, "http_targets");
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(4)
        .stderr_has("commit refused");
    assert_eq!(checksums(&mut pg), empty, "rows of a failed commit are there");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM clients"), 0);
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["demo.ini"],
        "the secrets file of a failed commit stayed"
    );
}

#[test]
fn a_failed_commit_leaves_an_existing_secrets_file_byte_identical() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let file = std::fs::read(secrets_path(&ini)).unwrap();
    fail_commits_on(&mut pg, "api_keys");
    let before = checksums(&mut pg);
    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    provision(&db, &[], &[&ini])
        .run()
        .code_is(4)
        .stderr_has("commit refused");
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "the secrets file changed"
    );
    assert_eq!(mode(&secrets_path(&ini)), 0o600);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        count(
            &mut pg,
            "SELECT count(*) FROM api_keys WHERE name = 'demo-key-05'"
        ),
        0
    );
}

#[test]
fn a_password_from_the_ini_is_hashed_kept_out_of_the_secrets_file_and_never_changed() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let password = "Correct-Horse-Battery-9";
    let with_password = |p: &str| edit("; password =  (empty => generated)", &format!("password = {p}"));
    let ini = write_ini(dir.path(), "demo.ini", with_password(password));
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("password from the INI")
        .never_shows(password);
    let hash: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert!(hash.starts_with("$2b$12$") && hash.len() == 60, "{hash}");
    assert!(bcrypt::verify(password, &hash).unwrap());
    let pairs = read_secrets(&ini);
    assert!(
        pairs.iter().all(|(k, _)| k.starts_with("API_KEY_")),
        "only generated secrets belong in the file: {:?}",
        keys_of(&pairs)
    );
    assert_eq!(pairs.len(), 8);

    // An existing admin's password is never changed, whatever the INI says now.
    let other = "Another-Password-7";
    std::fs::write(&ini, with_password(other)).unwrap();
    provision(&db, &[], &[&ini])
        .run()
        .code_is(0)
        .stdout_has("= admin demo@example.com")
        .never_shows(other);
    let after: String = pg
        .query_one("SELECT password_hash FROM users", &[])
        .unwrap()
        .get(0);
    assert_eq!(after, hash);
}

#[test]
fn no_secret_in_output_or_audit_log_in_table_json_and_verbose_modes() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    for (i, flags) in [
        &[][..],
        &["-o", "json"][..],
        &["--verbose"][..],
        &["--verbose", "-o", "json"][..],
    ]
    .iter()
    .enumerate()
    {
        let ini = write_ini(
            dir.path(),
            &format!("c{i}.ini"),
            client_ini(&format!("C{i}"), &format!("c{i}@example.com")),
        );
        let out = provision(&db, flags, &[&ini]).run().code_is(0);
        let pairs = read_secrets(&ini);
        assert_eq!(secret_values(&pairs).len(), 5, "{flags:?}");
        let out = shows_no_secret(out, &pairs);
        assert!(!out.audit.is_empty(), "{flags:?}: no audit line");
        let hash: String = db
            .client()
            .query_one(
                "SELECT password_hash FROM users WHERE email = $1",
                &[&format!("c{i}@example.com")],
            )
            .unwrap()
            .get(0);
        out.never_shows(&hash);
    }
}

#[test]
fn a_secrets_file_git_would_commit_draws_a_warning() {
    let db = db();
    let warns = |out: &Done, file: &Path| {
        out.stderr()
            .lines()
            .any(|l| l.contains("warning") && l.contains(&file.display().to_string()) && l.contains("git"))
    };
    let repo = git_repo("*.log\n");
    let ini = write_ini(repo.path(), "a.ini", client_ini("Alpha", "alpha@example.com"));
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(
        warns(&out, &secrets_path(&ini)),
        "no git warning:\n{}",
        out.stderr()
    );

    let repo = git_repo("*.generated.secrets.env\n");
    let ini = write_ini(repo.path(), "b.ini", client_ini("Bravo", "bravo@example.com"));
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(secrets_path(&ini).exists());
    assert!(
        !warns(&out, &secrets_path(&ini)),
        "a warning for an ignored file:\n{}",
        out.stderr()
    );
}

#[test]
fn the_secrets_are_in_the_file_when_the_commit_runs() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    // The server runs as another user: it must be able to stat the file (not to read it).
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let secrets = secrets_path(&ini);
    // A deferred trigger runs inside COMMIT: it records the file's size at that moment.
    pg.batch_execute(&format!(
        "CREATE TABLE seen_at_commit (size bigint); \
         CREATE FUNCTION look_at_secrets() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             INSERT INTO seen_at_commit SELECT (pg_stat_file('{}', true)).size; RETURN NULL; END $$; \
         CREATE CONSTRAINT TRIGGER look_at_secrets AFTER INSERT ON clients DEFERRABLE INITIALLY DEFERRED \
             FOR EACH ROW EXECUTE FUNCTION look_at_secrets();",
        secrets.display()
    ))
    .unwrap();
    provision(&db, &[], &[&ini]).run().code_is(0);
    let seen: Option<i64> = pg
        .query_one("SELECT size FROM seen_at_commit", &[])
        .unwrap()
        .get(0);
    let len = std::fs::metadata(&secrets).unwrap().len() as i64;
    assert_eq!(
        seen,
        Some(len),
        "at COMMIT the secrets file held {seen:?} bytes; it holds {len} now"
    );
}

#[test]
fn a_failed_secrets_write_leaves_no_secret_behind() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    // The disk "fills up" 200 bytes into the block: within the admin password line.
    provision(&db, &[], &[&ini])
        .file_size_limit(200)
        .run()
        .code_is(3)
        .stderr_has("secrets file");
    assert_eq!(checksums(&mut pg), empty, "rows committed without their secrets");
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["demo.ini"],
        "a partial secrets file stayed: {:?}",
        std::fs::read_to_string(secrets_path(&ini)).unwrap_or_default()
    );

    // An existing file: back to its previous bytes.
    provision(&db, &[], &[&ini]).run().code_is(0);
    let file = std::fs::read(secrets_path(&ini)).unwrap();
    let before = checksums(&mut pg);
    std::fs::write(&ini, SAMPLE.replace("count = 4", "count = 5")).unwrap();
    provision(&db, &[], &[&ini])
        .file_size_limit(file.len() as u64 + 100)
        .run()
        .code_is(3);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        std::fs::read(secrets_path(&ini)).unwrap(),
        file,
        "garbage appended to the secrets file"
    );
}

#[test]
fn relative_paths_put_the_secrets_file_beside_the_ini() {
    let db = db();
    let root = tempfile::tempdir().unwrap();
    let sub = root.path().join("provisioning");
    std::fs::create_dir(&sub).unwrap();
    write_ini(&sub, "a.ini", client_ini("Alpha", "alpha@example.com"));
    provision(&db, &[], &[Path::new("provisioning/a.ini")])
        .current_dir(root.path())
        .run()
        .code_is(0);
    assert!(sub.join("a.ini.generated.secrets.env").exists());
    write_ini(&sub, "b.ini", client_ini("Bravo", "bravo@example.com"));
    provision(&db, &[], &[Path::new(".")])
        .current_dir(&sub)
        .run()
        .code_is(0)
        .stdout_has("= client Alpha")
        .stdout_has("+ client Bravo");
    assert_eq!(
        snapshot(&sub).into_keys().collect::<Vec<_>>(),
        [
            "a.ini",
            "a.ini.generated.secrets.env",
            "b.ini",
            "b.ini.generated.secrets.env"
        ]
    );
    assert_eq!(
        snapshot(root.path()).len(),
        1,
        "a file was written outside the INI's directory"
    );
}
