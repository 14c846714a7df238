//! Provisioning a client from its INI file: validation (before any database access), the current
//! state, the plan (`+` create, `=` unchanged, `!` drift), and the inserts of one transaction.
//!
//! The semantics are the platform script's, kept exactly: client idempotent on name, admin on email
//! (globally), one settings row per client, keys on (client, name), HTTP targets on (client, url);
//! existing rows are never modified — a difference from the INI is reported as drift, not "fixed".
//! Where the script was weak, provision is stricter: an admin email owned by another client, a value
//! longer than its live column, a malformed line are refused before anything is written.

use crate::db::{RowExt, Session};
use crate::error::{Error, Result};
use crate::ini::{Ini, Item, Section};
use crate::db::schema::LiveColumn;
use crate::secrets::secret::{check_password, SecretString};
use postgres::types::Type;
use postgres::GenericClient;
use std::collections::{BTreeMap, BTreeSet};
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
const MIN_KEY_LENGTH: usize = 16;

fn field_error(path: &Path, line: usize, section: &str, field: &str, msg: impl std::fmt::Display) -> Error {
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
fn field_at(text: &str, line: usize) -> String {
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
fn ini_error(kind: &crate::ini::IniErrorKind) -> String {
    use crate::ini::IniErrorKind as K;
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
fn read_error(kind: &crate::ini::IniErrorKind) -> String {
    use crate::ini::IniErrorKind as K;
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

/// An option as provision read it: its value after interpolation, and where it is.
#[derive(Debug, Clone, Copy)]
struct Opt<'a> {
    name: &'a str,
    value: &'a str,
    line: usize,
}

struct Validator<'a> {
    path: &'a Path,
    ini: &'a Ini,
    warnings: Vec<String>,
}

const KNOWN: &[(&str, &[&str])] = &[
    ("client", &["name", "email"]),
    ("admin", &["email", "role", "password"]),
    ("api_keys", &["count", "prefix", "length", "alphabet"]),
    (
        "client_settings",
        &[
            "notification_email",
            "slack_webhook_url",
            "slack_channel_name",
            "heartbeat_threshold_minutes",
            "consecutive_failures_threshold",
            "alert_grouping_enabled",
            "alert_grouping_window_seconds",
            "reminder_notification_seconds",
            "grace_period_seconds",
        ],
    ),
    ("http_targets", &[]),
];

impl Validator<'_> {
    fn err(&self, line: usize, section: &str, field: &str, msg: impl std::fmt::Display) -> Error {
        field_error(self.path, line, section, field, msg)
    }

    fn section(&self, name: &str) -> Option<&Section> {
        self.ini.section(name)
    }

    /// Reads an option (this is where configparser interpolates it, so an option nobody reads may hold
    /// anything); `None` when absent. A bad `%` in it is exit 2 naming file, line and field.
    fn opt<'s>(&self, section: Option<&'s Section>, name: &str) -> Result<Option<Opt<'s>>> {
        let Some(s) = section else { return Ok(None) };
        s.get(name).map(|e| self.value_of(s, e)).transpose()
    }

    /// Reads one listed option of `s` (`target_*`, `key_NN`).
    fn read<'s>(&self, s: &'s Section, item: &'s Item) -> Result<Opt<'s>> {
        self.value_of(s, s.read(item))
    }

    fn value_of<'s>(&self, s: &'s Section, e: crate::ini::Entry<'s>) -> Result<Opt<'s>> {
        match e.value {
            Ok(value) => Ok(Opt {
                name: e.name,
                value,
                line: e.line,
            }),
            Err(err) => Err(self.err(e.line, s.name(), e.name, read_error(&err.kind))),
        }
    }

    fn required(&self, section_name: &str, name: &'static str) -> Result<Field<String>> {
        let section = self.section(section_name).ok_or_else(|| {
            Error::usage(format!(
                "{}: missing section [{section_name}]{}",
                self.path.display(),
                self.case_hint(section_name)
            ))
        })?;
        match self.opt(Some(section), name)? {
            Some(e) if !e.value.trim().is_empty() => Ok(Field {
                value: e.value.trim().to_string(),
                line: e.line,
                name,
            }),
            Some(e) => Err(self.err(e.line, section_name, name, "is empty")),
            None => Err(self.err(section.line(), section_name, name, "is required")),
        }
    }

    fn int(
        &self,
        section: &str,
        e: Option<Opt<'_>>,
        name: &'static str,
        default: i64,
        min: i64,
    ) -> Result<(i64, usize)> {
        let Some(e) = e else { return Ok((default, 0)) };
        let v = e.value.trim();
        if v.is_empty() {
            return Ok((default, e.line));
        }
        let n: i64 = v.parse().map_err(|_| {
            self.err(
                e.line,
                section,
                name,
                format!("`{}` is not an integer", crate::ui::output::escape(v)),
            )
        })?;
        if n < min || n > i64::from(i32::MAX) {
            return Err(self.err(
                e.line,
                section,
                name,
                format!("{n} is out of range (at least {min})"),
            ));
        }
        Ok((n, e.line))
    }

    fn boolean(&self, section: &str, line: usize, name: &str, v: &str, default: bool) -> Result<bool> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" => Ok(default),
            "1" | "true" | "yes" | "y" | "on" => Ok(true),
            "0" | "false" | "no" | "n" | "off" => Ok(false),
            other => Err(self.err(
                line,
                section,
                name,
                format!(
                    "`{}` is not a boolean (1/true/yes/y/on or 0/false/no/n/off)",
                    crate::ui::output::escape(other)
                ),
            )),
        }
    }

    /// The shape check; whether the platform's login accepts the address is the plan's warning.
    fn email(&self, section: &str, f: &Field<String>) -> Result<()> {
        check_email(&f.value).map_err(|m| self.err(f.line, section, f.name, m))
    }

    /// An admin e-mail the platform's login refuses (422) or can never find (401): provisioned as
    /// written, as the script does, but the plan says so — that admin could never log in.
    fn login_warning(&mut self, f: &Field<String>) {
        let Some(problem) = crate::platform::login::problem(&f.value) else {
            return;
        };
        let what = match problem.status() {
            422 => format!("refuses `{}` (422)", f.value),
            _ => format!("never finds `{}`", f.value),
        };
        let fix = match problem {
            crate::platform::login::Problem::CapitalsInDomain => {
                format!("; write it `{}` in the INI", crate::platform::login::lookup_form(&f.value))
            }
            _ => "; use an address under a real domain".to_string(),
        };
        self.warnings.push(format!(
            "{}:{}: [admin] {}: the platform's login {what}: {}; this admin can never log in{fix}",
            self.path.display(),
            f.line,
            f.name,
            problem.why()
        ));
    }

    /// ` ([Client] is there: …)` when a section's name differs from `known` only by case: configparser's
    /// section names are case-sensitive, so it is another section.
    fn case_hint(&self, known: &str) -> String {
        self.ini
            .sections()
            .find(|s| s.name() != known && s.name().eq_ignore_ascii_case(known))
            .map(|s| {
                format!(
                    " ([{}] on line {} is another section: section names are case-sensitive)",
                    s.name(),
                    s.line()
                )
            })
            .unwrap_or_default()
    }

    /// Sections and options provision does not know, each as `file:line: …`. `[DEFAULT]` options are
    /// inherited by every section by design, so only what a section writes itself is looked at.
    fn unknown_options(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in self.ini.sections() {
            match KNOWN.iter().find(|(n, _)| *n == s.name()) {
                None => {
                    let hint = KNOWN
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(s.name()))
                        .map(|(n, _)| format!(" (section names are case-sensitive: did you mean [{n}]?)"))
                        .unwrap_or_default();
                    out.push(format!(
                        "{}:{}: unknown section [{}] ignored{hint}",
                        self.path.display(),
                        s.line(),
                        s.name()
                    ))
                }
                Some((name, known)) => {
                    for item in s.items().filter(|i| !i.inherited) {
                        let ok = known.contains(&item.name.as_str())
                            || (*name == "http_targets" && item.name.starts_with("target_"))
                            || (*name == "api_keys" && key_index(&item.name).is_some());
                        if !ok {
                            out.push(format!(
                                "{}:{}: [{name}] unknown option `{}` ignored",
                                self.path.display(),
                                item.line,
                                item.name
                            ));
                        }
                    }
                }
            }
        }
        out
    }

    fn spec(mut self) -> Result<Spec> {
        // Unknown sections and options are warnings for now; making them errors is this one line.
        let unknown = self.unknown_options();
        self.warnings.extend(unknown);
        let client_name = self.required("client", "name")?;
        let client_email = match self.opt(self.section("client"), "email")? {
            Some(e) if !e.value.trim().is_empty() => {
                let f = Field {
                    value: e.value.trim().to_string(),
                    line: e.line,
                    name: "email",
                };
                self.email("client", &f)?;
                Field {
                    value: Some(f.value),
                    line: f.line,
                    name: "email",
                }
            }
            e => Field {
                value: None,
                line: e.map_or(0, |e| e.line),
                name: "email",
            },
        };
        let admin_email = self.required("admin", "email")?;
        self.email("admin", &admin_email)?;
        self.login_warning(&admin_email);
        let admin = self.section("admin");
        let admin_role = match self.opt(admin, "role")? {
            Some(e) if !e.value.trim().is_empty() => Field {
                value: e.value.trim().to_string(),
                line: e.line,
                name: "role",
            },
            e => Field {
                value: "admin_client".to_string(),
                line: e.map_or(0, |e| e.line),
                name: "role",
            },
        };
        let admin_password = match self.opt(admin, "password")? {
            Some(e) if !e.value.trim().is_empty() => {
                let p = SecretString::new(e.value.trim().to_string());
                check_password(&p, "the password")
                    .map_err(|err| self.err(e.line, "admin", "password", err.message))?;
                Some(Field {
                    value: p,
                    line: e.line,
                    name: "password",
                })
            }
            _ => None,
        };
        let keys = self.keys()?;
        let key_length = self.key_length()?;
        let settings = self.settings(&admin_email.value)?;
        let targets = self.targets()?;
        Ok(Spec {
            path: self.path.to_path_buf(),
            client_name,
            client_email,
            admin_email,
            admin_role,
            admin_password,
            keys,
            key_length,
            settings,
            targets,
            warnings: self.warnings,
        })
    }

    fn keys(&self) -> Result<Vec<KeySpec>> {
        let s = self.section("api_keys");
        let (count, _) = self.int("api_keys", self.opt(s, "count")?, "count", 0, 0)?;
        if count > 999 {
            return Err(self.err(
                self.opt(s, "count")?.map_or(0, |e| e.line),
                "api_keys",
                "count",
                "more than 999 keys",
            ));
        }
        let prefix_line = self
            .opt(s, "prefix")?
            .map_or_else(|| s.map_or(0, Section::line), |e| e.line);
        let prefix = match self.opt(s, "prefix")? {
            None => "key-".to_string(),
            Some(e) if e.value.trim().is_empty() => {
                return Err(self.err(e.line, "api_keys", "prefix", "is empty"))
            }
            Some(e) => e.value.trim().to_string(),
        };
        // Key names (prefix + NN) are written as `API_KEY_NAME__<name>=<name>` lines: a newline (an INI
        // continuation line), a space, `=`, quotes or `$` would forge lines or run when sourced.
        if !crate::secrets::file::is_key_name(&prefix) {
            return Err(self.err(
                prefix_line,
                "api_keys",
                "prefix",
                format!(
                    "`{}` may hold only ASCII letters, digits, `-`, `_` and `.` (no whitespace, control character \
                     or continuation line): key names go into env-style secrets files",
                    crate::ui::output::escape(&prefix)
                ),
            ));
        }
        if let Some(e) = self.opt(s, "alphabet")? {
            if !matches!(e.value.trim(), "" | "alnum") {
                return Err(self.err(
                    e.line,
                    "api_keys",
                    "alphabet",
                    format!(
                        "`{}` is not supported (only alnum)",
                        crate::ui::output::escape(e.value.trim())
                    ),
                ));
            }
        }
        let mut imposed: BTreeMap<u32, Field<SecretString>> = BTreeMap::new();
        if let Some(s) = s {
            for item in s.items() {
                let Some(n) = key_index(&item.name) else { continue };
                // The script ignores key_NN beyond count; provctl refuses it (a key the operator
                // expects would silently not exist), before reading its value.
                if n == 0 || i64::from(n) > count {
                    return Err(self.err(
                        item.line,
                        "api_keys",
                        &item.name,
                        format!("index {n} is outside 1..={count} (count)"),
                    ));
                }
                let e = self.read(s, item)?;
                let v = e.value.trim();
                if v.chars().count() < MIN_KEY_LENGTH {
                    return Err(self.err(
                        e.line,
                        "api_keys",
                        e.name,
                        format!("an API key needs at least {MIN_KEY_LENGTH} characters"),
                    ));
                }
                if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(self.err(
                        e.line,
                        "api_keys",
                        e.name,
                        "an API key cannot contain spaces or control characters",
                    ));
                }
                if imposed
                    .insert(
                        n,
                        Field {
                            value: SecretString::new(v.to_string()),
                            line: e.line,
                            name: "key",
                        },
                    )
                    .is_some()
                {
                    return Err(self.err(e.line, "api_keys", e.name, "key index given twice"));
                }
            }
        }
        // The same imposed value twice would collide on the unique key column: refuse it here, with
        // its line, rather than after the plan was confirmed.
        for (i, a) in imposed.iter() {
            if let Some((j, b)) = imposed.range(..i).find(|(_, b)| b.value == a.value) {
                return Err(self.err(
                    a.line,
                    "api_keys",
                    &format!("key_{i:02}"),
                    format!(
                        "same value as key_{j:02} (line {}): key values are unique",
                        b.line
                    ),
                ));
            }
        }
        Ok((1..=count as u32)
            .map(|i| KeySpec {
                name: Field {
                    value: format!("{prefix}{i:02}"),
                    line: prefix_line,
                    name: "prefix",
                },
                imposed: imposed.remove(&i),
            })
            .collect())
    }

    fn key_length(&self) -> Result<Field<usize>> {
        let s = self.section("api_keys");
        let (n, line) = self.int(
            "api_keys",
            self.opt(s, "length")?,
            "length",
            32,
            MIN_KEY_LENGTH as i64,
        )?;
        Ok(Field {
            value: n as usize,
            line: if line > 0 {
                line
            } else {
                s.map_or(0, Section::line)
            },
            name: "length",
        })
    }

    fn settings(&self, admin_email: &str) -> Result<Settings> {
        let sec = "client_settings";
        let s = self.section(sec);
        let mut lines = BTreeMap::new();
        let notification_email = match self.opt(s, "notification_email")? {
            Some(e) if !e.value.trim().is_empty() => {
                let f = Field {
                    value: e.value.trim().to_string(),
                    line: e.line,
                    name: "notification_email",
                };
                check_email(&f.value).map_err(|m| self.err(f.line, sec, f.name, m))?;
                lines.insert("notification_email", e.line);
                f.value
            }
            _ => admin_email.to_string(),
        };
        let slack_webhook_url = match self.opt(s, "slack_webhook_url")? {
            Some(e) if !e.value.trim().is_empty() => {
                lines.insert("slack_webhook_url", e.line);
                Some(e.value.trim().to_string())
            }
            _ => None,
        };
        let slack_channel_name = match self.opt(s, "slack_channel_name")? {
            Some(e) if !e.value.trim().is_empty() => {
                lines.insert("slack_channel_name", e.line);
                e.value.trim().to_string()
            }
            _ => "#alerts".to_string(),
        };
        let mut int = |name: &'static str, default: i64| -> Result<i32> {
            let (v, line) = self.int(sec, self.opt(s, name)?, name, default, 0)?;
            if line > 0 {
                lines.insert(name, line);
            }
            Ok(v as i32)
        };
        let heartbeat_threshold_minutes = int("heartbeat_threshold_minutes", 5)?;
        let consecutive_failures_threshold = int("consecutive_failures_threshold", 2)?;
        let alert_grouping_window_seconds = int("alert_grouping_window_seconds", 300)?;
        let reminder_notification_seconds = int("reminder_notification_seconds", 600)?;
        let grace_period_seconds = int("grace_period_seconds", 120)?;
        let alert_grouping_enabled = match self.opt(s, "alert_grouping_enabled")? {
            Some(e) => self.boolean(sec, e.line, "alert_grouping_enabled", e.value, true)?,
            None => true,
        };
        Ok(Settings {
            notification_email,
            slack_webhook_url,
            slack_channel_name,
            heartbeat_threshold_minutes,
            consecutive_failures_threshold,
            alert_grouping_enabled,
            alert_grouping_window_seconds,
            reminder_notification_seconds,
            grace_period_seconds,
            lines,
        })
    }

    fn targets(&self) -> Result<Vec<Target>> {
        let sec = "http_targets";
        let Some(s) = self.section(sec) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Target> = Vec::new();
        for item in s.items().filter(|i| i.name.starts_with("target_")) {
            let e = self.read(s, item)?;
            let fields: Vec<&str> = e.value.split('|').map(str::trim).collect();
            if fields.len() != 6 {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "expected 6 fields name|url|method|timeout|interval|active, found {}",
                        fields.len()
                    ),
                ));
            }
            let [name, url, method, timeout, interval, active] =
                [fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]];
            if name.is_empty() {
                return Err(self.err(e.line, sec, e.name, "the name (field 1) is empty"));
            }
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || url.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!("`{}` (field 2) is not an http(s) URL", crate::ui::output::escape(url)),
                ));
            }
            let method = if method.is_empty() {
                "GET".to_string()
            } else {
                method.to_ascii_uppercase()
            };
            if !method.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "`{}` (field 3) is not an HTTP method",
                        crate::ui::output::escape(&method)
                    ),
                ));
            }
            let number = |v: &str, what: &str| -> Result<i32> {
                v.parse::<i32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    self.err(
                        e.line,
                        sec,
                        e.name,
                        format!(
                            "`{}` ({what}) is not a positive integer",
                            crate::ui::output::escape(v)
                        ),
                    )
                })
            };
            let timeout = number(timeout, "field 4, timeout")?;
            let interval = number(interval, "field 5, interval")?;
            let active = self.boolean(sec, e.line, e.name, active, true)?;
            if let Some(prev) = out.iter().find(|t| t.url == url) {
                return Err(self.err(
                    e.line,
                    sec,
                    e.name,
                    format!(
                        "URL already used by {} (line {}): targets are unique per URL",
                        prev.option, prev.line
                    ),
                ));
            }
            out.push(Target {
                option: e.name.to_string(),
                line: e.line,
                name: name.to_string(),
                url: url.to_string(),
                method,
                timeout,
                interval,
                active,
            });
        }
        Ok(out)
    }
}

