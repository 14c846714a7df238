//! `clients delete`: the dry run, the guards (`--yes`, the typed name, production), rows of other
//! clients, the client's secrets files, shared names.

use super::{exit_code, platform_db, rows_of, PLAN};
use crate::keys_change::pty;
use crate::reset_client::{checksums, populate};
use crate::support::{provctl, seed, TestDb};

// ---------------------------------------------------------------- delete

#[test]
fn delete_dry_run_counts_every_row_that_goes_and_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .env("APP_ENV", "production")
        .args(["clients", "delete", "Acme", "--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("dry run: nothing changed");
    let doc = out.json();
    assert_eq!(doc["client_id"], acme.id.as_str());
    for (k, v) in PLAN {
        assert_eq!(doc["plan"][k], v, "plan.{k} in {doc}");
    }
    assert_eq!(out.audit, "", "a dry run is not a change");
    let table = provctl(&db)
        .args(["clients", "delete", "Acme", "--dry-run"])
        .run()
        .code_is(0);
    for (k, _) in PLAN {
        assert!(table.stdout().contains(k), "{k}:\n{}", table.stdout());
    }
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_without_a_terminal_and_without_yes_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    let out = provctl(&db)
        .args(["clients", "delete", "Acme"])
        .stdin("Acme\n")
        .run()
        .code_is(3)
        .stderr_has("--yes");
    assert_eq!(out.audit, "");
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_with_yes_removes_every_row_and_leaves_the_other_client_identical() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let other_before = checksums(&mut pg, Some(&other.id));
    let want: Vec<(String, i64)> = rows_of(&mut pg, &acme.id);
    assert!(
        want.iter().all(|(_, n)| *n > 0),
        "every table holds Acme rows: {want:?}"
    );

    let out = provctl(&db)
        .args(["clients", "delete", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("Acme deleted")
        .never_shows("Acme-value-");
    let doc = out.json();
    for (k, v) in PLAN {
        assert_eq!(doc["deleted"][k], v, "deleted.{k} in {doc}");
    }
    for (table, n) in rows_of(&mut pg, &acme.id) {
        assert_eq!(n, 0, "{table} still holds Acme rows");
    }
    assert_eq!(
        checksums(&mut pg, Some(&other.id)),
        other_before,
        "the other client is untouched"
    );

    // The audit log: a pending line, then its outcome with the same id.
    let lines: Vec<serde_json::Value> = out
        .audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.audit);
    assert_eq!(lines[0]["outcome"], "pending");
    assert_eq!(lines[1]["outcome"], "ok");
    assert_eq!(lines[0]["id"], lines[1]["id"]);
    assert_eq!(lines[1]["client"], "Acme");
    assert_eq!(lines[1]["counts"]["client_id"], acme.id.as_str());
    assert_eq!(lines[1]["counts"]["deleted"]["incidents"], 4);

    // Its entries stay findable in the log by name and by id, with no database.
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    std::fs::write(&audit, &out.audit).unwrap();
    for who in ["Acme", acme.id.as_str()] {
        let doc = crate::support::provctl_bare()
            .env("PROVCTL_AUDIT_LOG", &audit)
            .args(["log", "--client", who, "-o", "json"])
            .run()
            .code_is(0)
            .json();
        assert_eq!(doc[0]["command"], "clients delete", "{doc}");
        assert_eq!(doc[0]["status"], "committed", "{doc}");
    }

    // Gone: a second delete is an unknown client.
    provctl(&db)
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client `Acme`");
}

fn spawn_delete(db: &TestDb) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (mut p, home) = pty(provctl(db).args(["clients", "delete", "Acme"]), 30_000);
    p.exp_string("notification_log").expect("the plan first");
    p.exp_string("Type the client's name (Acme) to confirm")
        .expect("prompt");
    (p, home)
}

#[test]
fn delete_pty_needs_the_typed_name() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for typed in ["acme\r", "\r", "y\r"] {
        let (mut p, home) = spawn_delete(&db);
        p.send(typed).expect("type");
        p.flush().expect("flush");
        p.exp_eof().expect("exit");
        assert_eq!(exit_code(&p), 3, "typed {typed:?}");
        assert_eq!(checksums(&mut pg, None), before, "typed {typed:?}");
        assert!(!home.path().join("audit.jsonl").exists(), "nothing recorded");
    }
    let (mut p, home) = spawn_delete(&db);
    p.send("Acme\r").expect("type");
    p.flush().expect("flush");
    p.exp_string("Acme deleted").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(rows_of(&mut pg, &acme.id).iter().all(|(_, n)| *n == 0));
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap();
    assert_eq!(crate::support::audit_entries(&audit)[0]["outcome"], "ok");
}

