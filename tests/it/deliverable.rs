//! `provctl deliverable`: the client delivery document — its content (fr/en), where it may go (a 0600
//! file, a pipe, a terminal only with --reveal) and the secrets it must keep off stderr.

use crate::support::{db, provctl, seed, Done, TestDb};
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const URL: &str = "https://monitor.example.com";
const EMAIL: &str = "admin@acme.example";
const PASSWORD: &str = "Gen3rated-Pa55word-qWx81_zz-AbCd";

/// Key values: each unique, so a leak is found by substring.
fn key(n: u32) -> String {
    format!("AcmeDeliveryKey0{n}{:x<16}", "")
}

/// A client as `provision` leaves it after ops disabled the reserve: admin (role admin_client),
/// acme-key-01 active, acme-key-02..04 inactive (seeded out of order).
fn provisioned(db: &TestDb) -> String {
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, PASSWORD);
    for n in [3, 1, 4, 2] {
        seed::key(&mut pg, &c, &format!("acme-key-0{n}"), &key(n), n == 1);
    }
    c
}

/// A generated secrets file as `provision` writes it, in `dir`.
fn secrets_file(dir: &Path) -> PathBuf {
    let path = dir.join("acme.ini.generated.secrets.env");
    let mut text = String::from("# provctl provision acme.ini, 2026-01-01T12:00:00Z\n");
    text.push_str(&format!("ADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD={PASSWORD}\n"));
    for n in 1..=4 {
        text.push_str(&format!(
            "API_KEY_NAME__acme-key-0{n}=acme-key-0{n}\nAPI_KEY_VALUE__acme-key-0{n}={}\n",
            key(n)
        ));
    }
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// The text under `heading` up to the next heading or rule.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in:\n{doc}"))
        + heading.len();
    let rest = &doc[start..];
    let end = ["\n#", "\n---"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Asserts no key value and no password in stderr and the audit log (stdout may carry the document).
#[track_caller]
fn quiet_about_secrets(out: &Done) {
    let mut secrets: Vec<String> = (1..=4).map(key).collect();
    secrets.push(PASSWORD.to_string());
    for s in &secrets {
        for (what, text) in [("stderr", out.stderr()), ("audit log", out.audit.clone())] {
            assert!(!text.contains(s.as_str()), "{what} shows a secret:\n{text}");
        }
    }
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_a_0600_file_in_french_with_everything_the_client_needs() {
    let db = db();
    provisioned(&db);
    let dir = tempfile::tempdir().unwrap();
    let secrets = secrets_file(dir.path());
    let out_file = dir.path().join("acme-livrable.md");
    let out = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .args(["--secrets-file", secrets.to_str().unwrap()])
        .args(["--out", out_file.to_str().unwrap()])
        .umask(0)
        .run()
        .code_is(0)
        .stderr_has("acme-livrable.md");
    quiet_about_secrets(&out);
    assert_eq!(out.stdout(), "", "the document goes to the file only");
    assert!(out.audit.contains("deliverable"), "audit:\n{}", out.audit);
    let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o} under umask 000");
    let doc = std::fs::read_to_string(&out_file).unwrap();

    assert!(doc.contains("Livrable client bêta — Acme"), "{doc}");
    assert!(doc.contains(&format!("* **URL** : `{URL}`")), "{doc}");
    assert!(doc.contains(&format!("* **Email** : `{EMAIL}`")), "{doc}");
    assert!(
        doc.contains(&format!("* **Mot de passe** : `{PASSWORD}`")),
        "{doc}"
    );
    assert!(doc.contains("* **Rôle** : `admin_client`"), "{doc}");
    assert!(!doc.contains("communiqué séparément"), "{doc}");

    let active = section(&doc, "#### Clé active");
    assert!(
        active.contains(&format!("* `acme-key-01` = `{}`", key(1))),
        "{active}"
    );
    let reserve = section(&doc, "#### Clés de réserve");
    for n in 2..=4 {
        let line = format!("* `acme-key-0{n}` = `{}`", key(n));
        assert!(reserve.contains(&line), "{line} not in the reserve:\n{reserve}");
        assert!(
            !active.contains(&key(n)),
            "reserve key {n} under the active heading:\n{active}"
        );
    }
    assert!(!reserve.contains(&key(1)), "{reserve}");
    // Reserve keys in name order.
    let at = |n: u32| reserve.find(&key(n)).unwrap();
    assert!(at(2) < at(3) && at(3) < at(4), "{reserve}");

    assert!(
        doc.contains(&format!("* **Endpoint** : `POST {URL}/api/v1/ingest/metrics`")),
        "{doc}"
    );
    assert!(doc.contains(&format!("API_KEY=\"{}\"", key(1))), "{doc}");
    assert!(
        doc.contains(&format!("curl -s -i -X POST \"{URL}/api/v1/ingest/metrics\"")),
        "{doc}"
    );
    assert!(doc.contains("-H \"X-API-Key: $API_KEY\""), "{doc}");
    assert!(doc.contains("**Réponse attendue** : `202`"), "{doc}");
}

#[test]
fn english_on_request_to_a_pipe() {
    let db = db();
    let client_id = provisioned(&db);
    let dir = tempfile::tempdir().unwrap();
    let secrets = secrets_file(dir.path());
    // By id, with a trailing slash on the URL, to stdout (a pipe).
    let out = provctl(&db)
        .args(["deliverable", "--client", &client_id, "--url", &format!("{URL}/")])
        .args(["--secrets-file", secrets.to_str().unwrap(), "--lang", "en"])
        .run()
        .code_is(0)
        .stdout_has("Beta client delivery — Acme")
        .stdout_has(&format!("* **Password** : `{PASSWORD}`"))
        .stdout_has("* **Role** : `admin_client`")
        .stdout_has("**Expected answer** : `202`");
    quiet_about_secrets(&out);
    let doc = out.stdout();
    assert!(section(&doc, "#### Active key").contains(&key(1)), "{doc}");
    assert!(section(&doc, "#### Reserve keys").contains(&key(4)), "{doc}");
    assert!(
        doc.contains(&format!("`POST {URL}/api/v1/ingest/metrics`")),
        "{doc}"
    );
    assert!(!doc.contains("example.com//"), "double slash:\n{doc}");
    assert!(
        !doc.contains("Clé active") && !doc.contains("Mot de passe"),
        "{doc}"
    );
}

#[test]
fn without_the_password_the_document_says_it_is_sent_separately() {
    let db = db();
    provisioned(&db);
    let out = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .run()
        .code_is(0)
        .stdout_has("* **Mot de passe** : communiqué séparément")
        .never_shows(PASSWORD);
    quiet_about_secrets(&out);
    provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL, "--lang", "en"])
        .run()
        .code_is(0)
        .stdout_has("* **Password** : sent separately")
        .never_shows(PASSWORD);

    // A secrets file that holds another admin's password: a warning, and still "sent separately".
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ini.generated.secrets.env");
    std::fs::write(
        &other,
        "ADMIN_EMAIL=admin@other.example\nADMIN_PASSWORD=Other-Pa55word-xyz\n",
    )
    .unwrap();
    provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .args(["--secrets-file", other.to_str().unwrap()])
        .run()
        .code_is(0)
        .stderr_has(&format!("holds no password for {EMAIL}"))
        .stdout_has("communiqué séparément")
        .never_shows("Other-Pa55word-xyz");
}

