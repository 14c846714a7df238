//! The `KEY=VALUE` lines of provctl's env-style secret files (`<ini>.generated.secrets.env`,
//! `reset-password --out`, `keys export --format env`): one writer that refuses what would forge a
//! line or run when the file is sourced, and one strict reader for `deliverable --secrets-file`.
//!
//! A key is `ADMIN_EMAIL`, `ADMIN_PASSWORD`, `API_KEY_NAME__<name>` or `API_KEY_VALUE__<name>`, where a
//! key name is made of ASCII letters, digits, `-`, `_` and `.` (the platform's names, `demo-key-01`,
//! have dashes: docker compose and dotenv read them; sh only assigns names without `-` or `.`). A value
//! never holds a control character (a newline would start a forged line); it is written bare when it
//! is made of characters sh takes literally, else in single quotes (`'it'\''s'`), which sh and dotenv
//! readers both undo.
//!
//! The reader is ours, not a dotenv crate's: an error names the line number, never the line, which
//! here is a secret.

use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use zeroize::Zeroizing;

/// Whether `name` can be an API key name in an env-style file (see the module notes).
pub fn is_key_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Characters sh takes literally in an unquoted word (beside letters and digits).
fn is_bare(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_@%+=:,./-".contains(&b))
}

/// Appends `KEY=VALUE\n` to `out`, quoting the value for sh when needed. Refuses (exit 2) a key that is
/// not a variable name of the kind described above and a value holding a control character.
pub fn push_line(out: &mut String, key: &str, value: &str) -> Result<()> {
    let key_ok = key
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !key_ok {
        return Err(Error::usage(format!(
            "`{}` cannot be a variable name in an env file (letters, digits, `-`, `_`, `.`): nothing written",
            crate::ui::output::escape(key)
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "the value of {key} holds a control character (a newline would forge a line): nothing written"
        )));
    }
    out.push_str(key);
    out.push('=');
    if is_bare(value) {
        out.push_str(value);
    } else {
        out.push('\'');
        for c in value.chars() {
            if c == '\'' {
                out.push_str("'\\''");
            } else {
                out.push(c);
            }
        }
        out.push('\'');
    }
    out.push('\n');
    Ok(())
}

/// The value of a line as written by [`push_line`] (or bare, as older files and the platform's script
/// wrote it): single-quoted parts are unquoted, `'\''` included.
pub fn unquote(raw: &str) -> SecretString {
    if !raw.starts_with('\'') {
        return SecretString::new(raw.to_string());
    }
    let mut out = Zeroizing::new(String::with_capacity(raw.len()));
    let mut quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '\\' if !quoted => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            c => out.push(c),
        }
    }
    SecretString::new(std::mem::take(&mut *out))
}

/// Builds the text of a `KEY=VALUE` block in zeroized memory.
pub struct Block(Zeroizing<String>);

impl Block {
    pub fn new(header: &[String]) -> Block {
        // Reserved up front: a growing String reallocates and frees its old buffer without zeroing it.
        let mut s = Zeroizing::new(String::with_capacity(8192));
        for h in header {
            s.push_str("# ");
            s.push_str(&crate::ui::output::escape(h));
            s.push('\n');
        }
        Block(s)
    }

    /// One line; see [`push_line`] for what is refused.
    pub fn line(&mut self, key: &str, value: &str) -> Result<()> {
        push_line(&mut self.0, key, value)
    }

    pub fn into_secret(mut self) -> SecretString {
        SecretString::new(std::mem::take(&mut *self.0))
    }
}

/// An admin password recorded in a secrets file.
pub struct AdminPassword {
    pub line: usize,
    pub email: String,
    pub password: SecretString,
}

