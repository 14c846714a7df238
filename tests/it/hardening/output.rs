//! Hostile text on its way out: escapes at prompts, tables that stream, continuation lines in key
//! names, CSV formulas, env exports sourced by sh.

use super::{acme, provision, ArgPath, EMAIL};
use crate::support::{db, listing, provctl, seed};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

// ---------------------------------------------------------------- 5. escapes at prompts

#[test]
fn a_client_name_with_escapes_never_reaches_a_prompt_raw() {
    let db = db();
    let mut pg = db.client();
    let evil = "Evil\x1b]0;pwned\x07\x1b[2J";
    let c = seed::client(&mut pg, evil);
    let m = seed::machine(&mut pg, &c, "web-01");
    let k = seed::key(
        &mut pg,
        &c,
        "evil-key-01",
        "EvilKeyValue01xxxxxxxxxxxxxxxxxx",
        true,
    );
    seed::bind(&mut pg, &k, &m);
    for args in [
        vec!["reset-client", "--client", c.as_str()],
        vec!["keys", "disable", "--client", c.as_str()],
    ] {
        let (mut p, _home) = crate::keys_change::pty(provctl(&db).args(&args), 30_000);
        let (before, _) = p
            .exp_regex(r"(to confirm|key\(s\) of client)")
            .expect("the prompt");
        let (rest, _) = p.exp_regex(r"(:|\?)").expect("the end of the prompt");
        let screen = format!("{before}{rest}");
        assert!(
            !screen.contains("\x1b]0;pwned") && !screen.contains("\x1b[2J"),
            "raw escapes: {screen:?}"
        );
        assert!(
            screen.contains("Evil\\x1b]0;pwned\\x07\\x1b[2J"),
            "the name is not shown escaped: {screen:?}"
        );
        p.send_control('c').expect("ctrl-c");
        p.exp_eof().expect("exit");
    }
    // The name as shown (escaped) is what the typed confirmation takes.
    let (mut p, _home) = crate::keys_change::pty(provctl(&db).args(["reset-client", "--client", &c]), 30_000);
    p.exp_string("to confirm").expect("prompt");
    p.send_line("Evil\\x1b]0;pwned\\x07\\x1b[2J").expect("type");
    p.exp_string("is back to its initial state").expect("reset");
    p.exp_eof().expect("exit");
}

// ---------------------------------------------------------------- 9. tables stream

#[test]
fn tables_stream_in_bounded_memory_whatever_the_row_count() {
    let db = db();
    let mut pg = db.client();
    const N: i32 = 150_000;
    let c = seed::client(&mut pg, "Big");
    pg.execute(
        "INSERT INTO users (id, client_id, email, password_hash) \
         SELECT gen_random_uuid(), $1::text::uuid, 'u' || g || '@big.example', '$2b$12$truncated' \
         FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name) \
         SELECT gen_random_uuid(), $1::text::uuid, 'BigKeyValue' || g, 'big-key-' || g FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, fingerprint) \
         SELECT gen_random_uuid(), $1::text::uuid, 'host-' || g, 'fp-' || g FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    // 128 MiB of address space: the rows alone would take more than twice that held in a table.
    for (args, code) in [
        (vec!["verify-hash", "--all"], 1),
        (vec!["keys", "list", "--client", "Big"], 0),
        (vec!["machines", "--client", "Big"], 0),
        (vec!["users", "--limit", "1000000"], 0),
    ] {
        let out = provctl(&db)
            .args(&args)
            .address_space_limit(128 << 20)
            .run()
            .code_is(code);
        assert!(
            out.stdout().contains(&format!("({N} rows)")),
            "{args:?}: {}",
            out.stderr()
        );
    }
}

#[test]
fn a_long_value_after_the_first_page_of_a_table_is_printed_whole() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Wide");
    // Newest registered first: the long hostname is the oldest, far past the first page.
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, registered_at) \
         SELECT gen_random_uuid(), $1::text::uuid, 'h-' || g, now() - g * interval '1 second' \
         FROM generate_series(1, 1500) g",
        &[&c],
    )
    .unwrap();
    let long = format!("long-{}", "x".repeat(245));
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, registered_at) VALUES (gen_random_uuid(), $1::text::uuid, $2, now() - interval '1 day')",
        &[&c, &long],
    )
    .unwrap();
    let out = provctl(&db)
        .args(["machines", "--client", "Wide"])
        .run()
        .code_is(0);
    let line = out
        .stdout()
        .lines()
        .find(|l| l.contains("long-"))
        .map(String::from)
        .unwrap();
    assert!(line.contains(&long), "cut: {line}");
    assert!(out.stdout().ends_with("(1501 rows)\n"));
}

