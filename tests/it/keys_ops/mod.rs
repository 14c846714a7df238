//! `keys create`, `keys rotate`, `keys unbind` and the key listings' new columns, on the platform's
//! schema: plan, refusal without a terminal, `--yes`, JSON, the audit line (pending then outcome), bad
//! input (exit 2, nothing changed), values only where `keys export` sends them.

use crate::keys_change::pty;
use crate::support::{cluster, provctl, seed, Template, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;

const V1: &str = "AcmeValue01-0123456789abcdefghij";
const V7: &str = "AcmeValue07-0123456789abcdefghij";
const OTHER: &str = "OtherValue01-0123456789abcdefghi";

fn platform_db() -> TestDb {
    cluster().fresh_db(Template::Alembic)
}

/// Acme: acme-key-01 (active, bound to acme-web-01, used) and acme-key-07 (inactive); Other: key-01
/// bound to other-web-01. Returns (acme id, acme-web-01 id).
fn seeded(pg: &mut Client) -> (String, String) {
    let acme = seed::client(pg, "Acme");
    let other = seed::client(pg, "Other");
    let k1 = seed::key(pg, &acme, "acme-key-01", V1, true);
    seed::key(pg, &acme, "acme-key-07", V7, false);
    let web = seed::machine(pg, &acme, "acme-web-01");
    seed::bind(pg, &k1, &web);
    seed::key_used(pg, &k1);
    let ok = seed::key(pg, &other, "key-01", OTHER, true);
    let om = seed::machine(pg, &other, "other-web-01");
    seed::bind(pg, &ok, &om);
    (acme, web)
}

/// Every key: (client name, key name, value, is_active, bound hostname, last_used_at set).
fn keys(pg: &mut Client) -> Vec<(String, String, String, bool, Option<String>, bool)> {
    pg.query(
        "SELECT c.name, k.name, k.key, k.is_active, m.hostname, k.last_used_at IS NOT NULL FROM api_keys k \
         JOIN clients c ON c.id = k.client_id LEFT JOIN machines m ON m.id = k.machine_id ORDER BY c.name, k.name",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
    .collect()
}

/// The raw audit log holds a pending line and its outcome for one change.
#[track_caller]
fn audited_once(out: &crate::support::Done) -> serde_json::Value {
    let raw: Vec<serde_json::Value> = out
        .audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(raw.len(), 2, "pending + outcome:\n{}", out.audit);
    assert_eq!(raw[0]["outcome"], "pending");
    assert_eq!(raw[0]["id"], raw[1]["id"]);
    let e = out.audit_entries().remove(0);
    assert_eq!(e["outcome"], "ok", "{e}");
    e
}

/// `name = value` lines of an export in the default format (a file's first line is provctl's
/// secrets header, which `secrets list|shred` recognise).
fn lines_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.starts_with("# provctl-secrets format=lines: "))
        .map(|l| {
            let (n, v) = l
                .split_once(" = ")
                .unwrap_or_else(|| panic!("not a `name = value` line: {l:?}"));
            (n.to_string(), v.to_string())
        })
        .collect()
}

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

pub(crate) fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
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

// ---------------------------------------------------------------- rotate

