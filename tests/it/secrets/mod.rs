//! `provctl secrets list|show|shred` and doctor's "secrets files": modes, ages, symlinks, git status,
//! where values may go (pipe, terminal, --reveal), and shredding that really overwrites.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `list`, `out_files`, `show` and `shred`.

use crate::support::{provctl_bare, Done};
use rexpect::process::WaitStatus;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod list;
mod out_files;
mod show;
mod shred;

const PASSWORD: &str = "PwSecretValue0123456789abcdefghi";

const KEY1: &str = "KeySecretValue01xxxxxxxxxxxxxxxx";

const KEY2: &str = "KeySecretValue02xxxxxxxxxxxxxxxx";

/// What every secret written by these tests starts with: found anywhere means a leak.
const LEAK: [&str; 2] = ["PwSecretValue", "KeySecretValue"];

/// A provisioning secrets file as `provision` writes it.
fn generated_text() -> String {
    format!(
        "\n# provctl provision provisioning/acme.ini — 2026-01-01T00:00:00Z\n# client: Acme (id)\n\
         ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD={PASSWORD}\n\
         API_KEY_NAME__acme-key-01=acme-key-01\nAPI_KEY_VALUE__acme-key-01={KEY1}\n\
         API_KEY_NAME__acme-key-02=acme-key-02\nAPI_KEY_VALUE__acme-key-02={KEY2}\n"
    )
}

fn write(path: &Path, text: &str, mode: u32) -> PathBuf {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    path.to_path_buf()
}

/// `<dir>/acme.ini.generated.secrets.env`, mode `mode`.
fn generated(dir: &Path, mode: u32) -> PathBuf {
    write(
        &dir.join("acme.ini.generated.secrets.env"),
        &generated_text(),
        mode,
    )
}

/// Runs a helper command in `dir` (git without the developer's global or system configuration).
fn sh(dir: &Path, cmd: &str, args: &[&str]) {
    let st = Command::new(cmd)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(st.success(), "{cmd} {args:?} failed");
}

#[track_caller]
fn no_leak(out: Done) -> Done {
    LEAK.iter().fold(out, |o, s| o.never_shows(s))
}

fn list_json(dir: &Path, extra: &[&str], code: i32) -> Vec<serde_json::Value> {
    let mut args = vec!["secrets", "list", dir.to_str().unwrap(), "-o", "json"];
    args.extend_from_slice(extra);
    let out = no_leak(
        provctl_bare()
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(&args)
            .run()
            .code_is(code),
    );
    out.json().as_array().unwrap().clone()
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}
