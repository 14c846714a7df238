//! Hostile database values: what tenants chose (hostnames, names, e-mails, keys) shown by every listing.

use super::{case, expect_fixed, Case, HOSTILE_EMAIL, HOSTILE_HOST, HOSTILE_KEY, TWIN};
use crate::support::{provctl, TestDb};

// ---------------------------------------------------------------- database values

pub(super) fn database_value_cases(db: &TestDb) -> Vec<Case> {
    let p = |args: &[&str]| provctl(db).args(args);
    let mut v = Vec::new();
    // Every listing of hostile rows, in every format: escaped, data kept.
    let listings: [(&str, &[&str], i32, &str); 6] = [
        (
            "users",
            &["users", "--client", "Hostile"],
            0,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
        (
            "keys list",
            &["keys", "list", "--client", "Hostile"],
            0,
            "h\\x1b[31mkey\\x1b]0;pwn\\x07-01",
        ),
        (
            "machines",
            &["machines", "--client", "Hostile"],
            0,
            "web\\x1b]8;;http://evil.example\\x07-01",
        ),
        (
            "ingest-events",
            &["ingest-events", "--client", "Hostile"],
            0,
            "\\x1b[1A\\x1b[2Kingest\\x9b31m",
        ),
        (
            "verify-hash --all",
            &["verify-hash", "--all"],
            1,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
        (
            "verify-hash --email",
            &["verify-hash", "--email", HOSTILE_EMAIL],
            1,
            "ev\\x1b[2Jil\\u{202e}@hostile.example",
        ),
    ];
    for (what, args, code, escaped) in listings {
        v.push(case(format!("ansi db: {what} (table)"), p(args), code).out(escaped));
        v.push(
            case(
                format!("ansi db: {what} (csv)"),
                p(args).args(["-o", "csv"]),
                code,
            )
            .out(escaped),
        );
        let json_escaped = escaped
            .replace("\\x1b", "\\u001b")
            .replace("\\x07", "\\u0007")
            .replace("\\x9b", "\\u009b")
            .replace("\\u{202e}", "\\u202e");
        v.push(
            case(
                format!("ansi db: {what} (json)"),
                p(args).args(["-o", "json"]),
                code,
            )
            .out(json_escaped)
            .check(|d, _| {
                serde_json::from_str::<serde_json::Value>(&d.stdout())
                    .map(|_| ())
                    .map_err(|e| format!("stdout is not JSON: {e}"))
            }),
        );
    }
    v.push(
        case(
            "ansi db: machines json keeps the exact data",
            p(&["machines", "--client", "Hostile", "-o", "json"]),
            0,
        )
        .check(|d, _| {
            let rows: serde_json::Value = serde_json::from_str(&d.stdout()).map_err(|e| e.to_string())?;
            (rows[0]["hostname"] == HOSTILE_HOST && rows[0]["fingerprint"] == "\u{9b}31mfp\u{7}")
                .then_some(())
                .ok_or(format!("decoded: {rows}"))
        }),
    );
    // JSON: the exact name is checked by keys_export_json_keeps_the_exact_key_name.
    v.push(
        case(
            "ansi db: keys export --format json",
            p(&["keys", "export", "--client", "Hostile", "--format", "json"]),
            0,
        )
        .out("HostileKeyValue0000000000000001"),
    );
    // `name = key` lines cannot carry a name with an escape sequence exactly: refused, named escaped,
    // nothing written (an escaped name would be another key's line).
    v.push(
        case(
            "ansi db: keys export --format lines",
            p(&["keys", "export", "--client", "Hostile", "--format", "lines"]),
            2,
        )
        .err("h\\x1b[31mkey")
        .err("cannot be written exactly")
        .lacks("HostileKeyValue"),
    );
    // A name that cannot be part of a variable name is refused by the env format, named escaped.
    v.push(
        case(
            "ansi db: keys export --format env",
            p(&["keys", "export", "--client", "Hostile", "--format", "env"]),
            2,
        )
        .err("h\\x1b[31mkey")
        .err("cannot be part of a variable name")
        .lacks("HostileKeyValue"),
    );
    v.push(
        case(
            "ansi db: keys enable plan",
            p(&["keys", "enable", "--client", "Hostile", "--yes"]),
            0,
        )
        .changes()
        .out("h\\u{202e}key-02"),
    );
    v.push(case(
        "ansi db: reset-client --dry-run",
        p(&["reset-client", "--client", "Hostile", "--dry-run"]),
        0,
    ));
    v.push(
        case(
            "ansi db: deliverable to a pipe",
            p(&[
                "deliverable",
                "--client",
                "Hostile",
                "--url",
                "https://monitor.example.com",
            ]),
            0,
        )
        .out("ev\\x1b[2Jil\\u{202e}@hostile.example")
        .out("h\\x1b[31mkey"),
    );
    v.push(
        case(
            "ansi db: ambiguous client names",
            p(&["users", "--client", TWIN]),
            2,
        )
        .err("client name `\\x1b[2JTwin` is shared by 2 clients"),
    );
    v.push(
        case("ansi db: close-name hint", p(&["users", "--client", "twin"]), 2)
            .err("unknown client `twin`")
            .err("`\\x1b[2JTwin`"),
    );
    v.push(case("ansi db: doctor", p(&["doctor"]), 1).err("problem"));
    v.push(case("ansi db: doctor json", p(&["doctor", "-o", "json"]), 1));
    v.push(
        case(
            "ansi db: verify-password on a malformed hash",
            p(&["verify-password", "--email", HOSTILE_EMAIL, "--password-stdin"]),
            1,
        )
        .stdin("anything-pw\n")
        .out("VERIFY_AGAINST_DB=false")
        .err("verify-hash --email ev\\x1b[2Jil"),
    );
    v
}

#[test]
fn keys_export_json_keeps_the_exact_key_name() {
    expect_fixed(|db| {
        vec![case(
            "keys export --format json round-trips the name",
            provctl(db).args(["keys", "export", "--client", "Hostile", "--format", "json"]),
            0,
        )
        .check(|d, _| {
            let v: serde_json::Value = serde_json::from_str(&d.stdout()).map_err(|e| e.to_string())?;
            let names: Vec<&str> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["name"].as_str())
                .collect();
            names
                .contains(&HOSTILE_KEY)
                .then_some(())
                .ok_or(format!("names {names:?} lack {HOSTILE_KEY:?}"))
        })]
    });
}
