//! Secrets in memory: a zeroized string with a redacted `Debug`, and the only ways a secret gets in.
//!
//! A secret is never a command-line argument (it would land in shell history and in `ps`): it comes
//! from a no-echo prompt on the terminal, from stdin (`--password-stdin`, `--api-key-stdin`), or from
//! the database. The bytes are zeroed when the value is dropped, and `Debug`/`--verbose` show `***`.

use crate::error::{Error, Result};
use postgres::types::{IsNull, ToSql, Type};
use std::fmt;
use std::io::{IsTerminal, Read};
use zeroize::Zeroizing;

/// A secret string: zeroed on drop, never shown by `Debug`.
#[derive(Clone)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub fn new(s: String) -> SecretString {
        SecretString(Zeroizing::new(s))
    }

    /// The secret itself, for the few places that must use it (hashing, the wire, a 0600 file).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

/// Secrets travel as query parameters (never spliced into SQL); `--verbose` logs parameters with
/// `Debug`, which is redacted here.
impl ToSql for SecretString {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        self.expose().to_sql(ty, out)
    }

    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}

/// bcrypt reads only the first 72 bytes, and C implementations stop at NUL: a longer password or one
/// with NUL would be silently truncated, so it is refused (exit 2) instead.
pub fn check_password(p: &SecretString, what: &str) -> Result<()> {
    if p.is_empty() {
        return Err(Error::usage(format!("{what} is empty")));
    }
    if p.len() > 72 {
        return Err(Error::usage(format!(
            "{what} is {} bytes long: bcrypt uses only the first 72 bytes, so it is refused rather than silently truncated",
            p.len()
        )));
    }
    if p.expose().contains('\0') {
        return Err(Error::usage(format!(
            "{what} contains a NUL byte, which bcrypt would truncate at"
        )));
    }
    Ok(())
}

/// Reads one secret from stdin: everything up to EOF, minus one trailing newline (`\n` or `\r\n`),
/// so `printf '%s\n' "$PW" | provctl … --password-stdin` and `< file` both work. When stdin is a
/// terminal, what is typed would be echoed on screen: one line is read with echo off instead, as at the
/// prompt.
pub fn read_stdin(what: &str) -> Result<SecretString> {
    if std::io::stdin().is_terminal() {
        return prompt(
            &format!("{what} (stdin is a terminal: typing is hidden, end with Enter): "),
            what,
            "a pipe",
        );
    }
    let mut buf = Zeroizing::new(Vec::new());
    std::io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| Error::usage(format!("cannot read {what} from stdin: {e}")))?;
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    match std::str::from_utf8(&buf) {
        Ok(s) => Ok(SecretString::new(s.to_string())),
        Err(_) => Err(Error::usage(format!("{what} read from stdin is not valid UTF-8"))),
    }
}

/// Prompts on the controlling terminal without echo. Without a terminal, says how to pipe it instead.
pub fn prompt(prompt: &str, what: &str, stdin_flag: &str) -> Result<SecretString> {
    if std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_err()
    {
        return Err(Error::usage(format!(
            "no terminal to prompt for the {what}: pipe it with {stdin_flag}"
        )));
    }
    let _guard = crate::ui::signal::PromptGuard::new();
    let read = rpassword::prompt_password(crate::ui::output::escape(prompt));
    // Ctrl-C can end the read (EINTR, or an empty line) before the handler thread has run: give it a
    // moment, so an interrupted prompt is reported as such (exit 130), never as bad input.
    if read.as_ref().map_or(true, |s| s.is_empty()) && crate::ui::signal::wait_interrupted() {
        return Err(Error::interrupted());
    }
    let s = read.map_err(|e| Error::usage(format!("cannot read the {what} from the terminal: {e}")))?;
    Ok(SecretString::new(s))
}

/// Reads a password from stdin when asked to, else from a no-echo prompt; then validates it.
pub fn read_password(from_stdin: bool, prompt_text: &str) -> Result<SecretString> {
    let p = if from_stdin {
        read_stdin("password")?
    } else {
        prompt(prompt_text, "password", "--password-stdin")?
    };
    check_password(&p, "the password")?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = SecretString::new("hunter2".into());
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(&s)), "Some(***)");
    }

    #[test]
    fn refuses_what_bcrypt_would_truncate() {
        assert!(check_password(&SecretString::new("a".repeat(72)), "p").is_ok());
        assert!(check_password(&SecretString::new("a".repeat(73)), "p").is_err());
        assert!(check_password(&SecretString::new("ab\0cd".into()), "p").is_err());
        // 72 bytes, not 72 characters: 37 two-byte characters are 74 bytes.
        assert!(check_password(&SecretString::new("é".repeat(37)), "p").is_err());
    }
}
