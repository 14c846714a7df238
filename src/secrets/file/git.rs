//! What git would do with a secret file: tracked, about to be committed, ignored. git runs
//! hardened (see [`git`]) because it runs in directories whose configuration provctl does not control.

use super::write::parent_dir;
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

/// Runs git about one file, in its directory, hardened: the repository cannot make git run a
/// command of its choosing (`core.fsmonitor` is the one setting these subcommands would obey), and the
/// environment is emptied but for what git needs to find its configuration and ignore files — so the
/// database URL, `PGPASSWORD` and the rest never reach git or anything it could start.
fn git(dir: &Path, args: &[&str], name: &std::ffi::OsStr) -> std::io::Result<std::process::Output> {
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
        .arg("--")
        .arg(name)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
}

/// Asks git about `path` (`ls-files --error-unmatch`, then `check-ignore`), run in its directory.
pub fn git_status(path: &Path) -> GitStatus {
    let dir = parent_dir(path);
    let Some(name) = path.file_name() else {
        return GitStatus::NoRepo;
    };
    let first_line = |o: &std::process::Output| {
        let text = String::from_utf8_lossy(&o.stderr);
        text.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("git failed")
            .trim()
            .to_string()
    };
    let listed = match git(dir, &["ls-files", "--error-unmatch"], name) {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return GitStatus::NoGit,
        Err(e) => return GitStatus::Unknown(format!("cannot run git: {e}")),
    };
    match listed.status.code() {
        Some(0) => return GitStatus::Tracked,
        Some(1) => {}
        _ => {
            let why = first_line(&listed);
            return if why.contains("not a git repository") {
                GitStatus::NoRepo
            } else {
                GitStatus::Unknown(why)
            };
        }
    }
    match git(dir, &["check-ignore", "-q"], name) {
        Ok(o) if o.status.code() == Some(0) => GitStatus::Ignored,
        Ok(o) if o.status.code() == Some(1) => GitStatus::NotIgnored,
        Ok(o) => GitStatus::Unknown(first_line(&o)),
        Err(e) => GitStatus::Unknown(format!("cannot run git: {e}")),
    }
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
    for p in paths {
        match git_status(p) {
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
