//! The reader's unit tests (the golden corpus is tests/it/ini_golden.rs).

use super::reader::split_lines;
use super::*;

fn parse_ok(text: &str) -> Ini {
    Ini::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn parse_err(text: &str) -> IniError {
    match Ini::parse(text) {
        Ok(ini) => panic!("{text:?} should fail, got {ini:?}"),
        Err(e) => e,
    }
}

fn value<'a>(ini: &'a Ini, section: &str, option: &str) -> &'a str {
    ini.section(section)
        .and_then(|s| s.get(option))
        .unwrap_or_else(|| panic!("[{section}] {option} missing"))
        .value
        .unwrap_or_else(|e| panic!("[{section}] {option}: {e}"))
}

/// The error reading `[s] x` raises (the file itself parses).
fn read_err(text: &str, option: &str) -> IniError {
    let ini = parse_ok(text);
    let entry = ini.section("s").and_then(|s| s.get(option)).expect("option");
    match entry.value {
        Ok(v) => panic!("{text:?}: reading {option} should fail, got {v:?}"),
        Err(e) => e.clone(),
    }
}

#[test]
fn degenerate_lines_are_errors_not_panics() {
    for (text, line) in [
        ("[", 1),
        ("[]", 1),
        ("]", 1),
        ("=value", 1),
        (":", 1),
        ("%", 1),
        ("[s]\n[", 2),
        ("[s]\n[]", 2),
        ("[s]\n]", 2),
        ("[s]\n=", 2),
        ("[s]\n:", 2),
        ("[s]\n[x", 2),
    ] {
        assert_eq!(parse_err(text).line, line, "{text:?}");
    }
}

#[test]
fn odd_but_valid_lines() {
    let ini = parse_ok("[s]\na=%%\nb=%%%%\n[]]\nx=[\n[[]\n");
    assert_eq!(value(&ini, "s", "a"), "%");
    assert_eq!(value(&ini, "s", "b"), "%%");
    assert_eq!(value(&ini, "]", "x"), "[");
    assert!(ini.section("[").is_some());
}

#[test]
fn error_kinds_for_bad_lines() {
    let err = parse_err("[s]\nbare key\n");
    assert_eq!(
        err,
        IniError {
            line: 2,
            kind: IniErrorKind::OptionWithoutValue {
                text: "bare key".into()
            }
        }
    );
    let err = parse_err("[s]\n = v\n");
    assert!(matches!(err.kind, IniErrorKind::Syntax { .. }), "{err:?}");
    let err = parse_err("[s]\n[broken\n");
    assert!(matches!(err.kind, IniErrorKind::Syntax { .. }), "{err:?}");
}

#[test]
fn first_bad_line_is_reported_at_end_of_file() {
    let err = parse_err("[s]\nbad one\nok = 1\nbad two\n");
    assert_eq!(err.line, 2);
    // ...unless a fatal error comes first.
    let err = parse_err("[s]\nbad\n[s]\n");
    assert_eq!(err.line, 3);
    assert!(matches!(err.kind, IniErrorKind::DuplicateSection { .. }));
}

#[test]
fn huge_value_and_huge_bad_line() {
    let long = "x".repeat(100 * 1024);
    let ini = parse_ok(&format!("[s]\nk = {long}\n"));
    assert_eq!(value(&ini, "s", "k").len(), long.len());
    let err = parse_err(&format!("[s]\n{long}\n"));
    let message = err.to_string();
    assert!(message.len() < 300, "{message}");
    assert!(message.starts_with("line 2: "), "{message}");
}

#[test]
fn interpolation_bomb_is_stopped() {
    // Each level doubles 16 times: 16^10 copies of a 1 KB value.
    let mut text = format!("[s]\nv0 = {}%%\n", "x".repeat(1024));
    for level in 1..=9 {
        let refs = format!("%(v{})s", level - 1).repeat(16);
        text.push_str(&format!("v{level} = {refs}\n"));
    }
    assert!(matches!(
        read_err(&text, "v9").kind,
        IniErrorKind::InterpolationTooLarge { .. }
    ));
}

