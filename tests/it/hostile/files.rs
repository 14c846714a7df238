//! Hostile env files and other input files: `--env-file`, secrets files, FIFOs and devices.

use super::{big, case, expect_fixed, provision, Case};
use crate::support::{is_root, nobody, provctl, provctl_bare, require, TestDb};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- env files and other files

pub(super) fn file_cases(db: &TestDb, dir: &Path) -> Vec<Case> {
    let bare = || provctl_bare();
    let env_file = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let url_line = format!("DATABASE_URL={}\n", db.url);
    let mut v = Vec::new();
    // (name, file bytes, exit code, what stderr must say; `@PATH@` is the file's path)
    for (name, bytes, code, err) in [
        ("env: CRLF", url_line.replace('\n', "\r\n").into_bytes(), 0, ""),
        (
            "env: BOM",
            [b"\xef\xbb\xbf".to_vec(), url_line.clone().into_bytes()].concat(),
            0,
            "",
        ),
        (
            "env: 100 KB value",
            format!("{url_line}BIG={}\n", big('v')).into_bytes(),
            0,
            "",
        ),
        (
            "env: invalid UTF-8",
            [url_line.as_bytes(), b"X=caf\xe9\n"].concat(),
            2,
            "--env-file @PATH@: ",
        ),
        (
            "env: line without =",
            format!("{url_line}this is not an assignment\n").into_bytes(),
            2,
            "--env-file @PATH@:2: expected KEY=VALUE",
        ),
        (
            "env: escape in a variable name",
            format!("{url_line}\x1b[2J=1\n").into_bytes(),
            2,
            "--env-file @PATH@:2: invalid variable name",
        ),
        (
            "env: unterminated quote",
            format!("{url_line}X='open\n").into_bytes(),
            2,
            "--env-file @PATH@:2:",
        ),
        (
            "env: SQL as the URL",
            b"DATABASE_URL='; DROP TABLE users; --'\n".to_vec(),
            2,
            "DATABASE_URL",
        ),
    ] {
        let path = env_file(&format!("{}.env", name.replace([':', ' '], "_")), &bytes);
        let mut c = case(
            name,
            bare().args(["--env-file"]).args([&path]).args(["users"]),
            code,
        );
        if !err.is_empty() {
            c = c.err(err.replace("@PATH@", &path.display().to_string()));
        }
        v.push(c);
    }
    let env_dir = dir.join("env-dir");
    std::fs::create_dir_all(&env_dir).unwrap();
    v.push(
        case(
            "env: a directory",
            bare().args(["--env-file"]).args([&env_dir]).args(["users"]),
            2,
        )
        .err(env_dir.display().to_string()),
    );
    let missing = dir.join("missing.env");
    v.push(
        case(
            "env: missing",
            bare().args(["--env-file"]).args([&missing]).args(["users"]),
            2,
        )
        .err(missing.display().to_string()),
    );
    // Database URLs that are not.
    for (name, url, err) in [
        ("url: SQL injection", "'; DROP TABLE users; --", "DATABASE_URL"),
        ("url: 100 KB", big('u').leak() as &str, "DATABASE_URL"),
        (
            "url: escapes in the scheme",
            "\u{1b}[2Jmysql://u:p@h/d",
            // Not a scheme provctl can name safely: not quoted at all.
            "is neither a postgresql:// URL nor libpq key=value pairs",
        ),
        (
            "url: unknown sslmode",
            "postgresql://u@h/d?sslmode=\u{1b}[2J",
            "unknown sslmode",
        ),
    ] {
        v.push(case(name, bare().env("DATABASE_URL", url).args(["users"]), 2).err(err));
    }
    // Unreadable env file: as `nobody` when root.
    let locked = env_file("locked.env", url_line.as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if require(
        "a `nobody` user (running as root)",
        nobody().is_some() || !is_root(),
    ) {
        let mut c = case(
            "env: unreadable",
            bare().args(["--env-file"]).args([&locked]).args(["users"]),
            2,
        )
        .err(locked.display().to_string())
        .err("Permission denied");
        if nobody().is_some() {
            c = c.run_as_nobody();
        }
        v.push(c);
    }
    // The secrets file of `deliverable` and `secrets show`: never through a symlink.
    let real = env_file(
        "real.generated.secrets.env",
        b"ADMIN_EMAIL=admin@acme.example\nADMIN_PASSWORD=Real-Pw-0000\n",
    );
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.generated.secrets.env");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    v.push(
        // Exit 2 here (the kernel's "Too many levels of symbolic links"), where `secrets show` says 3.
        case(
            "secrets: deliverable --secrets-file symlink",
            provctl(db)
                .args([
                    "deliverable",
                    "--client",
                    "Acme",
                    "--url",
                    "https://x.example",
                    "--secrets-file",
                ])
                .args([&link]),
            2,
        )
        .err(link.display().to_string())
        .err("symbolic links")
        .lacks("Real-Pw-0000"),
    );
    v.push(
        case(
            "secrets: show a symlink",
            provctl(db).args(["secrets", "show"]).args([&link]),
            3,
        )
        .err(link.display().to_string())
        .lacks("Real-Pw-0000"),
    );
    let fifo = dir.join("fifo.generated.secrets.env");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    v.push(
        case(
            "secrets: show a FIFO",
            provctl(db).args(["secrets", "show"]).args([&fifo]),
            3,
        )
        .err(fifo.display().to_string()),
    );
    v
}

#[test]
fn a_fifo_or_device_given_as_an_input_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.ini");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    let fifo_s = fifo.display().to_string();
    let deliverable = |db: &TestDb, file: &Path| {
        provctl(db)
            .args([
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://x.example",
                "--secrets-file",
            ])
            .args([file])
    };
    expect_fixed(|db| {
        vec![
            case("fifo: provision INI", provision(db, &[&fifo]), 2)
                .timeout(10)
                .err(fifo_s.clone()),
            case(
                "fifo: --env-file",
                provctl(db).args(["--env-file"]).args([&fifo]).args(["users"]),
                2,
            )
            .timeout(10)
            .err(fifo_s.clone()),
            case("fifo: deliverable --secrets-file", deliverable(db, &fifo), 2)
                .timeout(10)
                .err(fifo_s),
            case(
                "device: deliverable --secrets-file /dev/zero",
                deliverable(db, Path::new("/dev/zero")),
                2,
            )
            .timeout(10)
            .err("/dev/zero"),
        ]
    });
}
