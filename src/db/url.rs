//! Database connection strings: the forms operators paste, taken apart into libpq's keywords, and the
//! resolved connection ([`DbUrl`]) with its redaction.
//!
//! Deployments hand provctl SQLAlchemy URLs (`postgresql+psycopg://…`), libpq URLs and libpq
//! `key=value` strings. [`split`] turns any of them into libpq keyword/value pairs; `conninfo` completes
//! them as libpq does (service file, `PG*` variables, password file, defaults) and builds the `postgres`
//! crate's configuration. Every password from any source is remembered only to be hidden: every
//! message that might echo it goes through [`DbUrl::redact`].
//!
//! The pre-parser is ours, not the `url` crate's: operators paste passwords with unescaped `@`, `/`,
//! `#` or `?`, several hosts (`h1,h2:5433`), IPv6 literals and SQLAlchemy schemes, which a WHATWG URL
//! parser rejects or splits elsewhere than libpq does; and a parse error must never carry the text it
//! failed on. Percent-decoding is the `percent-encoding` crate's.

use crate::db::conninfo::Origin;
use crate::db::redact::{is_scheme, redact_with};
use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;

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
    /// Parses libpq's spelling; the error names the value only when it is a plain word (a malformed URL
    /// can put a password after `sslmode=`).
    pub fn parse(value: &str) -> Result<SslMode> {
        Ok(match value.to_ascii_lowercase().as_str() {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                let shown = if is_scheme(other) {
                    format!(" `{other}`")
                } else {
                    String::new()
                };
                return Err(Error::usage(format!(
                    "unknown sslmode{shown} (expected disable, allow, prefer, require, verify-ca or verify-full)"
                )));
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
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

/// The resolved connection: the `postgres` crate's configuration plus what we handle ourselves (TLS,
/// the start-up time limit), where each setting came from, and the secrets to hide.
#[derive(Clone)]
pub struct DbUrl {
    pub config: postgres::Config,
    pub ssl_mode: SslMode,
    /// Trusted roots for `verify-*`: a PEM file, or `system` (the operating system's store).
    pub ssl_root_cert: Option<String>,
    /// Every spelling of every password that could appear in text (raw, percent-decoded, …).
    pub(crate) secrets: Vec<String>,
    /// Where the connection string came from (`--database-url`, `DATABASE_URL`, …), for messages.
    pub source: &'static str,
    /// `connect_timeout` of the URL, service or `PGCONNECT_TIMEOUT` (`--connect-timeout` wins).
    pub connect_timeout: Option<Duration>,
    /// Setting name, value as shown (never a password), and where it came from.
    pub(crate) origins: Vec<(&'static str, String, Origin)>,
    /// Problems met while resolving that did not stop it (a password file with a lax mode).
    pub warnings: Vec<String>,
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the config's own Debug: it would print the password.
        write!(f, "DbUrl({})", self.display())
    }
}

impl DbUrl {
    /// Parses a connection string on its own: no `PG*` variable, service or password file is
    /// consulted (for URLs provctl builds itself, and for checks on what the operator typed). Errors
    /// never contain the password.
    pub fn parse(input: &str) -> Result<DbUrl> {
        crate::db::conninfo::resolve(Some(("the database URL", input)), &crate::db::conninfo::NoVars)
    }

    /// Replaces every spelling of every known password in `text` with `***`.
    pub fn redact(&self, text: &str) -> String {
        redact_with(&self.secrets, text)
    }

    /// The first host: its name (or socket directory), for messages and the audit log.
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

    /// Where host, port, user, database, password (and hostaddr, sslmode) came from, for `--verbose`
    /// and `doctor`: `host db (DATABASE_URL), …, password (password file ~/.pgpass:3)`. Never a password.
    pub fn sources(&self) -> String {
        let has_password = self.origins.iter().any(|(n, _, _)| *n == "password");
        let mut parts = Vec::new();
        for (name, value, origin) in &self.origins {
            if *name == "sslmode" && !has_password {
                parts.push("no password".to_string());
            }
            parts.push(if value.is_empty() {
                format!("{name} ({origin})")
            } else {
                format!("{name} {value} ({origin})")
            });
        }
        self.redact(&parts.join(", "))
    }

    /// Where one setting came from (`host`, `hostaddr`, `port`, `user`, `database`, `password`, `sslmode`).
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.origins
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, o)| o)
    }

    /// Uses `addr` to reach the (single) host while its name stays for TLS and the password file: what
    /// `hostaddr` does, for an address found by provctl itself (`--docker`).
    pub fn set_hostaddr(&mut self, addr: std::net::IpAddr, origin: Origin) {
        self.config.hostaddr(addr);
        self.origins.retain(|(n, _, _)| *n != "hostaddr");
        let at = self
            .origins
            .iter()
            .position(|(n, _, _)| *n == "host")
            .map_or(0, |i| i + 1);
        self.origins.insert(at, ("hostaddr", addr.to_string(), origin));
    }

    /// The host name to look up when the connection failed or `--docker` asks: the first host that is
    /// a name (not an address, not a socket) with no `hostaddr` given.
    pub fn host_name(&self) -> Option<String> {
        use postgres::config::Host;
        if !self.config.get_hostaddrs().is_empty() {
            return None;
        }
        match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) if h.parse::<std::net::IpAddr>().is_err() => Some(h.clone()),
            _ => None,
        }
    }
}