/// `key_01` → 1.
fn key_index(option: &str) -> Option<u32> {
    let digits = option.strip_prefix("key_")?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The shape of an email address: one `@`, something on each side, no spaces or controls.
pub fn check_email(e: &str) -> std::result::Result<(), String> {
    let bad = || Err(format!("`{}` is not an email address", crate::ui::output::escape(e)));
    if e.chars().any(|c| c.is_whitespace() || c.is_control()) || e.matches('@').count() != 1 {
        return bad();
    }
    let (local, domain) = e.split_once('@').unwrap_or_default();
    if local.is_empty()
        || domain.is_empty()
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return bad();
    }
    Ok(())
}

/// Checks every value against the live column limits (the deployed schema's, not the ORM's).
pub fn check_lengths(spec: &Spec, live: &BTreeMap<(String, String), LiveColumn>) -> Result<()> {
    let limit = |t: &str, c: &str| {
        live.get(&(t.to_string(), c.to_string()))
            .and_then(|l| l.max_length)
    };
    let check =
        |value: &str, table: &str, column: &str, section: &str, field: &str, line: usize| -> Result<()> {
            if let Some(max) = limit(table, column) {
                let n = value.chars().count();
                if n > max as usize {
                    return Err(field_error(
                        &spec.path,
                        line,
                        section,
                        field,
                        format!("{n} characters, but {table}.{column} holds at most {max}"),
                    ));
                }
            }
            Ok(())
        };
    check(
        &spec.client_name.value,
        "clients",
        "name",
        "client",
        "name",
        spec.client_name.line,
    )?;
    if let Some(e) = &spec.client_email.value {
        check(e, "clients", "email", "client", "email", spec.client_email.line)?;
    }
    check(
        &spec.admin_email.value,
        "users",
        "email",
        "admin",
        "email",
        spec.admin_email.line,
    )?;
    check(
        &spec.admin_role.value,
        "users",
        "role",
        "admin",
        "role",
        spec.admin_role.line,
    )?;
    for k in &spec.keys {
        check(
            &k.name.value,
            "api_keys",
            "name",
            "api_keys",
            "prefix",
            k.name.line,
        )?;
        if let Some(v) = &k.imposed {
            check(
                v.value.expose(),
                "api_keys",
                "key",
                "api_keys",
                &k.name.value,
                v.line,
            )?;
        }
    }
    if let Some(max) = limit("api_keys", "key") {
        let len = spec.key_length.value;
        if len > max as usize {
            return Err(field_error(
                &spec.path,
                spec.key_length.line,
                "api_keys",
                "length",
                format!("{len}, but api_keys.key holds at most {max}"),
            ));
        }
    }
    let s = &spec.settings;
    let line = |f: &str| s.lines.get(f).copied().unwrap_or(0);
    check(
        &s.notification_email,
        "client_settings",
        "notification_email",
        "client_settings",
        "notification_email",
        line("notification_email"),
    )?;
    if let Some(u) = &s.slack_webhook_url {
        check(
            u,
            "client_settings",
            "slack_webhook_url",
            "client_settings",
            "slack_webhook_url",
            line("slack_webhook_url"),
        )?;
    }
    check(
        &s.slack_channel_name,
        "client_settings",
        "slack_channel_name",
        "client_settings",
        "slack_channel_name",
        line("slack_channel_name"),
    )?;
    for t in &spec.targets {
        check(&t.name, "http_targets", "name", "http_targets", &t.option, t.line)?;
        check(&t.url, "http_targets", "url", "http_targets", &t.option, t.line)?;
        check(
            &t.method,
            "http_targets",
            "method",
            "http_targets",
            &t.option,
            t.line,
        )?;
    }
    Ok(())
}