#[test]
fn delete_in_production_needs_allow_prod_delete() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let before = checksums(&mut pg, None);
    for (var, value) in [("APP_ENV", "production"), ("ENV", "prod")] {
        for allow in [None, Some("false"), Some("")] {
            let mut run = provctl(&db).env(var, value);
            if let Some(a) = allow {
                run = run.env("ALLOW_PROD_DELETE", a);
            }
            let out = run
                .args(["clients", "delete", "Acme", "--yes"])
                .run()
                .code_is(3)
                .stderr_has("ALLOW_PROD_DELETE");
            assert_eq!(out.audit, "");
        }
    }
    assert_eq!(checksums(&mut pg, None), before);
    provctl(&db)
        .env("APP_ENV", "production")
        .env("ALLOW_PROD_DELETE", "true")
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(0);
    assert!(rows_of(&mut pg, &acme.id).iter().all(|(_, n)| *n == 0));
}

#[test]
fn delete_refuses_when_another_clients_rows_reference_this_clients() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let m: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE hostname = 'acme-web-03'",
            &[],
        )
        .unwrap()
        .get(0);
    seed::incident(&mut pg, &other.id, "NO_DATA_MACHINE", Some(&m), None, None);
    let before = checksums(&mut pg, None);
    provctl(&db)
        .args(["clients", "delete", "Acme", "--yes"])
        .run()
        .code_is(3)
        .stderr_has("OTHER clients")
        .stderr_has("nothing was changed");
    assert_eq!(checksums(&mut pg, None), before);
}

#[test]
fn delete_offers_the_clients_secrets_files_for_shredding() {
    let db = platform_db();
    let mut pg = db.client();
    populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "acme.ini.generated.secrets.env",
        "ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD=Pw-Acme-123456\n",
    );
    // Matched by a key value, not by its name (every client may have a key-01).
    write(
        "acme keys.env",
        "API_KEY_VALUE__acme-key-03=Acme-value-03-0123456789abcdef\n",
    );
    write(
        "other.ini.generated.secrets.env",
        "ADMIN_EMAIL=admin@other.example\nADMIN_PASSWORD=Pw-Other-123456\nAPI_KEY_VALUE__acme-key-01=not-a-value-of-acme\n",
    );
    // A symlink is never followed: it may be anyone's, so it is named in a warning.
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("link.ini.generated.secrets.env")).unwrap();
    // A generated file holding no secret line is nobody's, and no warning.
    write("empty.ini.generated.secrets.env", "# nothing left\n");
    // Review of issue 16: provctl's own --out files (keys by their own names, the delivery document's
    // e-mail line) were not recognised as the client's.
    for args in [
        &["keys", "export", "--client", "Acme", "--out", "acme-export.txt"][..],
        &[
            "keys",
            "export",
            "--client",
            "Acme",
            "--format",
            "json",
            "--out",
            "acme-export.json",
        ],
        &[
            "deliverable",
            "--client",
            "Acme",
            "--url",
            "https://monitoring.example",
            "--out",
            "acme.md",
        ],
    ] {
        provctl(&db).current_dir(dir.path()).args(args).run().code_is(0);
    }
    let out = provctl(&db)
        .current_dir(dir.path())
        .args(["clients", "delete", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has(
            "1 secrets file(s) could not be read and may be this client's: link.ini.generated.secrets.env",
        )
        .stderr_has("to destroy them: provctl secrets shred 'acme keys.env' acme-export.json acme-export.txt acme.ini.generated.secrets.env acme.md")
        .never_shows("Pw-Acme-123456");
    let doc = out.json();
    assert_eq!(
        doc["secrets_files"],
        serde_json::json!([
            "acme keys.env",
            "acme-export.json",
            "acme-export.txt",
            "acme.ini.generated.secrets.env",
            "acme.md"
        ]),
        "{doc}"
    );
    assert_eq!(
        doc["shred_command"],
        "provctl secrets shred 'acme keys.env' acme-export.json acme-export.txt acme.ini.generated.secrets.env acme.md"
    );
    assert_eq!(
        crate::support::listing(dir.path()).len(),
        8,
        "offered, never shredded unasked"
    );
}

#[test]
fn delete_of_a_shared_name_lists_the_ids_and_changes_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    let first = seed::client(&mut pg, "Twin");
    let second = seed::client(&mut pg, "Twin");
    let out = provctl(&db)
        .args(["clients", "delete", "Twin", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("shared by 2 clients");
    assert!(out.stderr().contains(&first) && out.stderr().contains(&second));
    assert_eq!(out.audit, "");
    provctl(&db)
        .args(["clients", "delete", &second, "--yes"])
        .run()
        .code_is(0);
    let left: Vec<String> = pg
        .query("SELECT id::text FROM clients", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(left, [first]);
}