#[test]
fn a_bomb_nobody_reads_costs_nothing() {
    let mut text = format!("[s]\nok = fine\nv0 = {}%%\n", "x".repeat(1024));
    for level in 1..=9 {
        let refs = format!("%(v{})s", level - 1).repeat(16);
        text.push_str(&format!("v{level} = {refs}\n"));
    }
    let ini = parse_ok(&text);
    assert_eq!(value(&ini, "s", "ok"), "fine");
    // The budget is the file's: once a read has spent it, later reads of other bombs stop at once.
    let s = ini.section("s").unwrap();
    assert!(s.get("v9").unwrap().value.is_err());
    assert!(s.get("v8").unwrap().value.is_err());
}

#[test]
fn references_to_empty_values_are_not_free() {
    let mut text = String::from("[s]\ne0 =\n");
    for level in 1..=9 {
        let refs = format!("%%%(e{})s", level - 1).repeat(64);
        text.push_str(&format!("e{level} = {refs}\n"));
    }
    assert!(matches!(
        read_err(&text, "e9").kind,
        IniErrorKind::InterpolationTooLarge { .. }
    ));
}

#[test]
fn a_read_is_kept() {
    let ini = parse_ok("[s]\na = %(b)s!\nb = 1\nbad = 5%\n");
    let s = ini.section("s").unwrap();
    let first = s.get("a").unwrap();
    assert_eq!(first.value, Ok("1!"));
    assert_eq!(s.get("A"), Some(first));
    let bad = s.get("bad").unwrap();
    assert_eq!(bad.value.unwrap_err().line, 4);
    assert_eq!(s.get("bad"), Some(bad));
    // Reading changes nothing the file says.
    assert_eq!(ini, parse_ok("[s]\na = %(b)s!\nb = 1\nbad = 5%\n"));
}

#[test]
fn default_options_are_marked_inherited() {
    let ini = parse_ok("[DEFAULT]\nnote = 50% off\nrole = x\n[s]\nrole = y\nown = 1\n");
    let s = ini.section("s").unwrap();
    let items: Vec<(&str, bool)> = s.items().map(|i| (i.name.as_str(), i.inherited)).collect();
    assert_eq!(items, [("note", true), ("role", false), ("own", false)]);
    assert_eq!(value(&ini, "s", "role"), "y");
}

#[test]
fn interpolation_edge_cases() {
    let ini = parse_ok("[s]\nname = a)b\nx = %(name)s)s\ny = %(NAME)s\n");
    assert_eq!(value(&ini, "s", "x"), "a)b)s");
    assert_eq!(value(&ini, "s", "y"), "a)b");
    for bad in [
        "[s]\nx = 100%\n",
        "[s]\nx = %\n",
        "[s]\nx = %s\n",
        "[s]\nx = %()s\n",
        "[s]\nx = %(a)\n",
        "[s]\nx = %(a)d\n",
        "[s]\nx = %(a\n",
        "[s]\nx = é%\n",
    ] {
        let err = read_err(bad, "x");
        assert_eq!(err.line, 2, "{bad:?}");
        assert!(
            matches!(err.kind, IniErrorKind::InterpolationSyntax { .. }),
            "{bad:?}: {err:?}"
        );
    }
    let err = read_err("[s]\na = %(b)s\nb = %(a)s\n", "a");
    assert_eq!(
        err.kind,
        IniErrorKind::InterpolationDepth {
            section: "s".into(),
            option: "a".into()
        }
    );
}

#[test]
fn bom_is_skipped_only_at_the_start() {
    let ini = parse_ok("\u{feff}[s]\na = \u{feff}\n");
    assert_eq!(value(&ini, "s", "a"), "\u{feff}");
    assert_eq!(
        parse_err("\u{feff}\u{feff}[s]\n").kind,
        IniErrorKind::MissingSectionHeader {
            text: "\u{feff}[s]".into()
        }
    );
}

