//! `keys create`: names continued from the highest, the destinations (a 0600 file, a pipe, a terminal
//! with `--reveal`), refusals, a closed stdout.

use super::{audited_once, exit_code, keys, lines_of, platform_db, seeded};
use crate::keys_change::pty;
use crate::support::{provctl, seed};
use std::os::unix::fs::PermissionsExt;

// ---------------------------------------------------------------- create

#[test]
fn create_continues_the_highest_name_with_its_width_into_a_0600_file() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-reserve.txt");
    let out = provctl(&db)
        .args([
            "keys",
            "create",
            "--client",
            "Acme",
            "--count",
            "2",
            "--inactive",
            "--yes",
            "-o",
            "json",
        ])
        .args(["--out", file.to_str().unwrap()])
        .run()
        .code_is(0)
        .stderr_has("after acme-key-07");
    // The plan (JSON on stdout, since the values went to the file).
    let plan = out.json();
    let names: Vec<&str> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme-key-08", "acme-key-09"]);
    assert_eq!(plan[0]["is_active"], false);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&file).unwrap();
    // The header that lets `secrets list|shred` find the file.
    assert!(text.starts_with("# provctl-secrets format=lines: "), "{text}");
    let written = lines_of(&text);
    assert_eq!(written.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), names);
    let now = keys(&mut pg);
    let mut out = out;
    for (name, value) in &written {
        assert_eq!(value.len(), 32, "{name}");
        assert!(
            value.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}: {value}"
        );
        let row = now.iter().find(|k| &k.1 == name).expect("created");
        assert_eq!((&row.0[..], &row.2, row.3, &row.4), ("Acme", value, false, &None));
        out = out.never_shows(value);
    }
    assert_ne!(written[0].1, written[1].1);
    let e = audited_once(&out);
    assert_eq!(e["counts"]["keys_created"], 2, "{e}");
    assert_eq!(e["counts"]["keys"][0], "acme-key-08");
    assert_eq!(e["client"], "Acme");
    // The next one continues after them.
    let again = dir.path().join("again.txt");
    provctl(&db)
        .args([
            "keys",
            "create",
            "--client",
            "Acme",
            "--yes",
            "--out",
            again.to_str().unwrap(),
        ])
        .run()
        .code_is(0)
        .stderr_has("after acme-key-09");
    assert_eq!(
        lines_of(&std::fs::read_to_string(&again).unwrap())[0].0,
        "acme-key-10"
    );
}

#[test]
fn create_for_a_client_without_keys_follows_provisioning_and_pipes_the_values() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    seed::client(&mut pg, "Fresh");
    // stdout is a pipe here: the values are its only content; the plan goes to stderr.
    let out = provctl(&db)
        .args(["keys", "create", "--client", "Fresh", "--count", "2", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("named as provisioning does")
        .stderr_has("name=key-01");
    let piped = lines_of(&out.stdout());
    assert_eq!(
        piped.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["key-01", "key-02"]
    );
    assert!(!out.stderr().contains(&piped[0].1), "a value on stderr");
    let now = keys(&mut pg);
    for (name, value) in &piped {
        assert!(now
            .iter()
            .any(|k| k.0 == "Fresh" && &k.1 == name && &k.2 == value && k.3));
    }
    // env format, as `keys export --format env`.
    let out = provctl(&db)
        .args(["keys", "create", "--client", "Fresh", "--yes", "--format", "env"])
        .run()
        .code_is(0);
    assert!(
        out.stdout().starts_with("API_KEY_VALUE__key-03="),
        "{}",
        out.stdout()
    );
    // -o json on a pipe: the values as `--format json` (the plan stays on stderr).
    let out = provctl(&db)
        .args(["keys", "create", "--client", "Fresh", "--yes", "-o", "json"])
        .run()
        .code_is(0);
    let doc = out.json();
    assert_eq!(doc[0]["name"], "key-04");
    assert_eq!(doc[0]["is_active"], true);
    assert_eq!(doc[0]["key"].as_str().unwrap().len(), 32);
}

#[test]
fn create_refuses_without_a_terminal_or_a_safe_destination_and_bad_input_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let before = keys(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.txt");
    // No terminal and no --yes: exit 3, no key, no file.
    let out = provctl(&db)
        .args([
            "keys",
            "create",
            "--client",
            "Acme",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(3);
    assert_eq!(out.audit, "", "a refused change is not logged");
    assert!(!file.exists());
    assert_eq!(keys(&mut pg), before);
    // Unknown client, a count out of range, an existing --out file: nothing changed.
    provctl(&db)
        .args(["keys", "create", "--client", "Nobody", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
    for count in ["0", "1000", "x"] {
        provctl(&db)
            .args(["keys", "create", "--client", "Acme", "--yes", "--count", count])
            .run()
            .code_is(2)
            .stderr_has("--count");
    }
    std::fs::write(&file, "keep me\n").unwrap();
    provctl(&db)
        .args([
            "keys",
            "create",
            "--client",
            "Acme",
            "--yes",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(3);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me\n");
    assert_eq!(keys(&mut pg), before);
}

#[test]
fn pty_create_on_a_terminal_needs_reveal_and_asks() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let before = keys(&mut pg);
    // The values would land on the screen: refused before anything is asked.
    let (mut p, _home) = pty(provctl(&db).args(["keys", "create", "--client", "Acme"]), 30_000);
    p.exp_string("stdout is a terminal").expect("refusal");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3);
    assert_eq!(keys(&mut pg), before);
    // With --reveal: the plan, the question (default No), then the value on the screen once asked.
    let (mut p, _home) = pty(
        provctl(&db).args(["keys", "create", "--client", "Acme", "--reveal"]),
        30_000,
    );
    p.exp_string("Create 1 active key(s) for Acme?")
        .expect("question");
    p.send("n").expect("answer");
    p.flush().unwrap();
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3);
    assert_eq!(keys(&mut pg), before);
    let (mut p, _home) = pty(
        provctl(&db).args(["keys", "create", "--client", "Acme", "--reveal"]),
        30_000,
    );
    p.exp_string("Create 1 active key(s) for Acme?")
        .expect("question");
    p.send("y").expect("answer");
    p.flush().unwrap();
    p.exp_string("acme-key-08 = ").expect("the value, revealed");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert_eq!(keys(&mut pg).len(), before.len() + 1);
}

/// A closed stdout (the reader went away) after the commit: the values that did not leave are lost,
/// which is an error saying so (never exit 0), and never a reason to write them to stderr instead.
#[test]
fn bug_a_closed_stdout_never_sends_new_values_to_stderr() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let (mut cmd, _home) = provctl(&db)
        .args(["keys", "create", "--client", "Acme", "--count", "50", "--yes"])
        .command();
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the change is committed, but only 0 of 50"),
        "{stderr}"
    );
    let created: Vec<String> = pg
        .query(
            "SELECT k.key FROM api_keys k JOIN clients c ON c.id = k.client_id \
             WHERE c.name = 'Acme' AND k.name > 'acme-key-07'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(created.len(), 50, "committed");
    for v in &created {
        assert!(!stderr.contains(v.as_str()), "a new value on stderr:\n{stderr}");
    }
}
