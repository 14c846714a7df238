//! The properties checked by the fuzz targets, shared word for word with their deterministic replay
//! in the test suite (`tests/it/fuzz_replay.rs` includes this file with `#[path]`).
//!
//! Each function takes the raw fuzz input and panics (with the reason) when a property fails; it
//! returns normally for every input that holds, including inputs it skips as out of scope.

use provctl::db::url::DbUrl;
use provctl::provision::ini::{Ini, IniErrorKind};

// ---------------------------------------------------------------- INI reader

/// `Ini::parse` on any text: never panics; errors point at a real line and quote at most a bounded
/// excerpt of it; a successful parse is self-consistent; a leading BOM and CRLF line ends change nothing.
pub fn ini(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let result = Ini::parse(text);
    // An upper bound on the number of lines: every terminator ends one, plus a last unterminated one.
    let max_line = text.bytes().filter(|&b| b == b'\n' || b == b'\r').count() + 1;
    match &result {
        Ok(ini) => {
            for s in ini.sections() {
                assert!(!s.name().is_empty(), "empty section name in {text:?}");
                assert_ne!(s.name(), "DEFAULT", "DEFAULT listed as a section in {text:?}");
                assert!(
                    (1..=max_line).contains(&s.line()),
                    "section [{}] on line {} of a {max_line}-line text",
                    s.name(),
                    s.line()
                );
                for e in s.entries() {
                    assert!(
                        (1..=max_line).contains(&e.line),
                        "option {:?} on line {} of a {max_line}-line text",
                        e.name,
                        e.line
                    );
                    // Reads are kept: get() gives the very same answer as the listing's read.
                    let found = s.get(e.name).map(|f| f.value);
                    assert_eq!(
                        found,
                        Some(e.value),
                        "[{}] {:?} is listed but get() does not find it",
                        s.name(),
                        e.name
                    );
                    if let Err(err) = e.value {
                        assert_eq!(err.line, e.line, "a read's error names the option's line");
                    }
                }
            }
        }
        Err(e) => {
            assert!(
                (1..=max_line).contains(&e.line),
                "error on line {} of a {max_line}-line text: {e:?}",
                e.line
            );
            let message = e.to_string();
            // Errors about an unreadable line quote at most 60 characters of it (each char at most
            // `\u{10ffff}` once Debug-escaped), never the whole line.
            let quotes_a_line = matches!(
                e.kind,
                IniErrorKind::MissingSectionHeader { .. }
                    | IniErrorKind::OptionWithoutValue { .. }
                    | IniErrorKind::Syntax { .. }
            );
            if quotes_a_line {
                assert!(
                    message.chars().count() <= 120 + 61 * 10,
                    "error message of {} chars: {message}",
                    message.chars().count()
                );
            }
        }
    }
    // Deterministic.
    assert_eq!(Ini::parse(text), result, "two parses of the same text differ");
    // One leading byte order mark is skipped.
    if !text.starts_with('\u{feff}') {
        let with_bom = format!("\u{feff}{text}");
        assert_eq!(Ini::parse(&with_bom), result, "a leading BOM changed the result");
    }
    // `\n` and `\r\n` line ends mean the same.
    if !text.contains('\r') && text.contains('\n') {
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(Ini::parse(&crlf), result, "CRLF line ends changed the result");
    }
}

// ---------------------------------------------------------------- database URLs

/// A character that stands for "password bytes": the inputs put it only inside the password, so its
/// appearance in any display form, error or redacted text means part of the password got out.
pub const SENTINEL: char = '鍵';

/// The ways the password can show up in text besides the sentinel itself.
const SENTINEL_SPELLINGS: [&str; 4] = ["鍵", "%e9%8d%b5", "\\u{9375}", "\\u9375"];

fn has_sentinel(text: &str) -> bool {
    let lower = text.to_lowercase();
    SENTINEL_SPELLINGS.iter().any(|s| lower.contains(s))
}

