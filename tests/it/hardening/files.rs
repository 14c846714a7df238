//! Secret files another local user could swap, plant or race (`--out`, the secrets file), and git run
//! hardened after a secret file is written.

use super::{acme, as_nobody, ini_text, mode, provision, stored_hash, traced, ArgPath, EMAIL};
use crate::support::{db, have_strace, listing, nobody, provctl, require};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

// ---------------------------------------------------------------- 1. --out files swapped

#[test]
fn out_files_cannot_be_swapped_before_they_are_published() {
    if !require(
        "root, a `nobody` user and strace",
        nobody().is_some() && have_strace(),
    ) {
        return;
    }
    let db = db();
    acme(&db);
    let before = stored_hash(&db);
    // A directory another user can write to (the attacker is `nobody`).
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = shared.path().join("admin.env");
    let attacker = shared.path().join("evil");
    let run = provctl(&db).args([
        "reset-password",
        "--email",
        EMAIL,
        "--out",
        out.to_str().unwrap(),
        "--yes",
    ]);
    // provctl is held as it publishes (link or linkat); meanwhile the attacker renames its own file
    // over provctl's temporary file.
    let mut t = traced(run, "link,linkat", &[], Duration::from_secs(2));
    if t.wait_for("link") {
        as_nobody(&[
            "sh",
            "-c",
            &format!("printf 'ADMIN_PASSWORD=attacker\\n' > {}", attacker.display()),
        ]);
        let tmp = listing(shared.path())
            .into_iter()
            .find(|n| n.contains(".provctl-"));
        if let Some(tmp) = tmp {
            as_nobody(&[
                "mv",
                "-f",
                attacker.to_str().unwrap(),
                shared.path().join(tmp).to_str().unwrap(),
            ]);
        }
    }
    let (code, _, stderr) = t.finish();
    if code == 0 {
        // Published: it must be provctl's own file, with the password now in force.
        let meta = std::fs::symlink_metadata(&out).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            meta.uid(),
            0,
            "the published file is the attacker's:\n{text}\n{stderr}"
        );
        assert!(
            !text.contains("attacker"),
            "the attacker's text was published:\n{text}"
        );
        let password = text
            .lines()
            .find_map(|l| l.strip_prefix("ADMIN_PASSWORD="))
            .unwrap();
        assert!(bcrypt::verify(password, &stored_hash(&db)).unwrap());
    } else {
        assert_eq!(code, 3, "{stderr}");
        assert!(stderr.contains("writable by others"), "{stderr}");
        assert!(!out.exists(), "a file was published after all");
        assert_eq!(
            stored_hash(&db),
            before,
            "the password changed and its file is not there"
        );
    }
}

#[test]
fn an_out_file_in_a_directory_others_can_write_to_is_refused() {
    let db = db();
    acme(&db);
    let before = stored_hash(&db);
    let base = tempfile::tempdir().unwrap();
    let writers = |dir: &Path| -> Vec<Vec<String>> {
        let f = |n: &str| dir.join(n).to_str().unwrap().to_string();
        vec![
            ["keys", "export", "--client", "Acme", "--out", &f("keys.txt")]
                .map(String::from)
                .to_vec(),
            [
                "reset-password",
                "--email",
                EMAIL,
                "--out",
                &f("admin.env"),
                "--yes",
            ]
            .map(String::from)
            .to_vec(),
            [
                "deliverable",
                "--client",
                "Acme",
                "--url",
                "https://m.example",
                "--out",
                &f("doc.md"),
            ]
            .map(String::from)
            .to_vec(),
        ]
    };
    for (name, dir_mode) in [("world", 0o777), ("group", 0o770)] {
        let dir = base.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(dir_mode)).unwrap();
        if name == "group" {
            // A group that is not ours: its members could swap the file.
            std::os::unix::fs::chown(&dir, None, Some(12345)).unwrap();
        }
        for args in writers(&dir) {
            let out = provctl(&db)
                .args(&args)
                .run()
                .code_is(3)
                .stderr_has("no secret is written in it");
            assert!(
                listing(&dir).is_empty(),
                "{}: {:?}\n{}",
                args.join(" "),
                listing(&dir),
                out.stderr()
            );
        }
    }
    assert_eq!(
        stored_hash(&db),
        before,
        "the password changed though its file was refused"
    );
    // A sticky directory others can write to (like /tmp) is fine: they cannot touch our files there.
    let sticky = base.path().join("sticky");
    std::fs::create_dir(&sticky).unwrap();
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    for args in writers(&sticky) {
        provctl(&db).args(&args).run().code_is(0);
    }
    for name in ["keys.txt", "admin.env", "doc.md"] {
        let p = sticky.join(name);
        assert_eq!(mode(&p), 0o600, "{name}");
        assert_eq!(
            std::fs::metadata(&p).unwrap().uid(),
            rustix::process::geteuid().as_raw()
        );
    }
    assert_eq!(
        listing(&sticky),
        ["admin.env", "doc.md", "keys.txt"],
        "no temporary file left"
    );
    // A directory owned by another user: the owner can rename anything in it.
    if let Some((uid, _)) = nobody() {
        let theirs = base.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::os::unix::fs::chown(&theirs, Some(uid), None).unwrap();
        provctl(&db)
            .args([
                "keys",
                "export",
                "--client",
                "Acme",
                "--out",
                theirs.join("k").to_str().unwrap(),
            ])
            .run()
            .code_is(3)
            .stderr_has("belongs to nobody");
        assert!(listing(&theirs).is_empty());
        // Under sudo, the directory of the user who ran it is the operator's own.
        provctl(&db)
            .env("SUDO_UID", uid.to_string())
            .args([
                "keys",
                "export",
                "--client",
                "Acme",
                "--out",
                theirs.join("k").to_str().unwrap(),
            ])
            .run()
            .code_is(0);
        assert_eq!(listing(&theirs), ["k"]);
    }
}

