//! Refused input: every bad INI is exit 2 naming its file, line and field and writes nothing; values
//! already taken by another client or earlier in the run; lengths the columns cannot hold.

use super::{
    checksums, client_ini, count, edit, line_of, provision, secrets_path, snapshot, write_ini, SAMPLE,
};
use crate::support::{db, seed};

/// One class of bad input: the INI bytes and what the error must say (`@INI@` is the file's path;
/// `:line N:` in the message is read as `:N:`).
struct Bad {
    what: &'static str,
    text: Vec<u8>,
    expect: Vec<String>,
    /// Text of the INI that must not be echoed (a password, an API key value).
    secret: Option<String>,
}

fn bad_inputs() -> Vec<Bad> {
    let mut v = Vec::new();
    let mut add = |what: &'static str, text: String, expect: Vec<String>, secret: Option<String>| {
        v.push(Bad {
            what,
            text: text.into_bytes(),
            expect,
            secret,
        })
    };
    let at = |text: &str, needle: &str, section_field: &str| {
        vec![format!("@INI@:{}: {section_field}", line_of(text, needle))]
    };

    let t = edit("name = Demo\n", "");
    add(
        "missing [client] name",
        t,
        vec!["@INI@:1: [client] name".into()],
        None,
    );
    let t = edit("count = 4", "count = four");
    add(
        "non-integer count",
        t.clone(),
        at(&t, "count = four", "[api_keys] count"),
        None,
    );
    let t = edit("count = 4", "count = -1");
    add(
        "negative count",
        t.clone(),
        at(&t, "count = -1", "[api_keys] count"),
        None,
    );
    let t = edit("length = 32", "length = 15");
    add(
        "key length below 16",
        t.clone(),
        at(&t, "length = 15", "[api_keys] length"),
        None,
    );
    let t = edit("alphabet = alnum", "alphabet = hex");
    add(
        "alphabet other than alnum",
        t.clone(),
        at(&t, "alphabet = hex", "[api_keys] alphabet"),
        None,
    );
    let t = edit("GET|30|300|true\n", "GET|30|300\n");
    add(
        "http target with 5 fields",
        t.clone(),
        at(&t, "target_01", "[http_targets] target_01"),
        None,
    );
    let t = edit("GET|30|300|true\n", "GET|thirty|300|true\n");
    add(
        "non-integer timeout",
        t.clone(),
        at(&t, "target_01", "[http_targets] target_01"),
        None,
    );
    let t = edit("alert_grouping_enabled = true", "alert_grouping_enabled = maybe");
    add(
        "bad boolean",
        t.clone(),
        at(
            &t,
            "alert_grouping_enabled",
            "[client_settings] alert_grouping_enabled",
        ),
        None,
    );
    let t = edit(
        "[admin]\nemail = demo@example.com",
        "[admin]\nemail = demo.example.com",
    );
    add(
        "invalid email",
        t.clone(),
        at(&t, "email = demo.example.com", "[admin] email"),
        None,
    );
    let long = "Pw-".repeat(25); // 75 bytes
    let t = edit(
        "; password =  (empty => generated)",
        &format!("password = {long}"),
    );
    let mut e = at(&t, "password = ", "[admin] password");
    e.push("72".into());
    add("admin password over 72 bytes", t, e, Some(long));
    let channel = format!("#{}", "c".repeat(16));
    let t = edit(
        "slack_channel_name = #alerts",
        &format!("slack_channel_name = {channel}"),
    );
    let mut e = at(&t, "slack_channel_name", "[client_settings] slack_channel_name");
    e.push("16".into());
    add("value longer than its live column", t, e, None);
    let t = format!("{SAMPLE}\n[client]\nname = Other\n");
    let line = t
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| *l == "[client]")
        .unwrap()
        + 1;
    add(
        "duplicate section",
        t,
        vec![format!("@INI@:{line}:"), "[client]".into()],
        None,
    );
    let t = edit("count = 4", "count = 4\ncount = 5");
    let e = vec![
        format!("@INI@:{}:", line_of(&t, "count = 5")),
        "count".into(),
        "[api_keys]".into(),
    ];
    add("duplicate option", t, e, None);
    // The line itself is not echoed: a `password hunter2` that lost its `=` is a secret.
    let t = edit("count = 4", "count = 4\nthis line has no equals sign");
    let e = vec![
        format!("@INI@:{}:", line_of(&t, "no equals")),
        "without `=`".into(),
    ];
    add(
        "line without =",
        t,
        e,
        Some("this line has no equals sign".to_string()),
    );
    let key = "ImposedKeyValue0123456789abcdefXY".to_string();
    let t = edit("alphabet = alnum", &format!("alphabet = alnum\nkey_05 = {key}"));
    add(
        "key_05 with count 4",
        t.clone(),
        at(&t, "key_05", "[api_keys] key_05"),
        Some(key),
    );
    // Values the script's SQL casts silently truncate (role to 32, name to 255): refused here.
    let t = edit("role = admin_client", &format!("role = {}", "r".repeat(33)));
    let mut e = at(&t, "role = rrr", "[admin] role");
    e.push("users.role holds at most 32".into());
    add("role of 33 characters", t, e, None);
    let t = edit("name = Demo", &format!("name = {}", "N".repeat(256)));
    let mut e = at(&t, "name = NNN", "[client] name");
    e.push("clients.name holds at most 255".into());
    add("client name of 256 characters", t, e, None);
    // The script keeps the first of two targets with one URL; provctl says which line repeats it.
    let t = edit(
        "target_02 = demo-health|https://monitor.example.com/health|",
        "target_02 = demo-again|https://example.com|",
    );
    let mut e = at(&t, "target_02", "[http_targets] target_02");
    e.push(format!(
        "URL already used by target_01 (line {})",
        line_of(&t, "target_01")
    ));
    add("two targets with the same URL", t, e, None);
    // The script makes a target whose `active` is not truthy inactive; provctl wants a boolean.
    let t = edit("GET|30|300|true\n", "GET|30|300|enabled\n");
    let mut e = at(&t, "target_01", "[http_targets] target_01");
    e.push("`enabled` is not a boolean".into());
    add("non-boolean active", t, e, None);
    // A bad `%` in an option that is read, also through [DEFAULT]: its line, section and field.
    let t = edit(
        "slack_channel_name = #alerts",
        "slack_channel_name = 100% #alerts",
    );
    let mut e = at(&t, "slack_channel_name", "[client_settings] slack_channel_name");
    e.push("write %% for a literal %".into());
    add("lone % in a read option", t, e, None);
    let t = format!(
        "[DEFAULT]\nslack_channel_name = #%(team)s\n\n{}",
        SAMPLE.replace("slack_channel_name = #alerts\n", "")
    );
    let mut e = vec!["@INI@:2: [client_settings] slack_channel_name".to_string()];
    e.push("%(team)s".into());
    add("reference to a missing option through [DEFAULT]", t, e, None);
    v
}