/// What exists in the database for one INI.
#[derive(Debug, Default)]
pub struct State {
    pub client: Option<(String, Option<String>)>,
    /// (user id, client id, client name, role) of the admin email, whichever client it belongs to.
    pub admin: Option<(String, String, Option<String>, String)>,
    pub settings: Option<Settings>,
    /// Existing keys of the client, name → value (values only compared, never shown).
    pub keys: BTreeMap<String, SecretString>,
    pub targets: BTreeMap<String, Target>,
    /// Imposed key values that already exist anywhere, value → key name.
    pub taken: Vec<(SecretString, Option<String>)>,
}

/// Reads the current state for `spec` (the batched read for one INI: one code path). Inside the apply
/// transaction this runs after the advisory lock, so it is the state the inserts will see.
pub fn read_state<C: GenericClient>(db: &mut Session<C>, spec: &Spec) -> Result<State> {
    read_states(db, &[spec])?
        .pop()
        .unwrap_or_else(|| Ok(State::default()))
}

/// Reads the state of many INIs at once: one query per table (six in all) instead of up to five per INI,
/// so `api_keys` (no index on client_id in the deployed schema) is scanned once, not once per INI.
pub fn read_states<C: GenericClient>(db: &mut Session<C>, specs: &[&Spec]) -> Result<Vec<Result<State>>> {
    let names: Vec<String> = specs.iter().map(|s| s.client_name.value.clone()).collect();
    let emails: Vec<String> = specs.iter().map(|s| s.admin_email.value.clone()).collect();
    let mut clients: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for r in db.query(
        "SELECT name, id::text, email FROM clients WHERE name = ANY($1) ORDER BY created_at, id",
        &[(&names, Type::TEXT_ARRAY)],
    )? {
        clients
            .entry(r.cell(0, "clients")?)
            .or_default()
            .push((r.cell(1, "clients")?, r.cell(2, "clients")?));
    }
    let mut admins: BTreeMap<String, (String, String, Option<String>, String)> = BTreeMap::new();
    for r in db.query(
        "SELECT u.email, u.id::text, u.client_id::text, c.name, u.role FROM users u \
         LEFT JOIN clients c ON c.id = u.client_id WHERE u.email = ANY($1)",
        &[(&emails, Type::TEXT_ARRAY)],
    )? {
        admins.insert(
            r.cell(0, "users")?,
            (
                r.cell(1, "users")?,
                r.cell(2, "users")?,
                r.cell(3, "clients")?,
                r.cell(4, "users")?,
            ),
        );
    }
    let imposed: Vec<SecretString> = specs
        .iter()
        .flat_map(|s| {
            s.keys
                .iter()
                .filter_map(|k| k.imposed.as_ref().map(|f| f.value.clone()))
        })
        .collect();
    let taken: Vec<(SecretString, Option<String>)> = if imposed.is_empty() {
        Vec::new()
    } else {
        db.query(
            "SELECT key, name FROM api_keys WHERE key = ANY($1)",
            &[(&imposed, Type::TEXT_ARRAY)],
        )?
        .iter()
        .map(|r| Ok((SecretString::new(r.cell(0, "api_keys")?), r.cell(1, "api_keys")?)))
        .collect::<Result<_>>()?
    };
    let ids: Vec<String> = clients
        .values()
        .filter(|v| v.len() == 1)
        .map(|v| v[0].0.clone())
        .collect();
    let mut settings: BTreeMap<String, Settings> = BTreeMap::new();
    let mut keys: BTreeMap<String, BTreeMap<String, SecretString>> = BTreeMap::new();
    let mut targets: BTreeMap<String, BTreeMap<String, Target>> = BTreeMap::new();
    if !ids.is_empty() {
        for r in db.query(
            "SELECT client_id::text, notification_email, slack_webhook_url, slack_channel_name, heartbeat_threshold_minutes, \
                    consecutive_failures_threshold, alert_grouping_enabled, alert_grouping_window_seconds, \
                    reminder_notification_seconds, grace_period_seconds \
             FROM client_settings WHERE client_id = ANY($1::text[]::uuid[])",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            const T: &str = "client_settings";
            settings.insert(
                r.cell(0, T)?,
                Settings {
                    notification_email: r.cell::<Option<String>>(1, T)?.unwrap_or_default(),
                    slack_webhook_url: r.cell(2, T)?,
                    slack_channel_name: r.cell::<Option<String>>(3, T)?.unwrap_or_default(),
                    heartbeat_threshold_minutes: r.cell::<Option<i32>>(4, T)?.unwrap_or_default(),
                    consecutive_failures_threshold: r.cell::<Option<i32>>(5, T)?.unwrap_or_default(),
                    alert_grouping_enabled: r.cell::<Option<bool>>(6, T)?.unwrap_or_default(),
                    alert_grouping_window_seconds: r.cell::<Option<i32>>(7, T)?.unwrap_or_default(),
                    reminder_notification_seconds: r.cell::<Option<i32>>(8, T)?.unwrap_or_default(),
                    grace_period_seconds: r.cell::<Option<i32>>(9, T)?.unwrap_or_default(),
                    lines: BTreeMap::new(),
                },
            );
        }
        for r in db.query(
            "SELECT client_id::text, name, key FROM api_keys WHERE client_id = ANY($1::text[]::uuid[]) AND name IS NOT NULL",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            keys.entry(r.cell(0, "api_keys")?)
                .or_default()
                .insert(r.cell(1, "api_keys")?, SecretString::new(r.cell(2, "api_keys")?));
        }
        for r in db.query(
            "SELECT client_id::text, url, name, method, timeout_seconds, check_interval_seconds, is_active \
             FROM http_targets WHERE client_id = ANY($1::text[]::uuid[])",
            &[(&ids, Type::TEXT_ARRAY)],
        )? {
            const T: &str = "http_targets";
            let url: String = r.cell(1, T)?;
            targets.entry(r.cell(0, T)?).or_default().insert(
                url.clone(),
                Target {
                    option: String::new(),
                    line: 0,
                    name: r.cell(2, T)?,
                    url,
                    method: r.cell::<Option<String>>(3, T)?.unwrap_or_default(),
                    timeout: r.cell::<Option<i32>>(4, T)?.unwrap_or_default(),
                    interval: r.cell::<Option<i32>>(5, T)?.unwrap_or_default(),
                    active: r.cell::<Option<bool>>(6, T)?.unwrap_or_default(),
                },
            );
        }
    }
    Ok(specs
        .iter()
        .map(|spec| {
            let found = clients.get(&spec.client_name.value).cloned().unwrap_or_default();
            if found.len() > 1 {
                let ids: Vec<String> = found.iter().map(|c| c.0.clone()).collect();
                return Err(field_error(
                    &spec.path,
                    spec.client_name.line,
                    "client",
                    "name",
                    format!(
                        "{} clients are already named `{}` ({}): provisioning is idempotent on the name, so it cannot choose",
                        ids.len(),
                        crate::ui::output::escape(&spec.client_name.value),
                        ids.join(", ")
                    ),
                ));
            }
            let mut st = State {
                client: found.into_iter().next(),
                admin: admins.get(&spec.admin_email.value).cloned(),
                ..State::default()
            };
            let mine: Vec<&SecretString> = spec
                .keys
                .iter()
                .filter_map(|k| k.imposed.as_ref().map(|f| &f.value))
                .collect();
            st.taken = taken
                .iter()
                .filter(|(v, _)| mine.contains(&v))
                .map(|(v, n)| (v.clone(), n.clone()))
                .collect();
            if let Some((id, _)) = &st.client {
                st.settings = settings.get(id).cloned();
                // Cloned, not taken: two INIs may name the same client.
                st.keys = keys.get(id).cloned().unwrap_or_default();
                st.targets = targets.get(id).cloned().unwrap_or_default();
            }
            Ok(st)
        })
        .collect())
}

