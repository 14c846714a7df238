//! Every command run with the secrets in play: none shows in output, `--verbose` traces or the audit
//! log.

use super::{
    assert_clean, secret_values_in, seed_leakco, verbose, Secrets, ADMIN_PW, CLIENT, EMAIL, INI_KEY, INI_PW,
    KEY_ACTIVE, KEY_BOUND, KEY_RESERVE, NEW_PW, WRONG_PW,
};
use crate::http_checks::StandIn;
use crate::support::{cluster, db};

#[test]
fn no_command_shows_a_secret_in_output_traces_or_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    let hash = seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |name: &str| d.join(name).display().to_string();

    let mut secrets = Secrets(Vec::new());
    secrets.add("the database password", cluster().superuser_password());
    secrets.add("the admin password", ADMIN_PW);
    secrets.add("a wrong password", WRONG_PW);
    secrets.add("the new password", NEW_PW);
    secrets.add("the active key", KEY_ACTIVE);
    secrets.add("the reserve key", KEY_RESERVE);
    secrets.add("the bound key", KEY_BOUND);
    secrets.add("the INI's password", INI_PW);
    secrets.add("the INI's key", INI_KEY);
    // Beyond its first 4 characters (`$2b$`), a hash is never shown.
    secrets.add("the password hash (cost and salt)", &hash[4..20]);
    secrets.add("the password hash (digest)", &hash[29..]);

    // Read-only commands, in every output format, with the SQL trace on.
    let reads: Vec<Vec<String>> = [
        vec!["users"],
        vec!["users", "--email", EMAIL],
        vec!["users", "--client", CLIENT],
        vec!["keys", "list"],
        vec!["keys", "list", "--client", CLIENT, "--bound"],
        vec!["keys", "list", "--prefix", "leak-key-"],
        vec!["machines", "--client", CLIENT],
        vec!["ingest-count", "--client", CLIENT],
        vec!["ingest-events", "--client", CLIENT],
        vec!["verify-hash", "--email", EMAIL],
        vec!["verify-hash", "--all"],
        vec!["doctor"],
        vec!["schema", "print"],
        vec!["secrets", "list", d.to_str().unwrap()],
        vec!["reset-client", "--client", CLIENT, "--dry-run"],
    ]
    .iter()
    .map(|v| v.iter().map(|s| s.to_string()).collect())
    .collect();
    for args in &reads {
        // `schema print` prints DDL only: `-o json|csv` is a usage error there (cmd::OUTPUTS).
        let formats: &[&str] = if args[0] == "schema" {
            &["table"]
        } else {
            &["table", "json", "csv"]
        };
        for &format in formats {
            let out = verbose(&db, args).args(["-o", format]).run();
            assert!(
                matches!(out.code(), 0 | 1),
                "`{}` exited {}:\n{}",
                out.describe,
                out.code(),
                out.stderr()
            );
            if args[0] != "schema" && args[0] != "secrets" {
                assert!(
                    out.stderr().contains("-- sql:"),
                    "`{}`: no SQL trace with --verbose:\n{}",
                    out.describe,
                    out.stderr()
                );
            }
            assert_clean(&out, &secrets, false);
        }
    }

    // verify-password, right and wrong, from stdin.
    for (pw, code) in [(ADMIN_PW, 0), (WRONG_PW, 1)] {
        for format in ["table", "json"] {
            let out = verbose(&db, &["verify-password", "--email", EMAIL, "--password-stdin"])
                .args(["-o", format])
                .stdin(format!("{pw}\n"))
                .run()
                .code_is(code);
            assert_clean(&out, &secrets, false);
        }
    }

    // Changes.
    let yes = |args: &[&str]| verbose(&db, args).args(["--yes"]);
    for args in [
        &["keys", "disable", "leak-key-02"][..],
        &["keys", "enable", "leak-key-02"],
        &["keys", "disable", "--prefix", "leak-key-02"],
    ] {
        let out = yes(args).run().code_is(0);
        assert_clean(&out, &secrets, false);
    }
    let export = path("keys.txt");
    let out = yes(&["keys", "export", "--client", CLIENT, "--out", &export])
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    assert!(std::fs::read_to_string(&export).unwrap().contains(KEY_ACTIVE));
    let out = yes(&[
        "keys",
        "export",
        "--client",
        CLIENT,
        "--format",
        "json",
        "--out",
        &path("keys.json"),
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);

    // The HTTP checks, against the local stand-in of the platform API.
    let api = StandIn::start(&db);
    for (pw, code) in [(ADMIN_PW, 0), (WRONG_PW, 1)] {
        let out = verbose(
            &db,
            &[
                "test-login",
                "--url",
                &api.base,
                "--email",
                EMAIL,
                "--password-stdin",
            ],
        )
        .stdin(format!("{pw}\n"))
        .run()
        .code_is(code);
        assert_clean(&out, &secrets, false);
    }
    let out = yes(&[
        "test-ingest",
        "--url",
        &api.base,
        "--key-name",
        "leak-key-01",
        "--hostname",
        "leak-test-01",
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);
    let out = yes(&["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin(format!("{KEY_RESERVE}\n"))
        .run();
    assert_clean(&out, &secrets, false);
    drop(api);

    // Provisioning: once with everything generated, once with secrets imposed by the INI.
    let generated_ini = d.join("gen.ini");
    std::fs::write(
        &generated_ini,
        "[client]\nname = LeakGen\n[admin]\nemail = admin@leakgen.example\n[api_keys]\ncount = 2\nprefix = leakgen-key-\n",
    )
    .unwrap();
    let out = yes(&["provision", generated_ini.to_str().unwrap()])
        .env("PROVISION_CLIENT", "true")
        .run()
        .code_is(0);
    let gen_secrets = d.join("gen.ini.generated.secrets.env");
    let generated = secret_values_in(&gen_secrets);
    assert_eq!(generated.len(), 3, "{generated:?}");
    for (k, v) in &generated {
        secrets.add(&format!("the generated {k}"), v);
    }
    assert_clean(&out, &secrets, false);
    let imposed_ini = d.join("imposed.ini");
    std::fs::write(
        &imposed_ini,
        format!(
            "[client]\nname = LeakImposed\n[admin]\nemail = admin@leakimposed.example\npassword = {INI_PW}\n\
             [api_keys]\ncount = 1\nprefix = leakimp-key-\nkey_01 = {INI_KEY}\n"
        ),
    )
    .unwrap();
    for extra in [&["--dry-run"][..], &[], &["-o", "json"]] {
        let out = yes(&["provision", imposed_ini.to_str().unwrap()])
            .args(extra)
            .env("PROVISION_CLIENT", "true")
            .run()
            .code_is(0);
        assert_clean(&out, &secrets, false);
    }

    // The delivery document, to a file; the secrets file is read, never echoed.
    let out = yes(&[
        "deliverable",
        "--client",
        "LeakGen",
        "--url",
        "https://monitor.example.com",
        "--secrets-file",
        gen_secrets.to_str().unwrap(),
        "--out",
        &path("livrable.md"),
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);
    let doc = std::fs::read_to_string(d.join("livrable.md")).unwrap();
    assert!(
        generated.iter().all(|(_, v)| doc.contains(v.as_str())),
        "the document lacks the generated secrets:\n{doc}"
    );

    // Passwords: from stdin, then generated to a file.
    let out = yes(&["reset-password", "--email", EMAIL, "--password-stdin"])
        .stdin(format!("{NEW_PW}\n"))
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    let reset_out = d.join("reset.env");
    let out = yes(&[
        "reset-password",
        "--email",
        EMAIL,
        "--out",
        reset_out.to_str().unwrap(),
    ])
    .run()
    .code_is(0);
    let reset = secret_values_in(&reset_out);
    assert_eq!(reset.len(), 1, "{reset:?}");
    secrets.add("the reset password", &reset[0].1);
    assert_clean(&out, &secrets, false);

    let out = yes(&["reset-client", "--client", CLIENT]).run().code_is(0);
    assert_clean(&out, &secrets, false);
    // Refused on a populated database; and the commands that need no database.
    let out = yes(&["schema", "apply"]).run().code_is(3);
    assert_clean(&out, &secrets, false);
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["--help"],
        &["--version"],
    ] {
        let out = verbose(&db, args).run().code_is(0);
        assert_clean(&out, &secrets, false);
    }

    // The secrets lifecycle: `show` prints values to a pipe by contract (stdout is exempt), never
    // on stderr or in the log; `shred` never shows them.
    let out = verbose(&db, &["secrets", "show", gen_secrets.to_str().unwrap()])
        .run()
        .code_is(0);
    assert!(out.stdout().contains(&generated[0].1), "{}", out.stdout());
    assert_clean(&out, &secrets, true);
    let out = yes(&["secrets", "shred", gen_secrets.to_str().unwrap()])
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    assert!(!gen_secrets.exists());
}
