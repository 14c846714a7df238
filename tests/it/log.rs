//! `provctl log`: the audit log read back — real changes paired with their outcome, newest first; a
//! cut last line and a pending line without outcome; the --client, --since and --command filters; bad
//! input; no database needed.

use crate::support::{db, provctl, provctl_bare, seed};
use std::path::Path;

/// An audit line as the writer writes it.
fn line(id: &str, time: &str, outcome: &str, client: &str, command: &str) -> String {
    serde_json::json!({
        "time": time, "id": id, "operator": "alice", "host": "ops-01",
        "database": {"host": "db", "port": 5432, "name": "monitoring"},
        "command": command, "client": client, "counts": {"machines": 2}, "outcome": outcome,
    })
    .to_string()
}

fn log_of(path: &Path, args: &[&str]) -> crate::support::Done {
    provctl_bare()
        .env("PROVCTL_AUDIT_LOG", path)
        .args(["log"])
        .args(args)
        .run()
}

#[test]
fn real_changes_are_listed_newest_first_with_their_outcome() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::key(&mut pg, &acme, "acme-key-01", "acme-value-01-0123456789", true);
    seed::key(&mut pg, &acme, "acme-key-02", "acme-value-02-0123456789", true);
    let home = tempfile::tempdir().unwrap();
    let audit = home.path().join("audit.jsonl");
    provctl(&db)
        .env("PROVCTL_AUDIT_LOG", &audit)
        .args(["keys", "disable", "acme-key-02", "--yes"])
        .run()
        .code_is(0);
    provctl(&db)
        .env("PROVCTL_AUDIT_LOG", &audit)
        .args(["reset-client", "--client", "Acme", "--yes"])
        .run()
        .code_is(0);
    let text = std::fs::read_to_string(&audit).unwrap();
    assert_eq!(
        text.lines().count(),
        2,
        "keys disable: pending + outcome; the reset had nothing to do:\n{text}"
    );

    let out = log_of(&audit, &["-o", "json"]).code_is(0);
    let doc = out.json();
    let changes = doc.as_array().expect("an array");
    assert_eq!(changes.len(), 1, "{doc}");
    let c = &changes[0];
    assert_eq!(c["status"], "committed", "{c}");
    assert_eq!(c["command"], "keys disable", "{c}");
    assert_eq!(c["outcome"], "ok", "{c}");
    assert_eq!(c["counts"]["keys"], 1, "{c}");
    assert_eq!(c["operator"], "tester", "{c}");
    assert!(c["ended_at"].is_string(), "{c}");
    assert_eq!(c["database"]["name"], db.name.as_str(), "{c}");
    let out = log_of(&audit, &["--command", "keys"]).code_is(0);
    assert!(out.stdout().contains("keys disable"), "{}", out.stdout());
    assert!(out.stdout().contains("(1 row)"), "{}", out.stdout());
    // Selected by name only, the key is one client's: the line names that client, as every other
    // change does, so `log --client NAME` finds it.
    assert_eq!(c["client"], "Acme", "{c}");
    let out = log_of(&audit, &["--client", "Acme", "-o", "json"]).code_is(0);
    assert_eq!(out.json().as_array().map(Vec::len), Some(1), "{}", out.stdout());
}

/// `keys enable --client` too; a prefix reaching two clients' keys names none (`log --command` finds it).
#[test]
fn keys_toggles_name_their_client_in_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    let other = seed::client(&mut pg, "Other");
    seed::key(&mut pg, &acme, "k-acme", "acme-value-01-0123456789", false);
    seed::key(&mut pg, &other, "k-other", "other-value-01-0123456789", true);
    let home = tempfile::tempdir().unwrap();
    let audit = home.path().join("audit.jsonl");
    provctl(&db)
        .env("PROVCTL_AUDIT_LOG", &audit)
        .args(["keys", "enable", "--client", "Acme", "--yes"])
        .run()
        .code_is(0);
    provctl(&db)
        .env("PROVCTL_AUDIT_LOG", &audit)
        .args(["keys", "disable", "--prefix", "k-", "--yes"])
        .run()
        .code_is(0);
    let all = log_of(&audit, &["-o", "json"]).code_is(0).json();
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0]["command"], "keys disable");
    assert_eq!(
        all[0]["client"],
        serde_json::Value::Null,
        "two clients' keys: {:?}",
        all[0]
    );
    assert_eq!(all[1]["command"], "keys enable");
    assert_eq!(all[1]["client"], "Acme");
    let acme_only = log_of(&audit, &["--client", "Acme", "-o", "json"])
        .code_is(0)
        .json();
    assert_eq!(acme_only.as_array().map(Vec::len), Some(1), "{acme_only}");
    // By id too (the id is in the counts, as `clients delete` records it).
    let by_id = log_of(&audit, &["--client", &acme, "-o", "json"])
        .code_is(0)
        .json();
    assert_eq!(by_id.as_array().map(Vec::len), Some(1), "{by_id}");
}