/// What provision will do (or did) with one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Unchanged,
    /// Exists but differs from the INI: reported, never changed.
    Drift(Vec<String>),
}

impl Action {
    pub fn symbol(&self) -> char {
        match self {
            Action::Create => '+',
            Action::Unchanged => '=',
            Action::Drift(_) => '!',
        }
    }

    pub fn word(&self) -> &'static str {
        match self {
            Action::Create => "created",
            Action::Unchanged => "unchanged",
            Action::Drift(_) => "drift",
        }
    }
}

/// The plan for one INI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub client: Action,
    pub admin: Action,
    pub settings: Action,
    /// Per key name, in INI order.
    pub keys: Vec<(String, Action)>,
    /// Per target URL, in INI order.
    pub targets: Vec<(String, Action)>,
}

impl Plan {
    fn actions(&self) -> impl Iterator<Item = &Action> {
        [&self.client, &self.admin, &self.settings]
            .into_iter()
            .chain(self.keys.iter().map(|(_, a)| a))
            .chain(self.targets.iter().map(|(_, a)| a))
    }

    /// (created, unchanged, drift) counts.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for a in self.actions() {
            match a {
                Action::Create => c.0 += 1,
                Action::Unchanged => c.1 += 1,
                Action::Drift(_) => c.2 += 1,
            }
        }
        c
    }

    pub fn creates_anything(&self) -> bool {
        self.counts().0 > 0
    }

    /// Whether every creation of `self` was also in `confirmed` (a concurrent run may have created
    /// some in between: fewer is fine; more would be applying something the operator never saw).
    pub fn within(&self, confirmed: &Plan) -> bool {
        let created = |p: &Plan| -> BTreeSet<String> {
            let mut s = BTreeSet::new();
            for (k, a) in [
                ("client", &p.client),
                ("admin", &p.admin),
                ("settings", &p.settings),
            ] {
                if *a == Action::Create {
                    s.insert(k.to_string());
                }
            }
            s.extend(
                p.keys
                    .iter()
                    .filter(|(_, a)| *a == Action::Create)
                    .map(|(n, _)| format!("key:{n}")),
            );
            s.extend(
                p.targets
                    .iter()
                    .filter(|(_, a)| *a == Action::Create)
                    .map(|(u, _)| format!("target:{u}")),
            );
            s
        };
        created(self).is_subset(&created(confirmed))
    }

    /// Whether an admin password is generated (admin created without a password in the INI).
    pub fn generates_password(&self, spec: &Spec) -> bool {
        self.admin == Action::Create && spec.admin_password.is_none()
    }
}

