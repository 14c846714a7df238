//! Deterministic replay of the fuzz properties (`fuzz/properties.rs`, the same file the cargo-fuzz
//! targets include) over every seed of `fuzz/corpus/<target>/`, the INI golden corpus, and the
//! inputs the fuzzer found and we kept (`fuzz/artifacts-kept/`). No fuzzing engine needed.

#[allow(dead_code)] // the fuzz targets use all of it; the replay uses most
#[path = "../../fuzz/properties.rs"]
mod properties;

use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// Runs `property` on every file, collecting each failure (the panic message) with the file's name.
fn replay(files: &[PathBuf], property: fn(&[u8])) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| {
            let data = std::fs::read(f).unwrap();
            std::panic::catch_unwind(|| property(&data)).err().map(|e| {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("{}: {msg}", f.display())
            })
        })
        .collect()
}

#[test]
fn ini_property_holds_for_every_seed_and_golden_file() {
    let mut all = files("fuzz/corpus/ini_parse");
    assert!(all.len() >= 70, "only {} INI seeds", all.len());
    all.extend(
        files("tests/fixtures/ini")
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "ini")),
    );
    all.extend(
        files("provisioning")
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "ini")),
    );
    let failures = replay(&all, properties::ini);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ini_property_holds_for_hand_made_edge_cases() {
    let cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\xef\xbb\xbf".to_vec(),
        b"[".to_vec(),
        b"[s]\n\x00=\x00\n".to_vec(),
        b"[s]\nk = %(k)s\n".to_vec(),
        b"[s]\r\n a\r\nk =\r\n  v\r\n\r\n  w\r\n".to_vec(),
        b"[DEFAULT]\nx = 1\n[DEFAULT]\ny = %(x)s\n[s]\n".to_vec(),
        b"\xff\xfe[\x00s\x00]\x00".to_vec(),
        format!("[s]\n{}\n", "x".repeat(100 * 1024)).into_bytes(),
        format!("[s]\nk = {}\n", "%%".repeat(50 * 1024)).into_bytes(),
        "[ß]\nẞ = 1\nİ = 2\n".as_bytes().to_vec(),
    ];
    for c in &cases {
        properties::ini(c);
    }
}

#[test]
fn dburl_property_holds_for_every_seed() {
    let seeds = files("fuzz/corpus/dburl");
    assert!(seeds.len() >= 10, "only {} URL seeds", seeds.len());
    let failures = replay(&seeds, properties::dburl);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// URLs an operator plausibly pastes, each with the sentinel in its password: none may show it.
#[test]
fn dburl_property_holds_for_common_url_shapes() {
    for form in ["url", "postgres", "psycopg", "asyncpg", "kv", "query", "encoded"] {
        for (pw_a, pw_b, extra) in [
            ("hunter", "2", ""),
            ("p@ss", ":w0rd", "sslmode=require"),
            ("Sp ace", "Tab\t", "application_name=provctl&connect_timeout=5"),
            (
                "per%cent",
                "%41",
                "sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem",
            ),
            ("ünï", "😀", "ssl=true"),
        ] {
            let input =
                format!("{form}\napp\n{pw_a}\n{pw_b}\ndb.example\n5432\nmonitoring\n{extra}\nerror: x");
            let failures = properties::dburl_failures(input.as_bytes());
            assert!(
                failures.is_empty(),
                "{form} {pw_a}…{pw_b}: {}",
                failures
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// Every kept fuzz finding (each was a redaction leak, fixed in src/dburl.rs) now holds the property:
/// they stay as a regression corpus.
#[test]
fn kept_dburl_findings_no_longer_leak() {
    let kept = files("fuzz/artifacts-kept/dburl");
    assert!(!kept.is_empty());
    for f in &kept {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let failures = properties::dburl_failures(&std::fs::read(f).unwrap());
        assert!(
            failures.is_empty(),
            "{name}: regression: {}",
            failures
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
}

fn strict_replay(class: &str) {
    let kept: Vec<PathBuf> = files("fuzz/artifacts-kept/dburl")
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{class}."))
        })
        .collect();
    assert!(!kept.is_empty(), "no kept input of class {class}");
    let failures = replay(&kept, properties::dburl_strict);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dburl_strict_url_reserved_char() {
    strict_replay("url-reserved-char");
}

#[test]
fn dburl_strict_kv_escape() {
    strict_replay("kv-escape");
}

#[test]
fn dburl_strict_scheme_echo() {
    strict_replay("scheme-echo");
}

#[test]
fn dburl_strict_question_mark_for_ampersand() {
    strict_replay("question-mark-for-ampersand");
}

/// The redaction mark is `***`: a password ending in `*` can re-form next to it.
#[test]
fn redact_never_leaves_a_password_ending_in_a_star() {
    let url = provctl::db::url::DbUrl::parse("postgresql://app:ab*@db.example/mon").unwrap();
    let shown = url.redact("password abab* rejected");
    assert!(!shown.contains("ab*"), "{shown}");
}
