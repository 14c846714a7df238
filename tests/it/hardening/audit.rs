//! The audit log: written ahead of the commit, exports cut short still audited, a FIFO in its place.

use super::{acme, key_active, stored_hash, EMAIL};
use crate::support::{db, listing, provctl, seed};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- 7. audit write-ahead

#[test]
fn an_audit_log_that_cannot_be_written_means_nothing_is_committed() {
    let db = db();
    acme(&db);
    let before = stored_hash(&db);
    // A full disk: no write past the first byte of any file.
    provctl(&db)
        .args(["keys", "disable", "acme-key-01", "--yes"])
        .file_size_limit(1)
        .run()
        .code_is(3)
        .stderr_has("cannot write the audit log");
    assert!(
        key_active(&db, "acme-key-01"),
        "the key was disabled without its audit line"
    );
    provctl(&db)
        .args(["reset-password", "--email", EMAIL, "--password-stdin", "--yes"])
        .stdin("New-Password-1234\n")
        .file_size_limit(1)
        .run()
        .code_is(3)
        .stderr_has("cannot write the audit log");
    assert_eq!(
        stored_hash(&db),
        before,
        "the password changed without its audit line"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.generated.secrets.env");
    std::fs::write(&f, "ADMIN_PASSWORD=x\n").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    provctl(&db)
        .args(["secrets", "shred", "--yes", f.to_str().unwrap()])
        .file_size_limit(1)
        .run()
        .code_is(3);
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "ADMIN_PASSWORD=x\n",
        "shredded without an audit line"
    );

    // When it can be written: a pending line before the commit, its outcome after, the same id.
    let out = provctl(&db)
        .args(["keys", "disable", "acme-key-01", "--yes"])
        .run()
        .code_is(0);
    let lines: Vec<serde_json::Value> = out
        .audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.audit);
    assert_eq!(lines[0]["outcome"], "pending");
    assert_eq!(lines[1]["outcome"], "ok");
    assert_eq!(lines[0]["id"], lines[1]["id"]);
    assert_eq!(lines[1]["counts"]["keys"], 1);
}

// ---------------------------------------------------------------- 12. exports cut short are audited

#[test]
fn an_export_cut_short_or_failing_midway_is_audited_with_the_keys_written() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Many");
    const N: i32 = 5000;
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name) \
         SELECT gen_random_uuid(), $1::text::uuid, 'ManyKeyValue' || lpad(g::text, 20, '0'), 'many-key-' || lpad(g::text, 5, '0') \
         FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    // `keys export | head -c 20000`.
    let (mut cmd, home) = provctl(&db)
        .args(["keys", "export", "--client", "Many"])
        .command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = vec![0u8; 20_000];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a reader that stops early is not an error"
    );
    let audit = std::fs::read_to_string(home.path().join("audit.jsonl")).unwrap();
    let entries = crate::support::audit_entries(&audit);
    assert_eq!(entries.len(), 1, "{audit}");
    let n = entries[0]["counts"]["keys_exported"].as_u64().unwrap();
    assert!(n > 0 && n < N as u64, "{audit}");
    assert!(
        entries[0]["outcome"]
            .as_str()
            .unwrap()
            .contains(&format!("stdout closed after {n} key(s)")),
        "{audit}"
    );

    // To a file on a disk that fills up: audited, nothing published.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.txt");
    let out = provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Many",
            "--out",
            file.to_str().unwrap(),
        ])
        .file_size_limit(50_000)
        .run()
        .code_is(3);
    let entries = out.audit_entries();
    assert_eq!(entries.len(), 1, "{}", out.audit);
    assert!(
        entries[0]["outcome"]
            .as_str()
            .unwrap()
            .contains("nothing published"),
        "{}",
        out.audit
    );
    assert!(listing(dir.path()).is_empty());
}

// ---------------------------------------------------------------- 14. an audit log that is a FIFO

#[test]
fn an_audit_log_that_is_a_fifo_is_refused_not_waited_on() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("audit.jsonl");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let (mut cmd, _home) = provctl(&db)
        .args([
            "keys",
            "disable",
            "acme-key-01",
            "--yes",
            "--audit-log",
            fifo.to_str().unwrap(),
        ])
        .command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still waiting on the FIFO after 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(key_active(&db, "acme-key-01"));
    // A FIFO someone reads from is refused the same way, by what the descriptor is.
    let mut reader = Command::new("sh")
        .arg("-c")
        .arg(format!("exec cat {} > /dev/null", fifo.display()))
        .spawn()
        .unwrap();
    provctl(&db)
        .args([
            "keys",
            "disable",
            "acme-key-01",
            "--yes",
            "--audit-log",
            fifo.to_str().unwrap(),
        ])
        .run()
        .code_is(3)
        .stderr_has("not a regular file");
    let _ = reader.kill();
    let _ = reader.wait();
    assert!(key_active(&db, "acme-key-01"));
}
