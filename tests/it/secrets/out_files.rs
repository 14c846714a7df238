//! `doctor` on lingering secrets files, and provctl's own `--out` files (`keys export`, `deliverable`,
//! `reset-password`) found, shown and shredded like the generated ones.

use super::{generated, list_json, no_leak, sh, KEY1, KEY2, PASSWORD};
use crate::support::{db, provctl, provctl_bare, Done};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- doctor

fn secrets_finding(out: &Done) -> (String, String) {
    let f = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "secrets files")
        .cloned()
        .unwrap_or_else(|| panic!("no secrets files finding:\n{}", out.stdout()));
    (
        f["status"].as_str().unwrap().to_string(),
        f["detail"].as_str().unwrap().to_string(),
    )
}

#[test]
fn doctor_reports_lingering_secrets_files() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let out = provctl(&db)
        .args(["doctor", "-o", "json"])
        .current_dir(dir.path())
        .run();
    assert_eq!(secrets_finding(&out).0, "ok");

    std::fs::create_dir(dir.path().join("provisioning")).unwrap();
    generated(&dir.path().join("provisioning"), 0o600);
    let out = no_leak(
        provctl(&db)
            .args(["doctor", "-o", "json"])
            .current_dir(dir.path())
            .run()
            .code_is(1),
    );
    let (status, detail) = secrets_finding(&out);
    assert_eq!(status, "warn");
    assert!(
        detail.contains("provisioning/acme.ini.generated.secrets.env (3 secret(s)"),
        "{detail}"
    );
    assert!(detail.contains("secrets shred"), "{detail}");
}

// ---------------------------------------------------------------- provctl's own --out files

/// A database with client Acme, its admin (PASSWORD) and, with `keys`, acme-key-01 (active, KEY1) and
/// acme-key-02 (reserve, KEY2).
fn acme_in_db(keys: bool) -> crate::support::TestDb {
    use crate::support::seed;
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, "admin@acme.example", PASSWORD);
    if keys {
        seed::key(&mut pg, &c, "acme-key-01", KEY1, true);
        seed::key(&mut pg, &c, "acme-key-02", KEY2, false);
    }
    db
}

/// Issue 17: `keys export --out` files and `deliverable --out` documents were not found by `secrets
/// list` or `doctor`, and `secrets shred` refused them (or destroyed "0 secret(s)"). Every file provctl
/// writes a secret to starts with its header (JSON: its own shape), and is found, counted, and
/// shredded with the right count; the git hint names a pattern that covers it.
#[test]
fn bug_out_files_of_keys_export_and_deliverable_were_not_found_or_shredded() {
    let db = acme_in_db(true);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    sh(d, "git", &["init", "-q"]);
    let out = |name: &str| d.join(name).to_str().unwrap().to_string();
    for (format, name) in [("lines", "keys.txt"), ("env", "keys.env"), ("json", "keys.json")] {
        no_leak(
            provctl(&db)
                .args([
                    "keys",
                    "export",
                    "--client",
                    "Acme",
                    "--format",
                    format,
                    "--out",
                    &out(name),
                ])
                .run()
                .code_is(0)
                // The hint covers the file: its own name (an --out file is named by the operator).
                .stderr_has(&format!("add `{name}` to .gitignore")),
        );
    }
    let secrets = generated(d, 0o600);
    no_leak(
        provctl(&db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://monitor.example.com",
            ])
            .args([
                "--secrets-file",
                secrets.to_str().unwrap(),
                "--out",
                &out("livrable.md"),
            ])
            .run()
            .code_is(0),
    );
    std::fs::remove_file(&secrets).unwrap();
    // The JSON export is still JSON, the others start with the header.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("keys.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    for name in ["keys.txt", "keys.env", "livrable.md"] {
        let text = std::fs::read_to_string(d.join(name)).unwrap();
        assert!(
            text.lines().next().unwrap().contains("provctl-secrets format="),
            "{name}:\n{text}"
        );
    }

    let rows = list_json(d, &[], 1);
    let found: Vec<(String, i64, String)> = rows
        .iter()
        .map(|r| {
            let path = PathBuf::from(r["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                r["secrets"].as_i64().unwrap(),
                r["names"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let both = "acme-key-01, acme-key-02".to_string();
    assert_eq!(
        found,
        [
            (
                "keys.env".to_string(),
                2,
                "API_KEY_VALUE__acme-key-01, API_KEY_VALUE__acme-key-02".to_string()
            ),
            ("keys.json".to_string(), 2, both.clone()),
            ("keys.txt".to_string(), 2, both.clone()),
            ("livrable.md".to_string(), 3, format!("ADMIN_PASSWORD, {both}")),
        ]
    );
    for r in &rows {
        let name = PathBuf::from(r["path"].as_str().unwrap());
        let name = name.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            r["warnings"]
                .as_str()
                .unwrap()
                .contains(&format!("add `{name}` to .gitignore")),
            "{r}"
        );
    }

    // `secrets show` reads each of them (to a pipe: values included).
    for name in ["keys.txt", "keys.env", "keys.json", "livrable.md"] {
        let shown = provctl_bare()
            .args(["secrets", "show", &out(name), "-o", "json"])
            .run()
            .code_is(0)
            .json();
        let values: Vec<&str> = shown
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["value"].as_str().unwrap())
            .collect();
        assert!(
            values.contains(&KEY1) && values.contains(&KEY2),
            "{name}: {shown}"
        );
    }

    // doctor finds them too (it looks in the current directory).
    let doctor = no_leak(
        provctl(&db)
            .args(["doctor", "-o", "json"])
            .current_dir(d)
            .run()
            .code_is(1),
    );
    let (status, detail) = secrets_finding(&doctor);
    assert_eq!(status, "warn");
    assert!(detail.starts_with("4 lingering"), "{detail}");
    assert!(detail.contains("livrable.md (3 secret(s)"), "{detail}");

    let files: Vec<String> = ["keys.txt", "keys.env", "keys.json", "livrable.md"]
        .map(out)
        .to_vec();
    no_leak(
        provctl_bare()
            .args(["secrets", "shred", "--yes"])
            .args(&files)
            .run()
            .code_is(0)
            .stderr_has("4 file(s) shredded, 9 secret(s) destroyed"),
    );
    for f in &files {
        assert!(!Path::new(f).exists(), "{f}");
    }
}

/// `reset-password --out` writes the header too, and `deliverable --secrets-file` still reads it.
#[test]
fn a_reset_password_out_file_has_the_header_and_stays_readable() {
    let db = acme_in_db(false);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("admin.env");
    provctl(&db)
        .args([
            "reset-password",
            "--yes",
            "--email",
            "admin@acme.example",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# provctl-secrets format=env: "), "{text}");
    no_leak(
        provctl(&db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://monitor.example.com",
            ])
            .args(["--secrets-file", file.to_str().unwrap()])
            .run()
            .code_is(0),
    );
    let rows = list_json(dir.path(), &[], 0);
    assert_eq!(rows[0]["names"], "ADMIN_PASSWORD");
}
