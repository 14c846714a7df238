//! `provctl keys enable|disable|export`: literal selectors, confirmation (pipe and pseudo-terminal),
//! one transaction, byte-exact exports and where key values may go.

use crate::support::{db, provctl, seed, Run, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Key values seeded by these tests: 32 characters, each unique so any leak is found by substring.
fn value(tag: &str) -> String {
    format!("{tag:X<32}")
}

/// Acme: 01 active, 02 active, 03 inactive (seeded out of order); Other: 01 active.
fn acme_and_other(pg: &mut Client) -> (String, String) {
    let acme = seed::client(pg, "Acme");
    let other = seed::client(pg, "Other");
    seed::key(pg, &acme, "acme-key-03", &value("AcmeValue03"), false);
    seed::key(pg, &acme, "acme-key-01", &value("AcmeValue01"), true);
    seed::key(pg, &acme, "acme-key-02", &value("AcmeValue02"), true);
    seed::key(pg, &other, "other-key-01", &value("OtherValue01"), true);
    (acme, other)
}

/// name → is_active, ordered by name.
fn states(pg: &mut Client) -> Vec<(String, bool)> {
    pg.query("SELECT name, is_active FROM api_keys ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn state_of(pg: &mut Client, name: &str) -> bool {
    pg.query_one("SELECT is_active FROM api_keys WHERE name = $1", &[&name])
        .unwrap()
        .get(0)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// Runs `run` under `umask 000` (through `sh`, which then execs provctl with the same arguments and
/// environment). Stdin is closed; stdout and stderr are captured.
pub(crate) fn run_under_umask_000(run: Run) -> (Output, tempfile::TempDir) {
    let (cmd, home) = run.command();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let out = sh
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run sh");
    (out, home)
}

/// Spawns `run` on a pseudo-terminal of 120×40 (set with `stty` before provctl is exec'd: a new pty
/// has no size, see `bug_tables_on_a_terminal_of_unknown_size_are_unreadable`).
pub(crate) fn pty(run: Run, timeout_ms: u64) -> (rexpect::session::PtySession, tempfile::TempDir) {
    crate::support::pty(run, 120, timeout_ms)
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Files in `dir` (sorted): a refused or failed export leaves no temporary file behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_no_key_values(what: &str, text: &str) {
    for tag in ["AcmeValue", "OtherValue"] {
        assert!(!text.contains(tag), "{what} shows a key value:\n{text}");
    }
}

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

// ---------------------------------------------------------------- export

/// Acme's keys as exported, by name: (name, value, active).
fn acme_keys() -> Vec<(&'static str, String, bool)> {
    vec![
        ("acme-key-01", value("AcmeValue01"), true),
        ("acme-key-02", value("AcmeValue02"), true),
        ("acme-key-03", value("AcmeValue03"), false),
    ]
}

/// An `--out` file of Acme's keys: provctl's header line (so `secrets list|shred` find it), then the
/// rows of the export.
fn out_file_text(format: &str) -> String {
    format!(
        "# provctl-secrets format={format}: API keys (provctl keys export); deliver, then destroy with \
         `provctl secrets shred FILE`\n{}",
        expected(format, false)
    )
}

fn expected(format: &str, active_only: bool) -> String {
    let keys: Vec<_> = acme_keys()
        .into_iter()
        .filter(|(_, _, a)| *a || !active_only)
        .collect();
    match format {
        "lines" => keys.iter().map(|(n, v, _)| format!("{n} = {v}\n")).collect(),
        "env" => keys
            .iter()
            .map(|(n, v, _)| format!("API_KEY_VALUE__{n}={v}\n"))
            .collect(),
        "json" => {
            let objs: Vec<String> = keys
                .iter()
                .map(|(n, v, a)| format!("  {{\"name\":\"{n}\",\"key\":\"{v}\",\"is_active\":{a}}}"))
                .collect();
            format!("[\n{}\n]\n", objs.join(",\n"))
        }
        other => panic!("format {other}"),
    }
}

#[test]
fn export_formats_are_byte_exact_and_ordered_by_name() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    for format in ["lines", "env", "json"] {
        for active_only in [false, true] {
            let mut args = vec!["keys", "export", "--client", "Acme", "--format", format];
            if active_only {
                args.push("--active-only");
            }
            let out = provctl(&db).args(&args).run().code_is(0);
            assert_eq!(out.stdout(), expected(format, active_only), "{args:?}");
            assert_no_key_values("stderr", &out.stderr());
            assert_no_key_values("audit log", &out.audit);
            if format == "json" {
                let parsed = out.json();
                let first = &parsed.as_array().unwrap()[0];
                assert_eq!(first["name"], "acme-key-01");
                assert_eq!(first["key"], value("AcmeValue01"));
                assert_eq!(first["is_active"], true);
            }
        }
    }
    // `lines` is the default; --prefix selects like --client here; the audit log records the count.
    let out = provctl(&db)
        .args(["keys", "export", "--prefix", "acme-key-"])
        .run()
        .code_is(0)
        .stderr_has("3 key(s) exported");
    assert_eq!(out.stdout(), expected("lines", false));
    let entry = &out.audit_entries()[0];
    assert_eq!(entry["counts"]["keys_exported"], 3, "{entry}");
}

#[test]
fn export_prefix_is_literal_and_nothing_matching_is_exit_2() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::key(&mut pg, &c, "a_b-01", &value("AcmeValueUnd"), true);
    seed::key(&mut pg, &c, "axb-01", &value("AcmeValueX"), true);
    let out = provctl(&db)
        .args(["keys", "export", "--prefix", "a_b", "--format", "env"])
        .run()
        .code_is(0);
    assert_eq!(
        out.stdout(),
        format!("API_KEY_VALUE__a_b-01={}\n", value("AcmeValueUnd"))
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys.txt");
    provctl(&db)
        .args([
            "keys",
            "export",
            "--prefix",
            "zz",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(2)
        .stderr_has("no key matches");
    assert_eq!(
        listing(dir.path()),
        Vec::<String>::new(),
        "no file, no temporary left"
    );
}

#[test]
fn export_to_a_new_file_is_0600_whatever_the_umask() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-keys.txt");
    let out = provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0)
        .never_shows("AcmeValue");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out_file_text("lines"));
    assert_eq!(mode(&file), 0o600);
    assert_eq!(out.stdout(), "", "nothing on stdout when --out is given");
    assert_eq!(listing(dir.path()), ["acme-keys.txt"]);

    let file = dir.path().join("acme-keys.env");
    let (out, _home) = run_under_umask_000(provctl(&db).args([
        "keys",
        "export",
        "--client",
        "Acme",
        "--format",
        "env",
        "--out",
        file.to_str().unwrap(),
    ]));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_no_key_values("stdout", &stdout);
    assert_no_key_values("stderr", &stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out_file_text("env"));
    assert_eq!(mode(&file), 0o600, "umask 000 must not loosen the file");
}

#[test]
fn export_refuses_an_existing_file_unless_force() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys.txt");
    std::fs::write(&file, "precious\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(3)
        .stderr_has("already exists")
        .never_shows("AcmeValue");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious\n");
    assert_eq!(mode(&file), 0o644);
    assert_eq!(listing(dir.path()), ["keys.txt"]);

    provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            file.to_str().unwrap(),
            "--force",
        ])
        .run()
        .code_is(0)
        .never_shows("AcmeValue");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out_file_text("lines"));
    assert_eq!(mode(&file), 0o600);
    assert_eq!(listing(dir.path()), ["keys.txt"]);
}

