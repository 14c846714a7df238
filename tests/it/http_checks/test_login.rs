//! `test-login`: 200, 401, 422 and 500 answers, the email's domain, redirects, an unreachable platform,
//! the password from stdin or a no-echo prompt.

use super::{acme, dead_url, exit_code, login, no_tokens, StandIn, EMAIL, PASSWORD};
use crate::support::{db, provctl, seed};

// ---------------------------------------------------------------- test-login

#[test]
fn login_200_prints_the_user_and_never_the_cookies() {
    let db = db();
    let mut pg = acme(&db);
    let api = StandIn::start(&db);
    let (id, client_id): (String, String) = {
        let r = pg
            .query_one(
                "SELECT id::text, client_id::text FROM users WHERE email = $1",
                &[&EMAIL],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let out = login(&db, &api.base, EMAIL, PASSWORD, &[])
        .code_is(0)
        .stdout_has(&id)
        .stdout_has(EMAIL)
        .stdout_has(&client_id)
        .stdout_has("admin_client")
        .stderr_has(&format!("POST {}/api/v1/auth/login -> 200", api.base))
        .never_shows(PASSWORD);
    no_tokens(out);

    let out = login(&db, &api.base, EMAIL, PASSWORD, &["-o", "json"]).code_is(0);
    let v = out.json();
    let keys: Vec<&String> = v.as_object().expect("one object").keys().collect();
    assert_eq!(keys, ["status", "id", "email", "client_id", "role"]);
    assert_eq!(v["status"], 200);
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["email"], EMAIL);
    assert_eq!(v["client_id"], client_id.as_str());
    assert_eq!(v["role"], "admin_client");
    no_tokens(out.never_shows(PASSWORD));

    // --verbose shows SQL, never HTTP headers.
    let out = login(&db, &api.base, EMAIL, PASSWORD, &["--verbose"]).code_is(0);
    no_tokens(out.never_shows(PASSWORD));
}

#[test]
fn login_401_is_invalid_credentials() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    for (email, password) in [(EMAIL, "Not-The-Pa55word"), ("nobody@acme.example", PASSWORD)] {
        let out = login(&db, &api.base, email, password, &[])
            .code_is(1)
            .stderr_has("invalid credentials")
            .stdout_has("401")
            .never_shows(password);
        no_tokens(out);
    }
}

#[test]
fn login_500_on_a_truncated_hash_hints_verify_hash() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let hash = bcrypt::hash(PASSWORD, 4).unwrap();
    seed::user_with_hash(&mut pg, &c, "cut@acme.example", &hash[..20]);
    let api = StandIn::start(&db);
    login(&db, &api.base, "cut@acme.example", PASSWORD, &[])
        .code_is(1)
        .stdout_has("500")
        .stdout_has("Internal Server Error")
        .stderr_has("provctl verify-hash --email cut@acme.example")
        .never_shows(PASSWORD)
        .never_shows(&hash[..20]);
}

#[test]
fn login_422_for_an_email_the_platform_refuses() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Demo");
    for email in ["admin@demo.test", "ops@box.local", "root@localhost"] {
        seed::user(&mut pg, &c, email, PASSWORD);
    }
    let api = StandIn::start(&db);
    // The right password does not matter: the address is refused before any lookup.
    for (email, why, body) in [
        (
            "admin@demo.test",
            "special-use name",
            "special-use or reserved name",
        ),
        (
            "ops@box.local",
            "special-use name",
            "special-use or reserved name",
        ),
        ("root@localhost", "no dot", "It should have a period"),
    ] {
        login(&db, &api.base, email, PASSWORD, &[])
            .code_is(1)
            .stdout_has("422")
            .stdout_has(body)
            .stderr_has("422")
            .stderr_has(&format!("{email} can never log in"))
            .stderr_has(why)
            .stderr_has("email validation")
            .never_shows(PASSWORD);
    }
}

#[test]
fn login_looks_up_the_email_with_its_domain_lower_cased() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, PASSWORD);
    seed::user(&mut pg, &c, "Boss@Acme.Example", PASSWORD);
    let api = StandIn::start(&db);
    // Typed with capitals in the domain: found, since the login lower-cases it.
    login(&db, &api.base, "admin@ACME.Example", PASSWORD, &[])
        .code_is(0)
        .stdout_has(EMAIL);
    // Stored with capitals in the domain: never found, whatever the password; test-login says why.
    let out = login(&db, &api.base, "Boss@Acme.Example", PASSWORD, &[])
        .code_is(1)
        .stdout_has("401")
        .stderr_has("invalid credentials (401)")
        .stderr_has("Boss@Acme.Example can never log in")
        .stderr_has("it looked up Boss@acme.example")
        .stderr_has("provctl doctor")
        .never_shows(PASSWORD);
    assert!(
        !out.stderr().contains("verify-password"),
        "the password is not the problem:\n{}",
        out.stderr()
    );
}

#[test]
fn login_re_posts_after_a_301() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let out = login(&db, &api.redirect_base, EMAIL, PASSWORD, &["-o", "json"])
        .code_is(0)
        .stderr_has(&format!(
            "-> 301 Moved Permanently from {}/api/v1/auth/login: re-sending the POST to {}/api/v1/auth/login",
            api.redirect_base, api.base
        ))
        .stderr_has(&format!("POST {}/api/v1/auth/login -> 200", api.base))
        .never_shows(PASSWORD);
    assert_eq!(out.json()["email"], EMAIL);
    no_tokens(out);
}

#[test]
fn login_never_re_sends_the_password_to_another_host() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    // `localhost` answers a 301 to `127.0.0.1`: another host name, so the credentials stay here.
    let port = api.redirect_base.rsplit(':').next().unwrap();
    let from = format!("http://localhost:{port}");
    login(&db, &from, EMAIL, PASSWORD, &[])
        .code_is(1)
        .stderr_has("not followed")
        .never_shows(PASSWORD);
}

#[test]
fn login_unreachable_is_exit_5() {
    let db = db();
    acme(&db);
    login(&db, &dead_url(), EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("cannot reach")
        .never_shows(PASSWORD);
}

#[test]
fn login_password_from_stdin_or_a_no_echo_prompt() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    // No terminal and no --password-stdin: nowhere to read the password from.
    provctl(&db)
        .args(["test-login", "--url", &api.base, "--email", EMAIL])
        .run()
        .code_is(2)
        .stderr_has("--password-stdin");
    // A password bcrypt would truncate is refused before anything is sent.
    login(&db, &api.base, EMAIL, &"p".repeat(73), &[]).code_is(2);

    // JSON: a pseudo-terminal reports 0 columns, which would wrap a table to one character a line.
    let (cmd, _home) = provctl(&db)
        .args(["test-login", "--url", &api.base, "--email", EMAIL, "-o", "json"])
        .command();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
    p.exp_string(&format!("Password for {EMAIL}:")).expect("prompt");
    p.send_line(PASSWORD).expect("type the password");
    let rest = p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0, "screen:\n{rest}");
    assert!(rest.contains("\"role\":\"admin_client\""), "{rest}");
    assert!(!rest.contains(PASSWORD), "the password was echoed:\n{rest}");
    assert!(
        !rest.contains("access_token") && !rest.contains("refresh_token"),
        "{rest}"
    );
}
