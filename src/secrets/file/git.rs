//! What git would do with a secret file: tracked, about to be committed, ignored. git runs
//! hardened (see [`git`]) because it runs in directories whose configuration provctl does not control.

use super::write::parent_dir;
use std::ffi::OsStr;
use std::path::Path;

/// What git would do with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitStatus {
    /// In git's index: committed already, or about to be.
    Tracked,
    /// In a work tree that does not ignore it: `git add .` would take it.
    NotIgnored,
    Ignored,
    /// Not inside a git work tree.
    NoRepo,
    /// git is not installed.
    NoGit,
    /// git answered something else (e.g. it distrusts a repository owned by another user).
    Unknown(String),
}

impl GitStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            GitStatus::Tracked => "tracked",
            GitStatus::NotIgnored => "not ignored",
            GitStatus::Ignored => "ignored",
            GitStatus::NoRepo => "no repo",
            GitStatus::NoGit => "no git",
            GitStatus::Unknown(_) => "unknown",
        }
    }

    /// The warning this status deserves for the file at `path`, if any.
    pub fn warning(&self, path: &Path) -> Option<String> {
        match self {
            GitStatus::Tracked => Some(
                "tracked by git: it may already be committed (remove it from the repository, rotate the secrets)"
                    .to_string(),
            ),
            GitStatus::NotIgnored => {
                Some(format!("git would commit it: not ignored (add `{}` to .gitignore)", ignore_pattern(path)))
            }
            GitStatus::Unknown(why) => Some(format!("git status unknown: {why}")),
            GitStatus::Ignored | GitStatus::NoRepo | GitStatus::NoGit => None,
        }
    }
}

/// Runs git about files of one directory, in it, hardened: the repository cannot make git run a
/// command of its choosing (`core.fsmonitor` is the one setting these subcommands would obey), and the
/// environment is emptied but for what git needs to find its configuration and
/// ignore files — so the database URL, `PGPASSWORD` and the rest never reach git or anything it could
/// start. The names go as arguments, or NUL-separated on stdin (`stdin`: for `check-ignore --stdin
/// -z`, which takes `-z` only so); stdout is captured.
fn git(dir: &Path, args: &[&str], names: &[&OsStr], stdin: bool) -> std::io::Result<std::process::Output> {
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::process::Stdio;
    let mut cmd = std::process::Command::new("git");
    cmd.env_clear();
    for keep in ["PATH", "HOME", "XDG_CONFIG_HOME"] {
        if let Some(v) = crate::config::process_var_os(keep) {
            cmd.env(keep, v);
        }
    }
    cmd.env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.fsmonitor=false"])
        .args(args)
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !stdin {
        cmd.arg("--").args(names);
    }
    let mut child = cmd.spawn()?;
    let input = child.stdin.take();
    // Written from a thread while the output is read: a long list would otherwise fill both pipes.
    std::thread::scope(|s| {
        if let Some(mut input) = input {
            s.spawn(move || {
                for n in names {
                    if input
                        .write_all(n.as_bytes())
                        .and_then(|()| input.write_all(&[0]))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        child.wait_with_output()
    })
}

/// The names of a `-z` listing.
fn listed(o: &std::process::Output) -> Vec<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    o.stdout
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(OsStr::from_bytes)
        .collect()
}

/// The first line git wrote on stderr.
fn first_line(o: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&o.stderr);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("git failed")
        .trim()
        .to_string()
}

/// Names per git run: far below the argument-size limit whatever the names' length (255 bytes at most).
const CHUNK: usize = 512;

/// Asks git about `path` (see [`git_status_all`]).
pub fn git_status(path: &Path) -> GitStatus {
    git_status_all(&[path]).pop().unwrap_or(GitStatus::NoRepo)
}

/// What git would do with each of `paths`, in their order: per directory, one `ls-files` for all its
/// files (the tracked ones; `--literal-pathspecs`: a `*` or `[` in a file name is not a pattern
/// matching other files), then one `check-ignore` for the others — two git runs for a directory of
/// 200 INIs' secrets files, where a run per file cost ~0.3 s at the end of a provisioning batch.
pub fn git_status_all(paths: &[&Path]) -> Vec<GitStatus> {
    let mut status: Vec<GitStatus> = vec![GitStatus::NoRepo; paths.len()];
    // (directory, [(index in `paths`, file name)]) in the order the directories first appear.
    let mut dirs: Vec<(&Path, Vec<(usize, &OsStr)>)> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let Some(name) = path.file_name() else {
            continue;
        };
        let dir = parent_dir(path);
        match dirs.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, files)) => files.push((i, name)),
            None => dirs.push((dir, vec![(i, name)])),
        }
    }
    for (dir, files) in dirs {
        for chunk in files.chunks(CHUNK) {
            for (i, s) in dir_status(dir, chunk) {
                status[i] = s;
            }
        }
    }
    status
}