// ---------------------------------------------------------------- 10. continuation lines in key names

#[test]
fn a_continuation_line_in_the_key_prefix_is_refused_naming_file_line_and_field() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("ck.ini");
    let text = format!(
        "[client]\nname = Ck\n\n[admin]\nemail = {EMAIL}\n\n[api_keys]\ncount = 1\nprefix = ck-\n  ADMIN_PASSWORD=forged\n"
    );
    std::fs::write(&ini, text).unwrap();
    for dry in [true, false] {
        let mut run = provision(&db);
        if dry {
            run = run.args(["--dry-run"]);
        }
        let out = run
            .arg_path(&ini)
            .run()
            .code_is(2)
            .stderr_has(&format!("{}:9: [api_keys] prefix", ini.display()));
        assert!(
            !out.stdout()
                .lines()
                .any(|l| l.trim_start().starts_with("ADMIN_PASSWORD")),
            "{}",
            out.stdout()
        );
    }
    assert_eq!(listing(dir.path()), ["ck.ini"], "a secrets file was written");
}

#[test]
fn a_forged_secrets_file_is_never_delivered() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("acme.ini.generated.secrets.env");
    // What a newline in a key name made of a block: lines provctl does not write around real ones.
    std::fs::write(
        &f,
        format!("\n# provctl provision\nADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD=real\nAPI_KEY_NAME__ck-\nADMIN_PASSWORD=forged01=ck-\n"),
    )
    .unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    let args = [
        "deliverable",
        "--client",
        "Acme",
        "--url",
        "https://m.example",
        "--secrets-file",
        f.to_str().unwrap(),
    ];
    provctl(&db)
        .args(args)
        .run()
        .code_is(2)
        .stderr_has(":5: a line without `=`")
        .never_shows("forged");
    // A file others can write to could hold any password.
    std::fs::write(&f, format!("ADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD=real\n")).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    provctl(&db)
        .args(args)
        .run()
        .code_is(3)
        .stderr_has("writable by group or others");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    provctl(&db).args(args).run().code_is(0).stdout_has("`real`");
}

// ---------------------------------------------------------------- 19. CSV formulas

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_unless_raw() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Sheet");
    for h in [
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "web-01",
    ] {
        seed::machine(&mut pg, &c, h);
    }
    let out = provctl(&db)
        .args(["machines", "--client", "Sheet", "-o", "csv"])
        .run()
        .code_is(0);
    let cells: Vec<String> = out
        .stdout()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    for cell in &cells {
        let inner = cell.trim_start_matches('"');
        assert!(
            !inner.starts_with(['=', '+', '-', '@']),
            "a formula cell: {cell}\n{}",
            out.stdout()
        );
    }
    assert!(out.stdout().contains("\"'+1+1\""), "{}", out.stdout());
    assert!(
        out.stdout().contains(",web-01,"),
        "plain cells unchanged:\n{}",
        out.stdout()
    );
    let raw = provctl(&db)
        .args(["machines", "--client", "Sheet", "-o", "csv", "--csv-raw"])
        .run()
        .code_is(0);
    assert!(raw.stdout().contains(",+1+1,"), "{}", raw.stdout());
}

// ---------------------------------------------------------------- 20. env exports sourced by sh

#[test]
fn keys_export_env_is_safe_to_source_in_sh() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Shell");
    let dir = tempfile::tempdir().unwrap();
    let pwned = dir.path().join("PWNED");
    seed::key(
        &mut pg,
        &c,
        "x;touch PWNED;",
        "ShellKeyValue01xxxxxxxxxxxxxxxxx",
        true,
    );
    provctl(&db)
        .args(["keys", "export", "--client", "Shell", "--format", "env"])
        .current_dir(dir.path())
        .run()
        .code_is(2)
        .stderr_has("x;touch PWNED;")
        .never_shows("ShellKeyValue01");
    pg.execute("DELETE FROM api_keys WHERE client_id = $1::text::uuid", &[&c])
        .unwrap();
    // A value with quotes and a command substitution comes back intact, and runs nothing.
    let value = "it's;touch PWNED;$(touch PWNED)`touch PWNED`\"";
    seed::key(&mut pg, &c, "shell_key_01", value, true);
    let file = dir.path().join("keys.env");
    provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Shell",
            "--format",
            "env",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0);
    let sourced = Command::new("sh")
        .arg("-c")
        .arg(". ./keys.env && printf %s \"$API_KEY_VALUE__shell_key_01\"")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&sourced.stdout), value);
    assert!(!pwned.exists(), "sourcing the export ran a command");
}