#[test]
fn the_last_password_recorded_for_the_admin_wins() {
    let db = db();
    provisioned(&db);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.ini.generated.secrets.env");
    std::fs::write(
        &path,
        format!(
            "# first run\nADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD=Old-Pa55word-0000\n\
             # reset-password\nADMIN_EMAIL=admin@other.example\nADMIN_PASSWORD=Other-Pa55word-xyz\n\
             # reset-password\nADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD={PASSWORD}\n"
        ),
    )
    .unwrap();
    let out = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .args(["--secrets-file", path.to_str().unwrap()])
        .run()
        .code_is(0)
        .stdout_has(&format!("`{PASSWORD}`"));
    assert!(!out.stdout().contains("Old-Pa55word") && !out.stdout().contains("Other-Pa55word"));
    quiet_about_secrets(&out);
}

#[test]
fn an_existing_out_file_is_kept_unless_force() {
    let db = db();
    provisioned(&db);
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("livrable.md");
    std::fs::write(&out_file, "precious\n").unwrap();
    let args = [
        "deliverable",
        "--client",
        "Acme",
        "--url",
        URL,
        "--out",
        out_file.to_str().unwrap(),
    ];
    let out = provctl(&db)
        .args(args)
        .run()
        .code_is(3)
        .stderr_has("already exists")
        .stderr_has("--force");
    quiet_about_secrets(&out);
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "precious\n");
    assert_eq!(listing(dir.path()), ["livrable.md"]);

    let out = provctl(&db).args(args).args(["--force"]).run().code_is(0);
    quiet_about_secrets(&out);
    let doc = std::fs::read_to_string(&out_file).unwrap();
    assert!(doc.contains(&key(1)) && !doc.contains("precious"), "{doc}");
    let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(listing(dir.path()), ["livrable.md"], "no temporary file left");
}