/// Compares the INI with the state. Conflicts that provisioning cannot resolve are exit 2.
pub fn plan(spec: &Spec, st: &State) -> Result<Plan> {
    let client = match &st.client {
        None => Action::Create,
        Some((_, db_email)) => match &spec.client_email.value {
            Some(e) if Some(e) != db_email.as_ref() => Action::Drift(vec![format!(
                "email is {} in the database, {e} in the INI",
                db_email.as_deref().unwrap_or("empty")
            )]),
            _ => Action::Unchanged,
        },
    };
    let admin = match (&st.admin, &st.client) {
        (None, _) => Action::Create,
        (Some((_, owner, _, role)), Some((client_id, _))) if owner == client_id => {
            if *role == spec.admin_role.value {
                Action::Unchanged
            } else {
                Action::Drift(vec![format!("role is {role} in the database, {} in the INI", spec.admin_role.value)])
            }
        }
        (Some((_, owner, owner_name, _)), _) => {
            return Err(field_error(
                &spec.path,
                spec.admin_email.line,
                "admin",
                "email",
                format!(
                    "`{}` already belongs to another client ({} {owner}): an email identifies one user platform-wide",
                    spec.admin_email.value,
                    owner_name.as_deref().map(crate::ui::output::escape).unwrap_or_default()
                ),
            ))
        }
    };
    let settings = match &st.settings {
        None => Action::Create,
        Some(db) => {
            let diffs = settings_diff(db, &spec.settings);
            if diffs.is_empty() {
                Action::Unchanged
            } else {
                Action::Drift(diffs)
            }
        }
    };
    let mut keys = Vec::new();
    for k in &spec.keys {
        let action = match (st.keys.get(&k.name.value), &k.imposed) {
            (Some(db), Some(imposed)) if db != &imposed.value => {
                Action::Drift(vec!["its value differs from the one imposed in the INI".into()])
            }
            (Some(_), _) => Action::Unchanged,
            (None, imposed) => {
                if let Some(v) = imposed {
                    if let Some((_, other)) = st.taken.iter().find(|(t, _)| *t == v.value) {
                        return Err(field_error(
                            &spec.path,
                            v.line,
                            "api_keys",
                            &format!("key_{}", &k.name.value[k.name.value.len() - 2..]),
                            format!(
                                "this value is already used by key {} (key values are unique platform-wide)",
                                other.as_deref().unwrap_or("(unnamed)")
                            ),
                        ));
                    }
                }
                Action::Create
            }
        };
        keys.push((k.name.value.clone(), action));
    }
    let targets = spec
        .targets
        .iter()
        .map(|t| {
            let action = match st.targets.get(&t.url) {
                None => Action::Create,
                Some(db) => {
                    let mut d = Vec::new();
                    differs(&mut d, "name", &db.name, &t.name);
                    differs(&mut d, "method", &db.method, &t.method);
                    differs(&mut d, "timeout", db.timeout, t.timeout);
                    differs(&mut d, "interval", db.interval, t.interval);
                    differs(&mut d, "active", db.active, t.active);
                    if d.is_empty() {
                        Action::Unchanged
                    } else {
                        Action::Drift(d)
                    }
                }
            };
            (t.url.clone(), action)
        })
        .collect();
    Ok(Plan {
        client,
        admin,
        settings,
        keys,
        targets,
    })
}

