//! The password file (`PGPASSFILE`, default `~/.pgpass`), read as libpq reads it (fe-connect.c,
//! `passwordFromFile`): `hostname:port:database:username:password` lines, `*` alone matching anything,
//! `\:` and `\\` escapes, `#` comment lines, the first matching line wins. An empty host or the default
//! socket directory matches `localhost`. A file with group or world access, or that is not a regular
//! file, is ignored with libpq's warning.
//!
//! Stricter than libpq in one way, so a typo never silently costs a password: a line that does not
//! have the five fields, before the match, is an error naming the file and line (never its text).

use crate::error::{Error, Result};
use std::path::Path;
use zeroize::Zeroizing;

/// What the password file gave.
pub enum Lookup {
    /// The password and the line it came from.
    Found(Zeroizing<String>, usize),
    NoMatch,
    /// The file exists but is not used: the warning to print.
    Ignored(String),
}

/// Looks `host`/`port`/`db`/`user` up in the password file at `path` (absent: no match).
pub fn lookup(path: &Path, host: &str, port: &str, db: &str, user: &str) -> Result<Lookup> {
    use std::io::Read;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if db.is_empty() || user.is_empty() {
        return Ok(Lookup::NoMatch);
    }
    // O_NONBLOCK: a FIFO in its place must not hang the open; it is refused below as not a plain file.
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(crate::config::open_flags(rustix::fs::OFlags::NONBLOCK))
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lookup::NoMatch),
        Err(e) => {
            return Ok(Lookup::Ignored(format!(
                "password file \"{}\" cannot be read ({e}); it is not used",
                path.display()
            )))
        }
    };
    // The checks are on the open descriptor: what is checked is what is read.
    let meta = file
        .metadata()
        .map_err(|e| Error::usage(format!("password file {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Ok(Lookup::Ignored(format!(
            "password file \"{}\" is not a plain file; it is not used",
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Ok(Lookup::Ignored(format!(
            "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less; it is not used",
            path.display()
        )));
    }
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(16 * 1024 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("password file {}: {e}", path.display())))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::usage(format!("password file {}: not valid UTF-8", path.display())))?;
    // 'localhost' matches an empty host or the default socket directory (libpq).
    let host = if host.is_empty() || host == crate::db::conninfo::DEFAULT_SOCKET_DIR {
        "localhost"
    } else {
        host
    };
    let port = if port.is_empty() { "5432" } else { port };
    match find(text, [host, port, db, user]) {
        Ok(Some((pw, line))) => Ok(Lookup::Found(pw, line)),
        Ok(None) => Ok(Lookup::NoMatch),
        Err(line) => Err(Error::usage(format!(
            "password file {}:{line}: expected hostname:port:database:username:password (`:` and `\\` escaped with `\\`)",
            path.display()
        ))),
    }
}

/// The first line matching `tokens` (host, port, database, user): its password (unescaped) and line
/// number. `Err(line)`: a line before the match without the five fields.
pub(crate) fn find(
    text: &str,
    tokens: [&str; 4],
) -> std::result::Result<Option<(Zeroizing<String>, usize)>, usize> {
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (fields, password) = fields(line).ok_or(i + 1)?;
        if fields
            .iter()
            .zip(tokens)
            .all(|((value, any), token)| *any || value.as_str() == token)
        {
            return Ok(Some((password, i + 1)));
        }
    }
    Ok(None)
}

