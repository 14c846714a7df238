//! The last step of resolving a connection: libpq's defaults, every value checked (an error names
//! where a bad value came from and never quotes a connection string), the password file, and the
//! `postgres` crate's configuration built from the result.

use super::keywords::{keyword, Use};
use super::{Origin, Params, Vars, DEFAULT_SOCKET_DIR};
use crate::db::url::{DbUrl, SslMode};
use crate::error::{Error, Result};
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub(super) fn at(origin: &Origin, message: impl fmt::Display) -> Error {
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

/// Applies defaults, checks every value (naming where a bad one came from), reads the password file
/// and builds the driver's configuration.
pub(super) fn build(
    p: Params,
    mut secrets: Vec<String>,
    source: &'static str,
    vars: &dyn Vars,
) -> Result<DbUrl> {
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
                match crate::db::pgpass::lookup(&path, host, port, &dbname, &user)? {
                    crate::db::pgpass::Lookup::Found(pw, line) => {
                        password = Some((pw.to_string(), Origin::PassFile(path.clone(), line)));
                        break;
                    }
                    crate::db::pgpass::Lookup::Ignored(warning) => {
                        warnings.push(warning);
                        break;
                    }
                    crate::db::pgpass::Lookup::NoMatch => {}
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
    let redact = |text: String| crate::db::redact::redact_with(&secrets, &text);
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