/// Two clients may share a name: keys of both, reached by one prefix, are not "one client's".
#[test]
fn keys_of_two_clients_sharing_a_name_record_no_client() {
    let db = db();
    let mut pg = db.client();
    let first = seed::client(&mut pg, "Twin");
    let second = seed::client(&mut pg, "Twin");
    seed::key(&mut pg, &first, "t-1", "twin-value-01-0123456789", true);
    seed::key(&mut pg, &second, "t-2", "twin-value-02-0123456789", true);
    let home = tempfile::tempdir().unwrap();
    let audit = home.path().join("audit.jsonl");
    provctl(&db)
        .env("PROVCTL_AUDIT_LOG", &audit)
        .args(["keys", "disable", "--prefix", "t-", "--yes"])
        .run()
        .code_is(0);
    let all = log_of(&audit, &["-o", "json"]).code_is(0).json();
    assert_eq!(all[0]["client"], serde_json::Value::Null, "{all}");
    assert_eq!(all[0]["counts"]["client_id"], serde_json::Value::Null, "{all}");
}

/// `keys unbind` records its client the same way: compared by id (two clients named Twin, keys of
/// both: no client), and one client's keys with its id, so `log --client ID` finds the line.
#[test]
fn keys_unbind_names_its_client_by_id_in_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    let first = seed::client(&mut pg, "Twin");
    let second = seed::client(&mut pg, "Twin");
    for (c, host, key) in [
        (&first, "twin-a", "u-1"),
        (&second, "twin-b", "u-2"),
        (&first, "twin-c", "u-3"),
    ] {
        let m = seed::machine(&mut pg, c, host);
        let k = seed::key(&mut pg, c, key, &format!("{key}-value-0123456789abcdef"), true);
        seed::bind(&mut pg, &k, &m);
    }
    let home = tempfile::tempdir().unwrap();
    let audit = home.path().join("audit.jsonl");
    // u-1 and u-2: one name, two clients. Then u-3 alone, of the first Twin.
    for args in [
        &["keys", "unbind", "u-1", "u-2", "--yes"][..],
        &["keys", "unbind", "u-3", "--client", &first, "--yes"],
    ] {
        provctl(&db)
            .env("PROVCTL_AUDIT_LOG", &audit)
            .args(args)
            .run()
            .code_is(0);
    }
    let all = log_of(&audit, &["-o", "json"]).code_is(0).json();
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), 2, "{all:?}");
    // Newest first: u-3, then u-1 + u-2.
    assert_eq!(all[0]["client"], "Twin", "{:?}", all[0]);
    assert_eq!(all[0]["counts"]["client_id"], first.as_str(), "{:?}", all[0]);
    assert_eq!(
        all[1]["client"],
        serde_json::Value::Null,
        "two clients' keys: {:?}",
        all[1]
    );
    assert_eq!(
        all[1]["counts"]["client_id"],
        serde_json::Value::Null,
        "{:?}",
        all[1]
    );
    let by_id = log_of(&audit, &["--client", &first, "-o", "json"])
        .code_is(0)
        .json();
    assert_eq!(by_id.as_array().map(Vec::len), Some(1), "{by_id}");
}

