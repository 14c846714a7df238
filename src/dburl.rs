//! Database URL handling: the forms operators paste, normalised for the `postgres` crate, and redacted.
//!
//! Deployments hand provctl SQLAlchemy URLs (`postgresql+psycopg://…`), libpq URLs and libpq
//! `key=value` strings. The `postgres` crate accepts neither the `+driver` suffix nor libpq's
//! `verify-ca`/`verify-full`, and fails on parameters it does not know, so the URL is taken apart here:
//! TLS settings are kept for our own rustls set-up, the rest is handed over in a form the crate accepts.
//! The password is remembered only to be hidden: every message that might echo the URL goes through
//! [`DbUrl::redact`].

use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// libpq's `sslmode`, with its meaning (not the `postgres` crate's narrower one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<SslMode> {
        Ok(match value.to_ascii_lowercase().as_str() {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                // Quoted only when it is a plain word: a malformed URL can put a password after sslmode=.
                let shown = if is_scheme(other) {
                    format!(" `{other}`")
                } else {
                    String::new()
                };
                return Err(Error::usage(format!(
                    "database URL: unknown sslmode{shown} (expected disable, allow, prefer, require, verify-ca or verify-full)"
                )));
            }
        })
    }

    /// asyncpg spells TLS as `ssl=…` (`true`, `require`, `verify-full`, …).
    fn parse_asyncpg(value: &str) -> Result<SslMode> {
        match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(SslMode::Require),
            "false" | "0" | "no" | "off" => Ok(SslMode::Disable),
            other => SslMode::parse(other),
        }
    }

    /// Whether a TLS connector must be built at all.
    pub fn wants_tls(self) -> bool {
        !matches!(self, SslMode::Disable)
    }

    /// Whether the server certificate must be verified (chain; plus host name for `verify-full`).
    pub fn verifies(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyFull)
    }
}

/// A parsed database URL: the `postgres` crate's configuration plus what we handle ourselves.
#[derive(Clone)]
pub struct DbUrl {
    pub config: postgres::Config,
    pub ssl_mode: SslMode,
    /// `sslrootcert`: PEM file of trusted roots for `verify-*` (else the public web PKI roots).
    pub ssl_root_cert: Option<String>,
    /// Every spelling of the password that could appear in text (raw, percent-decoded).
    secrets: Vec<String>,
    /// Where the URL came from (`--database-url`, `DATABASE_URL`, …), for error messages.
    pub source: &'static str,
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the config's own Debug: it would print the password.
        write!(f, "DbUrl({})", self.display())
    }
}

/// libpq parameters the `postgres` crate does not know but that are harmless to drop.
const IGNORED_PARAMS: &[&str] = &[
    "sslcompression",
    "gssencmode",
    "krbsrvname",
    "fallback_application_name",
];

