//! Golden tests for `provctl::provision::ini`: every `tests/fixtures/ini/NAME.ini` is
//! parsed with `Ini::parse` and compared with `NAME.expected.json`, which
//! `tests/fixtures/ini/generate.py` wrote from what Python's configparser made
//! of the same file (see that script for the JSON format). The corpus is the
//! specification of the reader: a failure here means provctl would read a
//! client file differently from the provisioning script it replaces.

use provctl::provision::ini::{Ini, IniError, IniErrorKind};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Case-name prefixes, one per behaviour group. Every case must belong to
/// one, so that the per-group tests together cover the whole corpus.
const GROUPS: [&str; 14] = [
    "sample_",
    "comments_",
    "values_",
    "delim_",
    "names_",
    "cont_",
    "section_",
    "default_",
    "interp_",
    "dup_",
    "header_",
    "syntax_",
    "encoding_",
    "empty_",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ini")
}

/// All `.ini` cases, sorted so that failure lists are stable.
fn cases() -> Vec<PathBuf> {
    let dir = fixtures_dir();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ini"))
        .collect();
    cases.sort();
    cases
}

fn case_name(path: &Path) -> String {
    path.file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// The configparser exception each error kind stands for.
fn configparser_class(kind: &IniErrorKind) -> &'static str {
    match kind {
        IniErrorKind::MissingSectionHeader { .. } => "MissingSectionHeaderError",
        IniErrorKind::DuplicateSection { .. } => "DuplicateSectionError",
        IniErrorKind::DuplicateOption { .. } => "DuplicateOptionError",
        IniErrorKind::OptionWithoutValue { .. } | IniErrorKind::Syntax { .. } => "ParsingError",
        IniErrorKind::InterpolationSyntax { .. } => "InterpolationSyntaxError",
        IniErrorKind::InterpolationMissingOption { .. } => "InterpolationMissingOptionError",
        IniErrorKind::InterpolationDepth { .. } => "InterpolationDepthError",
        // configparser has no such limit; no case should ever expect it.
        IniErrorKind::InterpolationTooLarge { .. } => "<provctl interpolation budget>",
    }
}

