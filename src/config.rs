//! Configuration resolved in one step: the environment (with `--env-file`), the database URL and the
//! guard variables. Nothing else in provctl reads environment variables directly: the libpq
//! conventions (`db::conninfo`) read `PG*` variables through [`Env`]. This module uses only `error`:
//! what the variables mean for a connection is the database layer's business.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The environment as provctl sees it: the process environment over the `--env-file` values.
#[derive(Debug, Default, Clone)]
pub struct Env {
    file: HashMap<String, String>,
    /// The `--env-file` path, to say where a value came from.
    file_path: Option<PathBuf>,
}

impl Env {
    /// Loads `--env-file` (if any). Variables already set in the process environment win.
    pub fn load(env_file: Option<&Path>) -> Result<Env> {
        let mut env = Env::default();
        if let Some(path) = env_file {
            let bytes = read_regular_file(path, "--env-file")?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::usage(format!("--env-file {}: not valid UTF-8", path.display())))?;
            env.file = parse_env_file(&text, process_var).map_err(|(line, msg)| {
                Error::usage(format!("--env-file {}:{line}: {msg}", path.display()))
            })?;
            env.file_path = Some(path.to_path_buf());
        }
        Ok(env)
    }

    /// A variable with where it came from (`None`: the process environment; else the env file). An
    /// empty value counts as unset at each level, so `APP_ENV=` in the environment (compose's
    /// `APP_ENV: ${APP_ENV}` with the host variable unset) falls back to the file's
    /// `APP_ENV=production` instead of hiding it.
    pub fn lookup(&self, key: &str) -> Option<(String, Option<&Path>)> {
        if let Some(v) = process_var(key).filter(|v| !v.is_empty()) {
            return Some((v, None));
        }
        self.file
            .get(key)
            .filter(|v| !v.is_empty())
            .map(|v| (v.clone(), self.file_path.as_deref()))
    }

    /// A variable: the process environment, else the `--env-file` (the rule of [`Env::lookup`]).
    pub fn get(&self, key: &str) -> Option<String> {
        self.lookup(key).map(|(v, _)| v)
    }

    /// The platform's notion of a true flag: 1/true/yes/y/on, any case.
    pub fn truthy(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| is_truthy(&v))
    }

    /// Whether `APP_ENV` or `ENV` says production (either one is enough: the safe reading).
    pub fn is_production(&self) -> bool {
        ["APP_ENV", "ENV"].iter().any(|k| {
            self.get(k)
                .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "prod" | "production"))
        })
    }

    /// The production guard of a change: when [`Env::is_production`], the variable `allow` must be
    /// truthy, else exit 3 (nothing changed). `deliberately` completes the hint: "set ALLOW_…=true to
    /// {deliberately}".
    pub fn production_guard(&self, allow: &str, deliberately: &str) -> Result<()> {
        if self.is_production() && !self.truthy(allow) {
            return Err(Error::refused(format!(
                "APP_ENV/ENV says production and {allow} is not set to a true value"
            ))
            .with_hint(format!("set {allow}=true to {deliberately}")));
        }
        Ok(())
    }

    /// Operator name for the audit log: who ran it, through sudo too.
    pub fn operator(&self) -> String {
        self.get("SUDO_USER")
            .or_else(|| self.get("USER"))
            .or_else(effective_user)
            .unwrap_or_else(|| "unknown".into())
    }
}

impl Env {
    /// The home directory as libpq finds it: `HOME`, else the password database's entry for the
    /// effective user.
    pub fn home(&self) -> Option<PathBuf> {
        self.get("HOME").map(PathBuf::from).or_else(effective_home)
    }
}