impl DbUrl {
    /// Parses any accepted form. Errors never contain the password.
    pub fn parse(input: &str) -> Result<DbUrl> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Error::usage("database URL is empty"));
        }
        // Every spelling a password could have in the raw text, found before parsing: the parsers below
        // register what they understood, but a malformed input must not leak what they did not.
        let candidates = password_candidates(input);
        let parsed = if let Some(rest) = strip_scheme(input) {
            Self::parse_url(rest)
        } else if let Some((scheme, _)) = input.split_once("://").filter(|(s, _)| is_scheme(s)) {
            Err(Error::usage(format!(
                "database URL: unsupported scheme `{scheme}://` (expected postgresql://, postgres:// or postgresql+<driver>://)"
            )))
        } else {
            Self::parse_keyword_value(input)
        };
        match parsed {
            Ok(mut url) => {
                url.secrets.extend(candidates);
                url.secrets.retain(|s| !s.is_empty());
                Ok(url)
            }
            Err(e) => {
                // Heuristic candidates shorter than 4 would garble every message ("p" in "postgresql");
                // the messages themselves never quote a value that could hold a password.
                let long: Vec<String> = candidates
                    .into_iter()
                    .filter(|c| c.chars().count() >= 4)
                    .collect();
                Err(Error {
                    message: redact_with(&long, &e.message),
                    ..e
                })
            }
        }
    }

    fn parse_url(rest: &str) -> Result<DbUrl> {
        let mut secrets = Vec::new();
        // The userinfo ends at the LAST '@': a password may hold '@', '/', '?' or '#' (libpq and
        // SQLAlchemy expect them percent-encoded, but operators paste what they have).
        let (userinfo, after) = match rest.rfind('@') {
            Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
            None => (None, rest),
        };
        let (main_after, query) = match after.split_once('?') {
            Some((m, q)) => (m, Some(q)),
            None => (after, None),
        };
        let normalised_main = match userinfo {
            Some(info) => match info.split_once(':') {
                Some((user, password)) => {
                    secrets.push(password.to_string());
                    secrets.push(percent_decode(password));
                    // Re-encoded so the crate's parser (which stops at the first '@') sees one userinfo.
                    format!(
                        "{user}:{}@{main_after}",
                        percent_encode(&percent_decode(password))
                    )
                }
                None => format!("{info}@{main_after}"),
            },
            None => main_after.to_string(),
        };
        let mut ssl_mode = None;
        let mut ssl_root_cert = None;
        let mut kept = Vec::new();
        for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value_decoded = percent_decode(value);
            match key {
                "sslmode" => ssl_mode = Some(SslMode::parse(&value_decoded)?),
                "ssl" => ssl_mode = Some(SslMode::parse_asyncpg(&value_decoded)?),
                "sslrootcert" => ssl_root_cert = Some(value_decoded),
                "password" => {
                    secrets.push(value.to_string());
                    secrets.push(value_decoded);
                    kept.push(pair.to_string());
                }
                k if IGNORED_PARAMS.contains(&k) => {}
                _ => kept.push(pair.to_string()),
            }
        }
        let mut url = format!("postgresql://{normalised_main}");
        if !kept.is_empty() {
            url.push('?');
            url.push_str(&kept.join("&"));
        }
        Self::finish(&url, ssl_mode, ssl_root_cert, secrets)
    }

    fn parse_keyword_value(input: &str) -> Result<DbUrl> {
        let pairs = parse_keyword_pairs(input)?;
        let mut ssl_mode = None;
        let mut ssl_root_cert = None;
        let mut secrets = Vec::new();
        let mut kept = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "sslmode" => ssl_mode = Some(SslMode::parse(&value)?),
                "sslrootcert" => ssl_root_cert = Some(value),
                k if IGNORED_PARAMS.contains(&k) => {}
                _ => {
                    if key == "password" {
                        secrets.push(value.clone());
                    }
                    kept.push(format!(
                        "{key}='{}'",
                        value.replace('\\', "\\\\").replace('\'', "\\'")
                    ));
                }
            }
        }
        Self::finish(&kept.join(" "), ssl_mode, ssl_root_cert, secrets)
    }

    fn finish(
        normalised: &str,
        ssl_mode: Option<SslMode>,
        ssl_root_cert: Option<String>,
        mut secrets: Vec<String>,
    ) -> Result<DbUrl> {
        secrets.retain(|s| !s.is_empty());
        let redact = |text: String| redact_with(&secrets, &text);
        let mut config = postgres::Config::from_str(normalised)
            .map_err(|e| Error::usage(format!("invalid database URL: {}", redact(e.to_string()))))?;
        // TLS is negotiated by our own connector; the crate only needs to know whether to ask for it.
        // libpq's default is `prefer`; provctl's is `disable` unless the URL asks (spec.md: "TLS when
        // the URL asks for it") so that a plain URL never pays for TLS set-up.
        let ssl_mode = ssl_mode.unwrap_or(SslMode::Disable);
        config.ssl_mode(match ssl_mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => postgres::config::SslMode::Require,
        });
        if config.get_application_name().is_none() {
            config.application_name("provctl");
        }
        if config.get_hosts().is_empty() {
            return Err(Error::usage("database URL names no host"));
        }
        if config.get_user().is_none() {
            // libpq falls back to the OS user name; do the same rather than fail.
            if let Ok(user) = std::env::var("USER") {
                config.user(&user);
            }
        }
        Ok(DbUrl {
            config,
            ssl_mode,
            ssl_root_cert,
            secrets,
            source: "the database URL",
        })
    }

    /// Replaces every spelling of the password in `text` with `***`.
    pub fn redact(&self, text: &str) -> String {
        redact_with(&self.secrets, text)
    }

    /// `host:port/dbname` for messages and the audit log (never the password).
    pub fn host(&self) -> String {
        use postgres::config::Host;
        // Redacted too: a malformed URL can carry the password into the host or database name.
        self.redact(&match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            Some(Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        })
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    pub fn dbname(&self) -> String {
        self.redact(
            self.config
                .get_dbname()
                .or(self.config.get_user())
                .unwrap_or_default(),
        )
    }

    /// A display form safe for any output: `postgresql://user:***@host:port/db`.
    pub fn display(&self) -> String {
        let user = self.config.get_user().unwrap_or_default();
        let password = if self.config.get_password().is_some() {
            ":***"
        } else {
            ""
        };
        self.redact(&format!(
            "postgresql://{user}{password}@{}:{}/{}",
            self.host(),
            self.port(),
            self.dbname()
        ))
    }
}

