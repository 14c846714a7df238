//! Feedback during long work (issue 17, item 5): progress bars on a terminal's stderr (never in a pipe
//! or a log), one summary line per batch, one git warning per batch, and Ctrl-C during the bcrypt
//! phase acting at once and saying so.

use crate::keys_change::pty;
use crate::provision::{client_ini, git_repo, provision, secrets_path, write_ini};
use crate::support::{db, pty_exit_code as exit_code, TestDb};
use std::path::{Path, PathBuf};

/// `n` INIs for new clients (`Client01`…) in `dir`.
fn inis(dir: &Path, n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            let name = format!("Client{i:02}");
            write_ini(
                dir,
                &format!("c{i:02}.ini"),
                client_ini(&name, &format!("admin{i}@c{i}.example")),
            )
        })
        .collect()
}

fn clients(db: &TestDb) -> i64 {
    db.client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0)
}

/// `provision` of `paths` on a pseudo-terminal.
fn on_a_terminal(db: &TestDb, paths: &[PathBuf]) -> (rexpect::session::PtySession, tempfile::TempDir) {
    pty(
        provision(db, &[], &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>()),
        60_000,
    )
}

#[test]
fn a_batch_ends_with_one_summary_line_and_an_unchanged_rerun_under_quiet_prints_only_it() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let paths = inis(dir.path(), 4);
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let out = provision(&db, &[], &refs).run().code_is(0);
    let last = out.stdout().lines().last().unwrap_or_default().to_string();
    assert_eq!(
        last,
        "4 INI file(s): 4 created (36 object(s)), 0 unchanged, 0 drift, 0 failed",
        "{}",
        out.stdout()
    );
    let out = provision(&db, &["-q"], &refs).run().code_is(0);
    assert_eq!(
        out.stdout(),
        "4 INI file(s): 0 created (0 object(s)), 4 unchanged, 0 drift, 0 failed\n"
    );
    assert_eq!(out.stderr(), "");
    // A dry run says so; a failed INI is counted.
    std::fs::write(&paths[3], "[client]\nname = Broken\n").unwrap();
    let out = provision(&db, &["--dry-run"], &refs).run().code_is(2);
    assert!(
        out.stdout().ends_with(
            "4 INI file(s): 0 to create (0 object(s)), 3 unchanged, 0 drift, 1 failed (dry run: nothing written)\n"
        ),
        "{}",
        out.stdout()
    );
}

#[test]
fn the_json_result_always_has_the_client_id() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let paths = inis(dir.path(), 1);
    let json = |flags: &[&str]| {
        let mut f = vec!["-o", "json"];
        f.extend_from_slice(flags);
        provision(&db, &f, &[&paths[0]]).run().code_is(0).json()[0]["client"].clone()
    };
    // A dry run of a new client: the key is there, null.
    let dry = json(&["--dry-run"]);
    assert!(
        dry.as_object().unwrap().contains_key("id") && dry["id"].is_null(),
        "{dry}"
    );
    let created = json(&[]);
    let id = created["id"].as_str().unwrap().to_string();
    // Unchanged, and a dry run of an existing client: the existing id.
    assert_eq!(json(&[])["id"], id.as_str());
    assert_eq!(json(&["--dry-run"])["id"], id.as_str());
}

#[test]
fn the_git_warning_of_a_batch_is_one_line() {
    let db = db();
    // A work tree whose .gitignore does not cover the secrets files.
    let dir = git_repo("*.log\n");
    let paths = inis(dir.path(), 3);
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let out = provision(&db, &[], &refs).run().code_is(0);
    let warnings: Vec<String> = out
        .stderr()
        .lines()
        .filter(|l| l.contains("git"))
        .map(str::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr());
    let w = &warnings[0];
    assert!(
        w.starts_with("warning: 3 secrets files are inside a git work tree that does not ignore them: "),
        "{w}"
    );
    for p in &paths {
        assert!(w.contains(&secrets_path(p).display().to_string()), "{w}");
    }
    assert!(
        w.ends_with("(add `*.generated.secrets.env` to .gitignore)"),
        "{w}"
    );
}

/// On a terminal the hashing and the batch draw bars on stderr; in a pipe there is none (no escape
/// sequence, no bar text), only the lines a log needs.
#[test]
fn progress_bars_are_drawn_on_a_terminal_and_never_in_a_pipe() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let paths = inis(dir.path(), 3);
    let (mut p, _home) = on_a_terminal(&db, &paths);
    p.exp_string("hashing 3 admin password(s) [")
        .expect("the hashing bar");
    p.exp_string("3 INI file(s): 3 created")
        .expect("the summary line");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);

    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (1..=3)
        .map(|i| {
            write_ini(
                dir.path(),
                &format!("p{i}.ini"),
                client_ini(&format!("Piped{i}"), &format!("a@p{i}.example")),
            )
        })
        .collect();
    let out = provision(&db, &[], &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>())
        .run()
        .code_is(0);
    let stderr = out.stderr();
    assert!(
        !stderr.contains("hashing") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
    // Without a bar each INI still says when it starts.
    assert!(stderr.contains("[1/3] applying"), "{stderr}");
}

/// Ctrl-C while bcrypt runs: the run stops at once (the 20 ms poll, not the end of the hashing), says
/// it is stopping, exits 130 and writes nothing.
#[test]
fn ctrl_c_during_hashing_stops_and_says_so_with_the_bar_drawn() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let paths = inis(dir.path(), 16);
    let (mut p, _home) = on_a_terminal(&db, &paths);
    p.exp_string("hashing 16 admin password(s) [")
        .expect("the hashing bar");
    p.send_control('c').expect("ctrl-c");
    p.exp_string("SIGINT: stopping the hashing; nothing was written")
        .expect("says it stops");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 130);
    assert_eq!(clients(&db), 0);
    for ini in &paths {
        assert!(!secrets_path(ini).exists());
    }
}