fn load_expected(ini: &Path) -> Result<Value, String> {
    let path = ini.with_extension("expected.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("bad JSON in {}: {e}", path.display()))
}

/// What `Ini::parse` must produce: configparser's result, or the documented
/// deliberate deviation where the generator recorded one.
fn target(expected: &Value) -> &Value {
    expected
        .get("deviation")
        .map_or(expected, |deviation| &deviation["expected"])
}

/// Compares one case; `Err` describes the first difference.
fn check_case(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    // Decoding is the caller's job in provctl; every fixture is valid UTF-8.
    let text = String::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let expected = load_expected(path)?;
    let expected = target(&expected);
    let actual = Ini::parse(&text);
    match (expected.get("ok"), expected.get("error"), actual) {
        (Some(_), None, Ok(ini)) => compare_ok(expected, &ini),
        (None, Some(error), Err(actual)) => compare_error(error, &actual),
        (Some(_), None, Err(actual)) => Err(format!(
            "configparser accepts the file, Ini::parse says: {actual}"
        )),
        (None, Some(error), Ok(_)) => Err(format!(
            "configparser raises {error}, Ini::parse accepts the file"
        )),
        _ => Err(format!("expected JSON has neither ok nor error: {expected}")),
    }
}

fn compare_error(expected: &Value, actual: &IniError) -> Result<(), String> {
    let class = configparser_class(&actual.kind);
    let want = (expected["type"].as_str(), expected["line"].as_u64());
    let got = (Some(class), u64::try_from(actual.line).ok());
    if want == got {
        Ok(())
    } else {
        Err(format!(
            "expected {} on line {}, got {class} on line {} ({actual})",
            expected["type"], expected["line"], actual.line
        ))
    }
}

fn compare_ok(expected: &Value, ini: &Ini) -> Result<(), String> {
    let values = expected["ok"].as_object().ok_or("\"ok\" is not an object")?;
    let no_failures = serde_json::Map::new();
    let failed = match expected.get("failed") {
        Some(f) => f.as_object().ok_or("\"failed\" is not an object")?,
        None => &no_failures,
    };
    let layout = expected["layout"].as_array().ok_or("no \"layout\" array")?;
    let sections: Vec<_> = ini.sections().collect();
    let want_names: Vec<_> = layout.iter().map(|s| s["section"].as_str()).collect();
    let got_names: Vec<_> = sections.iter().map(|s| Some(s.name())).collect();
    if want_names != got_names || values.len() != layout.len() {
        return Err(format!("sections: expected {want_names:?}, got {got_names:?}"));
    }
    for (want, got) in layout.iter().zip(&sections) {
        let name = got.name();
        if want["line"].as_u64() != u64::try_from(got.line()).ok() {
            return Err(format!(
                "[{name}] header: expected line {}, got {}",
                want["line"],
                got.line()
            ));
        }
        let by_lookup = ini.section(name).map(|s| s.line());
        if by_lookup != Some(got.line()) {
            return Err(format!("section({name:?}) finds {by_lookup:?}"));
        }
        let want_options: Vec<(Option<&str>, Option<u64>)> = want["options"]
            .as_array()
            .ok_or("options is not an array")?
            .iter()
            .map(|pair| (pair[0].as_str(), pair[1].as_u64()))
            .collect();
        // Listing the options reads none of them.
        let got_options: Vec<(Option<&str>, Option<u64>)> = got
            .items()
            .map(|i| (Some(i.name.as_str()), u64::try_from(i.line).ok()))
            .collect();
        if want_options != got_options {
            return Err(format!(
                "[{name}] options (name, line): expected {want_options:?}, got {got_options:?}"
            ));
        }
        let want_values = values
            .get(name)
            .and_then(Value::as_object)
            .ok_or("section missing from \"ok\"")?;
        let want_failures = failed.get(name).and_then(Value::as_object);
        for entry in got.entries() {
            // Each read is configparser's `get`: a value, or the exception that read raised.
            let want_value = want_values.get(entry.name).and_then(Value::as_str);
            let want_failure = want_failures.and_then(|f| f.get(entry.name));
            match (entry.value, want_value, want_failure) {
                (Ok(v), Some(w), None) if v == w => {}
                (Err(e), None, Some(f)) => compare_error(f, e)
                    .map_err(|why| format!("[{name}] {}: reading it: {why}", entry.name))?,
                (got_value, w, f) => {
                    return Err(format!(
                        "[{name}] {}: expected {}, got {got_value:?}",
                        entry.name,
                        f.map_or_else(|| format!("{w:?}"), |f| format!("the read to raise {f}"))
                    ))
                }
            }
            // get() must find the same entry, under any case of the name.
            let mut spellings = vec![entry.name.to_string()];
            let upper = entry.name.to_uppercase();
            if upper.to_lowercase() == entry.name {
                spellings.push(upper);
            }
            for spelling in spellings {
                if got.get(&spelling) != Some(entry) {
                    return Err(format!("[{name}] get({spelling:?}) misses {entry:?}"));
                }
            }
        }
    }
    Ok(())
}

/// Runs every case whose name starts with `prefix` (all cases for "") and
/// fails with the list of failing files.
fn check_cases(prefix: &str) -> usize {
    let selected: Vec<_> = cases()
        .into_iter()
        .filter(|path| case_name(path).starts_with(prefix))
        .collect();
    let failures: Vec<String> = selected
        .iter()
        .filter_map(|path| {
            check_case(path)
                .err()
                .map(|why| format!("{}: {why}", case_name(path)))
        })
        .collect();
    assert!(!selected.is_empty(), "no case named {prefix}*");
    assert!(
        failures.is_empty(),
        "{} of {} INI golden case(s) failed:\n{}",
        failures.len(),
        selected.len(),
        failures.join("\n")
    );
    selected.len()
}

#[test]
fn whole_corpus_matches_configparser() {
    let count = check_cases("");
    assert!(count >= 40, "only {count} cases in the corpus");
}

#[test]
fn corpus_is_complete_and_grouped() {
    let dir = fixtures_dir();
    for path in cases() {
        let name = case_name(&path);
        assert!(
            path.with_extension("expected.json").is_file(),
            "{name} has no .expected.json: run tests/fixtures/ini/generate.py"
        );
        assert!(
            GROUPS.iter().any(|group| name.starts_with(group)),
            "{name} belongs to no group of {GROUPS:?}"
        );
    }
    for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".expected.json") {
            assert!(
                dir.join(format!("{stem}.ini")).is_file(),
                "{name} has no {stem}.ini"
            );
        }
    }
}

/// The one documented deviation: configparser (reading UTF-8 as the script
/// does) fails on a byte order mark, provctl skips it.
#[test]
fn bom_deviation_is_the_documented_one() {
    let path = fixtures_dir().join("encoding_bom.ini");
    let expected = load_expected(&path).expect("expected JSON");
    assert_eq!(expected["error"]["type"], "MissingSectionHeaderError");
    assert_eq!(expected["error"]["line"], 1);
    assert!(expected["deviation"]["expected"]["ok"].is_object());
    let text = std::fs::read_to_string(&path).expect("fixture");
    assert!(text.starts_with('\u{feff}'));
    // The same file without its BOM reads exactly like the file with one.
    assert_eq!(
        Ini::parse(&text).expect("BOM file parses"),
        Ini::parse(&text['\u{feff}'.len_utf8()..]).expect("BOM-less file parses")
    );
    for path in cases() {
        let name = case_name(&path);
        let deviates = load_expected(&path)
            .expect("expected JSON")
            .get("deviation")
            .is_some();
        assert_eq!(deviates, name.starts_with("encoding_bom"), "{name}");
    }
}

#[test]
fn platform_sample() {
    check_cases("sample_");
}

#[test]
fn comments() {
    check_cases("comments_");
}

#[test]
fn values() {
    check_cases("values_");
}

#[test]
fn delimiters() {
    check_cases("delim_");
}

#[test]
fn option_names() {
    check_cases("names_");
}

#[test]
fn continuation_lines() {
    check_cases("cont_");
}

#[test]
fn section_headers() {
    check_cases("section_");
}

#[test]
fn default_section() {
    check_cases("default_");
}

#[test]
fn interpolation() {
    check_cases("interp_");
}

#[test]
fn duplicates() {
    check_cases("dup_");
}

#[test]
fn missing_section_header() {
    check_cases("header_");
}

#[test]
fn parsing_errors() {
    check_cases("syntax_");
}

#[test]
fn encodings_and_line_endings() {
    check_cases("encoding_");
}

#[test]
fn empty_inputs() {
    check_cases("empty_");
}