/// Whether a part that is not the password could itself show as the sentinel once decoded (the
/// parsers percent-decode: `%25e9%258d%25b5` becomes `%e9%8d%b5`).
fn could_show_sentinel(part: &str) -> bool {
    let once = percent_decode(part);
    has_sentinel(part) || has_sentinel(&once) || has_sentinel(&percent_decode(&once))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The forms a database URL is built in, chosen by the first line of the input.
const FORMS: [&str; 8] = [
    "url", "postgres", "psycopg", "asyncpg", "kv", "query", "encoded", "raw",
];

/// A database URL built from the input with a password that contains [`SENTINEL`]; the display form,
/// `Debug`, every error and hint, and `redact` of a text holding the password never show it.
///
/// Input: lines `form`, `user`, `password before the sentinel`, `password after`, `host`, `port`,
/// `dbname`, `extra query/keyword text`, then any text (`redact` is tried on it with the password
/// inserted). Form `raw` takes everything after the first line as the URL, as typed.
///
/// Failures of a class listed in [`known_gap`] (defects already reported, with a test marked
/// `#[ignore = "BUG: …"]` in `tests/it/fuzz_replay.rs`) are tolerated, so that fuzzing goes on looking
/// for new ones; [`dburl_strict`] tolerates nothing.
pub fn dburl(data: &[u8]) {
    let unknown: Vec<Failure> = dburl_failures(data)
        .into_iter()
        .filter(|f| known_gap(f).is_none())
        .collect();
    if let Some(f) = unknown.first() {
        panic!("{f}");
    }
}

/// [`dburl`] with no known gap tolerated.
pub fn dburl_strict(data: &[u8]) {
    if let Some(f) = dburl_failures(data).first() {
        panic!("{f}");
    }
}

/// One property that did not hold.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Which check: `error`, `hint`, `display`, `debug`, `parts`, `typed`, `redact`.
    pub check: &'static str,
    /// The URL given to `DbUrl::parse`.
    pub input: String,
    /// The text that shows the password.
    pub shown: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.check {
            "error" => "the error message",
            "hint" => "the error hint",
            "display" => "display()",
            "debug" => "Debug",
            "parts" => "host()/dbname()",
            "typed" => "redact() of the URL as typed (the audit log's command line)",
            _ => "redact() of a text holding the driver's password",
        };
        write!(
            f,
            "{what} for {:?} shows the password: {}",
            self.input, self.shown
        )
    }
}

/// Defect classes found by fuzzing and reported (see docs/reliability.md, "Fuzzing"), by name.
pub fn known_gap(f: &Failure) -> Option<&'static str> {
    // `unsupported scheme `…://`` quotes everything before the first `://`, password included.
    if f.check == "error" && f.shown.contains("unsupported scheme") {
        return Some("scheme-echo");
    }
    // A second `?` typed for `&` (`?sslmode=require?password=…`): the `password=` after it is part
    // of the previous value, so it is neither registered for redaction nor used — and
    // `unknown sslmode `…`` quotes that whole value, password included.
    if f.check == "error" && f.shown.contains("unknown sslmode") {
        return Some("question-mark-for-ampersand");
    }
    if matches!(f.check, "typed" | "display" | "debug" | "parts") {
        if let Some((_, query)) = f.input.split_once('?') {
            if query.contains('?') {
                return Some("question-mark-for-ampersand");
            }
        }
    }
    let looks_like_url = f.input.trim_start().to_ascii_lowercase().starts_with("postgres");
    // A URL whose userinfo holds `/`, `?` or `#`: DbUrl ends the authority at the first `/` (and the
    // query at the first `?`) and registers no password to redact, while the driver's parser takes
    // the userinfo up to the `@`.
    if let Some((_, rest)) = f.input.split_once("://").filter(|_| looks_like_url) {
        if let Some(at) = rest.rfind('@') {
            if rest[..at].contains(['/', '?', '#']) {
                return Some("url-reserved-char");
            }
        }
    }
    // Partly redacted: `***` is there, and so is part of the password. Two registered spellings
    // overlap in the text (a heuristic candidate from `password_candidates`, added by the fix in
    // 8c1f1b5, and the password itself); the longer was replaced first and broke the other's
    // occurrence, leaving a tail (fixed in dd12e5d).
    if matches!(f.check, "typed" | "redact") && f.shown.contains("***") && has_sentinel(&f.shown) {
        return Some("overlapping-candidates");
    }
    // A key=value string: the password is registered unescaped, so its typed spelling with `\'` or
    // `\\` escapes is not redacted.
    if f.check == "typed" && !looks_like_url && f.input.contains('\\') {
        return Some("kv-escape");
    }
    None
}