/// libpq keyword/value pairs, in the order given.
pub(crate) type Pairs = Vec<(String, String)>;

/// A connection string taken apart into libpq keyword/value pairs, in order (a later one wins), plus
/// each password as typed (before percent-decoding), to be redacted too. URLs are percent-decoded;
/// `ssl=` (asyncpg's spelling) becomes `sslmode`. Errors never quote a value.
pub(crate) fn split(input: &str) -> Result<(Pairs, Vec<String>)> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Error::usage("database URL is empty"));
    }
    if let Some(rest) = strip_scheme(input) {
        let mut raw = Vec::new();
        let pairs = split_url(rest, &mut raw);
        Ok((pairs, raw))
    } else if let Some((scheme, _)) = input.split_once("://").filter(|(s, _)| is_scheme(s)) {
        Err(Error::usage(format!(
            "database URL: unsupported scheme `{scheme}://` (expected postgresql://, postgres:// or postgresql+<driver>://)"
        )))
    } else {
        parse_keyword_pairs(input).map(|pairs| (pairs, Vec::new()))
    }
}

/// `user:password@host1:port1,host2/dbname?key=value&…`, as libpq reads it.
fn split_url(rest: &str, raw_secrets: &mut Vec<String>) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    // The userinfo ends at the LAST '@': a password may hold '@', '/', '?' or '#' (libpq and
    // SQLAlchemy expect them percent-encoded, but operators paste what they have).
    let (userinfo, after) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    if let Some(info) = userinfo {
        let (user, password) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        if !user.is_empty() {
            pairs.push(("user".into(), percent_decode(user)));
        }
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            raw_secrets.push(p.to_string());
            pairs.push(("password".into(), percent_decode(p)));
        }
    }
    let (main, query) = match after.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (after, None),
    };
    let (hostspec, path) = match main.split_once('/') {
        Some((h, p)) => (h, Some(p)),
        None => (main, None),
    };
    let (mut hosts, mut ports) = (Vec::new(), Vec::new());
    for chunk in hostspec.split(',') {
        // `[v6]:port` or `name:port`; an empty name means the default (PGHOST, else the socket).
        let (host, port) = match chunk.strip_prefix('[').and_then(|c| c.split_once(']')) {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => match chunk.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (chunk, None),
            },
        };
        hosts.push(percent_decode(host));
        ports.push(port.map(percent_decode).unwrap_or_default());
    }
    if hosts.iter().any(|h| !h.is_empty()) {
        pairs.push(("host".into(), hosts.join(",")));
    }
    if ports.iter().any(|p| !p.is_empty()) {
        pairs.push(("port".into(), ports.join(",")));
    }
    if let Some(db) = path.filter(|p| !p.is_empty()) {
        pairs.push(("dbname".into(), percent_decode(db)));
    }
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (percent_decode(key), percent_decode(raw_value));
        if key == "password" {
            raw_secrets.push(raw_value.to_string());
        }
        if key == "ssl" {
            // asyncpg spells TLS as `ssl=true|false|<sslmode>`.
            let mode = match value.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => "require".to_string(),
                "false" | "0" | "no" | "off" => "disable".to_string(),
                _ => value,
            };
            pairs.push(("sslmode".into(), mode));
        } else {
            pairs.push((key, value));
        }
    }
    pairs
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

/// Percent-decodes a URL component (the `percent-encoding` crate); an escape that is not one (`%zz`,
/// a lone `%`) stays as it is, and bytes that are not UTF-8 become U+FFFD.
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: an escape at the very end of a value (`mon%41`) was left literal.
    #[test]
    fn an_escape_at_the_end_of_a_value_is_decoded() {
        assert_eq!(percent_decode("mon%41"), "monA");
        assert_eq!(percent_decode("%41"), "A");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%zz%"), "a%zz%");
        assert_eq!(percent_decode("p%C3%A9"), "p\u{e9}");
    }

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
        // libpq's default: TLS when the server offers it.
        assert_eq!(
            DbUrl::parse("postgresql://a:b@h/d").unwrap().ssl_mode,
            SslMode::Prefer
        );
    }

    #[test]
    fn url_parts_are_libpq_keywords() {
        let (pairs, raw) =
            split("postgresql+psycopg://app:p%40ss@[::1]:5433,db/mon%20itoring?application_name=x&ssl=true")
                .unwrap();
        assert_eq!(raw, ["p%40ss"]);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("user", "app"),
                ("password", "p@ss"),
                ("host", "::1,db"),
                ("port", "5433,"),
                ("dbname", "mon itoring"),
                ("application_name", "x"),
                ("sslmode", "require")
            ]
        );
        // No host and no port: nothing set, so PGHOST/PGPORT (or the defaults) apply.
        assert_eq!(
            split("postgresql:///mon").unwrap().0,
            [("dbname".to_string(), "mon".to_string())]
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