/// Reads the admin passwords of a secrets file strictly: every line must be blank, a `#` comment, or a
/// line provctl writes — `ADMIN_EMAIL=`, `ADMIN_PASSWORD=` right after it, `API_KEY_NAME__<name>=<name>`,
/// `API_KEY_VALUE__<name>=` — else the whole file is refused (exit 2, naming the line): a file that
/// does not have provctl's shape may have been forged, and its password must not be delivered.
pub fn admin_passwords(text: &str, path: &std::path::Path) -> Result<Vec<AdminPassword>> {
    let bad = |n: usize, why: &str| {
        Error::usage(format!(
            "--secrets-file {}:{n}: {why}: not a file provctl wrote, nothing read from it",
            path.display()
        ))
        .with_hint("check where this file comes from; `provctl secrets show` lists its lines")
    };
    let mut out = Vec::new();
    // The e-mail of the ADMIN_EMAIL line just read, until its password (or another line) comes.
    let mut pending_email: Option<String> = None;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            pending_email = None;
            continue;
        }
        let Some((key, raw)) = line.split_once('=') else {
            return Err(bad(n, "a line without `=`"));
        };
        let value = unquote(raw);
        if value.expose().is_empty() || value.expose().chars().any(char::is_control) {
            return Err(bad(n, &format!("{key}: an empty value or a control character")));
        }
        match key {
            "ADMIN_EMAIL" => pending_email = Some(value.expose().to_string()),
            "ADMIN_PASSWORD" => match pending_email.take() {
                Some(email) => out.push(AdminPassword {
                    line: n,
                    email,
                    password: value,
                }),
                None => return Err(bad(n, "ADMIN_PASSWORD without the ADMIN_EMAIL line before it")),
            },
            k => {
                pending_email = None;
                if let Some(name) = k.strip_prefix("API_KEY_NAME__") {
                    if !is_key_name(name) || value.expose() != name {
                        return Err(bad(n, "an API_KEY_NAME__ line that does not name its key"));
                    }
                } else if let Some(name) = k.strip_prefix("API_KEY_VALUE__") {
                    if !is_key_name(name) {
                        return Err(bad(n, "an API_KEY_VALUE__ line with an invalid key name"));
                    }
                } else {
                    return Err(bad(n, &format!("unknown key `{}`", crate::ui::output::escape(k))));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_for_sh_only_when_needed_and_read_back() {
        let mut s = String::new();
        push_line(&mut s, "ADMIN_EMAIL", "o'brien@acme.example").unwrap();
        push_line(&mut s, "API_KEY_VALUE__acme-key-01", "AbC123xyz").unwrap();
        push_line(&mut s, "API_KEY_VALUE__k", "x;touch PWNED;$(id)`id`").unwrap();
        assert_eq!(
            s,
            "ADMIN_EMAIL='o'\\''brien@acme.example'\nAPI_KEY_VALUE__acme-key-01=AbC123xyz\n\
             API_KEY_VALUE__k='x;touch PWNED;$(id)`id`'\n"
        );
        assert_eq!(
            unquote("'o'\\''brien@acme.example'").expose(),
            "o'brien@acme.example"
        );
        assert_eq!(
            unquote("'x;touch PWNED;$(id)`id`'").expose(),
            "x;touch PWNED;$(id)`id`"
        );
        assert_eq!(unquote("plain").expose(), "plain");
    }

    #[test]
    fn keys_and_values_that_would_forge_lines_are_refused() {
        let mut s = String::new();
        assert!(push_line(&mut s, "API_KEY_NAME__ck-\nADMIN_PASSWORD", "x").is_err());
        assert!(push_line(&mut s, "API_KEY_VALUE__x;touch PWNED;", "v").is_err());
        assert!(push_line(&mut s, "ADMIN_EMAIL", "a@b.c\nADMIN_PASSWORD=forged").is_err());
        assert!(push_line(&mut s, "1X", "v").is_err());
        assert!(s.is_empty());
    }

    #[test]
    fn the_strict_reader_refuses_lines_provctl_does_not_write() {
        let p = std::path::Path::new("f");
        let good = "\n# provctl provision …\n# client: Acme (id)\nADMIN_EMAIL=a@b.c\nADMIN_PASSWORD=pw1\n\
                    API_KEY_NAME__k-01=k-01\nAPI_KEY_VALUE__k-01=v1\n";
        let found = admin_passwords(good, p).unwrap();
        assert_eq!(
            (found[0].email.as_str(), found[0].password.expose()),
            ("a@b.c", "pw1")
        );
        // What a newline in a key name made of a block: forged lines around the real ones.
        let forged =
            "ADMIN_EMAIL=a@b.c\nADMIN_PASSWORD=pw1\nAPI_KEY_NAME__ck-\nADMIN_PASSWORD=forged01=ck-\n";
        assert!(admin_passwords(forged, p).is_err());
        assert!(admin_passwords("ADMIN_PASSWORD=lonely\n", p).is_err());
        assert!(admin_passwords("API_KEY_NAME__a=b\n", p).is_err());
        assert!(admin_passwords("EVIL=1\n", p).is_err());
    }
}