fn redact_with(secrets: &[String], text: &str) -> String {
    let secrets: Vec<&String> = secrets
        .iter()
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c == '*'))
        .collect();
    let mut out = text.to_string();
    // Every occurrence of every secret is marked first and the union replaced, so overlapping secrets
    // (a candidate longer than the password, sharing its start) never leave a tail behind. Repeated:
    // a replacement can re-form a secret with its neighbours ("ab*" in "abab*" → "ab***").
    for _ in 0..8 {
        let mut hidden = vec![false; out.len()];
        for s in &secrets {
            let mut from = 0;
            while let Some(p) = out[from..].find(s.as_str()) {
                let start = from + p;
                hidden[start..start + s.len()].iter_mut().for_each(|h| *h = true);
                from = start + out[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if !hidden.contains(&true) {
            break;
        }
        let mut next = String::with_capacity(out.len());
        let mut in_secret = false;
        for (i, c) in out.char_indices() {
            if hidden[i] {
                if !in_secret {
                    next.push_str("***");
                }
                in_secret = true;
            } else {
                in_secret = false;
                next.push(c);
            }
        }
        if next == out {
            break;
        }
        out = next;
    }
    out
}

/// Whether `s` looks like a URL scheme (so it can be quoted in an error without quoting a secret).
fn is_scheme(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// Text that may be a password in a raw URL or key=value string, whatever its shape: the userinfo's
/// password (up to the last '@'), and what follows every `password=` (to `&`, whitespace or a quote),
/// raw, percent-decoded and unescaped.
fn password_candidates(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = input
        .split_once("://")
        .filter(|(scheme, _)| is_scheme(scheme))
        .map(|(_, r)| r)
    {
        if let Some(at) = rest.rfind('@') {
            if let Some((_, pw)) = rest[..at].split_once(':') {
                out.push(pw.to_string());
                out.push(percent_decode(pw));
            }
        }
    }
    let mut search = input;
    while let Some(i) = search.find("password") {
        let after = search[i + "password".len()..].trim_start();
        if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            let (quoted, body) = match v.strip_prefix('\'') {
                Some(b) => (true, b),
                None => (false, v),
            };
            // The value's end depends on the form: a quote (key=value quoted), whitespace (key=value), or
            // `&` (URL query). Every reading is a candidate.
            let ends: Vec<usize> = if quoted {
                let mut prev = ' ';
                vec![body
                    .char_indices()
                    .find(|&(_, c)| {
                        let stop = c == '\'' && prev != '\\';
                        prev = c;
                        stop
                    })
                    .map_or(body.len(), |(i, _)| i)]
            } else {
                vec![
                    body.find(char::is_whitespace).unwrap_or(body.len()),
                    body.find(|c: char| c == '&' || c.is_whitespace())
                        .unwrap_or(body.len()),
                ]
            };
            for end in ends {
                let raw = &body[..end];
                out.push(raw.to_string());
                out.push(percent_decode(raw));
                out.push(unescape_backslashes(raw));
            }
        }
        search = &search[i + "password".len()..];
    }
    out.retain(|s| !s.is_empty());
    out
}

/// libpq's reading of backslash escapes in a key=value value (`\\x` → `x`).
fn unescape_backslashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `postgresql://`, `postgres://` and SQLAlchemy's `postgresql+driver://`: returns what follows `://`.
fn strip_scheme(input: &str) -> Option<&str> {
    let (scheme, rest) = input.split_once("://")?;
    let base = scheme.split('+').next().unwrap_or_default();
    let driver_ok = match scheme.split_once('+') {
        None => true,
        Some((_, driver)) => {
            !driver.is_empty() && driver.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    };
    (matches!(base.to_ascii_lowercase().as_str(), "postgresql" | "postgres") && driver_ok).then_some(rest)
}

/// libpq's `key=value` syntax: values may be single-quoted with `\'` and `\\` escapes.
fn parse_keyword_pairs(input: &str) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            // Never echo the text: a URL pasted without its scheme carries the password.
            return Err(Error::usage(
                "database URL is neither a postgresql:// URL nor libpq key=value pairs",
            ));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    }
                    '\'' => {
                        closed = true;
                        break;
                    }
                    _ => value.push(c),
                }
            }
            if !closed {
                let shown = if key == "password" {
                    "password"
                } else {
                    key.as_str()
                };
                return Err(Error::usage(format!(
                    "database connection string: unterminated quoted value for `{shown}`"
                )));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '\\' {
                    chars.next();
                    if let Some(n) = chars.next() {
                        value.push(n);
                    }
                    continue;
                }
                value.push(c);
                chars.next();
            }
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlalchemy_forms_are_accepted() {
        for scheme in [
            "postgresql+psycopg",
            "postgresql+psycopg2",
            "postgresql+asyncpg",
            "postgres",
            "postgresql",
        ] {
            let u = DbUrl::parse(&format!("{scheme}://app:s3cr%40t@db:5433/monitoring")).unwrap();
            assert_eq!(u.host(), "db");
            assert_eq!(u.port(), 5433);
            assert_eq!(u.dbname(), "monitoring");
            assert_eq!(u.config.get_password(), Some(&b"s3cr@t"[..]));
            assert_eq!(u.display(), "postgresql://app:***@db:5433/monitoring");
        }
    }

    #[test]
    fn unescaped_at_in_password_is_tolerated() {
        let u = DbUrl::parse("postgresql://app:p@ss@db/monitoring").unwrap();
        assert_eq!(u.config.get_password(), Some(&b"p@ss"[..]));
        assert_eq!(u.host(), "db");
        assert_eq!(u.redact("boom p@ss boom"), "boom *** boom");
    }

    #[test]
    fn sslmodes_are_libpq_ones() {
        let u = DbUrl::parse("postgresql://a:b@h/d?sslmode=verify-full&sslrootcert=/ca.pem").unwrap();
        assert_eq!(u.ssl_mode, SslMode::VerifyFull);
        assert_eq!(u.ssl_root_cert.as_deref(), Some("/ca.pem"));
        let u = DbUrl::parse("postgresql+asyncpg://a:b@h/d?ssl=require").unwrap();
        assert_eq!(u.ssl_mode, SslMode::Require);
        assert!(DbUrl::parse("postgresql://a:b@h/d?sslmode=bogus").is_err());
        assert_eq!(
            DbUrl::parse("postgresql://a:b@h/d").unwrap().ssl_mode,
            SslMode::Disable
        );
    }

    #[test]
    fn keyword_value_strings() {
        let u =
            DbUrl::parse(r"host=db dbname=monitoring user=app password='a \'b\' c' sslmode=require").unwrap();
        assert_eq!(u.config.get_password(), Some(&b"a 'b' c"[..]));
        assert_eq!(u.ssl_mode, SslMode::Require);
        assert_eq!(u.redact("x a 'b' c y"), "x *** y");
    }

    #[test]
    fn errors_never_show_the_password() {
        let e = DbUrl::parse("app:hunter2@db:5432/monitoring").unwrap_err();
        assert!(!e.message.contains("hunter2"), "{}", e.message);
        let e = DbUrl::parse("postgresql://app:hunter2@db/monitoring?bogus=hunter2").unwrap_err();
        assert!(!e.message.contains("hunter2"), "{}", e.message);
        let e = DbUrl::parse("mysql://app:hunter2@db/monitoring").unwrap_err();
        assert!(!e.message.contains("hunter2"), "{}", e.message);
    }
}
