//! libpq's connection conventions, with libpq's precedence (fe-connect.c, `conninfo_add_defaults`):
//! what the URL or key=value string says wins; a service (`service=` or `PGSERVICE`) fills what the
//! string did not set; then the `PG*` variables; then the defaults (sslmode `prefer`, user = the
//! operating-system user, dbname = user, port 5432, the Unix socket directory). The password file is
//! read only when no password was given. Each setting keeps where it came from, for `--verbose` and
//! `doctor`, and every password from any source is registered for redaction.

use crate::dburl::{self, DbUrl, SslMode};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Debian's libpq: the socket directory used when no host is given (also what `localhost` means in
/// the password file).
pub const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Any of these set (process or env file) is enough to connect with no URL, as psql does.
pub const WHERE_VARS: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGSERVICE",
];

/// Where a connection setting came from, as `--verbose` and `doctor` say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The connection string of this flag or variable (`--database-url`, `DATABASE_URL`, …).
    Url(&'static str),
    /// A line of a service file.
    Service(PathBuf, usize),
    /// A variable of the process environment.
    Env(&'static str),
    /// A variable of the `--env-file`.
    EnvFile(&'static str, PathBuf),
    /// A line of the password file.
    PassFile(PathBuf, usize),
    /// libpq's default, with what it is.
    Default(&'static str),
    /// provctl's `--docker` look-up: the container.
    Docker(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Url(source) => f.write_str(source),
            Origin::Service(p, line) => write!(f, "service file {}:{line}", p.display()),
            Origin::Env(var) => f.write_str(var),
            Origin::EnvFile(var, p) => write!(f, "{var} in --env-file {}", p.display()),
            Origin::PassFile(p, line) => write!(f, "password file {}:{line}", p.display()),
            Origin::Default(what) => write!(f, "default: {what}"),
            Origin::Docker(container) => write!(f, "docker: container {container}"),
        }
    }
}

/// The environment as libpq reads it: variables (with their origin), the home directory and the
/// operating-system user. `config::Env` is the real one; [`NoVars`] reads nothing.
pub trait Vars {
    fn var(&self, name: &'static str) -> Option<(String, Origin)>;
    fn home(&self) -> Option<PathBuf>;
    fn os_user(&self) -> Option<String>;
}

/// No environment at all: for connection strings provctl builds itself.
pub struct NoVars;

impl Vars for NoVars {
    fn var(&self, _: &'static str) -> Option<(String, Origin)> {
        None
    }
    fn home(&self) -> Option<PathBuf> {
        None
    }
    /// libpq's default user is the operating-system user whatever the environment.
    fn os_user(&self) -> Option<String> {
        crate::config::os_user()
    }
}

/// What provctl does with a libpq keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Resolved here (host, port, user, TLS, timeouts…).
    Own,
    /// Handed to the `postgres` crate under this name.
    Driver(&'static str),
    /// Harmless to drop: no effect on what provctl does (GSSAPI, compression, SNI…).
    Ignored,
    /// Would change who we are or what we trust, and provctl cannot do it: refused.
    Unsupported(&'static str),
}

/// Every libpq keyword (PostgreSQL 17), its environment variable when provctl reads it, and its use.
const KEYWORDS: &[(&str, Option<&str>, Use)] = &[
    ("service", Some("PGSERVICE"), Use::Own),
    ("user", Some("PGUSER"), Use::Own),
    ("password", Some("PGPASSWORD"), Use::Own),
    ("passfile", Some("PGPASSFILE"), Use::Own),
    (
        "channel_binding",
        Some("PGCHANNELBINDING"),
        Use::Driver("channel_binding"),
    ),
    ("connect_timeout", Some("PGCONNECT_TIMEOUT"), Use::Own),
    ("dbname", Some("PGDATABASE"), Use::Own),
    ("host", Some("PGHOST"), Use::Own),
    ("hostaddr", Some("PGHOSTADDR"), Use::Own),
    ("port", Some("PGPORT"), Use::Own),
    ("client_encoding", None, Use::Ignored),
    ("options", Some("PGOPTIONS"), Use::Own),
    ("application_name", Some("PGAPPNAME"), Use::Own),
    ("fallback_application_name", None, Use::Own),
    ("keepalives", None, Use::Driver("keepalives")),
    ("keepalives_idle", None, Use::Driver("keepalives_idle")),
    ("keepalives_interval", None, Use::Driver("keepalives_interval")),
    ("keepalives_count", None, Use::Driver("keepalives_retries")),
    ("tcp_user_timeout", None, Use::Driver("tcp_user_timeout")),
    ("sslmode", Some("PGSSLMODE"), Use::Own),
    (
        "sslnegotiation",
        Some("PGSSLNEGOTIATION"),
        Use::Driver("sslnegotiation"),
    ),
    ("sslcompression", None, Use::Ignored),
    ("sslcert", None, Use::Unsupported("client certificates")),
    ("sslkey", None, Use::Unsupported("client certificates")),
    ("sslcertmode", None, Use::Ignored),
    ("sslpassword", None, Use::Unsupported("client certificates")),
    ("sslrootcert", Some("PGSSLROOTCERT"), Use::Own),
    ("sslcrl", None, Use::Unsupported("certificate revocation lists")),
    (
        "sslcrldir",
        None,
        Use::Unsupported("certificate revocation lists"),
    ),
    ("sslsni", None, Use::Ignored),
    ("requirepeer", None, Use::Unsupported("peer checks")),
    (
        "require_auth",
        None,
        Use::Unsupported("authentication method restrictions"),
    ),
    ("ssl_min_protocol_version", None, Use::Ignored),
    ("ssl_max_protocol_version", None, Use::Ignored),
    ("gssencmode", None, Use::Ignored),
    ("krbsrvname", None, Use::Ignored),
    ("gsslib", None, Use::Ignored),
    ("gssdelegation", None, Use::Ignored),
    ("replication", None, Use::Unsupported("replication connections")),
    (
        "target_session_attrs",
        Some("PGTARGETSESSIONATTRS"),
        Use::Driver("target_session_attrs"),
    ),
    (
        "load_balance_hosts",
        Some("PGLOADBALANCEHOSTS"),
        Use::Driver("load_balance_hosts"),
    ),
];

/// Every libpq variable provctl reads (for a child process that must not inherit the operator's).
pub fn libpq_vars() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .filter_map(|(_, env, _)| *env)
        .chain(["PGSERVICEFILE", "PGSYSCONFDIR", "PGREQUIRESSL"])
}

/// The canonical keyword and its use, if `key` is a libpq keyword.
fn keyword(key: &str) -> Option<(&'static str, Use)> {
    KEYWORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(k, _, u)| (*k, *u))
}

/// Whether `key` is a libpq connection keyword (what a service file may set).
pub fn is_keyword(key: &str) -> bool {
    keyword(key).is_some()
}

/// A setting and where it came from.
type Params = BTreeMap<&'static str, (String, Origin)>;

fn at(origin: &Origin, message: impl fmt::Display) -> Error {
    Error::usage(format!("{origin}: {message}"))
}

/// A value quoted in an error: never one of a connection string (a malformed URL can put the password
/// anywhere), and only a plain word from elsewhere (a variable, a service file).
fn shown(origin: &Origin, value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":,/.-_".contains(c));
    if plain && !matches!(origin, Origin::Url(_)) {
        format!(" `{value}`")
    } else {
        String::new()
    }
}

/// Resolves the connection from an optional connection string (with the name of where it came from)
/// and the environment, as libpq does. Errors never contain a password.
pub fn resolve(url: Option<(&'static str, &str)>, vars: &dyn Vars) -> Result<DbUrl> {
    // Every spelling a password could have in the raw text, found before parsing: the parsers register
    // what they understood, but a malformed input must not leak what they did not.
    let candidates = url
        .map(|(_, text)| crate::redact::password_candidates(text.trim()))
        .unwrap_or_default();
    match resolve_inner(url, vars) {
        Ok(mut resolved) => {
            resolved.secrets.extend(candidates);
            resolved.secrets.retain(|s| !s.is_empty());
            Ok(resolved)
        }
        Err(e) => {
            // Heuristic candidates shorter than 4 would garble every message ("p" in "postgresql");
            // the messages themselves never quote a value that could hold a password.
            let long: Vec<String> = candidates
                .into_iter()
                .filter(|c| c.chars().count() >= 4)
                .collect();
            Err(Error {
                message: crate::redact::redact_with(&long, &e.message),
                hint: e.hint.map(|h| crate::redact::redact_with(&long, &h)),
                ..e
            })
        }
    }
}

fn resolve_inner(url: Option<(&'static str, &str)>, vars: &dyn Vars) -> Result<DbUrl> {
    let mut p = Params::new();
    let mut secrets = Vec::new();
    if let Some((source, text)) = url {
        let (pairs, raw) = dburl::split(text).map_err(|e| Error {
            message: format!("{source}: {}", e.message),
            ..e
        })?;
        secrets.extend(raw);
        for (key, value) in pairs {
            let origin = Origin::Url(source);
            match keyword(&key) {
                None => return Err(at(&origin, format!("unknown connection parameter `{key}`"))),
                Some((_, Use::Unsupported(what))) => {
                    return Err(at(
                        &origin,
                        format!("`{key}` is not supported by provctl ({what})"),
                    ))
                }
                Some((_, Use::Ignored)) => {}
                Some((kw, _)) => {
                    if kw == "password" {
                        secrets.push(value.clone());
                    }
                    p.insert(kw, (value, origin));
                }
            }
        }
    }
    let service = p.remove("service").or_else(|| vars.var("PGSERVICE"));
    if let Some((name, named_by)) = service {
        let (path, entries) = crate::pgservice::find(&name, &named_by, vars)?;
        for e in entries {
            let origin = Origin::Service(path.clone(), e.line);
            match keyword(&e.key) {
                Some((_, Use::Unsupported(what))) => {
                    return Err(at(
                        &origin,
                        format!("`{}` is not supported by provctl ({what})", e.key),
                    ))
                }
                Some((kw, Use::Own | Use::Driver(_))) => {
                    if kw == "password" {
                        secrets.push(e.value.clone());
                    }
                    // The connection string wins; within the service, the first line does (libpq).
                    p.entry(kw).or_insert((e.value, origin));
                }
                _ => {}
            }
        }
    }
    for &(kw, env, use_) in KEYWORDS {
        let Some(env) = env else { continue };
        if kw == "service" || matches!(use_, Use::Ignored | Use::Unsupported(_)) || p.contains_key(kw) {
            continue;
        }
        if let Some(found) = vars.var(env) {
            p.insert(kw, found);
        }
    }
    // Registered even when the URL's password wins: no message may ever show it.
    if let Some((pw, _)) = vars.var("PGPASSWORD") {
        secrets.push(pw);
    }
    if !p.contains_key("sslmode") {
        // libpq's deprecated spelling: PGREQUIRESSL=1 means require (PGSSLMODE wins).
        if let Some((_, o)) = vars.var("PGREQUIRESSL").filter(|(v, _)| v.starts_with('1')) {
            p.insert("sslmode", ("require".into(), o));
        }
    }
    build(p, secrets, url.map_or("the libpq environment", |(s, _)| s), vars)
}

/// Applies defaults, checks every value (naming where a bad one came from), reads the password file
/// and builds the driver's configuration.
fn build(p: Params, mut secrets: Vec<String>, source: &'static str, vars: &dyn Vars) -> Result<DbUrl> {
    let get = |p: &Params, k: &str| p.get(k).filter(|(v, _)| !v.is_empty()).cloned();
    let root_cert = get(&p, "sslrootcert");
    let system_roots = root_cert.as_ref().is_some_and(|(v, _)| v == "system");
    let (ssl_mode, ssl_origin) = match get(&p, "sslmode") {
        Some((v, o)) => (SslMode::parse(&v).map_err(|e| at(&o, e.message))?, o),
        None if system_roots => (SslMode::VerifyFull, Origin::Default("sslrootcert=system")),
        None => (SslMode::Prefer, Origin::Default("libpq's")),
    };
    if system_roots && ssl_mode != SslMode::VerifyFull {
        return Err(at(
            &ssl_origin,
            format!(
                "sslmode={} cannot be used with sslrootcert=system: with the operating system's roots, libpq requires verify-full",
                ssl_mode.as_str()
            ),
        ));
    }
    let hostaddrs: Vec<IpAddr> = match get(&p, "hostaddr") {
        Some((v, o)) => v
            .split(',')
            .map(|a| {
                let a = a.trim();
                a.parse().map_err(|_| {
                    at(
                        &o,
                        format!("invalid hostaddr{} (expected an IP address)", shown(&o, a)),
                    )
                })
            })
            .collect::<Result<_>>()?,
        None => Vec::new(),
    };
    let host_given = get(&p, "host");
    let (host_value, host_origin) = match &host_given {
        Some(h) => h.clone(),
        None if !hostaddrs.is_empty() => {
            // No name: the address is the host (for the password file and TLS, as libpq).
            let o = p["hostaddr"].1.clone();
            (
                hostaddrs
                    .iter()
                    .map(IpAddr::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                o,
            )
        }
        None => (
            DEFAULT_SOCKET_DIR.to_string(),
            Origin::Default("the Unix socket directory"),
        ),
    };
    let hosts: Vec<String> = host_value
        .split(',')
        .map(|h| {
            if h.is_empty() {
                DEFAULT_SOCKET_DIR.to_string()
            } else {
                h.to_string()
            }
        })
        .collect();
    if !hostaddrs.is_empty() && hostaddrs.len() != hosts.len() {
        return Err(at(
            &host_origin,
            format!(
                "{} host names for {} hostaddr values",
                hosts.len(),
                hostaddrs.len()
            ),
        ));
    }
    if ssl_mode == SslMode::VerifyFull && host_given.is_none() && !hostaddrs.is_empty() {
        return Err(at(
            &ssl_origin,
            "sslmode=verify-full needs a host name to check the certificate against: set host (or PGHOST) beside hostaddr",
        ));
    }
    let (port_value, port_origin) = get(&p, "port").unwrap_or(("5432".into(), Origin::Default("5432")));
    let port_texts: Vec<String> = port_value.split(',').map(|s| s.trim().to_string()).collect();
    let ports: Vec<u16> = port_texts
        .iter()
        .map(|s| match s.as_str() {
            "" => Ok(5432),
            s => s.parse::<u16>().ok().filter(|&n| n > 0).ok_or_else(|| {
                at(
                    &port_origin,
                    format!("invalid port{} (expected 1 to 65535)", shown(&port_origin, s)),
                )
            }),
        })
        .collect::<Result<_>>()?;
    if ports.len() > 1 && ports.len() != hosts.len() {
        return Err(at(
            &port_origin,
            format!("{} ports for {} hosts", ports.len(), hosts.len()),
        ));
    }
    let (user, user_origin) = match get(&p, "user") {
        Some(u) => u,
        None => match vars.os_user() {
            Some(u) => (u, Origin::Default("the operating-system user")),
            None => return Err(Error::usage("no database user: set one in the URL or PGUSER")),
        },
    };
    let (dbname, db_origin) = get(&p, "dbname").unwrap_or((user.clone(), Origin::Default("the user name")));
    let connect_timeout = match get(&p, "connect_timeout") {
        Some((v, o)) => {
            let n: i64 = v.trim().parse().map_err(|_| {
                at(
                    &o,
                    format!(
                        "invalid connect_timeout{} (expected whole seconds)",
                        shown(&o, v.trim())
                    ),
                )
            })?;
            // libpq: zero or less is "no limit" — provctl's own default then; 1 means 2.
            (n > 0).then(|| Duration::from_secs(n.max(2) as u64))
        }
        None => None,
    };
    let mut warnings = Vec::new();
    let mut password = get(&p, "password");
    if password.is_none() {
        let passfile = get(&p, "passfile")
            .map(|(v, _)| PathBuf::from(v))
            .or_else(|| vars.home().map(|h| h.join(".pgpass")));
        if let Some(path) = passfile {
            for (i, host) in hosts.iter().enumerate() {
                let port = port_texts
                    .get(i)
                    .or(port_texts.first())
                    .map_or("", String::as_str);
                match crate::pgpass::lookup(&path, host, port, &dbname, &user)? {
                    crate::pgpass::Lookup::Found(pw, line) => {
                        password = Some((pw.to_string(), Origin::PassFile(path.clone(), line)));
                        break;
                    }
                    crate::pgpass::Lookup::Ignored(warning) => {
                        warnings.push(warning);
                        break;
                    }
                    crate::pgpass::Lookup::NoMatch => {}
                }
            }
        }
    }
    if let Some((pw, _)) = &password {
        secrets.push(pw.clone());
    }
    let ssl_root_cert = match root_cert {
        Some((v, _)) => Some(v),
        None if ssl_mode.verifies() => {
            // libpq's default root file; without it, libpq refuses to verify (no implicit public roots).
            let default = vars.home().map(|h| h.join(".postgresql/root.crt"));
            match default.filter(|d| d.exists()) {
                Some(d) => Some(d.display().to_string()),
                None => {
                    return Err(at(&ssl_origin, format!("sslmode={} needs trusted roots, and there is no ~/.postgresql/root.crt", ssl_mode.as_str()))
                        .with_hint("set sslrootcert (or PGSSLROOTCERT) to the CA's PEM file, or sslrootcert=system for the operating system's trust store"))
                }
            }
        }
        None => None,
    };
    let application_name = get(&p, "application_name")
        .or_else(|| get(&p, "fallback_application_name"))
        .map_or_else(|| "provctl".to_string(), |(v, _)| v);

    // The driver's own key=value parser builds its configuration (hosts, ports and addresses lists).
    let mut kv = Vec::new();
    let mut push =
        |k: &str, v: &str| kv.push(format!("{k}='{}'", v.replace('\\', "\\\\").replace('\'', "\\'")));
    // A socket path with a hostaddr: the address is what we reach, and the driver needs a TCP host
    // for TLS. Otherwise the names stay (TLS verification and SNI use them).
    let driver_hosts: Vec<String> = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| match hostaddrs.get(i) {
            Some(a) if h.starts_with('/') => a.to_string(),
            _ => h.clone(),
        })
        .collect();
    push("host", &driver_hosts.join(","));
    if !hostaddrs.is_empty() {
        push(
            "hostaddr",
            &hostaddrs
                .iter()
                .map(IpAddr::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    push(
        "port",
        &ports.iter().map(u16::to_string).collect::<Vec<_>>().join(","),
    );
    push("user", &user);
    push("dbname", &dbname);
    if let Some((pw, _)) = &password {
        push("password", pw);
    }
    if let Some((o, _)) = get(&p, "options") {
        push("options", &o);
    }
    push("application_name", &application_name);
    for (kw, (v, _)) in &p {
        if let Some((_, Use::Driver(name))) = keyword(kw) {
            push(name, v);
        }
    }
    let redact = |text: String| crate::redact::redact_with(&secrets, &text);
    let mut config = postgres::Config::from_str(&kv.join(" ")).map_err(|e| {
        let text = redact(e.to_string());
        // Name where the rejected value came from when the driver names the option.
        let from = p
            .iter()
            .find(|(kw, _)| keyword(kw).is_some_and(|(_, u)| matches!(u, Use::Driver(n) if text.contains(n))))
            .map(|(_, (_, o))| format!(" (from {o})"))
            .unwrap_or_default();
        Error::usage(format!("invalid connection parameters: {text}{from}"))
    })?;
    // TLS is negotiated by our own connector; the driver only needs to know whether to ask for it.
    config.ssl_mode(match ssl_mode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => postgres::config::SslMode::Require,
    });
    let mut origins = vec![("host", host_value, host_origin)];
    if let Some((v, o)) = get(&p, "hostaddr") {
        origins.push(("hostaddr", v, o));
    }
    origins.push(("port", port_value, port_origin));
    origins.push(("user", user, user_origin));
    origins.push(("database", dbname, db_origin));
    if let Some((_, o)) = password {
        origins.push(("password", String::new(), o));
    }
    origins.push(("sslmode", ssl_mode.as_str().to_string(), ssl_origin));
    secrets.retain(|s| !s.is_empty());
    Ok(DbUrl {
        config,
        ssl_mode,
        ssl_root_cert,
        secrets,
        source,
        connect_timeout,
        origins,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// An environment of the test's choosing.
    struct Map(HashMap<&'static str, String>, Option<PathBuf>);

    impl Vars for Map {
        fn var(&self, name: &'static str) -> Option<(String, Origin)> {
            self.0.get(name).map(|v| (v.clone(), Origin::Env(name)))
        }
        fn home(&self) -> Option<PathBuf> {
            self.1.clone()
        }
        fn os_user(&self) -> Option<String> {
            Some("osuser".into())
        }
    }

    fn env(vars: &[(&'static str, &str)]) -> Map {
        Map(vars.iter().map(|(k, v)| (*k, v.to_string())).collect(), None)
    }

    fn sources(url: Option<&str>, vars: &Map) -> String {
        resolve(url.map(|u| ("DATABASE_URL", u)), vars).unwrap().sources()
    }

    #[test]
    fn the_url_wins_then_the_environment_then_the_defaults() {
        let vars = env(&[
            ("PGHOST", "other"),
            ("PGUSER", "envuser"),
            ("PGPASSWORD", "pw-env"),
        ]);
        assert_eq!(
            sources(Some("postgresql://db/monitoring"), &vars),
            "host db (DATABASE_URL), port 5432 (default: 5432), user envuser (PGUSER), \
             database monitoring (DATABASE_URL), password (PGPASSWORD), sslmode prefer (default: libpq's)"
        );
        let none = env(&[]);
        assert_eq!(
            sources(None, &none),
            "host /var/run/postgresql (default: the Unix socket directory), port 5432 (default: 5432), \
             user osuser (default: the operating-system user), database osuser (default: the user name), \
             no password, sslmode prefer (default: libpq's)"
        );
        let u = resolve(None, &vars).unwrap();
        assert_eq!(u.redact("x pw-env y"), "x *** y");
    }

    #[test]
    fn bad_variables_are_usage_errors_naming_them() {
        for (var, value) in [
            ("PGPORT", "54x2"),
            ("PGSSLMODE", "sometimes"),
            ("PGCONNECT_TIMEOUT", "soon"),
            ("PGHOSTADDR", "db"),
        ] {
            let e = resolve(None, &env(&[(var, value)])).unwrap_err();
            assert_eq!(e.exit, crate::error::Exit::Usage, "{var}");
            assert!(e.message.starts_with(var), "{var}: {}", e.message);
        }
        // With the operating system's roots, libpq forces verify-full and refuses weaker modes.
        let u = resolve(None, &env(&[("PGSSLROOTCERT", "system")])).unwrap();
        assert_eq!(u.ssl_mode, SslMode::VerifyFull);
        assert!(resolve(
            None,
            &env(&[("PGSSLROOTCERT", "system"), ("PGSSLMODE", "require")])
        )
        .is_err());
    }

    #[test]
    fn connect_timeout_follows_libpq() {
        let t = |v: &str| {
            resolve(None, &env(&[("PGCONNECT_TIMEOUT", v)]))
                .unwrap()
                .connect_timeout
        };
        assert_eq!(t("30"), Some(Duration::from_secs(30)));
        assert_eq!(t("1"), Some(Duration::from_secs(2)));
        assert_eq!(t("0"), None);
    }

    #[test]
    fn application_name_is_provctl_unless_set() {
        let app = |url: &str, vars: &[(&'static str, &str)]| {
            let u = resolve(Some(("DATABASE_URL", url)), &env(vars)).unwrap();
            u.config.get_application_name().unwrap_or_default().to_string()
        };
        assert_eq!(app("postgresql://h/d", &[]), "provctl");
        assert_eq!(app("postgresql://h/d", &[("PGAPPNAME", "ops")]), "ops");
        assert_eq!(
            app("postgresql://h/d?application_name=mine", &[("PGAPPNAME", "ops")]),
            "mine"
        );
        assert_eq!(app("postgresql://h/d?fallback_application_name=fb", &[]), "fb");
    }

    #[test]
    fn hostaddr_keeps_the_host_name() {
        let u = resolve(
            Some(("DATABASE_URL", "postgresql://u:p@db.invalid/m?hostaddr=127.0.0.1")),
            &env(&[]),
        )
        .unwrap();
        assert_eq!(u.host(), "db.invalid");
        assert_eq!(u.config.get_hostaddrs(), ["127.0.0.1".parse::<IpAddr>().unwrap()]);
        // Only an address: it is the host too; verify-full has no name to check and is refused.
        let u = resolve(None, &env(&[("PGHOSTADDR", "10.0.0.5")])).unwrap();
        assert_eq!(u.host(), "10.0.0.5");
        assert!(resolve(
            None,
            &env(&[("PGHOSTADDR", "10.0.0.5"), ("PGSSLMODE", "verify-full")])
        )
        .is_err());
    }
}
