//! "Where am I writing?": every plan header and every confirmation names the target database
//! (`user@host:port/db`, never the password) and the environment; production says PRODUCTION, in bold
//! red when colour is allowed and as the word itself always. Prompts through a real pseudo-terminal.

use crate::support::{cluster, db, pty, seed, TestDb};

/// `database provctl_admin@127.0.0.1:PORT/NAME`, as the target line must show it.
fn place(db: &TestDb) -> String {
    format!(
        "database provctl_admin@127.0.0.1:{}/{}",
        cluster().port(),
        db.name
    )
}

fn password(db: &TestDb) -> String {
    let rest = db.url.strip_prefix("postgresql://provctl_admin:").unwrap();
    rest[..rest.find('@').unwrap()].to_string()
}

fn acme(db: &TestDb) {
    let mut pg = db.client();
    let (acme, _) = crate::tables::acme_keys(&mut pg);
    seed::machine(&mut pg, &acme, "web-01");
    seed::user(&mut pg, &acme, "admin@acme.example", "Initial-Passw0rd");
}

#[test]
fn every_change_with_yes_names_the_database_and_the_environment_in_its_plan() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("demo.ini");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/provisioning/demo.ini"),
        &ini,
    )
    .unwrap();
    let pw_file = dir.path().join("pw.env");
    let expected = format!("target: {}, environment staging (APP_ENV)", place(&db));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "plan: disable 2 key(s) of client Acme",
            vec!["keys", "disable", "--client", "Acme"],
        ),
        (
            "plan: enable 2 key(s) of client Acme",
            vec!["keys", "enable", "--client", "Acme"],
        ),
        (
            "plan: reset-client Acme",
            vec!["reset-client", "--client", "Acme"],
        ),
        (
            "plan: reset-password admin@acme.example",
            vec![
                "reset-password",
                "--email",
                "admin@acme.example",
                "--out",
                pw_file.to_str().unwrap(),
            ],
        ),
        (
            "plan: provision 1 INI file(s)",
            vec!["provision", ini.to_str().unwrap()],
        ),
        (
            "plan: provision 1 INI file(s) (dry run)",
            vec!["provision", "--dry-run", ini.to_str().unwrap()],
        ),
    ];
    for (title, args) in cases {
        let out = crate::support::provctl(&db)
            .env("APP_ENV", "staging")
            .env("PROVISION_CLIENT", "true")
            .args(&args)
            .args(["--yes"])
            .run()
            .code_is(0);
        let err = out.stderr();
        let header = err.lines().position(|l| l.starts_with(title));
        let header = header.unwrap_or_else(|| panic!("{args:?}: no plan header {title:?}:\n{err}"));
        assert_eq!(
            err.lines().nth(header + 1),
            Some(expected.as_str()),
            "{args:?}:\n{err}"
        );
        out.never_shows(&password(&db));
    }
}

#[test]
fn no_environment_set_says_so() {
    let db = db();
    acme(&db);
    crate::support::provctl(&db)
        .args(["keys", "disable", "--client", "Acme", "--yes"])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "target: {}, environment not set (APP_ENV, ENV)",
            place(&db)
        ));
}

#[test]
fn a_production_prompt_says_production_in_bold_red_and_in_the_question() {
    let db = db();
    acme(&db);
    let run = crate::support::provctl(&db)
        .env("ENV", "production")
        .args(["keys", "disable", "--client", "Acme"]);
    let (mut p, _home) = pty(run, 80, 30_000);
    let screen = p
        .exp_string("disable 2 key(s) of client Acme?")
        .expect("the question");
    let target = format!(
        "target: {}, environment \x1b[1m\x1b[31mPRODUCTION\x1b[0m (ENV=production)",
        place(&db)
    );
    assert!(screen.contains(&target), "{screen:?}");
    // Review of issue 17: the plan header escaped its own colour into visible `\x1b[1m` text.
    assert!(
        !screen.contains("\\x1b") && screen.contains("plan: disable 2 key(s)"),
        "{screen:?}"
    );
    assert!(
        screen.contains("\x1b[1m\x1b[31mPRODUCTION:\x1b[0m "),
        "the question starts with PRODUCTION: {screen:?}"
    );
    assert!(!screen.contains(&password(&db)), "{screen:?}");
    p.send("n").expect("answer");
    p.flush().expect("flush");
    p.exp_eof().expect("exit");
    assert_eq!(crate::support::exit_code(&p), 3);
}

#[test]
fn without_colour_production_is_still_the_word_itself() {
    let db = db();
    acme(&db);
    let run = crate::support::provctl(&db)
        .env("APP_ENV", "prod")
        .env("NO_COLOR", "1")
        .args(["reset-client", "--client", "Acme"]);
    let (mut p, _home) = pty(run, 80, 30_000);
    let screen = p.exp_string("to confirm").expect("the question");
    assert!(
        screen.contains(&format!(
            "target: {}, environment PRODUCTION (APP_ENV=prod)",
            place(&db)
        )),
        "{screen:?}"
    );
    assert!(screen.contains("PRODUCTION: This deletes"), "{screen:?}");
    assert!(!screen.contains('\x1b'), "NO_COLOR: {screen:?}");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    assert_eq!(crate::support::exit_code(&p), 130);
}

#[test]
fn a_production_plan_header_is_shown_even_under_quiet() {
    let db = db();
    acme(&db);
    crate::support::provctl(&db)
        .env("APP_ENV", "production")
        .args(["keys", "disable", "--client", "Acme", "--yes", "-q"])
        .run()
        .code_is(0)
        .stderr_has("environment PRODUCTION (APP_ENV=production)");
    // Elsewhere -q silences it like any note.
    let out = crate::support::provctl(&db)
        .env("APP_ENV", "staging")
        .args(["keys", "enable", "--client", "Acme", "--yes", "-q"])
        .run()
        .code_is(0);
    assert!(!out.stderr().contains("target:"), "{}", out.stderr());
}

#[test]
fn shredding_names_the_machine_its_files_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.generated.secrets.env");
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&f)
            .unwrap();
        w.write_all(b"ADMIN_PASSWORD=x\n").unwrap();
    }
    let host = rustix::system::uname().nodename().to_string_lossy().into_owned();
    crate::support::provctl_bare()
        .env("APP_ENV", "staging")
        .args(["secrets", "shred", "--yes", f.to_str().unwrap()])
        .run()
        .code_is(0)
        .stderr_has(&format!(
            "target: local files on {host}, environment staging (APP_ENV)"
        ));
}