/// The four matched fields (unescaped, and whether the field is the `*` wildcard) and the password
/// (unescaped, up to the next unescaped `:`), or `None` when the line has fewer than five fields.
#[allow(clippy::type_complexity)]
fn fields(line: &str) -> Option<(Vec<(Zeroizing<String>, bool)>, Zeroizing<String>)> {
    let mut fields = Vec::with_capacity(4);
    let mut chars = line.chars();
    while fields.len() < 4 {
        let (mut value, mut raw) = (Zeroizing::new(String::new()), Zeroizing::new(String::new()));
        loop {
            match chars.next() {
                // A field cut short by the end of the line: not five fields.
                None => return None,
                Some(':') => break,
                Some('\\') => {
                    let c = chars.next()?;
                    raw.push('\\');
                    raw.push(c);
                    value.push(c);
                }
                Some(c) => {
                    raw.push(c);
                    value.push(c);
                }
            }
        }
        // Only a field that is exactly `*` is a wildcard (`\*` is a literal star).
        let any = raw.as_str() == "*";
        fields.push((value, any));
    }
    let mut password = Zeroizing::new(String::new());
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            // A trailing backslash stays (libpq).
            '\\' => password.push(chars.next().unwrap_or('\\')),
            c => password.push(c),
        }
    }
    Some((fields, password))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(text: &str, tokens: [&str; 4]) -> Option<(String, usize)> {
        find(text, tokens).unwrap().map(|(p, l)| (p.to_string(), l))
    }

    #[test]
    fn first_match_wins_with_wildcards() {
        let text = "# comment\n\nother:5432:*:*:nope\ndb:*:monitoring:postgres:first\n*:*:*:*:second\n";
        assert_eq!(
            pw(text, ["db", "5432", "monitoring", "postgres"]),
            Some(("first".into(), 4))
        );
        assert_eq!(pw(text, ["db", "5433", "other", "x"]), Some(("second".into(), 5)));
        assert_eq!(pw("db:5432:m:u:pw\n", ["db", "5433", "m", "u"]), None);
    }

    #[test]
    fn escapes_and_crlf() {
        // `\:` in a field and in the password, `\\` a backslash, a CRLF line end.
        let text = "h\\:x:5432:d:u:p\\:w\\\\d\r\n";
        assert_eq!(pw(text, ["h:x", "5432", "d", "u"]), Some(("p:w\\d".into(), 1)));
        // The password ends at the next unescaped colon; what follows is ignored.
        assert_eq!(
            pw("h:1:d:u:pw:extra\n", ["h", "1", "d", "u"]),
            Some(("pw".into(), 1))
        );
        // An escaped star is a literal star, not a wildcard.
        assert_eq!(pw("\\*:1:d:u:pw\n", ["h", "1", "d", "u"]), None);
        assert_eq!(pw("\\*:1:d:u:pw\n", ["*", "1", "d", "u"]), Some(("pw".into(), 1)));
    }

    #[test]
    fn the_file_is_checked_and_sockets_match_localhost() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        let found = |host: &str| match lookup(&path, host, "", "d", "u").unwrap() {
            Lookup::Found(pw, line) => format!("{}@{line}", pw.as_str()),
            Lookup::NoMatch => "none".into(),
            Lookup::Ignored(w) => w,
        };
        assert_eq!(found("localhost"), "none", "a missing file is no match, silently");
        std::fs::write(&path, "localhost:5432:d:u:pw\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        // An empty host and the default socket directory are `localhost`; another socket is itself.
        assert_eq!(found(""), "pw@1");
        assert_eq!(found(crate::db::conninfo::DEFAULT_SOCKET_DIR), "pw@1");
        assert_eq!(found("/tmp"), "none");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
        assert!(found("localhost").contains("has group or world access"));
        assert!(match lookup(dir.path(), "localhost", "", "d", "u").unwrap() {
            Lookup::Ignored(w) => w.contains("is not a plain file"),
            _ => false,
        });
    }

    #[test]
    fn a_short_line_before_the_match_is_an_error_naming_it() {
        assert_eq!(
            find("ok:1:d:u:pw\nbroken line\nh:1:d:u:x\n", ["h", "1", "d", "u"]).unwrap_err(),
            2
        );
        // After the match, libpq never reads it: neither do we.
        assert!(find("h:1:d:u:x\nbroken\n", ["h", "1", "d", "u"])
            .unwrap()
            .is_some());
        // A field cut by a trailing backslash is not a field.
        assert_eq!(find("h:1:d:u\\", ["h", "1", "d", "u"]).unwrap_err(), 1);
    }
}