/// Records a drift line when the database and the INI disagree on one field.
fn differs(d: &mut Vec<String>, name: &str, db: impl std::fmt::Display, ini: impl std::fmt::Display) {
    let (db, ini) = (db.to_string(), ini.to_string());
    if db != ini {
        d.push(format!("{name} is {db} in the database, {ini} in the INI"));
    }
}

fn settings_diff(db: &Settings, ini: &Settings) -> Vec<String> {
    let mut d = Vec::new();
    let mut cmp = |name: &str, a: String, b: String| differs(&mut d, name, a, b);
    cmp(
        "notification_email",
        db.notification_email.clone(),
        ini.notification_email.clone(),
    );
    cmp(
        "slack_webhook_url",
        db.slack_webhook_url.clone().unwrap_or_else(|| "empty".into()),
        ini.slack_webhook_url.clone().unwrap_or_else(|| "empty".into()),
    );
    cmp(
        "slack_channel_name",
        db.slack_channel_name.clone(),
        ini.slack_channel_name.clone(),
    );
    for (name, a, b) in [
        (
            "heartbeat_threshold_minutes",
            db.heartbeat_threshold_minutes,
            ini.heartbeat_threshold_minutes,
        ),
        (
            "consecutive_failures_threshold",
            db.consecutive_failures_threshold,
            ini.consecutive_failures_threshold,
        ),
        (
            "alert_grouping_window_seconds",
            db.alert_grouping_window_seconds,
            ini.alert_grouping_window_seconds,
        ),
        (
            "reminder_notification_seconds",
            db.reminder_notification_seconds,
            ini.reminder_notification_seconds,
        ),
        (
            "grace_period_seconds",
            db.grace_period_seconds,
            ini.grace_period_seconds,
        ),
    ] {
        cmp(name, a.to_string(), b.to_string());
    }
    cmp(
        "alert_grouping_enabled",
        db.alert_grouping_enabled.to_string(),
        ini.alert_grouping_enabled.to_string(),
    );
    d
}