#[test]
fn pending_lines_are_paired_and_a_cut_last_line_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let text = [
        line(
            "a",
            "2026-01-01T10:00:00.000000Z",
            "pending",
            "Acme",
            "reset-client --client Acme --yes",
        ),
        line(
            "b",
            "2026-01-02T10:00:00.000000Z",
            "pending",
            "Globex",
            "--env-file .env keys disable k-01",
        ),
        line(
            "a",
            "2026-01-01T10:00:02.000000Z",
            "ok",
            "Acme",
            "reset-client --client Acme --yes",
        ),
        line(
            "c",
            "2026-01-03T10:00:00.000000Z",
            "pending",
            "Acme",
            "provision acme.ini",
        ),
        line(
            "c",
            "2026-01-03T10:00:01.000000Z",
            "error: lock timeout",
            "Acme",
            "provision acme.ini",
        ),
        line(
            "d",
            "2026-01-04T10:00:00.000000Z",
            "pending",
            "Acme",
            "clients delete Acme",
        ),
        line(
            "d",
            "2026-01-04T10:00:01.000000Z",
            "unknown: connection lost during COMMIT",
            "Acme",
            "clients delete Acme",
        ),
    ]
    .join("\n")
        + "\n{\"time\":\"2026-01-05T10:00:00.000000Z\",\"id\":\"e\",\"operat";
    std::fs::write(&audit, text).unwrap();
    let out = log_of(&audit, &["-o", "json"])
        .code_is(0)
        .stderr_has("line 8: incomplete last line (a write was cut short): skipped");
    let doc = out.json();
    let got: Vec<(String, String, String)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
                c["command"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("d", "pending-unknown", "clients delete"),
        ("c", "failed", "provision"),
        ("b", "pending-unknown", "keys disable"),
        ("a", "committed", "reset-client"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())),
        "{doc}"
    );
    let b = &doc[2];
    assert!(b["outcome"].is_null() && b["ended_at"].is_null(), "{b}");
    assert_eq!(doc[3]["outcome"], "ok");
    assert_eq!(doc[3]["ended_at"], "2026-01-01T10:00:02.000000Z");

    // CSV: the header and one line per change.
    let out = log_of(&audit, &["-o", "csv"]).code_is(0);
    let csv = out.stdout();
    assert!(
        csv.starts_with(
            "time,status,command,client,operator,host,database,counts,outcome,ended_at,id,command_line\n"
        ),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.contains("monitoring@db:5432"), "{csv}");
}

#[test]
fn filters_by_client_name_or_id_age_and_command() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let now = std::time::SystemTime::now();
    let at = |ago_secs: u64| {
        humantime::format_rfc3339_micros(now - std::time::Duration::from_secs(ago_secs)).to_string()
    };
    let acme_id = "0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b";
    let text = [
        line(
            "old",
            &at(10 * 86_400),
            "ok",
            "Acme",
            "reset-client --client Acme --yes",
        ),
        line("recent", &at(3_600), "ok", "Acme", "-o json provision acme.ini"),
        line(
            "by-id",
            &at(60),
            "ok",
            acme_id,
            &format!("keys enable --client {acme_id}"),
        ),
        line(
            "other",
            &at(30),
            "ok",
            "Globex",
            "reset-client --client Globex --yes",
        ),
    ]
    .join("\n")
        + "\n";
    std::fs::write(&audit, text).unwrap();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["-o", "json"];
        a.extend_from_slice(args);
        log_of(&audit, &a)
            .code_is(0)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["other", "by-id", "recent", "old"]);
    assert_eq!(ids(&["--client", "Acme"]), ["recent", "old"]);
    assert_eq!(ids(&["--client", acme_id]), ["by-id"]);
    assert_eq!(
        ids(&["--client", "acme"]),
        Vec::<String>::new(),
        "names are exact"
    );
    assert_eq!(ids(&["--since", "2h"]), ["other", "by-id", "recent"]);
    assert_eq!(ids(&["--since", "7d"]), ["other", "by-id", "recent"]);
    assert_eq!(ids(&["--since", "30m"]), ["other", "by-id"]);
    assert_eq!(ids(&["--command", "reset-client"]), ["other", "old"]);
    assert_eq!(ids(&["--command", "keys"]), ["by-id"]);
    assert_eq!(ids(&["--command", "provision"]), ["recent"]);
    assert_eq!(
        ids(&["--command", "reset-client", "--client", "Globex", "--since", "1d"]),
        ["other"]
    );
    let since = at(2 * 86_400);
    assert_eq!(ids(&["--since", &since]), ["other", "by-id", "recent"]);
}

#[test]
fn bad_input_is_exit_2_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    std::fs::write(&audit, "").unwrap();
    for bad in ["5x", "yesterday", "-3d", ""] {
        log_of(&audit, &[&format!("--since={bad}")])
            .code_is(2)
            .stderr_has("--since");
    }
    log_of(&audit, &["--command", " "])
        .code_is(2)
        .stderr_has("--command");
    // A directory is not a log.
    log_of(dir.path(), &[])
        .code_is(2)
        .stderr_has("not a regular file");
}

#[test]
fn no_log_yet_is_an_empty_listing_and_needs_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = provctl_bare()
        .env("PROVCTL_AUDIT_LOG", dir.path().join("none.jsonl"))
        .env("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
        .args(["log", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("no change has been recorded there");
    assert_eq!(out.stdout().trim(), "[]");
}
