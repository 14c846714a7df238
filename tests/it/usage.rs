//! Usage errors name every alternative, and an `-o` a command cannot produce is exit 2 naming what it
//! can (`keys export -o json` is `--format json`); nothing runs, nothing changes.

use crate::support::{db, provctl, provctl_bare};

#[test]
fn a_missing_choice_names_every_alternative() {
    let cases: [(&[&str], &[&str]); 5] = [
        (&["verify-hash"], &["--email <EMAIL>", "--all"]),
        (
            &["keys", "disable"],
            &["NAME", "--client <CLIENT>", "--prefix <PREFIX>"],
        ),
        (
            &["keys", "enable"],
            &["NAME", "--client <CLIENT>", "--prefix <PREFIX>"],
        ),
        (&["keys", "export"], &["--client <CLIENT>", "--prefix <PREFIX>"]),
        (
            &["test-ingest", "--url", "http://127.0.0.1:9"],
            &["--key-name <NAME>", "--api-key-stdin"],
        ),
    ];
    for (args, alternatives) in cases {
        let out = provctl_bare().args(args).run().code_is(2);
        let err = out.stderr();
        let required = err
            .lines()
            .skip_while(|l| !l.contains("required arguments were not provided"))
            .nth(1)
            .unwrap_or_else(|| panic!("{args:?}: {err}"));
        for a in alternatives {
            assert!(required.contains(a), "{args:?} does not name {a}: {err}");
        }
    }
    // Two of the alternatives together are still refused.
    provctl_bare()
        .args(["verify-hash", "--all", "--email", "a@b.c"])
        .run()
        .code_is(2)
        .stderr_has("cannot be used with");
    provctl_bare()
        .args(["keys", "disable", "--client", "Acme", "acme-key-01"])
        .run()
        .code_is(2)
        .stderr_has("cannot be used with");
}

#[test]
fn an_output_format_a_command_cannot_produce_is_exit_2_naming_those_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["provision", "-o", "csv", "x.ini"],
            "-o csv: `provctl provision` cannot produce csv; it can: table, json",
        ),
        (
            &["-o", "wide", "provision", "x.ini"],
            "cannot produce wide; it can: table, json",
        ),
        (
            &["schema", "print", "-o", "json"],
            "-o json: `provctl schema print` prints its own text only",
        ),
        (
            &["deliverable", "--client", "A", "--url", "http://x", "-o", "json"],
            "`provctl deliverable` prints its own text only",
        ),
        (
            &["completions", "bash", "-o", "json"],
            "`provctl completions` prints its own text only",
        ),
        (
            &["keys", "export", "--client", "A", "-o", "csv"],
            "it can: table, json",
        ),
    ];
    for (args, message) in cases {
        let out = provctl_bare().current_dir(dir.path()).args(args).run().code_is(2);
        assert!(out.stdout().is_empty(), "{args:?}: {}", out.stdout());
        assert!(out.stderr().contains(message), "{args:?}: {}", out.stderr());
    }
    // Every format of a listing is accepted (no database: the next error is about the connection).
    for f in ["table", "wide", "json", "csv"] {
        let out = provctl_bare().args(["users", "-o", f]).run();
        assert!(
            !out.stderr().contains("cannot produce"),
            "-o {f}: {}",
            out.stderr()
        );
    }
}

#[test]
fn keys_export_with_o_json_writes_json() {
    let db = db();
    crate::tables::acme_keys(&mut db.client());
    let out = provctl(&db)
        .args(["keys", "export", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0);
    let v = out.json();
    assert_eq!(v[0]["name"], "acme-key-01", "{v}");
    assert_eq!(v[0]["key"], "AcmeValue01xxxxxxxxxxxxxxxxxxxxx", "{v}");
    provctl(&db)
        .args([
            "keys", "export", "--client", "Acme", "-o", "json", "--format", "env",
        ])
        .run()
        .code_is(2)
        .stderr_has("-o json conflicts with --format");
}
