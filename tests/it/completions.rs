//! The committed shell completions (`completions/`) match what the binary generates.
//! Refresh them with `PROVCTL_BLESS=1 cargo test completions`.

use crate::support::provctl_bare;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "provctl.bash"),
    ("zsh", "_provctl"),
    ("fish", "provctl.fish"),
    ("powershell", "_provctl.ps1"),
    ("elvish", "provctl.elv"),
];

#[test]
fn committed_completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("PROVCTL_BLESS").is_some();
    for (shell, file) in SHELLS {
        let generated = provctl_bare()
            .args(["completions", shell])
            .run()
            .code_is(0)
            .stdout();
        let path = dir.join(file);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `PROVCTL_BLESS=1 cargo test completions` and commit the result",
            path.display()
        );
    }
}

/// Issue 17: `provctl completions bash | head -1` panicked (exit 101): a reader that goes away ends
/// the command quietly with exit 0, as for any other output. Same for `provctl man`.
#[test]
fn bug_completions_into_a_closed_pipe_panicked() {
    for args in [&["completions", "bash"][..], &["completions", "zsh"], &["man"]] {
        let (mut cmd, _home) = provctl_bare().args(args).command();
        let mut child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before provctl writes (as `head` does after its line).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// `--client <TAB>` offered file names: every value that is not a path completes to nothing, paths
/// keep file completion.
#[test]
fn bug_client_and_name_values_completed_to_file_names() {
    let bash = provctl_bare()
        .args(["completions", "bash"])
        .run()
        .code_is(0)
        .stdout();
    let completion_of = |flag: &str| -> Vec<String> {
        let needle = format!("                {flag})\n");
        bash.match_indices(&needle)
            .map(|(at, _)| {
                bash[at + needle.len()..]
                    .lines()
                    .next()
                    .unwrap()
                    .trim()
                    .to_string()
            })
            .collect()
    };
    for flag in [
        "--client",
        "--prefix",
        "--email",
        "--url",
        "--key-name",
        "--hostname",
        "--limit",
    ] {
        let seen = completion_of(flag);
        assert!(!seen.is_empty(), "no {flag} in the bash completions");
        for c in seen {
            assert_eq!(c, "COMPREPLY=(\"${cur}\")", "{flag}");
        }
    }
    for flag in ["--out", "--env-file", "--secrets-file"] {
        for c in completion_of(flag) {
            assert_eq!(c, "COMPREPLY=($(compgen -f \"${cur}\"))", "{flag}");
        }
    }
}

/// `provctl man --dir DIR`: one page per visible command, named after it, each a roff page whose
/// `.TH` and NAME line name that command; `provctl man` alone still prints provctl.1.
#[test]
fn man_dir_writes_one_page_per_subcommand() {
    use clap::CommandFactory;
    fn names(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        out.push(format!("{prefix}.1"));
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            names(sub, &format!("{prefix}-{}", sub.get_name()), out);
        }
    }
    let mut expected = Vec::new();
    names(&provctl::cli::Cli::command(), "provctl", &mut expected);
    expected.sort();
    assert!(
        expected.contains(&"provctl-keys-list.1".to_string()),
        "{expected:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    provctl_bare()
        .args(["man", "--dir", target.to_str().unwrap()])
        .run()
        .code_is(0)
        .stderr_has(&format!("{} man page(s) written to", expected.len()));
    let mut written: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    for file in &written {
        let page = std::fs::read_to_string(target.join(file)).unwrap();
        let name = file.strip_suffix(".1").unwrap();
        let th = page
            .lines()
            .find(|l| l.starts_with(".TH "))
            .unwrap_or_else(|| panic!("{file}: no .TH"));
        assert!(th.starts_with(&format!(".TH {name} 1 ")), "{file}: {th}");
        let mut lines = page.lines().skip_while(|l| *l != ".SH NAME");
        lines.next();
        let name_line = lines.next().unwrap_or_default();
        assert!(
            name_line.starts_with(&format!("{} \\- ", name.replace('-', "\\-"))),
            "{file}: {name_line}"
        );
        assert!(!page.contains(".SH EXTRA"), "{file}");
        assert!(page.contains(".SH \"SEE ALSO\""), "{file}");
    }
    // The main page's NAME line no longer repeats the name.
    let main = provctl_bare().args(["man"]).run().code_is(0).stdout();
    assert_eq!(main, std::fs::read_to_string(target.join("provctl.1")).unwrap());
    assert!(
        main.contains("\n.SH NAME\nprovctl \\- typed, safe operations"),
        "{main}"
    );
    // Each page the main page lists exists.
    for listed in main
        .lines()
        .filter(|l| l.starts_with("provctl\\-") && l.ends_with("(1)"))
    {
        let file = format!("{}.1", listed.trim_end_matches("(1)").replace("\\-", "-"));
        assert!(written.contains(&file), "{listed} has no page");
    }
}

/// The committed man pages (`man/`) match what `provctl man --dir` writes (for packagers who install
/// them without running the binary). Refresh them with `PROVCTL_BLESS=1 cargo test completions`.
#[test]
fn committed_man_pages_are_current() {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let fresh = tempfile::tempdir().unwrap();
    provctl_bare()
        .args(["man", "--dir", fresh.path().to_str().unwrap()])
        .run()
        .code_is(0);
    let pages = |dir: &std::path::Path| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| {
                    let e = e.unwrap();
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    if std::env::var_os("PROVCTL_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in pages(fresh.path()) {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    assert!(
        pages(&committed) == pages(fresh.path()),
        "man/ is stale: run `PROVCTL_BLESS=1 cargo test completions` and commit the result"
    );
}
