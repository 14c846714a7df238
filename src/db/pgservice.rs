//! The connection service file, read as libpq reads it (fe-connect.c, `parseServiceInfo` and
//! `parseServiceFile`): `PGSERVICEFILE` if set (it must exist), else `~/.pg_service.conf` if it exists;
//! then, only when the service is not defined there, `PGSYSCONFDIR/pg_service.conf` (Debian's libpq:
//! `/etc/postgresql-common/pg_service.conf`). A file is INI-like: `[name]` sections of `keyword=value`
//! lines (no quoting, no spaces around `=`), `#` comments. An unknown keyword, a line without `=` or a
//! nested `service=` inside the wanted section is an error naming the file and line.

use crate::db::conninfo::{Origin, Vars};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Debian's libpq `SYSCONFDIR`, where `pg_service.conf` is looked for when `PGSYSCONFDIR` is unset.
pub const DEFAULT_SYSCONFDIR: &str = "/etc/postgresql-common";

/// One `keyword=value` line of the wanted service.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// Finds the definition of `service` (named by `named_by`): the file it is in and its lines.
pub fn find(service: &str, named_by: &Origin, vars: &dyn Vars) -> Result<(PathBuf, Vec<Entry>)> {
    let mut looked = Vec::new();
    let user_file = match vars.var("PGSERVICEFILE") {
        // libpq opens PGSERVICEFILE without looking first: a missing one is an error.
        Some((p, _)) => Some(PathBuf::from(p)),
        None => vars
            .home()
            .map(|h| h.join(".pg_service.conf"))
            .filter(|p| p.exists()),
    };
    if let Some(path) = user_file {
        if let Some(entries) = parse_file(&path, service)? {
            return Ok((path, entries));
        }
        looked.push(path.display().to_string());
    }
    let dir = vars
        .var("PGSYSCONFDIR")
        .map_or_else(|| PathBuf::from(DEFAULT_SYSCONFDIR), |(d, _)| PathBuf::from(d));
    let system = dir.join("pg_service.conf");
    if system.exists() {
        if let Some(entries) = parse_file(&system, service)? {
            return Ok((system, entries));
        }
        looked.push(system.display().to_string());
    }
    let searched = if looked.is_empty() {
        format!(
            "no service file found (PGSERVICEFILE, ~/.pg_service.conf, {})",
            system.display()
        )
    } else {
        format!("not defined in {}", looked.join(" nor "))
    };
    Err(Error::usage(format!(
        "service `{}` (from {named_by}): {searched}",
        crate::ui::output::escape(service)
    )))
}

fn parse_file(path: &Path, service: &str) -> Result<Option<Vec<Entry>>> {
    // A service may hold a password: the bytes are zeroed once parsed.
    let bytes = zeroize::Zeroizing::new(crate::config::read_regular_file(path, "service file")?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::usage(format!("service file {}: not valid UTF-8", path.display())))?;
    parse(text, service)
        .map_err(|(line, msg)| Error::usage(format!("service file {}:{line}: {msg}", path.display())))
}

/// The lines of section `[service]` (the first such section), or `None` when the text has none.
pub fn parse(text: &str, service: &str) -> std::result::Result<Option<Vec<Entry>>, (usize, String)> {
    let mut found = false;
    let mut entries = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        // libpq reads lines into a 1024-byte buffer and refuses longer ones.
        if raw.len() >= 1022 {
            return Err((n, "line too long (libpq reads at most 1021 characters)".into()));
        }
        let line = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            if found {
                break;
            }
            found = name.strip_prefix(service).is_some_and(|r| r.starts_with(']'));
            continue;
        }
        if !found {
            continue;
        }
        // Nothing of the line is quoted: its value may be a password.
        let Some((key, value)) = line.split_once('=') else {
            return Err((n, "syntax error: expected keyword=value".into()));
        };
        if key == "service" {
            return Err((n, "nested service specifications are not supported".into()));
        }
        if !crate::db::conninfo::is_keyword(key) {
            return Err((
                n,
                format!(
                    "syntax error: `{}` is not a connection keyword",
                    crate::ui::output::escape(key)
                ),
            ));
        }
        entries.push(Entry {
            key: key.to_string(),
            value: value.to_string(),
            line: n,
        });
    }
    Ok(found.then_some(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# services\n[dev]\nhost=localhost\n\n[prod]\n  host=db  \ndbname=monitoring\nport=5432\n[prod-ro]\nuser=ro\n";

    #[test]
    fn finds_only_the_wanted_section() {
        let e = parse(FILE, "prod").unwrap().unwrap();
        let keys: Vec<(&str, &str, usize)> = e
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.line))
            .collect();
        assert_eq!(
            keys,
            [
                ("host", "db", 6),
                ("dbname", "monitoring", 7),
                ("port", "5432", 8)
            ]
        );
        assert_eq!(parse(FILE, "prod-ro").unwrap().unwrap()[0].value, "ro");
        assert_eq!(parse(FILE, "staging").unwrap(), None);
    }

    #[test]
    fn errors_name_the_line_and_never_the_value() {
        let err = parse("[s]\nhost=db\npassword secret\n", "s").unwrap_err();
        assert_eq!(err.0, 3);
        assert!(!err.1.contains("secret"), "{}", err.1);
        assert_eq!(parse("[s]\nservice=other\n", "s").unwrap_err().0, 2);
        assert_eq!(parse("[s]\nhots=db\n", "s").unwrap_err().0, 2);
        // Lines of other sections are not read (libpq).
        assert!(parse("[other]\ngarbage\n[s]\nhost=db\n", "s").unwrap().is_some());
        assert_eq!(
            parse(&format!("[s]\nhost={}\n", "x".repeat(1100)), "s")
                .unwrap_err()
                .0,
            2
        );
    }
}