/// Secrets generated while applying, for the secrets file (then dropped and zeroed).
#[derive(Debug, Default)]
pub struct Generated {
    pub admin_password: Option<SecretString>,
    pub keys: Vec<(String, SecretString)>,
}

impl Generated {
    pub fn is_empty(&self) -> bool {
        self.admin_password.is_none() && self.keys.is_empty()
    }

    pub fn count(&self) -> usize {
        usize::from(self.admin_password.is_some()) + self.keys.len()
    }
}

/// Length of a generated admin password.
pub const PASSWORD_LENGTH: usize = 32;

/// The platform's generated admin password: 32 characters of A–Z a–z 0–9, as the script's
/// `gen_alphanum(32)` (its docstring's `token_urlsafe` is out of date).
pub fn generate_password() -> SecretString {
    alphanumeric(PASSWORD_LENGTH)
}

/// A generated API key: `len` characters of A–Z a–z 0–9.
pub fn generate_key(len: usize) -> SecretString {
    alphanumeric(len)
}

/// `len` characters drawn uniformly from A–Z a–z 0–9 with the OS generator (a CSPRNG). The
/// `Alphanumeric` distribution rejects out-of-range draws instead of reducing modulo 62, so there is
/// no bias. The buffer is sized up front so that no reallocation leaves a copy behind.
fn alphanumeric(len: usize) -> SecretString {
    use rand::RngExt;
    let mut rng = rand::rand_core::UnwrapErr(rand::rngs::SysRng);
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(rng.sample(rand::distr::Alphanumeric)));
    }
    SecretString::new(s)
}