// ---------------------------------------------------------------- 2. secrets-file creation race

#[test]
fn a_secrets_file_planted_between_the_check_and_the_open_is_refused() {
    if !require(
        "root, a `nobody` user and strace",
        nobody().is_some() && have_strace(),
    ) {
        return;
    }
    let (uid, gid) = nobody().unwrap();
    let db = db();
    // A sticky directory everyone can write to: allowed, and the attacker can create files in it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    let secrets = dir.path().join("acme.ini.generated.secrets.env");
    // provctl is held as it opens the secrets file; the attacker creates it first, world-readable,
    // and keeps it open to read what provctl appends.
    let mut t = traced(
        provision(&db).arg_path(&ini),
        "openat",
        &[dir.path(), &secrets],
        Duration::from_secs(2),
    );
    let mut planted = None;
    if t.wait_for("generated.secrets.env") {
        let f = std::fs::File::create(&secrets).unwrap();
        std::os::unix::fs::fchown(&f, Some(uid), Some(gid)).unwrap();
        f.set_permissions(std::fs::Permissions::from_mode(0o666)).unwrap();
        planted = Some(std::fs::File::open(&secrets).unwrap());
    }
    let (code, _, stderr) = t.finish();
    let mut seen = String::new();
    if let Some(mut f) = planted {
        f.read_to_string(&mut seen).unwrap();
    }
    assert!(
        !seen.contains("ADMIN_PASSWORD") && !seen.contains("API_KEY_VALUE"),
        "the attacker read:\n{seen}"
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("belongs to nobody"), "{stderr}");
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0);
    assert_eq!(clients, 0, "committed without its secrets");
}

#[test]
fn an_existing_secrets_file_open_to_others_is_refused_not_tightened() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    let secrets = dir.path().join("acme.ini.generated.secrets.env");
    std::fs::write(&secrets, "# an earlier run\n").unwrap();
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = provision(&db)
        .arg_path(&ini)
        .run()
        .code_is(3)
        .stderr_has("has mode 644");
    assert_eq!(
        std::fs::read_to_string(&secrets).unwrap(),
        "# an earlier run\n",
        "{}",
        out.stderr()
    );
    assert_eq!(mode(&secrets), 0o644, "changed though refused");
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0);
    assert_eq!(clients, 0);
    // A second name for the file (a hard link) would keep its secrets readable elsewhere.
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::hard_link(&secrets, dir.path().join("copy")).unwrap();
    provision(&db)
        .arg_path(&ini)
        .run()
        .code_is(3)
        .stderr_has("hard links");
}

// ---------------------------------------------------------------- 15. git runs hardened

#[test]
fn the_git_check_after_writing_a_secret_file_runs_hardened() {
    let real_git = std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("git"))
        .find(|p| p.is_file());
    if !require("git", real_git.is_some()) {
        return;
    }
    let real_git = real_git.unwrap();
    let db = db();
    let repo = tempfile::tempdir().unwrap();
    let marker = repo.path().join("fsmonitor-ran");
    let hook = repo.path().join("hook.sh");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let git = |args: &[&str]| {
        assert!(Command::new(&real_git)
            .arg("-C")
            .arg(repo.path())
            .args(args)
            .status()
            .unwrap()
            .success());
    };
    git(&["init", "-q"]);
    git(&["config", "core.fsmonitor", hook.to_str().unwrap()]);
    // A stand-in `git` first on PATH records its arguments and environment, then runs the real one.
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("calls");
    std::fs::write(
        bin.path().join("git"),
        format!(
            "#!/bin/sh\nprintf 'ARGS %s\\n' \"$*\" >> {log}\nenv | sed 's/^/ENV /' >> {log}\nexec {real} \"$@\"\n",
            log = log.display(),
            real = real_git.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(bin.path().join("git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap());
    let ini = repo.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    provision(&db)
        .env("PATH", &path)
        .env("PGPASSWORD", "pg-secret")
        .arg_path(&ini)
        .run()
        .code_is(0)
        .stderr_has("git");
    let calls = std::fs::read_to_string(&log).expect("git was run");
    let args: Vec<&str> = calls.lines().filter(|l| l.starts_with("ARGS ")).collect();
    assert!(!args.is_empty());
    for a in &args {
        assert!(
            a.contains("-c core.fsmonitor=false"),
            "git ran without the hardening: {a}"
        );
    }
    assert!(
        !calls.contains("DATABASE_URL") && !calls.contains("pg-secret"),
        "git saw the database secrets:\n{calls}"
    );
    assert!(!marker.exists(), "the repository's fsmonitor ran");
}
