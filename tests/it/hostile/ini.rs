//! Hostile INI files and paths: malformed lines, interpolation, NUL, odd paths (symlinks, loops, FIFOs,
//! unreadable files, directories without INI).

use super::{big, case, expect_fixed, ini, os, Case};
use crate::support::{is_root, nobody, provctl, require, Run, TestDb};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- INI files and paths

pub(super) fn provision(db: &TestDb, paths: &[&Path]) -> Run {
    provctl(db).args(["provision", "--dry-run"]).args(paths)
}

pub(super) fn ini_cases(db: &TestDb, dir: &Path) -> Vec<Case> {
    let mut v = Vec::new();
    let mut n = 0;
    let mut file = |name: &str, bytes: &[u8]| -> PathBuf {
        n += 1;
        let sub = dir.join(format!("ini{n}"));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // (name, file bytes, exit code, what stderr must say besides the path)
    let rejected: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "ini: duplicate section",
            ini("Dup", "[client]\nname = Again\n").into_bytes(),
            ":6: section [client] already exists",
        ),
        (
            "ini: duplicate option",
            "[client]\nname = A\nname = B\n[admin]\nemail = a@a.example\n".into(),
            ":3: option \"name\" in section [client] already exists",
        ),
        (
            "ini: duplicate option in another case",
            "[client]\nname = A\nNAME = B\n[admin]\nemail = a@a.example\n".into(),
            ":3:",
        ),
        (
            "ini: missing [client]",
            "[admin]\nemail = a@a.example\n".into(),
            "missing section [client]",
        ),
        (
            "ini: missing [admin]",
            "[client]\nname = NoAdmin\n".into(),
            "missing section [admin]",
        ),
        (
            "ini: section names are case-sensitive",
            "[Client]\nname = A\n[admin]\nemail = a@a.example\n".into(),
            ":1: unknown section [Client] (section names are case-sensitive: did you mean [client]?)",
        ),
        ("ini: empty file", Vec::new(), "missing section [client]"),
        (
            "ini: only comments",
            "# nothing\n; here\n".into(),
            "missing section [client]",
        ),
        (
            "ini: option before any section",
            "name = A\n[client]\nname = A\n".into(),
            ":1:",
        ),
        (
            "ini: line without =",
            ini("NoEq", "this line has no equals sign\n").into_bytes(),
            ":6:",
        ),
        (
            "ini: wrong type count 4.0",
            ini("Ty", "[api_keys]\ncount = 4.0\n").into_bytes(),
            ":7: [api_keys] count",
        ),
        (
            "ini: wrong type count 1000",
            ini("Ty", "[api_keys]\ncount = 1000\n").into_bytes(),
            ":7: [api_keys] count",
        ),
        (
            "ini: wrong type length 2^40",
            ini("Ty", "[api_keys]\ncount = 1\nlength = 1099511627776\n").into_bytes(),
            ":8: [api_keys] length",
        ),
        (
            "ini: wrong type heartbeat 5m",
            ini("Ty", "[client_settings]\nheartbeat_threshold_minutes = 5m\n").into_bytes(),
            ":7: [client_settings] heartbeat_threshold_minutes",
        ),
        (
            "ini: wrong type boolean 2",
            ini("Ty", "[client_settings]\nalert_grouping_enabled = 2\n").into_bytes(),
            ":7: [client_settings] alert_grouping_enabled",
        ),
        (
            "ini: wrong type negative grace",
            ini("Ty", "[client_settings]\ngrace_period_seconds = -1\n").into_bytes(),
            ":7: [client_settings] grace_period_seconds",
        ),
        (
            "ini: target timeout 0",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|https://x.example|GET|0|300|true\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: target 7 fields",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|https://x.example|GET|30|300|true|x\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: target javascript URL",
            ini(
                "Ty",
                "[http_targets]\ntarget_01 = n|javascript:alert(1)|GET|30|300|true\n",
            )
            .into_bytes(),
            ":7: [http_targets] target_01",
        ),
        (
            "ini: email with two @",
            "[client]\nname = A\n[admin]\nemail = a@b@c.example\n".into(),
            ":4: [admin] email",
        ),
        (
            "ini: email with an escape",
            "[client]\nname = A\n[admin]\nemail = a\x1b[2J@c.example\n".into(),
            ":4: [admin] email",
        ),
        (
            "ini: % not followed by (",
            ini("Pct", "[client_settings]\nslack_channel_name = #100%\n").into_bytes(),
            ":7: [client_settings] slack_channel_name",
        ),
        (
            "ini: interpolation cycle",
            ini(
                "Cyc",
                "[client_settings]\nslack_channel_name = %(x)s\nx = %(slack_channel_name)s\n",
            )
            .into_bytes(),
            "nested more than 10 deep",
        ),
        (
            "ini: interpolation to a missing option",
            ini("Miss", "[client_settings]\nslack_channel_name = %(nope)s\n").into_bytes(),
            "%(nope)s",
        ),
        (
            "ini: UTF-16 file",
            {
                let mut b = vec![0xff, 0xfe];
                for u in ini("Wide", "").encode_utf16() {
                    b.extend_from_slice(&u.to_le_bytes());
                }
                b
            },
            ":1: not valid UTF-8",
        ),
        (
            "ini: Latin-1 file",
            b"[client]\nname = Caf\xe9\n[admin]\nemail = a@a.example\n".to_vec(),
            ":2: not valid UTF-8",
        ),
        (
            "ini: 100 KB client name",
            ini(&big('n'), "").into_bytes(),
            ":2: [client] name",
        ),
        (
            "ini: 100 KB bad line",
            ini("Long", &format!("{}\n", big('x'))).into_bytes(),
            ":6:",
        ),
        (
            "ini: 100 KB line of escapes",
            ini("Esc", &format!("{}\n", big('\u{1b}'))).into_bytes(),
            ":6:",
        ),
        (
            "ini: admin password with NUL",
            ini("Nul", "password = ab\0cd-long-enough\n").into_bytes(),
            ":6: [admin] password",
        ),
        (
            "ini: admin password 73 bytes",
            ini("Long", &format!("password = {}\n", "p".repeat(73))).into_bytes(),
            ":6: [admin] password",
        ),
        (
            "ini: key value with a space",
            ini("Sp", "[api_keys]\ncount = 1\nkey_01 = abcdefgh ijklmnopq\n").into_bytes(),
            ":8: [api_keys] key_01",
        ),
    ];
    for (name, bytes, err) in rejected {
        let path = file("client.ini", &bytes);
        let shown = path.display().to_string();
        let mut c = case(name, provision(db, &[&path]), 2).err(shown.clone());
        if err.starts_with(':') {
            c = c.err(format!("{shown}{err}"));
        } else {
            c = c.err(err);
        }
        if name.contains("bad line") || name.contains("line of escapes") {
            // The line is not echoed, so the message stays short.
            c = c.check(|d, _| {
                (d.stderr().len() < 2000)
                    .then_some(())
                    .ok_or(format!("stderr is {} bytes", d.stderr().len()))
            });
        }
        v.push(c);
    }
    // Accepted (dry run): encodings and line ends that mean the same INI.
    let accepted: Vec<(&str, Vec<u8>)> = vec![
        (
            "ini: BOM",
            [b"\xef\xbb\xbf".to_vec(), ini("BomCo", "").into_bytes()].concat(),
        ),
        ("ini: CRLF", ini("CrlfCo", "").replace('\n', "\r\n").into_bytes()),
        (
            "ini: BOM and CRLF",
            [
                b"\xef\xbb\xbf".to_vec(),
                ini("BomCrlfCo", "").replace('\n', "\r\n").into_bytes(),
            ]
            .concat(),
        ),
        ("ini: lone CR", ini("CrCo", "").replace('\n', "\r").into_bytes()),
        (
            "ini: no final newline",
            ini("NoEolCo", "role = admin_client").into_bytes(),
        ),
    ];
    for (name, bytes) in accepted {
        let path = file("client.ini", &bytes);
        let want = name.to_string();
        v.push(
            case(name, provision(db, &[&path]).args(["-o", "json"]), 0).check(move |d, _| {
                let j: serde_json::Value =
                    serde_json::from_str(&d.stdout()).map_err(|e| format!("not JSON: {e}"))?;
                let client = j[0]["client"]["name"].as_str().unwrap_or_default().to_string();
                let admin = j[0]["admin"]["email"].as_str().unwrap_or_default().to_string();
                let ok = client.ends_with("Co")
                    && client.chars().all(|c| c.is_ascii_alphanumeric())
                    && admin == format!("admin@{}.example", client.to_lowercase());
                ok.then_some(())
                    .ok_or(format!("{want}: read as client {client:?}, admin {admin:?}"))
            }),
        );
    }
    // Hostile but valid values: planned, escaped.
    let path = file("client.ini", ini("Ansi\u{1b}]0;pwn\u{7}Co", "").as_bytes());
    v.push(
        case(
            "ini: escapes in the client name (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("Ansi\\x1b]0;pwn\\x07Co"),
    );
    let path = file(
        "client.ini",
        "[client]\nname = RtlCo\n[admin]\nemail = admin\u{202e}@rtl.example\n".as_bytes(),
    );
    v.push(
        case(
            "ini: RLO in the admin email (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("admin\\u{202e}@rtl.example"),
    );
    let path = file("client.ini", ini("O'Reilly \"Media\"", "").as_bytes());
    v.push(
        case(
            "ini: quotes in the client name (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("O'Reilly \"Media\""),
    );
    let path = file(
        "drifty.ini",
        b"[client]\nname = Drifty\n[admin]\nemail = admin@drifty.example\n[client_settings]\nnotification_email = new@drifty.example\n",
    );
    v.push(
        case(
            "ini: drift against a hostile database value (dry run)",
            provision(db, &[&path]),
            0,
        )
        .out("ops\\x1b[2J@drifty.example"),
    );
    // SQL in a value, applied for real: stored as text, nothing else touched.
    let injection = "x'); DROP TABLE clients; --";
    let path = file("inject.ini", ini(injection, "").as_bytes());
    v.push(
        case(
            "ini: SQL in the client name (applied)",
            provctl(db)
                .env("PROVISION_CLIENT", "true")
                .args(["provision", "--yes"])
                .args([&path]),
            0,
        )
        .changes()
        .check(move |_, pg| {
            let n: i64 = pg
                .query_one("SELECT count(*) FROM clients WHERE name = $1", &[&injection])
                .unwrap()
                .get(0);
            let users: i64 = pg.query_one("SELECT count(*) FROM users", &[]).unwrap().get(0);
            (n == 1 && users > 5)
                .then_some(())
                .ok_or(format!("{n} client(s) named so, {users} users"))
        }),
    );

    // Paths.
    let good = file("good.ini", ini("LinkCo", "").as_bytes());
    let links = dir.join("links");
    std::fs::create_dir_all(&links).unwrap();
    let link = links.join("via-link.ini");
    std::os::unix::fs::symlink(&good, &link).unwrap();
    v.push(case("path: INI through a symlink", provision(db, &[&link]), 0).out("LinkCo"));
    let lp = links.join("loop.ini");
    std::os::unix::fs::symlink(&lp, &lp).unwrap();
    v.push(case("path: symlink loop", provision(db, &[&lp]), 2).err(lp.display().to_string()));
    let dangling = links.join("dangling.ini");
    std::os::unix::fs::symlink(links.join("nowhere.ini"), &dangling).unwrap();
    v.push(
        case("path: dangling symlink", provision(db, &[&dangling]), 2).err(dangling.display().to_string()),
    );
    let empty_dir = dir.join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    v.push(
        case("path: directory with no INI", provision(db, &[&empty_dir]), 2)
            .err(empty_dir.display().to_string())
            .err("no *.ini file"),
    );
    let only_sub = dir.join("only-subdir");
    std::fs::create_dir_all(only_sub.join("nested.ini")).unwrap();
    std::fs::write(only_sub.join("README.txt"), "not an INI").unwrap();
    v.push(
        case(
            "path: directory whose only .ini is a directory",
            provision(db, &[&only_sub]),
            2,
        )
        .err("no *.ini file"),
    );
    let with_link = dir.join("with-link");
    std::fs::create_dir_all(&with_link).unwrap();
    std::os::unix::fs::symlink(&good, with_link.join("linked.ini")).unwrap();
    v.push(
        case(
            "path: directory holding a symlinked INI",
            provision(db, &[&with_link]),
            0,
        )
        .out("LinkCo"),
    );
    let ini_dir = dir.join("looks-like.ini");
    std::fs::create_dir_all(&ini_dir).unwrap();
    v.push(case("path: a directory named *.ini", provision(db, &[&ini_dir]), 2).err("no *.ini file"));
    let missing = dir.join("missing.ini");
    v.push(case("path: missing file", provision(db, &[&missing]), 2).err(missing.display().to_string()));
    let under_file = good.join("child.ini");
    v.push(
        case(
            "path: a file used as a directory",
            provision(db, &[&under_file]),
            2,
        )
        .err(under_file.display().to_string()),
    );
    v.push(
        case("path: /dev/null", provision(db, &[Path::new("/dev/null")]), 2)
            .err("/dev/null")
            // A device is refused before reading (a FIFO would hang, /dev/zero never end).
            .err("not a regular file"),
    );
    let bad_name = PathBuf::from(os(
        &[dir.as_os_str().as_encoded_bytes(), b"/no\xffsuch.ini"].concat()
    ));
    v.push(case("path: non-UTF-8 file name", provision(db, &[&bad_name]), 2).err("such.ini"));
    // Unreadable: root reads anything, so the command runs as `nobody` (skipped without one).
    let secret_dir = dir.join("unreadable");
    std::fs::create_dir_all(&secret_dir).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&secret_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let unreadable = secret_dir.join("locked.ini");
    std::fs::write(&unreadable, ini("LockedCo", "")).unwrap();
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable_dir = secret_dir.join("locked-dir");
    std::fs::create_dir_all(&unreadable_dir).unwrap();
    std::fs::write(unreadable_dir.join("a.ini"), ini("LockedDirCo", "")).unwrap();
    std::fs::set_permissions(&unreadable_dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: as root the cases run as `nobody`, so they need one.
    if require(
        "a `nobody` user (running as root)",
        nobody().is_some() || !is_root(),
    ) {
        let mut c = case("path: unreadable INI", provision(db, &[&unreadable]), 2)
            .err(unreadable.display().to_string())
            .err("Permission denied");
        let mut d = case("path: unreadable directory", provision(db, &[&unreadable_dir]), 2)
            .err(unreadable_dir.display().to_string())
            .err("Permission denied");
        if nobody().is_some() {
            c = c.run_as_nobody();
            d = d.run_as_nobody();
        }
        v.push(c);
        v.push(d);
    }
    v
}

#[test]
fn a_nul_byte_in_an_ini_value_is_exit_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nul.ini");
    std::fs::write(&path, ini("Nu\0l", "")).unwrap();
    let shown = format!("{}:2: [client] name", path.display());
    expect_fixed(|db| {
        vec![
            case("nul: INI client name (dry run)", provision(db, &[&path]), 2).err(shown.clone()),
            case(
                "nul: INI client name (applied)",
                provctl(db)
                    .env("PROVISION_CLIENT", "true")
                    .args(["provision", "--yes"])
                    .args([&path]),
                2,
            )
            .err(shown),
        ]
    });
}

#[test]
fn quiet_never_silences_a_provision_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.ini");
    std::fs::write(&path, "[client]\nname = Quiet\n").unwrap();
    expect_fixed(|db| {
        vec![
            case(
                "quiet: provision --dry-run, missing [admin]",
                provision(db, &[&path]).args(["--quiet"]),
                2,
            )
            .err(path.display().to_string())
            .err("missing section [admin]"),
            case(
                "quiet: provision, missing [admin]",
                provctl(db)
                    .env("PROVISION_CLIENT", "true")
                    .args(["-q", "provision", "--yes"])
                    .args([&path]),
                2,
            )
            .err("missing section [admin]"),
        ]
    });
}