#[test]
fn rotate_replaces_the_value_in_the_same_row_and_names_the_agent_to_reconfigure() {
    let db = platform_db();
    let mut pg = db.client();
    let (_, web) = seeded(&mut pg);
    let id_before: String = pg
        .query_one("SELECT id::text FROM api_keys WHERE name = 'acme-key-01'", &[])
        .unwrap()
        .get(0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-key-01.txt");
    let out = provctl(&db)
        .args([
            "keys",
            "rotate",
            "acme-key-01",
            "--yes",
            "-o",
            "json",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0)
        .stderr_has("the agent on acme-web-01")
        .never_shows(V1);
    let plan = out.json();
    assert_eq!(plan[0]["hostname"], "acme-web-01");
    assert_eq!(plan[0]["machine_id"], web.as_str());
    let (name, new) = lines_of(&std::fs::read_to_string(&file).unwrap()).remove(0);
    assert_eq!(name, "acme-key-01");
    let out = out.never_shows(&new);
    assert_ne!(new, V1);
    assert_eq!(new.len(), 32);
    // Same row, name, binding, is_active and last_used_at; the old value is nowhere, the new one once.
    let r = pg
        .query_one(
            "SELECT id::text, key, machine_id::text, is_active, last_used_at IS NOT NULL FROM api_keys WHERE name = 'acme-key-01'",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), id_before);
    assert_eq!(r.get::<_, String>(1), new);
    assert_eq!(r.get::<_, Option<String>>(2).as_deref(), Some(web.as_str()));
    assert!(r.get::<_, bool>(3) && r.get::<_, bool>(4));
    let mut count = |v: &str| -> i64 {
        pg.query_one("SELECT count(*) FROM api_keys WHERE key = $1", &[&v])
            .unwrap()
            .get(0)
    };
    assert_eq!(count(V1), 0, "the old value still works");
    assert_eq!(count(&new), 1);
    let e = audited_once(&out);
    assert_eq!(e["counts"]["keys_rotated"], 1, "{e}");
    assert_eq!(e["counts"]["machine"], "acme-web-01");
}

#[test]
fn rotate_refusals_and_bad_input_change_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let other = seed::client(&mut pg, "Third");
    seed::key(
        &mut pg,
        &other,
        "key-01",
        "ThirdValue01-0123456789abcdefghi",
        true,
    );
    let before = keys(&mut pg);
    // No terminal, no --yes (the value would have gone to the pipe): exit 3.
    provctl(&db)
        .args(["keys", "rotate", "acme-key-07"])
        .run()
        .code_is(3);
    provctl(&db)
        .args(["keys", "rotate", "acme-key-99", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s): acme-key-99");
    // key-01 is Other's and Third's: which one must be said.
    provctl(&db)
        .args(["keys", "rotate", "key-01", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("is used by 2 keys")
        .stderr_has("--client");
    provctl(&db)
        .args(["keys", "rotate", "key-01", "--client", "Nobody", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
    assert_eq!(keys(&mut pg), before);
    // With --client, only that client's key changes; the pipe gets the value.
    let out = provctl(&db)
        .args(["keys", "rotate", "key-01", "--client", "Third", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("is not bound to a machine");
    let (_, new) = lines_of(&out.stdout()).remove(0);
    let now = keys(&mut pg);
    assert!(now.iter().any(|k| k.0 == "Third" && k.2 == new));
    assert!(
        now.iter().any(|k| k.0 == "Other" && k.2 == OTHER),
        "Other's key-01 changed"
    );
}

// ---------------------------------------------------------------- unbind

#[test]
fn unbind_frees_the_key_from_its_machine_and_reports_an_unbound_one() {
    let db = platform_db();
    let mut pg = db.client();
    let (_, web) = seeded(&mut pg);
    let out = provctl(&db)
        .args([
            "keys",
            "unbind",
            "acme-key-01",
            "acme-key-07",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .code_is(0)
        .stderr_has("acme-key-01 leaves acme-web-01")
        .stderr_has("acme-key-07 is not bound to a machine")
        .stderr_has("1 key(s) unbound")
        .never_shows(V1);
    let plan = out.json();
    assert_eq!(plan[0]["name"], "acme-key-01");
    assert_eq!(plan[0]["hostname"], "acme-web-01");
    assert_eq!(plan[0]["machine_id"], web.as_str());
    assert_eq!(plan[0]["action"], "unbind");
    assert_eq!(plan[1]["action"], "already unbound");
    let now = keys(&mut pg);
    let k1 = now.iter().find(|k| k.1 == "acme-key-01").unwrap();
    assert_eq!(
        (k1.2.as_str(), k1.3, &k1.4, k1.5),
        (V1, true, &None, true),
        "value, is_active, last_used_at stay"
    );
    assert!(now
        .iter()
        .any(|k| k.0 == "Other" && k.4.as_deref() == Some("other-web-01")));
    let e = audited_once(&out);
    assert_eq!(e["counts"]["keys_unbound"], 1, "{e}");
    assert_eq!(e["client"], "Acme");
    // Again: nothing to unbind, exit 0, nothing logged.
    let out = provctl(&db)
        .args(["keys", "unbind", "acme-key-01", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to unbind");
    assert_eq!(out.audit, "");
}

#[test]
fn unbind_refusals_and_bad_input_change_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let before = keys(&mut pg);
    let out = provctl(&db)
        .args(["keys", "unbind", "acme-key-01"])
        .run()
        .code_is(3)
        .stdout_has("acme-web-01");
    assert_eq!(out.audit, "");
    provctl(&db)
        .args(["keys", "unbind", "acme-key-01", "nope", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s): nope");
    provctl(&db)
        .args(["keys", "unbind", "key-01", "--client", "Acme", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("for client `Acme`");
    provctl(&db).args(["keys", "unbind", "--yes"]).run().code_is(2);
    assert_eq!(keys(&mut pg), before);
}

#[test]
fn pty_unbind_asks_and_yes_applies() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let (mut p, _home) = pty(provctl(&db).args(["keys", "unbind", "acme-key-01"]), 30_000);
    p.exp_string("acme-web-01").expect("the plan names the machine");
    p.exp_string("Unbind 1 key(s)?").expect("question");
    p.send("y").expect("answer");
    p.flush().unwrap();
    p.exp_string("1 key(s) unbound").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(keys(&mut pg).iter().all(|k| k.0 != "Acme" || k.4.is_none()));
}

// ---------------------------------------------------------------- listings

#[test]
fn keys_list_shows_the_bound_machines_hostname_and_the_client_across_clients() {
    let db = platform_db();
    let mut pg = db.client();
    let (acme, web) = seeded(&mut pg);
    let table = provctl(&db).args(["keys", "list", "--bound"]).run().code_is(0);
    let header = table
        .stdout()
        .lines()
        .find(|l| l.contains("name"))
        .unwrap()
        .to_string();
    assert!(
        header.contains("hostname") && header.contains("client"),
        "{header}"
    );
    assert!(
        !header.contains("machine_id"),
        "the table shows the hostname, not the id: {header}"
    );
    assert!(table.stdout().contains("acme-web-01") && table.stdout().contains("other-web-01"));
    assert!(!table.stdout().contains(&web), "{}", table.stdout());
    let json = provctl(&db)
        .args(["keys", "list", "--bound", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(json[0]["machine_id"], web.as_str());
    assert_eq!(json[0]["hostname"], "acme-web-01");
    assert_eq!(json[0]["client"], "Acme");
    assert_eq!(json[1]["client"], "Other");
    // Filtered by client (a name or an id): no client column.
    for c in ["Acme", acme.as_str()] {
        let rows = provctl(&db)
            .args(["keys", "list", "--client", c, "-o", "json"])
            .run()
            .code_is(0)
            .json();
        let fields: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "id",
                "name",
                "is_active",
                "machine_id",
                "last_used_at",
                "hostname"
            ],
            "--client {c}"
        );
        assert_eq!(rows.as_array().unwrap().len(), 2);
    }
}

#[test]
fn a_client_folded_into_the_listing_keeps_every_message() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let empty = seed::client(&mut pg, "Empty");
    let twin_a = seed::client(&mut pg, "Twin");
    seed::client(&mut pg, "Twin");
    seed::key(
        &mut pg,
        &twin_a,
        "twin-key-01",
        "TwinValue01-0123456789abcdefghij",
        true,
    );
    for cmd in [&["keys", "list"][..], &["machines"][..], &["users"][..]] {
        // An empty client (by name or id) is an empty listing, exit 0.
        for c in ["Empty", empty.as_str()] {
            let out = provctl(&db)
                .args(cmd)
                .args(["--client", c, "-o", "json"])
                .run()
                .code_is(0);
            assert_eq!(out.json(), serde_json::json!([]), "{cmd:?} --client {c}");
        }
        // Unknown (a name, an id) and shared names: exit 2, with resolve's messages.
        provctl(&db)
            .args(cmd)
            .args(["--client", "Nobody"])
            .run()
            .code_is(2)
            .stderr_has("unknown client `Nobody`");
        provctl(&db)
            .args(cmd)
            .args(["--client", "0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"])
            .run()
            .code_is(2)
            .stderr_has("unknown client");
        provctl(&db)
            .args(cmd)
            .args(["--client", "Twin"])
            .run()
            .code_is(2)
            .stderr_has("client name `Twin` is shared by 2 clients");
    }
}

/// Review of issue 16: `--format env` on a name that cannot be a variable was refused only after the
/// commit when the values went to stdout — a rotated key's old value dead, its new one shown to nobody.
#[test]
fn bug_an_env_delivery_of_a_name_env_cannot_hold_was_refused_after_the_commit() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::key(&mut pg, &acme, "web key 1", V1, true);
    seed::key(&mut pg, &acme, "acme key 07", V7, true);
    let before = keys(&mut pg);
    provctl(&db)
        .args(["keys", "rotate", "web key 1", "--format", "env", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("`web key 1` cannot be part of a variable name")
        .stderr_has("nothing changed")
        .never_shows(V1);
    provctl(&db)
        .args(["keys", "create", "--client", "Acme", "--format", "env", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("`acme key 08` cannot be part of a variable name");
    assert_eq!(keys(&mut pg), before, "nothing changed");
}
