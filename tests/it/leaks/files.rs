//! Secret files: 0600 under umask 000, never written through a symlink.

use super::{seed_leakco, CLIENT, EMAIL};
use crate::support::{db, provctl};
use postgres::Client;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- secret files

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// The `--out FILE` writers of secrets, each as `(name, args)` with `@FILE@` for the path. The
/// fourth writer, provision's secrets file, is driven by [`generating_ini`].
fn out_writers() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let deliverable = |force: bool| {
        let mut v = s(&[
            "deliverable",
            "--client",
            CLIENT,
            "--url",
            "https://monitor.example.com",
            "--out",
            "@FILE@",
        ]);
        if force {
            v.push("--force".into());
        }
        v
    };
    vec![
        (
            "keys export --out",
            s(&["keys", "export", "--client", CLIENT, "--out", "@FILE@"]),
        ),
        (
            "keys export --out --force",
            s(&["keys", "export", "--client", CLIENT, "--out", "@FILE@", "--force"]),
        ),
        (
            "reset-password --out",
            s(&["reset-password", "--email", EMAIL, "--out", "@FILE@", "--yes"]),
        ),
        ("deliverable --out", deliverable(false)),
        ("deliverable --out --force", deliverable(true)),
    ]
}

/// An INI that generates an admin password and a key, so provision writes `<ini>.generated.secrets.env`;
/// returns the INI and that path.
fn generating_ini(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let ini = dir.join(format!("gen{n}.ini"));
    std::fs::write(
        &ini,
        format!(
            "[client]\nname = Gen{n}\n[admin]\nemail = admin@gen{n}.example\n[api_keys]\ncount = 1\nprefix = gen{n}-key-\n"
        ),
    )
    .unwrap();
    let secrets = dir.join(format!("gen{n}.ini.generated.secrets.env"));
    (ini, secrets)
}

/// Every secret writer: `(name, args, the file it writes)`; `n` keeps files apart between calls.
fn writers(dir: &Path, n: usize) -> Vec<(&'static str, Vec<String>, PathBuf)> {
    let mut v: Vec<_> = out_writers()
        .into_iter()
        .enumerate()
        .map(|(i, (what, args))| {
            let file = dir.join(format!("out{n}-{i}.txt"));
            let args = args
                .iter()
                .map(|a| a.replace("@FILE@", file.to_str().unwrap()))
                .collect();
            (what, args, file)
        })
        .collect();
    let (ini, secrets) = generating_ini(dir, n);
    v.push((
        "provision (<ini>.generated.secrets.env)",
        vec!["provision".into(), "--yes".into(), ini.display().to_string()],
        secrets,
    ));
    v
}

#[test]
fn secret_files_are_0600_under_umask_000() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    for (what, args, file) in writers(dir.path(), 0) {
        let out = provctl(&db)
            .env("PROVISION_CLIENT", "true")
            .args(&args)
            .umask(0o000)
            .run();
        assert_eq!(out.code(), 0, "{what}: exit {}\n{}", out.code(), out.stderr());
        assert!(file.exists(), "{what}: {} not written", file.display());
        assert_eq!(mode(&file), 0o600, "{what}: {} mode", file.display());
    }
    // No temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".provctl-"))
        .collect();
    assert!(leftovers.is_empty(), "left {leftovers:?}");
    // The audit log, which names clients and paths, too (and its new directory 0700).
    let log = dir.path().join("state/audit.jsonl");
    provctl(&db)
        .args(["keys", "enable", "leak-key-02", "--yes", "--audit-log"])
        .args([&log])
        .umask(0o000)
        .run()
        .code_is(0);
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(log.parent().unwrap()), 0o700);
}

#[test]
fn secret_files_are_never_written_through_a_symlink() {
    let db = db();
    let mut pg = db.client();
    let hash = seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let clients =
        |pg: &mut Client| -> i64 { pg.query_one("SELECT count(*) FROM clients", &[]).unwrap().get(0) };
    for dangling in [false, true] {
        let n = usize::from(dangling) + 1;
        for (i, (what, args, link)) in writers(dir.path(), n).into_iter().enumerate() {
            let case = format!("{what}, {} symlink", if dangling { "dangling" } else { "live" });
            let target = elsewhere.path().join(format!("target{n}-{i}"));
            if !dangling {
                std::fs::write(&target, "ORIGINAL\n").unwrap();
            }
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let before = clients(&mut pg);
            let out = provctl(&db)
                .env("PROVISION_CLIENT", "true")
                .args(&args)
                .umask(0o000)
                .run();
            assert_eq!(out.code(), 3, "{case}: exit {}\n{}", out.code(), out.stderr());
            assert!(
                out.stderr().contains(&link.display().to_string()),
                "{case}: the message does not name {}:\n{}",
                link.display(),
                out.stderr()
            );
            assert!(!out.stderr().contains("panicked"), "{case}: {}", out.stderr());
            // The link is still a link, to the same place, and its target is as it was.
            let meta = std::fs::symlink_metadata(&link).unwrap();
            assert!(meta.file_type().is_symlink(), "{case}: the link was replaced");
            assert_eq!(std::fs::read_link(&link).unwrap(), target, "{case}");
            if dangling {
                assert!(!target.exists(), "{case}: created the link's target");
            } else {
                assert_eq!(std::fs::read_to_string(&target).unwrap(), "ORIGINAL\n", "{case}");
            }
            // Nothing changed in the database.
            assert_eq!(clients(&mut pg), before, "{case}: a client was created");
            let now: String = pg
                .query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
                .unwrap()
                .get(0);
            assert_eq!(now, hash, "{case}: the password was changed");
        }
    }
}
