//! `keys export` and the values it hands over: the line formats (`name = key`, env) write a key exactly
//! as stored or refuse it. They escaped a value holding a control or bidirectional character, so the
//! exported secret differed from the stored one (ESC and the text `\x1b` exported alike), with exit 0;
//! a NULL name or one holding ` = ` made a line that meant another key. JSON carries everything.

use crate::support::{provctl, seed};
use postgres::Client;
use provctl::ui::output::{needs_escape, ESCAPED_CHARS_REGEX};

/// Values holding each kind of character the terminal escaping rewrites.
const ODD_VALUES: [&str; 7] = [
    "OddValue-esc-\u{1b}[31m-0123456789",
    "OddValue-tab-\t-0123456789",
    "OddValue-del-\u{7f}-0123456789",
    "OddValue-nel-\u{85}-0123456789",
    "OddValue-rlo-\u{202e}-0123456789",
    "OddValue-lri-\u{2066}-0123456789",
    "OddValue-alm-\u{61c}-0123456789",
];

fn stored(pg: &mut Client, client: &str) -> Vec<(Option<String>, String)> {
    pg.query(
        "SELECT name, key FROM api_keys WHERE client_id = $1::text::uuid ORDER BY name",
        &[&client],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

#[test]
fn the_line_formats_write_a_key_exactly_or_refuse_it_and_json_carries_it() {
    let db = crate::support::db();
    let mut pg = db.client();
    let odd = seed::client(&mut pg, "Odd");
    for (i, v) in ODD_VALUES.iter().enumerate() {
        seed::key(&mut pg, &odd, &format!("odd-{i:02}"), v, true);
    }
    let dir = tempfile::tempdir().unwrap();
    for format in ["lines", "env"] {
        let out = dir.path().join(format!("odd.{format}"));
        let done = provctl(&db)
            .args(["keys", "export", "--client", "Odd", "--format", format])
            .args(["--out", out.to_str().unwrap()])
            .run()
            .code_is(2)
            .stderr_has("7 key(s) cannot be written exactly")
            .stderr_has("`odd-00`, `odd-01`, `odd-02`, `odd-03`, `odd-04` and 2 more; nothing exported")
            .stderr_has("--format json");
        for v in ODD_VALUES {
            let prefix = &v[..12];
            assert!(
                !done.stdout().contains(prefix) && !done.stderr().contains(prefix),
                "{format}: {v:?} shown"
            );
        }
        assert!(!out.exists(), "{format}: nothing written");
    }
    // JSON: every value exactly as stored.
    let doc = provctl(&db)
        .args(["keys", "export", "--client", "Odd", "--format", "json"])
        .run()
        .code_is(0)
        .json();
    let exported: Vec<(Option<String>, String)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["name"].as_str().map(str::to_string),
                k["key"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(exported, stored(&mut pg, &odd));

    // Names that would make another line: NULL, and one holding ` = `. Lines refuse them; values
    // that need nothing escaped (accents, emoji) go out exactly.
    let names = seed::client(&mut pg, "Names");
    seed::key(&mut pg, &names, "plain-01", "Plain-é-😀-0123456789abcdef", true);
    let k = seed::key(&mut pg, &names, "tmp", "NullNameValue-0123456789abcdef", true);
    pg.execute("UPDATE api_keys SET name = NULL WHERE id = $1::text::uuid", &[&k])
        .unwrap();
    seed::key(&mut pg, &names, "a = b", "EqualsNameValue-0123456789abcdef", true);
    provctl(&db)
        .args(["keys", "export", "--client", "Names"])
        .run()
        .code_is(2)
        .stderr_has("2 key(s) cannot be written exactly as `name = key` lines")
        .stderr_has("`a = b`, (no name); nothing exported")
        .never_shows("NullNameValue")
        .never_shows("EqualsNameValue");
    pg.execute(
        "DELETE FROM api_keys WHERE client_id = $1::text::uuid AND name IS DISTINCT FROM 'plain-01'",
        &[&names],
    )
    .unwrap();
    provctl(&db)
        .args(["keys", "export", "--client", "Names"])
        .run()
        .code_is(0)
        .stdout_has("plain-01 = Plain-é-😀-0123456789abcdef\n");
}

/// A rotated key's new value must reach its destination after the commit: a name the chosen format
/// cannot carry is refused before anything changes.
#[test]
fn a_rotation_whose_name_lines_cannot_carry_changes_nothing() {
    let db = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Rot");
    seed::key(&mut pg, &c, "a = b", "RotOldValue-0123456789abcdef", true);
    let before = stored(&mut pg, &c);
    provctl(&db)
        .args(["keys", "rotate", "a = b", "--client", "Rot", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("cannot be written exactly in this format")
        .stderr_has("nothing changed");
    assert_eq!(stored(&mut pg, &c), before, "the old value stays");
    // JSON carries it: the rotation goes through.
    let doc = provctl(&db)
        .args([
            "keys", "rotate", "a = b", "--client", "Rot", "--yes", "--format", "json",
        ])
        .run()
        .code_is(0)
        .json();
    assert_eq!(doc[0]["name"], "a = b", "{doc}");
    assert_ne!(stored(&mut pg, &c), before, "rotated");
}

/// The server's regular expression and provctl's escaping pick the same characters: the export's
/// refusal in the database and its check while writing agree.
#[test]
fn the_server_finds_exactly_the_characters_provctl_escapes() {
    let db = crate::support::db();
    let mut pg = db.client();
    let server: Vec<u32> = pg
        .query(
            &format!(
                "SELECT n FROM generate_series(1, 12288) n WHERE chr(n) ~ '{ESCAPED_CHARS_REGEX}' ORDER BY n"
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get::<_, i32>(0) as u32)
        .collect();
    let ours: Vec<u32> = (1..=12288u32)
        .filter(|n| char::from_u32(*n).is_some_and(needs_escape))
        .collect();
    assert_eq!(server, ours);
    assert!(ours.len() > 60, "C0, DEL, C1 and the bidi controls");
}