/// [`git_status_all`] for files of one directory.
fn dir_status(dir: &Path, files: &[(usize, &OsStr)]) -> Vec<(usize, GitStatus)> {
    let all = |s: GitStatus| files.iter().map(|(i, _)| (*i, s.clone())).collect();
    let names: Vec<&OsStr> = files.iter().map(|(_, n)| *n).collect();
    let tracked = match git(dir, &["--literal-pathspecs", "ls-files", "-z"], &names, false) {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            let why = first_line(&o);
            return all(if why.contains("not a git repository") {
                GitStatus::NoRepo
            } else {
                GitStatus::Unknown(why)
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return all(GitStatus::NoGit),
        Err(e) => return all(GitStatus::Unknown(format!("cannot run git: {e}"))),
    };
    let tracked = listed(&tracked);
    // `check-ignore` takes no `--literal-pathspecs`: each name goes as `./NAME`, which no pathspec
    // magic starts with (`:b.x` alone is read as `b.x`, `:!a.x` as an exclusion), and comes back so.
    let rest: Vec<std::ffi::OsString> = names
        .iter()
        .filter(|n| !tracked.contains(n))
        .map(|n| dot_slash(n))
        .collect();
    let rest_refs: Vec<&OsStr> = rest.iter().map(std::ffi::OsString::as_os_str).collect();
    let ignored = if rest.is_empty() {
        Ok(Vec::new())
    } else {
        match git(dir, &["check-ignore", "--stdin", "-z"], &rest_refs, true) {
            Ok(o) if matches!(o.status.code(), Some(0 | 1)) => {
                Ok(listed(&o).into_iter().map(OsStr::to_os_string).collect())
            }
            Ok(o) => Err(GitStatus::Unknown(first_line(&o))),
            Err(e) => Err(GitStatus::Unknown(format!("cannot run git: {e}"))),
        }
    };
    files
        .iter()
        .map(|(i, n)| {
            let s = if tracked.contains(n) {
                GitStatus::Tracked
            } else {
                match &ignored {
                    Ok(ignored) if ignored.contains(&dot_slash(n)) => GitStatus::Ignored,
                    Ok(_) => GitStatus::NotIgnored,
                    Err(s) => s.clone(),
                }
            };
            (*i, s)
        })
        .collect()
}

/// `./NAME`.
fn dot_slash(name: &OsStr) -> std::ffi::OsString {
    let mut s = std::ffi::OsString::from("./");
    s.push(name);
    s
}

/// Warns when `path` sits in a git work tree that would commit it (tracked, or not ignored).
pub fn warn_if_git_would_commit(path: &Path) {
    let what = match git_status(path) {
        GitStatus::Tracked => "is tracked by git",
        GitStatus::NotIgnored => "is inside a git work tree that does not ignore it",
        _ => return,
    };
    crate::ui::output::warn(&format!(
        "{} holds secrets and {what}: never commit it (add `{}` to .gitignore)",
        path.display(),
        ignore_pattern(path)
    ));
}

/// The `.gitignore` line that covers `path`: `*.generated.secrets.env` for provisioning's files (all
/// of them at once), else the file's own name (an `--out` file is named by the operator).
pub fn ignore_pattern(path: &Path) -> String {
    if super::has_generated_name(path) {
        return format!("*{}", super::GENERATED_SUFFIX);
    }
    path.file_name()
        .map(|n| crate::ui::output::escape(&n.to_string_lossy()).into_owned())
        .unwrap_or_default()
}

/// [`warn_if_git_would_commit`] for many files (a batch of INIs) in one warning per kind: a directory
/// of INIs in a work tree that does not ignore their secrets would otherwise draw one per INI.
pub fn warn_if_git_would_commit_all(paths: &[std::path::PathBuf]) {
    if let [one] = paths {
        return warn_if_git_would_commit(one);
    }
    let (mut tracked, mut not_ignored) = (Vec::new(), Vec::new());
    let refs: Vec<&Path> = paths.iter().map(std::path::PathBuf::as_path).collect();
    for (p, status) in paths.iter().zip(git_status_all(&refs)) {
        match status {
            GitStatus::Tracked => tracked.push(p),
            GitStatus::NotIgnored => not_ignored.push(p),
            _ => {}
        }
    }
    for (files, what) in [
        (tracked, "are tracked by git"),
        (
            not_ignored,
            "are inside a git work tree that does not ignore them",
        ),
    ] {
        if files.is_empty() {
            continue;
        }
        let mut patterns: Vec<String> = files.iter().map(|p| ignore_pattern(p)).collect();
        patterns.dedup();
        const SHOWN: usize = 5;
        let mut names: Vec<String> = files
            .iter()
            .take(SHOWN)
            .map(|p| p.display().to_string())
            .collect();
        if files.len() > SHOWN {
            names.push(format!("… ({} more)", files.len() - SHOWN));
        }
        crate::ui::output::warn(&format!(
            "{} secrets files {what}: {}: never commit them (add `{}` to .gitignore)",
            files.len(),
            names.join(", "),
            patterns.join("`, `")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn run_git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .expect("git")
            .status
            .success();
        assert!(ok, "git {args:?}");
    }

    /// One git run per kind and directory answers as git does file by file: tracked, ignored, not
    /// ignored, outside any repository, in the callers' order across directories — and a file named
    /// like a pattern (`*…`, `[a]…`) or pathspec magic (`:b…`, `:!a…`) is that file only (the one-file
    /// `ls-files --error-unmatch` took `*.generated.secrets.env` for the tracked file it matched;
    /// `check-ignore` read `:b.…` as the ignored `b.…`).
    #[test]
    fn the_batch_answers_per_file_and_names_are_literal() {
        let repo = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let r = repo.path();
        run_git(r, &["init", "-q"]);
        std::fs::write(r.join(".gitignore"), "b.*\n").unwrap();
        let names = [
            "a.generated.secrets.env",
            "b.generated.secrets.env",
            "c.generated.secrets.env",
            "*.generated.secrets.env",
            "[a].generated.secrets.env",
            "d\n.generated.secrets.env",
            ":b.generated.secrets.env",
            ":!a.generated.secrets.env",
        ];
        for n in names {
            std::fs::write(r.join(n), "x").unwrap();
        }
        run_git(r, &["add", "a.generated.secrets.env"]);
        let outside = other.path().join("e.generated.secrets.env");
        std::fs::write(&outside, "x").unwrap();
        let mut paths: Vec<std::path::PathBuf> = names.iter().map(|n| r.join(n)).collect();
        paths.insert(2, outside);
        let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let expected = [
            GitStatus::Tracked,
            GitStatus::Ignored,
            GitStatus::NoRepo,
            GitStatus::NotIgnored,
            GitStatus::NotIgnored,
            GitStatus::NotIgnored,
            GitStatus::NotIgnored,
            GitStatus::NotIgnored,
            GitStatus::NotIgnored,
        ];
        assert_eq!(git_status_all(&refs), expected);
        for (p, e) in refs.iter().zip(&expected) {
            assert_eq!(&git_status(p), e, "{}", p.display());
        }
    }
}
