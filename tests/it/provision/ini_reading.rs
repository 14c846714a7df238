//! How the INI is read: warnings that do not stop a run (an email's domain in capitals, an email the
//! login rejects), options nobody reads, default options, typos and section-name case.

use super::{client_ini, edit, line_of, provision, secrets_path, write_ini, SAMPLE};
use crate::support::db;

#[test]
fn an_admin_email_with_capitals_in_its_domain_draws_a_warning_but_provisions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let text = SAMPLE.replacen(
        "[admin]\nemail = demo@example.com",
        "[admin]\nemail = Admin@Demo.Example",
        1,
    );
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let line = line_of(&text, "Admin@Demo.Example");
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    let warning = format!(
        "warning: {}:{line}: [admin] email: the platform's login never finds `Admin@Demo.Example`",
        ini.display()
    );
    for needle in [
        warning.as_str(),
        "lower-cases the domain",
        "write it `Admin@demo.example`",
    ] {
        assert!(
            out.stderr().contains(needle),
            "{needle:?} missing:\n{}",
            out.stderr()
        );
    }
    provision(&db, &[], &[&ini]).run().code_is(0).stderr_has(&warning);
    let n: i64 = pg
        .query_one(
            "SELECT count(*) FROM users WHERE email = 'Admin@Demo.Example'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "provisioned as written, as the script does");
}

/// configparser interpolates a value only when it is read: a lone `%` in an option nobody reads is
/// fine in [DEFAULT] (a note there is inherited and ignored). In a section, an option nobody reads is
/// now refused as unknown (a typo would silently provision less), and that is what is said, not the `%`.
#[test]
fn bug_a_lone_percent_in_an_option_nobody_reads_refused_the_ini() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let in_default = format!("[DEFAULT]\nnote = 50% discount until %(when)s\n\n{SAMPLE}");
    let ini = write_ini(dir.path(), "DEFAULT.ini", &in_default);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    assert!(out.stdout().contains("client Demo"), "{}", out.stdout());
    assert!(!out.stderr().contains("error"), "{}", out.stderr());
    let in_section = edit(
        "email = demo@example.com\n",
        "email = demo@example.com\nnote = 50% discount\n",
    );
    let ini = write_ini(dir.path(), "section.ini", &in_section);
    provision(&db, &["--dry-run"], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!(
            "error: {}:{}: [client] note: unknown option ([client] reads name, email)",
            ini.display(),
            line_of(&in_section, "note =")
        ));
    // A literal %% reads as %.
    let text = edit("name = Demo", "name = 100%% Uptime");
    let ini = write_ini(dir.path(), "pct.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(0);
    let mut pg = db.client();
    let n: i64 = pg
        .query_one("SELECT count(*) FROM clients WHERE name = '100% Uptime'", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
}

/// `[DEFAULT]` options are inherited by every section by design: one DEFAULT block drew a warning per
/// option and section (14 for the sample). Unknown options a section writes itself are still reported.
#[test]
fn bug_default_options_drew_an_unknown_option_warning_in_every_section() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = format!("[DEFAULT]\nowner = ops-team\nticket = OPS-1234\n\n{SAMPLE}");
    let ini = write_ini(dir.path(), "default.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    assert!(!out.stderr().contains("unknown option"), "{}", out.stderr());
    let text = text.replacen("[admin]\n", "[admin]\nrole_typo = x\n", 1);
    let ini = write_ini(dir.path(), "typo.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(2);
    let stderr = out.stderr();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("unknown option")).collect();
    assert_eq!(
        errors,
        [format!(
            "error: {}:{}: [admin] role_typo: unknown option ([admin] reads email, role, password)",
            ini.display(),
            line_of(&text, "role_typo")
        )],
        "{stderr}"
    );
}

/// Issue 17: `[api-keys]` only warned and the client got no keys (exit 0); `lenght = 40` only warned;
/// `emial =` reported "email is required". Each is exit 2 naming file, line and the close known name,
/// and nothing is written.
#[test]
fn bug_an_ini_typo_silently_provisioned_less_than_intended() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("section.ini", SAMPLE.replacen("[api_keys]", "[api-keys]", 1), "[api-keys]", "unknown section [api-keys] (did you mean [api_keys]?)".to_string()),
        ("option.ini", SAMPLE.replacen("length = 32", "lenght = 40", 1), "lenght", "[api_keys] lenght: unknown option (did you mean `length`?)".to_string()),
        ("missing.ini", SAMPLE.replacen("[admin]\nemail", "[admin]\nemial", 1), "emial", "[admin] emial: unknown option (did you mean `email`?)".to_string()),
        ("default.ini", format!("[DEFAULT]\nlenght = 40\n\n{SAMPLE}"), "lenght", "[DEFAULT] lenght: unknown option, inherited by every section and read by none (did you mean `length` of [api_keys]?)".to_string()),
    ];
    for (name, text, needle, what) in cases {
        let ini = write_ini(dir.path(), name, &text);
        provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
            "error: {}:{}: {what}",
            ini.display(),
            line_of(&text, needle)
        ));
        assert!(!secrets_path(&ini).exists(), "{name}");
    }
    let n: i64 = pg.query_one("SELECT count(*) FROM clients", &[]).unwrap().get(0);
    assert_eq!(n, 0, "a client was created");
}

/// configparser's section names are case-sensitive: `[Client_Settings]` is another section, whose
/// values the script never reads. provctl reads the same way, and refuses it as an unknown section.
#[test]
fn an_upper_case_section_name_is_another_section_and_is_said_so() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    for (known, typed) in [("client_settings", "Client_Settings"), ("client", "Client")] {
        let text = SAMPLE.replace(&format!("[{known}]"), &format!("[{typed}]"));
        let ini = write_ini(dir.path(), &format!("{typed}.ini"), &text);
        provision(&db, &["--dry-run"], &[&ini])
            .run()
            .code_is(2)
            .stderr_has(&format!(
                "error: {}:{}: unknown section [{typed}] (section names are case-sensitive: did you mean [{known}]?)",
                ini.display(),
                line_of(&text, &format!("[{typed}]"))
            ));
    }
}

#[test]
fn an_admin_email_the_login_rejects_draws_a_warning_but_provisions() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    for (name, email) in [("TestTld", "admin@demo.test"), ("NoDot", "admin@localhost")] {
        let ini = write_ini(dir.path(), &format!("{name}.ini"), client_ini(name, email));
        let out = provision(&db, &[], &[&ini]).run().code_is(0);
        let warned = out
            .stderr()
            .lines()
            .any(|l| l.contains("warning") && l.contains("login") && l.contains(email));
        assert!(warned, "no login warning for {email}:\n{}", out.stderr());
        let n = pg
            .query_one("SELECT count(*) FROM users WHERE email = $1", &[&email])
            .unwrap()
            .get::<_, i64>(0);
        assert_eq!(n, 1, "{email} was not provisioned");
    }
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini]).run().code_is(0);
    assert!(
        !out.stderr().contains("login"),
        "a warning for a good email:\n{}",
        out.stderr()
    );
}