/// A variable of the process environment (not UTF-8: unset). Configuration goes through [`Env`], which
/// adds `--env-file` and says where a value came from; this is for the rest: sudo's ids, and what the
/// demo's cluster finds its server with.
// The one reader of the environment (clippy.toml's disallowed-methods point here).
#[allow(clippy::disallowed_methods)]
pub fn process_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// [`process_var`], as the OS has it: for what is handed on to a child (`PATH`, `HOME`).
#[allow(clippy::disallowed_methods)]
pub fn process_var_os(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

/// libpq's default database user: the effective user's name in the password database (not `USER`).
pub fn os_user() -> Option<String> {
    effective_user()
}

/// The name of the effective user from the password database (when `USER` is unset, e.g. under cron;
/// and libpq's default database user).
fn effective_user() -> Option<String> {
    passwd_by_uid(rustix::process::geteuid().as_raw())
        .ok()
        .flatten()
        .map(|p| p.name)
}

/// The home directory of the effective user from the password database.
fn effective_home() -> Option<PathBuf> {
    passwd_by_uid(rustix::process::geteuid().as_raw())
        .ok()
        .flatten()
        .map(|p| p.dir)
        .filter(|d| !d.as_os_str().is_empty())
}

/// An entry of the password database (the OS's users: `/etc/passwd`, or NSS).
#[derive(Debug, Clone)]
pub struct Passwd {
    pub name: String,
    pub dir: PathBuf,
    pub uid: u32,
    pub gid: u32,
}

/// The password database's entry for `uid`, if there is one.
pub fn passwd_by_uid(uid: u32) -> std::io::Result<Option<Passwd>> {
    // SAFETY: the arguments are the ones `lookup` passes, valid for the call.
    lookup(&|pwd, buf, len, result| unsafe { libc::getpwuid_r(uid, pwd, buf, len, result) })
}

/// The password database's entry for the user `name`, if there is one.
pub fn passwd_by_name(name: &str) -> std::io::Result<Option<Passwd>> {
    let cname = std::ffi::CString::new(name)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a user name with a NUL byte"))?;
    // SAFETY: as in `passwd_by_uid`; `cname` outlives the call.
    lookup(&|pwd, buf, len, result| unsafe { libc::getpwnam_r(cname.as_ptr(), pwd, buf, len, result) })
}

type GetPw<'a> =
    dyn Fn(*mut libc::passwd, *mut libc::c_char, libc::size_t, *mut *mut libc::passwd) -> libc::c_int + 'a;

/// The one place provctl reads the password database: the reentrant `getpw*_r` calls (tests run in
/// threads, and `getpwuid` returns a shared static buffer), with a buffer grown on `ERANGE`. Neither
/// rustix nor the standard library covers NSS look-ups, hence libc and this unsafe code.
fn lookup(call: &GetPw<'_>) -> std::io::Result<Option<Passwd>> {
    let mut size = 4096;
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: `passwd` is plain old data; all-zero is a valid value, overwritten on success.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = call(&mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == libc::ERANGE && size < 1 << 20 {
            size *= 4;
            continue;
        }
        if rc != 0 {
            return Err(std::io::Error::from_raw_os_error(rc));
        }
        if result.is_null() {
            return Ok(None);
        }
        // SAFETY: on success the strings point into `buf`, alive here; they are copied at once.
        let text = |p: *const libc::c_char| {
            if p.is_null() {
                String::new()
            } else {
                unsafe { std::ffi::CStr::from_ptr(p) }
                    .to_string_lossy()
                    .into_owned()
            }
        };
        return Ok(Some(Passwd {
            name: text(pwd.pw_name),
            dir: PathBuf::from(text(pwd.pw_dir)),
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
        }));
    }
}

/// `OpenOptionsExt::custom_flags` for open(2) flags named through rustix (std adds `O_CLOEXEC` itself).
pub fn open_flags(flags: rustix::fs::OFlags) -> i32 {
    flags.bits() as i32
}

/// Reads a small input file (INI, env file, secrets file): a regular file only — a FIFO would hang and a
/// device like /dev/zero would never end — and at most 16 MiB.
pub fn read_regular_file(path: &std::path::Path, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO with no writer would otherwise block right here.
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(crate::config::open_flags(rustix::fs::OFlags::NONBLOCK))
        .open(path)
        .map_err(|e| Error::usage(format!("{what} {}: {e}", path.display())))?;
    let meta = f
        .metadata()
        .map_err(|e| Error::usage(format!("{what} {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(Error::usage(format!(
            "{what} {}: not a regular file",
            path.display()
        )));
    }
    let mut buf = Vec::new();
    f.take(16 * 1024 * 1024 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::usage(format!("{what} {}: {e}", path.display())))?;
    if buf.len() > 16 * 1024 * 1024 {
        return Err(Error::usage(format!(
            "{what} {}: larger than 16 MiB",
            path.display()
        )));
    }
    Ok(buf)
}

pub fn is_truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "y" | "on"
    )
}

