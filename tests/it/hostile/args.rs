//! Hostile arguments: every flag and value an operator (or a script) could pass.

use super::{big, case, dead_url, expect_fixed, os, Case, EMAIL};
use crate::support::{provctl, TestDb};
use std::ffi::OsString;

// ---------------------------------------------------------------- arguments

pub(super) fn argument_cases(db: &TestDb) -> Vec<Case> {
    let p = |args: &[&str]| provctl(db).args(args);
    let pos = |args: Vec<OsString>| provctl(db).args(args);
    let mut v = vec![
        // SQL injection: parameters, never spliced.
        case("sql: users --email tautology", p(&["users", "--email", "' OR '1'='1"]), 2)
            .err("no user with email `' OR '1'='1`"),
        case("sql: users --client drop table", p(&["users", "--client", "x'; DROP TABLE users; --"]), 2)
            .err("unknown client `x'; DROP TABLE users; --`"),
        case("sql: keys list --client bobby", p(&["keys", "list", "--client", "Robert'); DROP TABLE api_keys;--"]), 2)
            .err("unknown client `Robert'); DROP TABLE api_keys;--`"),
        case("sql: machines --client 1 OR 1=1", p(&["machines", "--client", "1 OR 1=1"]), 2)
            .err("unknown client `1 OR 1=1`"),
        case("sql: ingest-count --client double quotes", p(&["ingest-count", "--client", "\" OR \"\"=\""]), 2)
            .err("unknown client `\" OR \"\"=\"`"),
        case("sql: ingest-events --client stacked", p(&["ingest-events", "--client", "Acme; DELETE FROM ingest_events"]), 2)
            .err("unknown client `Acme; DELETE FROM ingest_events`"),
        case("sql: verify-hash --email comment", p(&["verify-hash", "--email", "admin@acme.example' --"]), 2)
            .err("no user with email `admin@acme.example' --`"),
        case(
            "sql: verify-password --email union",
            p(&["verify-password", "--email", "' UNION SELECT password_hash FROM users --", "--password-stdin"]),
            2,
        )
        .stdin("whatever-pw\n")
        .err("no user with email `' UNION SELECT password_hash FROM users --`"),
        case("sql: keys disable NAME tautology", p(&["keys", "disable", "acme_key_01' OR 'a'='a", "--yes"]), 2)
            .err("unknown key name(s): acme_key_01' OR 'a'='a"),
        case("sql: keys export --client command substitution", p(&["keys", "export", "--client", "$(id)"]), 2)
            .err("unknown client `$(id)`"),
        case(
            "sql: reset-password --email backslash quote",
            p(&["reset-password", "--email", "admin@acme.example\\'", "--password-stdin", "--yes"]),
            2,
        )
        .stdin("Valid-New-Pw-123\n")
        .err("no user with email `admin@acme.example\\'`"),
        // LIKE wildcards match literally.
        case("like: reset-client --client %", p(&["reset-client", "--client", "%", "--yes"]), 2)
            .err("unknown client `%`"),
        case("like: reset-password --email %", p(&["reset-password", "--email", "%", "--password-stdin", "--yes"]), 2)
            .stdin("Valid-New-Pw-123\n")
            .err("no user with email `%`"),
        case("like: users --client _cme", p(&["users", "--client", "_cme"]), 2).err("unknown client `_cme`"),
        case("like: users --email %@acme.example", p(&["users", "--email", "%@acme.example"]), 2)
            .err("no user with email `%@acme.example`"),
        case("like: users --client 50%", p(&["users", "--client", "50%"]), 2)
            .err("unknown client `50%`")
            .err("did you mean `50% Off`"),
        case("like: users --client 50% Off (exact)", p(&["users", "--client", "50% Off"]), 0)
            .out("sale@50off.example"),
        case("like: keys list --prefix %", p(&["keys", "list", "--prefix", "%"]), 0).out("(no rows)"),
        case("like: keys list --prefix _", p(&["keys", "list", "--prefix", "_"]), 0).out("(no rows)"),
        case("like: keys list --prefix a%", p(&["keys", "list", "--prefix", "a%"]), 0).out("(no rows)"),
        case("like: keys list --prefix acme_", p(&["keys", "list", "--prefix", "acme_"]), 0)
            .out("acme_key_01")
            .out("(1 row)")
            .lacks("acmeXkey_02"),
        case("like: keys list --prefix 100%", p(&["keys", "list", "--prefix", "100%"]), 0)
            .out("100%-key")
            .out("(1 row)"),
        case("backslash: keys list --prefix back\\", p(&["keys", "list", "--prefix", "back\\"]), 0)
            .out("back\\slash-key")
            .out("(1 row)"),
        case("backslash: keys list --prefix \\", p(&["keys", "list", "--prefix", "\\"]), 0).out("(no rows)"),
        case("like: keys export --prefix a%", p(&["keys", "export", "--prefix", "a%"]), 2)
            .err("no key matches prefix `a%`"),
        case("like: keys disable --prefix acme_ (applied)", p(&["keys", "disable", "--prefix", "acme_", "--yes"]), 0)
            .changes()
            .err("1 key(s) disabled")
            .check(|_, pg| {
                let rows = pg
                    .query("SELECT name, is_active FROM api_keys WHERE name IN ('acme_key_01', 'acmeXkey_02') ORDER BY name", &[])
                    .unwrap();
                let got: Vec<(String, bool)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
                let want = vec![("acmeXkey_02".to_string(), true), ("acme_key_01".to_string(), false)];
                (got == want).then_some(()).ok_or(format!("keys after: {got:?}"))
            }),
        case("quote: users --client with quotes (exact)", p(&["users", "--client", "O'Brien \"&\" Sons"]), 0)
            .out("ob@obrien.example"),
        case("quote: users --client quoted name", p(&["users", "--client", "\"Acme\""]), 2)
            .err("unknown client `\"Acme\"`"),
        // Numbers.
        case("number: users --limit=-1", p(&["users", "--limit=-1"]), 0).out("(no rows)"),
        case("number: users --limit 1e3", p(&["users", "--limit", "1e3"]), 2).err("--limit"),
        case(
            "number: ingest-events --limit 2^65",
            p(&["ingest-events", "--client", "Acme", "--limit", "36893488147419103232"]),
            2,
        )
        .err("--limit"),
        case("number: --connect-timeout -5", p(&["--connect-timeout=-5", "users"]), 2).err("--connect-timeout"),
        // Invalid UTF-8 arguments.
        case("utf8: users --email invalid", pos(vec!["users".into(), "--email".into(), os(b"adm\xffin@acme.example")]), 2)
            .err("invalid UTF-8"),
        case("utf8: keys list --prefix invalid", pos(vec!["keys".into(), "list".into(), "--prefix".into(), os(b"\xc3\x28")]), 2)
            .err("invalid UTF-8"),
        // Look-alikes and bidirectional text.
        case("lookalike: --client Cyrillic e", p(&["users", "--client", "Acm\u{435}"]), 2)
            .err("unknown client `Acm\u{435}`"),
        case("lookalike: --client fullwidth A", p(&["users", "--client", "\u{ff21}cme"]), 2)
            .err("unknown client `\u{ff21}cme`"),
        case("lookalike: --client zero-width space", p(&["users", "--client", "Acme\u{200b}"]), 2)
            .err("unknown client `Acme\u{200b}`")
            .err("did you mean `Acme`"),
        case("lookalike: --email Cyrillic a", p(&["users", "--email", "\u{430}dmin@acme.example"]), 2)
            .err("no user with email `\u{430}dmin@acme.example`"),
        case("rtl: --client with RLO", p(&["users", "--client", "\u{202e}emcA"]), 2)
            .err("unknown client `\\u{202e}emcA`"),
        case("rtl: --email with RLM", p(&["users", "--email", "admin@acme.example\u{200f}"]), 2)
            .err("no user with email `admin@acme.example\\u{200f}`"),
        case("rtl: --client exact name holding RLO", p(&["users", "--client", "Evil\u{202e}gpj.exe"]), 0)
            .out("evil@evil.example"),
        case("ansi: --email with OSC title", p(&["users", "--email", "\u{1b}]0;pwned\u{7}@x.example"]), 2)
            .err("no user with email `\\x1b]0;pwned\\x07@x.example`"),
        case("ansi: keys disable NAME with CSI", p(&["keys", "disable", "\u{1b}[2Jgone", "--yes"]), 2)
            .err("unknown key name(s): \\x1b[2Jgone"),
        case("ansi: test-login --url with escapes", p(&["test-login", "--url", "\u{1b}[2Jhttp://x", "--email", EMAIL, "--password-stdin"]), 2)
            .stdin("pw\n")
            .err("--url `\\x1b[2Jhttp://x` is not an http:// or https:// URL"),
        // 100 KB strings.
        case("big: users --email 100 KB", p(&["users", "--email", &big('e')]), 2).err("no user with email `eeee"),
        case("big: users --client 100 KB", p(&["users", "--client", &big('c')]), 2).err("unknown client `cccc"),
        case("big: keys list --prefix 100 KB", p(&["keys", "list", "--prefix", &big('k')]), 0).out("(no rows)"),
        case("big: keys disable 100 KB name", p(&["keys", "disable", &big('n'), "--yes"]), 2).err("unknown key name(s): nnnn"),
        case("big: users --client 100 KB of escapes", p(&["users", "--client", &big('\u{1b}')]), 2)
            .err("unknown client `\\x1b\\x1b"),
    ];
    // Secrets from stdin: NUL, invalid UTF-8, too long, empty. Refused before anything changes.
    let stdin_cases: [(&str, &[&str], &[u8], &str); 9] = [
        (
            "nul: verify-password stdin",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"pw\0tail\n",
            "NUL",
        ),
        (
            "nul: reset-password stdin",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            b"ab\0cd-long-enough\n",
            "NUL",
        ),
        (
            "nul: test-login stdin",
            &[
                "test-login",
                "--url",
                "http://127.0.0.1:9",
                "--email",
                EMAIL,
                "--password-stdin",
            ],
            b"\0\n",
            "NUL",
        ),
        (
            "utf8: verify-password stdin invalid",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"\xff\xfe\n",
            "not valid UTF-8",
        ),
        (
            "utf8: reset-password stdin invalid",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            b"Valid\xc3\x28Pw\n",
            "not valid UTF-8",
        ),
        (
            "utf8: test-ingest --api-key-stdin invalid",
            &["test-ingest", "--url", "http://127.0.0.1:9", "--api-key-stdin"],
            b"\xffKey\n",
            "not valid UTF-8",
        ),
        (
            "size: reset-password stdin 73 bytes",
            &["reset-password", "--email", EMAIL, "--password-stdin", "--yes"],
            &[b'p'; 73],
            "72",
        ),
        (
            "size: verify-password stdin empty",
            &["verify-password", "--email", EMAIL, "--password-stdin"],
            b"\n",
            "empty",
        ),
        (
            "size: test-ingest --api-key-stdin blank",
            &["test-ingest", "--url", "http://127.0.0.1:9", "--api-key-stdin"],
            b"  \t \n",
            "empty",
        ),
    ];
    for (name, args, input, err) in stdin_cases {
        v.push(case(name, p(args), 2).stdin(input.to_vec()).err(err));
    }
    v.push(
        case(
            "big: verify-password stdin 100 KB",
            p(&["verify-password", "--email", EMAIL, "--password-stdin"]),
            2,
        )
        .stdin(big('p'))
        .err("102400 bytes long"),
    );
    v.push(
        case(
            "big: test-ingest --api-key-stdin 100 KB",
            p(&["test-ingest", "--url", &dead_url(), "--api-key-stdin"]),
            5,
        )
        .stdin(big('K'))
        .err("cannot reach"),
    );
    v
}

#[test]
fn a_nul_byte_in_an_api_key_from_stdin_is_exit_2() {
    expect_fixed(|db| {
        vec![case(
            "nul: test-ingest --api-key-stdin",
            provctl(db).args(["test-ingest", "--url", &dead_url(), "--api-key-stdin"]),
            2,
        )
        .stdin(b"Key\0Value0000000000000000\n".to_vec())
        .err("NUL")]
    });
}