/// A random (v4) uuid: the platform generates ids client-side, the columns have no default.
pub fn new_uuid() -> String {
    use rand::rand_core::Rng;
    let mut b = [0u8; 16];
    rand::rand_core::UnwrapErr(rand::rngs::SysRng).fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The admin's password and its hash, prepared before the transaction (bcrypt is slow on purpose).
pub struct AdminSecret {
    pub password: SecretString,
    pub generated: bool,
    pub hash: String,
}

/// Runs the plan's inserts inside `tx`. Returns the client id and what was generated.
pub fn apply<C: GenericClient>(
    tx: &mut Session<C>,
    spec: &Spec,
    plan: &Plan,
    st: &State,
    admin: Option<AdminSecret>,
) -> Result<(String, Generated)> {
    let mut generated = Generated::default();
    let client_id = match &st.client {
        Some((id, _)) => id.clone(),
        None => {
            let id = new_uuid();
            tx.execute(
                "INSERT INTO clients (id, name, email) VALUES ($1::uuid, $2, $3)",
                &[
                    (&id, Type::TEXT),
                    (&spec.client_name.value, Type::TEXT),
                    (&spec.client_email.value, Type::TEXT),
                ],
            )?;
            id
        }
    };
    if plan.admin == Action::Create {
        let a = admin.ok_or_else(|| Error::usage("internal: admin password was not prepared"))?;
        tx.execute(
            "INSERT INTO users (id, client_id, email, password_hash, role, is_active) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, true)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&spec.admin_email.value, Type::TEXT),
                (&SecretString::new(a.hash.clone()), Type::TEXT),
                (&spec.admin_role.value, Type::TEXT),
            ],
        )?;
        if a.generated {
            generated.admin_password = Some(a.password);
        }
    }
    if plan.settings == Action::Create {
        let s = &spec.settings;
        tx.execute(
            "INSERT INTO client_settings (id, client_id, notification_email, slack_webhook_url, slack_channel_name, \
                 heartbeat_threshold_minutes, consecutive_failures_threshold, alert_grouping_enabled, \
                 alert_grouping_window_seconds, reminder_notification_seconds, grace_period_seconds) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&s.notification_email, Type::TEXT),
                (&s.slack_webhook_url, Type::TEXT),
                (&s.slack_channel_name, Type::TEXT),
                (&s.heartbeat_threshold_minutes, Type::INT4),
                (&s.consecutive_failures_threshold, Type::INT4),
                (&s.alert_grouping_enabled, Type::BOOL),
                (&s.alert_grouping_window_seconds, Type::INT4),
                (&s.reminder_notification_seconds, Type::INT4),
                (&s.grace_period_seconds, Type::INT4),
            ],
        )?;
    }
    for (k, (name, action)) in spec.keys.iter().zip(&plan.keys) {
        if *action != Action::Create {
            continue;
        }
        // A generated value that happens to exist already is drawn again; an imposed one was checked
        // by the plan under the same lock.
        for attempt in 0.. {
            let (value, is_generated) = match &k.imposed {
                Some(f) => (f.value.clone(), false),
                None => (generate_key(spec.key_length.value), true),
            };
            let inserted = tx.execute(
                "INSERT INTO api_keys (id, client_id, key, name, is_active) VALUES ($1::uuid, $2::uuid, $3, $4, true) \
                 ON CONFLICT (key) DO NOTHING",
                &[(&new_uuid(), Type::TEXT), (&client_id, Type::TEXT), (&value, Type::TEXT), (name, Type::TEXT)],
            )?;
            if inserted == 1 {
                if is_generated {
                    generated.keys.push((name.clone(), value));
                }
                break;
            }
            if !is_generated || attempt >= 5 {
                return Err(Error::usage(format!(
                    "{}: key {name}: its value is already used by another key",
                    spec.path.display()
                )));
            }
        }
    }
    for (t, (_, action)) in spec.targets.iter().zip(&plan.targets) {
        if *action != Action::Create {
            continue;
        }
        tx.execute(
            "INSERT INTO http_targets (id, client_id, name, url, method, timeout_seconds, check_interval_seconds, is_active) \
             VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8)",
            &[
                (&new_uuid(), Type::TEXT),
                (&client_id, Type::TEXT),
                (&t.name, Type::TEXT),
                (&t.url, Type::TEXT),
                (&t.method, Type::TEXT),
                (&t.timeout, Type::INT4),
                (&t.interval, Type::INT4),
                (&t.active, Type::BOOL),
            ],
        )?;
    }
    Ok((client_id, generated))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generated passwords are the script's `gen_alphanum(32)`: 32 characters of A–Z a–z 0–9, each drawn
    /// uniformly. With 320 000 draws each of the 62 characters is expected ~5 161 times (σ ≈ 71); a
    /// byte-modulo-62 generator would give the first eight ~25 % more. ±10 % is 7 σ: a fair generator
    /// fails it with a probability below 10⁻¹⁰, a biased one passes it never.
    #[test]
    fn generated_passwords_are_32_uniform_alphanumerics() {
        const N: usize = 10_000;
        let mut counts: BTreeMap<char, usize> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for _ in 0..N {
            let p = generate_password();
            assert_eq!(p.expose().len(), PASSWORD_LENGTH);
            for c in p.expose().chars() {
                assert!(c.is_ascii_alphanumeric(), "{c:?}");
                *counts.entry(c).or_default() += 1;
            }
            seen.insert(p.expose().to_string());
        }
        assert_eq!(seen.len(), N, "a password repeated");
        assert_eq!(counts.len(), 62, "not every character of A–Z a–z 0–9 appears");
        let expected = (N * PASSWORD_LENGTH) as f64 / 62.0;
        for (c, n) in counts {
            let ratio = n as f64 / expected;
            assert!(
                (0.9..1.1).contains(&ratio),
                "{c:?} drawn {n} times, expected ~{expected:.0}"
            );
        }
    }
}