#[test]
fn export_never_writes_through_a_symlink_even_with_force() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "precious\n").unwrap();
    let link = dir.path().join("keys.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    // A dangling link too: following it would create the file elsewhere.
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("elsewhere.txt"), &dangling).unwrap();
    for path in [&link, &dangling] {
        for force in [false, true] {
            let mut args = vec![
                "keys",
                "export",
                "--client",
                "Acme",
                "--out",
                path.to_str().unwrap(),
            ];
            if force {
                args.push("--force");
            }
            provctl(&db)
                .args(&args)
                .run()
                .code_is(3)
                .stderr_has("symlink")
                .never_shows("AcmeValue");
        }
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!dir.path().join("elsewhere.txt").exists());
    assert_eq!(listing(dir.path()), ["dangling.txt", "keys.txt", "target.txt"]);
}

#[test]
fn export_on_a_terminal_needs_reveal() {
    let db = db();
    let mut pg = db.client();
    acme_and_other(&mut pg);
    let (mut p, _home) = pty(provctl(&db).args(["keys", "export", "--client", "Acme"]), 30_000);
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3, "screen:\n{screen}");
    assert_no_key_values("the screen", &screen);
    assert!(screen.contains("--reveal"), "the refusal says how:\n{screen}");

    let (mut p, home) = pty(
        provctl(&db).args(["keys", "export", "--client", "Acme", "--reveal"]),
        30_000,
    );
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    for (name, v, _) in acme_keys() {
        assert!(
            screen.contains(&format!("{name} = {v}")),
            "{name} missing:\n{screen}"
        );
    }
    assert!(!screen.contains("OtherValue"));
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap();
    assert_eq!(crate::support::audit_entries(&audit).len(), 1, "{audit}");
    assert_no_key_values("audit log", &audit);

    // With --out, a terminal is fine: the values go to the file, never to the screen.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys.txt");
    let (mut p, _home) = pty(
        provctl(&db).args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            file.to_str().unwrap(),
        ]),
        30_000,
    );
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    assert_no_key_values("the screen", &screen);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out_file_text("lines"));
}
