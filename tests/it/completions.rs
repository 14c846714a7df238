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