#[test]
fn every_bad_input_is_exit_2_naming_file_line_and_field_and_writes_nothing() {
    let db = db();
    let mut pg = db.client();
    // Something already there, so "unchanged" is about real rows.
    let other = seed::client(&mut pg, "Existing");
    seed::user(&mut pg, &other, "existing@example.com", "pw-existing-1");
    seed::key(
        &mut pg,
        &other,
        "existing-key-01",
        "ExistingKeyValue0123456789abcdef",
        true,
    );
    let before = checksums(&mut pg);

    let mut cases = bad_inputs();
    let mut utf8 = SAMPLE.as_bytes().to_vec();
    let at = SAMPLE.find("name = Demo").unwrap() + "name = D".len();
    utf8[at] = 0xff;
    cases.push(Bad {
        what: "invalid UTF-8",
        text: utf8,
        expect: vec!["@INI@:2:".into()],
        secret: None,
    });
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let ini = write_ini(dir.path(), "bad.ini", &case.text);
        let files = snapshot(dir.path());
        let out = provision(&db, &[], &[&ini]).run();
        let stderr = out.stderr().replace(":line ", ":");
        assert_eq!(
            out.code(),
            2,
            "{}: exit {} (expected 2)\n{stderr}",
            case.what,
            out.code()
        );
        for e in &case.expect {
            let e = e.replace("@INI@", &ini.display().to_string());
            assert!(
                stderr.contains(&e),
                "{}: stderr lacks {e:?}:\n{stderr}",
                case.what
            );
        }
        if let Some(s) = &case.secret {
            out.never_shows(s);
        }
        assert_eq!(checksums(&mut pg), before, "{}: rows changed", case.what);
        assert_eq!(snapshot(dir.path()), files, "{}: files changed", case.what);
    }

    // Paths: an empty directory (or one without *.ini) and a path that does not exist.
    let dir = tempfile::tempdir().unwrap();
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(2)
        .stderr_has(&dir.path().display().to_string());
    write_ini(dir.path(), "notes.txt", SAMPLE);
    provision(&db, &[], &[dir.path()])
        .run()
        .code_is(2)
        .stderr_has(&dir.path().display().to_string());
    let missing = dir.path().join("missing.ini");
    provision(&db, &[], &[&missing])
        .run()
        .code_is(2)
        .stderr_has(&missing.display().to_string());
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(
        snapshot(dir.path()).into_keys().collect::<Vec<_>>(),
        ["notes.txt"]
    );
}

#[test]
fn admin_email_of_another_client_is_refused() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    seed::user(&mut pg, &other, "demo@example.com", "pw-other-12");
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let line = line_of(SAMPLE, "[admin]") + 1;
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!("{}:{line}: [admin] email", ini.display()))
        .stderr_has("another client");
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(snapshot(dir.path()).len(), 1, "a secrets file was written");
}

