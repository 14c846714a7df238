//! `keys export`: byte-exact formats, a literal prefix, the `--out` file (0600 whatever the umask,
//! `--force`, never through a symlink), `--reveal` on a terminal.

use super::{
    acme_and_other, assert_no_key_values, exit_code, listing, mode, pty, run_under_umask_000, value,
};
use crate::support::{db, provctl, seed};
use std::os::unix::fs::PermissionsExt;

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
