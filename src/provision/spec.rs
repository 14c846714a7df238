//! The provisioning spec: what one INI file asks for (client, admin, settings, keys, targets), every
//! value with where it came from ([`Field`]), and [`load`], which reads the file and validates it
//! before any database access. INI errors never echo the offending line (it may hold a password).

use crate::error::{Error, Result};
use crate::provision::ini::Ini;
use crate::provision::Validator;
use crate::secrets::secret::SecretString;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A validated INI file: everything provision needs, nothing read from the database yet.
#[derive(Debug)]
pub struct Spec {
    pub path: PathBuf,
    pub client_name: Field<String>,
    pub client_email: Field<Option<String>>,
    pub admin_email: Field<String>,
    pub admin_role: Field<String>,
    pub admin_password: Option<Field<SecretString>>,
    pub keys: Vec<KeySpec>,
    /// `[api_keys] length`: characters of each generated key.
    pub key_length: Field<usize>,
    pub settings: Settings,
    pub targets: Vec<Target>,
    pub warnings: Vec<String>,
}

/// A value with where it came from, so every error can name file, line and field.
#[derive(Debug, Clone)]
pub struct Field<T> {
    pub value: T,
    pub line: usize,
    pub name: &'static str,
}

#[derive(Debug)]
pub struct KeySpec {
    pub name: Field<String>,
    /// `key_NN` from the INI, else generated at apply time.
    pub imposed: Option<Field<SecretString>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub notification_email: String,
    pub slack_webhook_url: Option<String>,
    pub slack_channel_name: String,
    pub heartbeat_threshold_minutes: i32,
    pub consecutive_failures_threshold: i32,
    pub alert_grouping_enabled: bool,
    pub alert_grouping_window_seconds: i32,
    pub reminder_notification_seconds: i32,
    pub grace_period_seconds: i32,
    /// Lines for error messages, by field name.
    pub lines: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub option: String,
    pub line: usize,
    pub name: String,
    pub url: String,
    pub method: String,
    pub timeout: i32,
    pub interval: i32,
    pub active: bool,
}

/// Generated key length bounds: the platform's rule (≥ 16) and the column's.
pub(super) const MIN_KEY_LENGTH: usize = 16;

pub(super) fn field_error(
    path: &Path,
    line: usize,
    section: &str,
    field: &str,
    msg: impl std::fmt::Display,
) -> Error {
    Error::usage(format!("{}:{line}: [{section}] {field}: {msg}", path.display()))
}

/// Reads and validates one INI file. Errors are exit 2 and name file, line and field.
pub fn load(path: &Path) -> Result<Spec> {
    let bytes = crate::config::read_regular_file(path, "INI")?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::usage(format!("{}:{line}: not valid UTF-8", path.display()))
    })?;
    // A NUL byte cannot reach PostgreSQL (text never holds one): refuse it here, naming line and field.
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(Error::usage(format!(
            "{}:{line}: {}contains a NUL byte",
            path.display(),
            field_at(&text, line)
        )));
    }
    let ini = Ini::parse(&text)
        .map_err(|e| Error::usage(format!("{}:{}: {}", path.display(), e.line, ini_error(&e.kind))))?;
    Validator {
        path,
        ini: &ini,
        warnings: Vec::new(),
    }
    .spec()
}

/// `[section] option: ` for the option on `line` (1-based), as far as a raw scan can tell.
pub(super) fn field_at(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(current) = lines.get(line - 1) else {
        return String::new();
    };
    let option = current
        .split(['=', ':'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let section = lines[..line - 1].iter().rev().find_map(|l| {
        l.trim()
            .strip_prefix('[')
            .and_then(|r| r.rsplit_once(']'))
            .map(|(n, _)| n.to_string())
    });
    match section {
        Some(s) if !option.is_empty() => format!("[{s}] {option}: "),
        _ => String::new(),
    }
}

/// An INI error without the text of the offending line: a malformed `password` line would otherwise be
/// echoed to the terminal.
pub(super) fn ini_error(kind: &crate::provision::ini::IniErrorKind) -> String {
    use crate::provision::ini::IniErrorKind as K;
    match kind {
        K::MissingSectionHeader { .. } => "an option or text comes before any [section] header".into(),
        K::OptionWithoutValue { .. } => "a line without `=` or `:` (expected `name = value`)".into(),
        K::Syntax { .. } => {
            "a line that is not a [section] header, an option, a comment or a continuation".into()
        }
        other => other.to_string(),
    }
}

/// Why reading an option failed, without its location (the caller names file, line and field) and
/// without its text (it may be a password).
pub(super) fn read_error(kind: &crate::provision::ini::IniErrorKind) -> String {
    use crate::provision::ini::IniErrorKind as K;
    match kind {
        K::InterpolationSyntax { .. } => {
            "a `%` must be followed by `%` or `(name)s` (write %% for a literal %)".into()
        }
        K::InterpolationMissingOption { reference, .. } => format!(
            "refers to %({reference})s, which is not an option of this section or [DEFAULT] (write %% for a literal %)"
        ),
        K::InterpolationDepth { .. } => "references nested more than 10 deep (a cycle?)".into(),
        K::InterpolationTooLarge { .. } => "interpolation expands to too much text".into(),
        other => other.to_string(),
    }
}