/// Parses `KEY=VALUE` lines (docker compose's `.env` conventions): `#` comments, optional `export `,
/// single quotes taken literally, double quotes with `\n`/`\"`/`\\` escapes, `${VAR}` expanded from the
/// process environment then from earlier lines. Errors carry the line number, never the line: it may be
/// a secret. (Hence ours rather than dotenvy, whose parse error quotes the line.)
pub fn parse_env_file(
    text: &str,
    outer: impl Fn(&str) -> Option<String>,
) -> std::result::Result<HashMap<String, String>, (usize, String)> {
    let mut vars: HashMap<String, String> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map(str::trim_start).unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            // The line is not echoed: it may be a secret that lost its `=`.
            return Err((n, "expected KEY=VALUE".to_string()));
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((
                n,
                "invalid variable name (letters, digits and _ only)".to_string(),
            ));
        }
        let value = value.trim();
        let lookup = |name: &str| outer(name).or_else(|| vars.get(name).cloned());
        let value = if let Some(inner) = value.strip_prefix('\'') {
            inner
                .strip_suffix('\'')
                .ok_or((n, format!("unterminated single quote in {key}")))?
                .to_string()
        } else if let Some(inner) = value.strip_prefix('"') {
            let inner = inner
                .strip_suffix('"')
                .ok_or((n, format!("unterminated double quote in {key}")))?;
            expand(&unescape(inner), &lookup).map_err(|m| (n, format!("{key}: {m}")))?
        } else {
            // An unquoted value ends at ` #` (an inline comment); a `#` inside the value stays.
            let v = match value.find(" #") {
                Some(p) => value[..p].trim_end(),
                None => value,
            };
            expand(v, &lookup).map_err(|m| (n, format!("{key}: {m}")))?
        };
        vars.insert(key.to_string(), value);
    }
    Ok(vars)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Expands `${VAR}` (and `${VAR:-default}`); an unknown variable expands to the empty string, as in
/// docker compose.
fn expand(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("${") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 2..];
        let end = after.find('}').ok_or("unterminated ${")?;
        let expr = &after[..end];
        let (name, default) = match expr.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (expr, None),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err("invalid ${…} reference (expected ${NAME} or ${NAME:-default})".to_string());
        }
        match lookup(name).filter(|v| !v.is_empty()) {
            Some(v) => out.push_str(&v),
            None => out.push_str(default.unwrap_or_default()),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_database_is_read_by_uid_and_by_name() {
        let root = passwd_by_uid(0).unwrap().expect("uid 0 has an entry");
        assert_eq!(root.name, "root");
        let again = passwd_by_name("root").unwrap().expect("root has an entry");
        assert_eq!((again.uid, again.gid), (0, root.gid));
        assert!(passwd_by_name("provctl-no-such-user").unwrap().is_none());
        assert!(passwd_by_name("a\0b").is_err());
    }

    #[test]
    fn env_file_forms() {
        let text = "# prod\nexport DB_PASSWORD=s3cr#t\nDATABASE_URL=postgresql+psycopg://app:${DB_PASSWORD}@db:5432/monitoring # the db\nQ='lit ${X}'\nD=\"a\\nb ${HOME_X:-dflt}\"\n";
        let vars = parse_env_file(text, |_| None).unwrap();
        assert_eq!(vars["DB_PASSWORD"], "s3cr#t");
        assert_eq!(
            vars["DATABASE_URL"],
            "postgresql+psycopg://app:s3cr#t@db:5432/monitoring"
        );
        assert_eq!(vars["Q"], "lit ${X}");
        assert_eq!(vars["D"], "a\nb dflt");
    }

    #[test]
    fn process_env_wins_in_expansion_and_errors_name_the_line() {
        let vars = parse_env_file("A=${B}\nB=file\n", |k| (k == "B").then(|| "proc".into())).unwrap();
        assert_eq!(vars["A"], "proc");
        assert_eq!(parse_env_file("ok=1\nnot a line\n", |_| None).unwrap_err().0, 2);
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // sets a variable that only this test reads
    fn an_empty_variable_falls_back_to_the_env_file() {
        let env = Env {
            file: HashMap::from([("PROVCTL_TEST_EMPTY_APP_ENV".to_string(), "production".to_string())]),
            ..Env::default()
        };
        // A variable only this test reads.
        std::env::set_var("PROVCTL_TEST_EMPTY_APP_ENV", "");
        assert_eq!(
            env.get("PROVCTL_TEST_EMPTY_APP_ENV").as_deref(),
            Some("production")
        );
    }

    #[test]
    fn truthy_values() {
        for v in ["1", "true", "YES", "y", "On"] {
            assert!(is_truthy(v));
        }
        for v in ["0", "false", "no", "", "maybe"] {
            assert!(!is_truthy(v));
        }
    }
}