#[test]
fn admin_email_taken_earlier_in_the_same_run_is_refused_for_the_later_ini() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let a = write_ini(dir.path(), "a.ini", client_ini("Alpha", "shared@example.com"));
    let b = write_ini(dir.path(), "b.ini", client_ini("Beta", "shared@example.com"));
    provision(&db, &[], &[&a, &b])
        .run()
        .code_is(2)
        .stderr_has(&b.display().to_string());
    let names: Vec<String> = pg
        .query("SELECT name FROM clients ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["Alpha"], "Beta must not be created without its admin");
    assert_eq!(count(&mut pg, "SELECT count(*) FROM api_keys"), 4);
    assert!(secrets_path(&a).exists());
    assert!(
        !secrets_path(&b).exists(),
        "secrets of a rolled back INI stayed on disk"
    );
}

#[test]
fn imposed_key_value_already_used_is_refused_without_showing_it() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    let value = "SharedKeyValue0123456789abcdefXY";
    seed::key(&mut pg, &other, "other-key-01", value, true);
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let text = edit("alphabet = alnum", &format!("alphabet = alnum\nkey_01 = {value}"));
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!(
            "{}:{}: [api_keys] key_01",
            ini.display(),
            line_of(&text, "key_01")
        ))
        .never_shows(value);
    assert_eq!(checksums(&mut pg), before);
    assert_eq!(snapshot(dir.path()).len(), 1);
}

#[test]
fn a_name_shared_by_several_clients_is_refused() {
    let db = db();
    let mut pg = db.client();
    let one = seed::client(&mut pg, "Demo");
    let two = seed::client(&mut pg, "Demo");
    let before = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    provision(&db, &[], &[&ini])
        .run()
        .code_is(2)
        .stderr_has(&format!("{}:2: [client] name", ini.display()))
        .stderr_has(&one)
        .stderr_has(&two);
    assert_eq!(checksums(&mut pg), before);
}

/// A continuation line puts a newline in a value: the plan printed it raw, so one object took two
/// lines (and any control character reached the terminal). Escaped as tables escape it now.
#[test]
fn bug_a_name_with_a_newline_broke_its_plan_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = SAMPLE
        .replace("name = Demo\n", "name = Demo\n  Evil\x1b[2J\n")
        .replace("target_01 = demo-example|", "target_01 = demo\n  example|");
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let out = provision(&db, &["--dry-run"], &[&ini]).run().code_is(0);
    let stdout = out.stdout();
    for needle in [
        format!("==> {} (client Demo\\nEvil\\x1b[2J)", ini.display()),
        "  + client Demo\\nEvil\\x1b[2J".to_string(),
        "  + http_target demo\\nexample GET https://example.com".to_string(),
        "Demo\\nEvil\\x1b[2J: 9 to create, 0 unchanged, 0 drift (dry run: nothing written)".to_string(),
    ] {
        assert!(
            stdout.lines().any(|l| l == needle),
            "no line {needle:?}:\n{stdout}"
        );
    }
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("  Evil") || l.starts_with("example")),
        "{stdout}"
    );
    // The data itself is kept: JSON carries the name with its newline.
    let out = provision(&db, &["--dry-run", "-o", "json"], &[&ini])
        .run()
        .code_is(0);
    assert_eq!(out.json()[0]["client"]["name"], "Demo\nEvil\u{1b}[2J");
}

#[test]
fn a_key_length_over_the_column_names_its_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = edit("length = 32", "length = 300");
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
        "{}:{}: [api_keys] length",
        ini.display(),
        line_of(&text, "length = 300")
    ));
}

#[test]
fn a_prefix_too_long_for_the_name_column_names_the_prefix_line() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let text = edit("prefix = demo-key-", &format!("prefix = {}", "p".repeat(99)));
    let ini = write_ini(dir.path(), "demo.ini", &text);
    provision(&db, &[], &[&ini]).run().code_is(2).stderr_has(&format!(
        "{}:{}: [api_keys] prefix",
        ini.display(),
        line_of(&text, "prefix = ")
    ));
}

#[test]
fn the_same_imposed_value_twice_is_refused_naming_its_line() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let value = "SameValueSameValueSameValue12345";
    let text = edit(
        "alphabet = alnum",
        &format!("alphabet = alnum\nkey_01 = {value}\nkey_02 = {value}"),
    );
    let ini = write_ini(dir.path(), "demo.ini", &text);
    let out = provision(&db, &[], &[&ini]).run().code_is(2).never_shows(value);
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1);
    out.stderr_has(&format!(
        "{}:{}: [api_keys] key_02",
        ini.display(),
        line_of(&text, "key_02")
    ));
}

#[test]
fn a_refused_ini_is_reported_once() {
    let db = db();
    let mut pg = db.client();
    let other = seed::client(&mut pg, "Other");
    seed::user(&mut pg, &other, "demo@example.com", "pw-other-12");
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let out = provision(&db, &[], &[&ini]).run().code_is(2);
    let n = out.stderr().matches("already belongs to another client").count();
    assert_eq!(n, 1, "reported {n} times:\n{}", out.stderr());
}