/// Every property that fails for this input (empty when all hold or the input is out of scope).
pub fn dburl_failures(data: &[u8]) -> Vec<Failure> {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let form_line = lines.next().unwrap_or_default().trim();
    let form = FORMS
        .iter()
        .copied()
        .find(|f| *f == form_line)
        .unwrap_or_else(|| FORMS[form_line.len() % FORMS.len()]);
    if form == "raw" {
        let rest: Vec<&str> = lines.collect();
        return dburl_raw(&rest.join("\n"));
    }
    let mut field = || lines.next().unwrap_or_default().to_string();
    let (user, pw_a, pw_b, host, port, db, extra) =
        (field(), field(), field(), field(), field(), field(), field());
    let rest: Vec<&str> = lines.collect();
    let around = rest.join("\n");
    // The sentinel must come from the password only.
    if [&user, &host, &port, &db, &extra, &around]
        .iter()
        .any(|p| could_show_sentinel(p))
    {
        return Vec::new();
    }
    let password = format!("{pw_a}{SENTINEL}{pw_b}");
    let scheme = match form {
        "postgres" => "postgres://",
        "psycopg" => "postgresql+psycopg://",
        "asyncpg" => "postgresql+asyncpg://",
        _ => "postgresql://",
    };
    let port_part = if port.is_empty() {
        String::new()
    } else {
        format!(":{port}")
    };
    let query_part = if extra.is_empty() {
        String::new()
    } else {
        format!("?{extra}")
    };
    let input = match form {
        "kv" => {
            let q = |v: &str| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"));
            format!(
                "host={} user={} password={} dbname={}{}{} {extra}",
                q(&host),
                q(&user),
                q(&password),
                q(&db),
                if port.is_empty() { "" } else { " port=" },
                port
            )
        }
        "query" => {
            let sep = if extra.is_empty() { "" } else { "&" };
            // `&`, `#`, `=`, `+` and `%` would end or change a query value: encoded, as any URL
            // library would; everything else as typed.
            let mut value = String::new();
            for c in password.chars() {
                match c {
                    '&' | '#' | '=' | '+' | '%' => value.push_str(&percent_encode(&c.to_string())),
                    c => value.push(c),
                }
            }
            format!("{scheme}{user}@{host}{port_part}/{db}?password={value}{sep}{extra}")
        }
        "encoded" => format!(
            "{scheme}{user}:{}@{host}{port_part}/{db}{query_part}",
            percent_encode(&password)
        ),
        _ => format!("{scheme}{user}:{password}@{host}{port_part}/{db}{query_part}"),
    };
    check_url(&input, &around)
}

/// A URL as typed: the sentinel, if it occurs exactly once, must be inside what the parser took as
/// the password, and then must not be shown.
fn dburl_raw(input: &str) -> Vec<Failure> {
    if input.matches(SENTINEL).count() != 1 || could_show_sentinel(&input.replacen(SENTINEL, "", 1)) {
        let _ = DbUrl::parse(input); // still must not panic
        return Vec::new();
    }
    match DbUrl::parse(input) {
        Ok(url)
            if url
                .config
                .get_password()
                .is_some_and(|p| String::from_utf8_lossy(p).contains(SENTINEL)) =>
        {
            check_url(input, "")
        }
        _ => Vec::new(),
    }
}

fn check_url(input: &str, around: &str) -> Vec<Failure> {
    let mut failures = Vec::new();
    let mut check = |check: &'static str, shown: &str| {
        if has_sentinel(shown) {
            failures.push(Failure {
                check,
                input: input.to_string(),
                shown: shown.to_string(),
            });
        }
    };
    match DbUrl::parse(input) {
        Err(e) => {
            check("error", &e.message);
            if let Some(h) = &e.hint {
                check("hint", h);
            }
        }
        Ok(url) => {
            check("display", &url.display());
            check("debug", &format!("{url:?}"));
            check("parts", &format!("{} {}", url.host(), url.dbname()));
            // The URL as typed is redacted where it is recorded (the audit log's command line).
            check("typed", &url.redact(input));
            // What the driver will send as the password is hidden by redact() wherever it occurs.
            let sent = url
                .config
                .get_password()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default();
            // `***` is the mark itself: a password made of or ending in `*` can re-form next to it.
            // That corner has its own test (fuzz_replay.rs).
            if !sent.is_empty() && !sent.contains('*') {
                for text in [sent.clone(), format!("{around}{sent}{around}")] {
                    let red = url.redact(&text);
                    if red.contains(&sent) || (sent.contains(SENTINEL) && has_sentinel(&red)) {
                        failures.push(Failure {
                            check: "redact",
                            input: input.to_string(),
                            shown: red,
                        });
                    }
                }
            }
        }
    }
    failures
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