#[test]
fn on_a_terminal_it_needs_reveal() {
    let db = db();
    provisioned(&db);
    let (cmd, _home) = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 3, "screen:\n{screen}");
    for n in 1..=4 {
        assert!(!screen.contains(&key(n)), "key {n} on screen:\n{screen}");
    }
    assert!(screen.contains("--reveal"), "the refusal says how:\n{screen}");

    let (cmd, _home) = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL, "--reveal"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    assert!(screen.contains(&key(1)), "{screen}");

    // To a file, a terminal on stdout does not matter and nothing secret reaches the screen.
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("livrable.md");
    let (cmd, _home) = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .args(["--out", out_file.to_str().unwrap()])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    let screen = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{screen}");
    for n in 1..=4 {
        assert!(!screen.contains(&key(n)), "key {n} on screen:\n{screen}");
    }
    assert!(std::fs::read_to_string(&out_file).unwrap().contains(&key(1)));
}

#[test]
fn an_unreadable_secrets_file_is_exit_2_and_writes_nothing() {
    let db = db();
    provisioned(&db);
    let dir = tempfile::tempdir().unwrap();
    let secrets = secrets_file(dir.path());
    let link = dir.path().join("link.env");
    std::os::unix::fs::symlink(&secrets, &link).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out_file = out_dir.path().join("livrable.md");
    for bad in [dir.path().join("missing.env"), link] {
        let out = provctl(&db)
            .args(["deliverable", "--client", "Acme", "--url", URL])
            .args(["--secrets-file", bad.to_str().unwrap()])
            .args(["--out", out_file.to_str().unwrap()])
            .run()
            .code_is(2)
            .stderr_has("--secrets-file");
        quiet_about_secrets(&out);
        assert!(
            listing(out_dir.path()).is_empty(),
            "{:?}",
            listing(out_dir.path())
        );
    }
}

#[test]
fn an_unknown_client_or_one_without_a_user_is_exit_2() {
    let db = db();
    provisioned(&db);
    let mut pg = db.client();
    let lonely = seed::client(&mut pg, "Lonely");
    seed::key(
        &mut pg,
        &lonely,
        "lonely-key-01",
        "LonelyKeyValue01xxxxxxxxxxxxxxxx",
        true,
    );
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("livrable.md");
    for client in ["Nobody", "Lonely"] {
        let out = provctl(&db)
            .args(["deliverable", "--client", client, "--url", URL])
            .args(["--out", out_file.to_str().unwrap()])
            .run()
            .code_is(2)
            .never_shows("LonelyKeyValue01xxxxxxxxxxxxxxxx");
        quiet_about_secrets(&out);
        assert!(
            listing(dir.path()).is_empty(),
            "{client}: {:?}",
            listing(dir.path())
        );
    }
    provctl(&db)
        .args(["deliverable", "--client", "Lonely", "--url", URL])
        .run()
        .code_is(2)
        .stderr_has("no user")
        .never_shows("LonelyKeyValue01xxxxxxxxxxxxxxxx");
}

#[test]
fn a_client_without_an_active_key_gets_a_placeholder() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, PASSWORD);
    seed::key(&mut pg, &c, "acme-key-02", &key(2), false);
    let out = provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", URL])
        .run()
        .code_is(0)
        .stdout_has("API_KEY=\"<API_KEY>\"");
    let doc = out.stdout();
    assert!(section(&doc, "#### Clé active").contains("* aucune"), "{doc}");
    assert!(section(&doc, "#### Clés de réserve").contains(&key(2)), "{doc}");
}

fn git_repo(gitignore: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("git")
        .args(["init", "-q"])
        .arg(dir.path())
        .status()
        .expect("git");
    assert!(ok.success(), "git init failed");
    std::fs::write(dir.path().join(".gitignore"), gitignore).unwrap();
    dir
}

#[test]
fn an_out_file_git_would_commit_draws_a_warning() {
    let db = db();
    provisioned(&db);
    let warns = |out: &Done, file: &Path| {
        out.stderr()
            .lines()
            .any(|l| l.contains("warning") && l.contains(&file.display().to_string()) && l.contains("git"))
    };
    for (gitignore, warned) in [("*.log\n", true), ("*.md\n", false)] {
        let repo = git_repo(gitignore);
        let out_file = repo.path().join("acme-livrable.md");
        let out = provctl(&db)
            .args(["deliverable", "--client", "Acme", "--url", URL])
            .args(["--out", out_file.to_str().unwrap()])
            .run()
            .code_is(0);
        assert_eq!(
            warns(&out, &out_file),
            warned,
            ".gitignore {gitignore:?}:\n{}",
            out.stderr()
        );
        quiet_about_secrets(&out);
    }
}

#[test]
fn a_url_that_is_not_http_is_exit_2() {
    let db = db();
    provisioned(&db);
    provctl(&db)
        .args(["deliverable", "--client", "Acme", "--url", "monitor.example.com"])
        .run()
        .code_is(2)
        .stderr_has("not an http:// or https:// URL");
}
