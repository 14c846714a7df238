//! libpq's connection conventions, with libpq's precedence (fe-connect.c, `conninfo_add_defaults`):
//! what the URL or key=value string says wins; a service (`service=` or `PGSERVICE`) fills what the
//! string did not set; then the `PG*` variables; then the defaults (sslmode `prefer`, user = the
//! operating-system user, dbname = user, port 5432, the Unix socket directory). The password file is
//! read only when no password was given. Each setting keeps where it came from, for `--verbose` and
//! `doctor`, and every password from any source is registered for redaction.

use crate::config::Env;
use crate::db::url::{self as dburl, DbUrl};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

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

impl Vars for Env {
    fn var(&self, name: &'static str) -> Option<(String, Origin)> {
        self.lookup(name).map(|(v, file)| {
            let origin = match file {
                None => Origin::Env(name),
                Some(p) => Origin::EnvFile(name, p.to_path_buf()),
            };
            (v, origin)
        })
    }

    fn home(&self) -> Option<PathBuf> {
        Env::home(self)
    }

    fn os_user(&self) -> Option<String> {
        crate::config::os_user()
    }
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
mod build;
mod keywords;

use build::{at, build};
pub use keywords::{is_keyword, libpq_vars};
use keywords::{keyword, Use, KEYWORDS};

/// A setting and where it came from.
pub(crate) type Params = BTreeMap<&'static str, (String, Origin)>;

/// The database connection: `--database-url`, else `DATABASE_URL`, else `SQLALCHEMY_DATABASE_URI`,
/// completed as libpq does (service file, `PG*` variables, password file, defaults). With no URL,
/// the `PG*` variables (or `PGSERVICE`) alone are enough; with none of them either, exit 2.
pub fn database_url(env: &Env, flag: Option<&str>) -> Result<DbUrl> {
    let url = match flag {
        Some(u) => Some(("--database-url", u.to_string())),
        None => env.get("DATABASE_URL").map(|u| ("DATABASE_URL", u)).or_else(|| {
            env.get("SQLALCHEMY_DATABASE_URI")
                .map(|u| ("SQLALCHEMY_DATABASE_URI", u))
        }),
    };
    if url.is_none() && !WHERE_VARS.iter().any(|v| env.lookup(v).is_some()) {
        return Err(Error::usage("no database configured").with_hint(
            "pass --database-url, set DATABASE_URL or SQLALCHEMY_DATABASE_URI (or libpq's PGHOST, PGUSER, PGDATABASE… or PGSERVICE), or load them with --env-file .env.production",
        ));
    }
    resolve(url.as_ref().map(|(s, u)| (*s, u.as_str())), env)
}

/// Resolves the connection from an optional connection string (with the name of where it came from)
/// and the environment, as libpq does. Errors never contain a password.
pub fn resolve(url: Option<(&'static str, &str)>, vars: &dyn Vars) -> Result<DbUrl> {
    // Every spelling a password could have in the raw text, found before parsing: the parsers register
    // what they understood, but a malformed input must not leak what they did not.
    let candidates = url
        .map(|(_, text)| crate::db::redact::password_candidates(text.trim()))
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
                message: crate::db::redact::redact_with(&long, &e.message),
                hint: e.hint.map(|h| crate::db::redact::redact_with(&long, &h)),
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
        let (path, entries) = crate::db::pgservice::find(&name, &named_by, vars)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::url::SslMode;
    use std::collections::HashMap;
    use std::net::IpAddr;
    use std::time::Duration;

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