#[test]
fn line_endings() {
    let ini = parse_ok("[s]\r\na = 1\rb = 2\n\r\nc = 3");
    let lines: Vec<_> = ini.section("s").unwrap().entries().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert_eq!(split_lines(""), Vec::<&str>::new());
    assert_eq!(split_lines("\n"), [""]);
    assert_eq!(split_lines("a\r"), ["a"]);
    assert_eq!(split_lines("a\r\r\nb"), ["a", "", "b"]);
}

#[test]
fn python_whitespace() {
    // U+001C..U+001F are whitespace to Python's strip() but not to Rust's.
    let ini = parse_ok("[s]\na = \u{1c}v\u{1f}\u{a0}\nb =\u{3000}w\n");
    assert_eq!(value(&ini, "s", "a"), "v");
    assert_eq!(value(&ini, "s", "b"), "w");
    // Zero-width space is not whitespace to either.
    let ini = parse_ok("[s]\nc = \u{200b}\n");
    assert_eq!(value(&ini, "s", "c"), "\u{200b}");
}

#[test]
fn lookups_and_lines() {
    let ini = parse_ok("[DEFAULT]\nRole = user\n\n[client]\nName = Demo\n");
    let client = ini.section("client").unwrap();
    assert_eq!(client.line(), 4);
    assert_eq!(client.name(), "client");
    assert_eq!(client.get("NAME").unwrap().line, 5);
    assert_eq!(client.get("role").unwrap().value, Ok("user"));
    assert_eq!(client.get("role").unwrap().line, 2);
    assert!(client.get("missing").is_none());
    assert!(ini.section("Client").is_none());
    assert!(ini.section("DEFAULT").is_none());
    let names: Vec<_> = client.entries().map(|e| e.name).collect();
    assert_eq!(names, ["role", "name"]);
}

#[test]
fn display_format() {
    let err = parse_err("[a]\nx = 1\n[a]\n");
    assert_eq!(err.to_string(), "line 3: section [a] already exists");
    let err = parse_err("[a]\nx = 1\nX = 2\n");
    assert_eq!(
        err.to_string(),
        "line 3: option \"x\" in section [a] already exists"
    );
    let err = parse_err("k = v\n");
    assert_eq!(
        err.to_string(),
        "line 1: \"k = v\" comes before any [section] header"
    );
}

/// Deterministic pseudo-random inputs built from INI-ish fragments: the
/// parser must return, never panic, whatever the mix.
#[test]
fn no_panic_on_fragment_soup() {
    const FRAGMENTS: [&str; 24] = [
        "[",
        "]",
        "[s]",
        "[DEFAULT]",
        "=",
        ":",
        "%",
        "%%",
        "%(",
        ")s",
        "a",
        "A",
        "é",
        "\u{feff}",
        "\u{1c}",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "#",
        ";",
        "  x",
        "\u{3000}",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        let mut text = String::new();
        let len = (state % 40) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(FRAGMENTS[(state % FRAGMENTS.len() as u64) as usize]);
        }
        if let Err(e) = Ini::parse(&text) {
            assert!(e.line >= 1, "{text:?}: {e:?}");
            let _ = e.to_string();
        }
    }
}

#[test]
fn references_are_the_names_a_value_refers_to_without_reading_it() {
    let ini = parse_ok(
        "[DEFAULT]\nDomain = example.com\n[s]\na = %(Domain)s and %%(not)s and %(b)s\nb = 50% %(late)s\n",
    );
    let s = ini.section("s").unwrap();
    let refs: Vec<Vec<String>> = s.items().map(|i| i.references()).collect();
    // DEFAULT's `domain` first, then the section's own options, in items() order.
    assert_eq!(
        refs,
        [vec![], vec!["domain".to_string(), "b".to_string()], vec![]]
    );
}
