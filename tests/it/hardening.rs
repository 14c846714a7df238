//! Issue 13, hardening: what another local user sharing a directory with the operator, hostile tenant
//! data and hostile plumbing (a pipe closed early, a full disk, a signal at the wrong time) could do.
//! One regression test per defect, named after it, each reproducing the attack or the accident
//! against the real binary and the throwaway PostgreSQL.
//!
//! Races are made deterministic with `strace`'s syscall delays (`-e inject=SYSCALL:delay_enter=…`):
//! provctl is held inside the very system call the attack slips before, while the test, acting as the
//! `nobody` user, does what the attacker would. They need root (to act as `nobody`) and `strace`; without
//! them they say so and check what they can.

use crate::support::{db, have_strace, listing, nobody, provctl, require, seed, Run, TestDb};
use std::io::{BufRead, Read};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- helpers

const EMAIL: &str = "admin@acme.example";

/// Runs `args` as `nobody` (the attacker), waiting for it.
fn as_nobody(args: &[&str]) {
    let (uid, gid) = nobody().expect("nobody");
    let st = Command::new(args[0])
        .args(&args[1..])
        .uid(uid)
        .gid(gid)
        .status()
        .expect("run as nobody");
    assert!(st.success(), "{args:?} as nobody failed");
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Acme with an admin (password `old-password`) and two keys.
fn acme(db: &TestDb) -> String {
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    seed::user(&mut pg, &c, EMAIL, "old-password");
    seed::key(
        &mut pg,
        &c,
        "acme-key-01",
        "AcmeKeyValue01xxxxxxxxxxxxxxxxx",
        true,
    );
    seed::key(
        &mut pg,
        &c,
        "acme-key-02",
        "AcmeKeyValue02xxxxxxxxxxxxxxxxx",
        false,
    );
    c
}

fn stored_hash(db: &TestDb) -> String {
    db.client()
        .query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
        .unwrap()
        .get(0)
}

fn key_active(db: &TestDb, name: &str) -> bool {
    db.client()
        .query_one("SELECT is_active FROM api_keys WHERE name = $1", &[&name])
        .unwrap()
        .get(0)
}

/// An INI for a new client with a generated admin password and two generated keys.
fn ini_text(name: &str, email: &str, prefix: &str) -> String {
    format!(
        "[client]\nname = {name}\n\n[admin]\nemail = {email}\n\n[api_keys]\ncount = 2\nprefix = {prefix}\n"
    )
}

fn provision(db: &TestDb) -> Run {
    provctl(db)
        .env("PROVISION_CLIENT", "true")
        .args(["provision", "--yes"])
}

/// A provctl invocation run under `strace`, which delays every `syscall` for `delay`, writing its trace
/// to a file the test watches. Returns the child and the trace file.
struct Traced {
    child: Child,
    trace: PathBuf,
    _home: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

fn traced(run: Run, syscall: &str, path_filter: &[&Path], delay: Duration) -> Traced {
    let (cmd, home) = run.command();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let mut st = Command::new("strace");
    st.args(["-f", "-qq", "-o"]).arg(&trace);
    // `-P DIR` also matches the *at calls made on a descriptor of DIR.
    for p in path_filter {
        st.arg("-P").arg(p);
    }
    st.arg("-e")
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:delay_enter={}", delay.as_micros()))
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            st.env(k, v);
        }
    }
    for k in ["PATH", "LANG"] {
        if let Some(v) = std::env::var_os(k) {
            if !cmd.get_envs().any(|(e, _)| e == k) {
                st.env(k, v);
            }
        }
    }
    let child = st
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("strace");
    Traced {
        child,
        trace,
        _home: home,
        _dir: dir,
    }
}

impl Traced {
    /// Waits until the trace shows `needle` (the delayed call has started), or the process ended.
    fn wait_for(&mut self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if std::fs::read_to_string(&self.trace).is_ok_and(|t| t.contains(needle)) {
                return true;
            }
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("{needle:?} never showed in the trace");
    }

    /// The traced process's pid: the first field of the trace's first line.
    fn pid(&self) -> i32 {
        let t = std::fs::read_to_string(&self.trace).unwrap();
        t.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn finish(self) -> (i32, String, String) {
        let out = self.child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

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

// ---------------------------------------------------------------- 3. empty APP_ENV

#[test]
fn an_empty_app_env_does_not_switch_the_production_guard_off() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env.production");
    std::fs::write(&env_file, "APP_ENV=production\n").unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    provision(&db)
        .env("APP_ENV", "")
        .args(["--env-file", env_file.to_str().unwrap()])
        .arg_path(&ini)
        .run()
        .code_is(3)
        .stderr_has("production");
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        clients, 0,
        "a client was created in production without ALLOW_PROD_PROVISIONING"
    );
}

// ---------------------------------------------------------------- 4. closed stdout mid-change

/// Spawns `run` with stdout a pipe whose read end is already closed (`… | true`).
fn with_stdout_closed(run: Run) -> (i32, String) {
    let (mut cmd, _home) = run.command();
    let mut fds = [0; 2];
    // SAFETY: pipe fills two fresh descriptors, each then owned once.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    };
    drop(read);
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_never_ends_a_change_half_way_with_success() {
    let db = db();
    acme(&db);
    // `keys disable X --yes | true`: the change is made and reported on stderr.
    let (code, stderr) = with_stdout_closed(provctl(&db).args(["keys", "disable", "acme-key-01", "--yes"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!key_active(&db, "acme-key-01"), "nothing changed:\n{stderr}");
    assert!(
        stderr.contains("stdout was closed") && stderr.contains("1 key(s) disabled"),
        "{stderr}"
    );

    // `provision --yes dir/ | head -3`: every INI is applied, the report goes on on stderr.
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=5 {
        std::fs::write(
            dir.path().join(format!("c{i}.ini")),
            ini_text(
                &format!("Client{i}"),
                &format!("admin{i}@c{i}.example"),
                &format!("c{i}-key-"),
            ),
        )
        .unwrap();
    }
    let (mut cmd, _home) = provision(&db).arg_path(dir.path()).command();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
    }
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let clients: i64 = db
        .client()
        .query_one("SELECT count(*) FROM clients WHERE name LIKE 'Client%'", &[])
        .unwrap()
        .get(0);
    assert_eq!(clients, 5, "{clients} of 5 INIs applied:\n{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Client5: 5 created"),
        "the end of the report is lost:\n{stderr}"
    );

    // A read-only command cut short is still a success.
    let (code, _) = with_stdout_closed(provctl(&db).args(["users"]));
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- 5. escapes at prompts

#[test]
fn a_client_name_with_escapes_never_reaches_a_prompt_raw() {
    let db = db();
    let mut pg = db.client();
    let evil = "Evil\x1b]0;pwned\x07\x1b[2J";
    let c = seed::client(&mut pg, evil);
    let m = seed::machine(&mut pg, &c, "web-01");
    let k = seed::key(
        &mut pg,
        &c,
        "evil-key-01",
        "EvilKeyValue01xxxxxxxxxxxxxxxxxx",
        true,
    );
    seed::bind(&mut pg, &k, &m);
    for args in [
        vec!["reset-client", "--client", c.as_str()],
        vec!["keys", "disable", "--client", c.as_str()],
    ] {
        let (mut p, _home) = crate::keys_change::pty(provctl(&db).args(&args), 30_000);
        let (before, _) = p
            .exp_regex(r"(to confirm|key\(s\) of client)")
            .expect("the prompt");
        let (rest, _) = p.exp_regex(r"(:|\?)").expect("the end of the prompt");
        let screen = format!("{before}{rest}");
        assert!(
            !screen.contains("\x1b]0;pwned") && !screen.contains("\x1b[2J"),
            "raw escapes: {screen:?}"
        );
        assert!(
            screen.contains("Evil\\x1b]0;pwned\\x07\\x1b[2J"),
            "the name is not shown escaped: {screen:?}"
        );
        p.send_control('c').expect("ctrl-c");
        p.exp_eof().expect("exit");
    }
    // The name as shown (escaped) is what the typed confirmation takes.
    let (mut p, _home) = crate::keys_change::pty(provctl(&db).args(["reset-client", "--client", &c]), 30_000);
    p.exp_string("to confirm").expect("prompt");
    p.send_line("Evil\\x1b]0;pwned\\x07\\x1b[2J").expect("type");
    p.exp_string("is back to its initial state").expect("reset");
    p.exp_eof().expect("exit");
}

// ---------------------------------------------------------------- 6. failing row details

#[test]
fn a_failing_row_detail_never_shows_a_hash_or_a_key_value() {
    let imposed_key = "ImposedKeyValue0123456789abcdefXY";
    let text = format!(
        "[client]\nname = Acme\n\n[admin]\nemail = {EMAIL}\npassword = Imposed-Pw-123\n\n[api_keys]\ncount = 1\nprefix = acme-key-\nkey_01 = {imposed_key}\n"
    );
    for table in ["users", "api_keys"] {
        let db = db();
        // Schema drift: a NOT NULL column the platform's model does not know.
        db.client()
            .batch_execute(&format!("ALTER TABLE {table} ADD COLUMN tenant text NOT NULL"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ini = dir.path().join("acme.ini");
        std::fs::write(&ini, &text).unwrap();
        let out = provision(&db)
            .arg_path(&ini)
            .run()
            .code_is(4)
            .stderr_has("null value in column \"tenant\"")
            .stderr_has("not shown")
            .never_shows(imposed_key)
            .never_shows("$2b$12$")
            .never_shows("Imposed-Pw-123");
        assert!(
            out.audit.contains("tenant"),
            "the audit log says what failed:\n{}",
            out.audit
        );
    }
}

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

// ---------------------------------------------------------------- 8. SIGTERM/SIGHUP during an export

#[test]
fn sigterm_or_sighup_during_keys_export_out_leave_no_file_and_exit_143_or_129() {
    if !require("strace", have_strace()) {
        return;
    }
    let db = db();
    acme(&db);
    for (signal, code) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::HUP, 129),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("keys.txt");
        let run = provctl(&db).args([
            "keys",
            "export",
            "--client",
            "Acme",
            "--out",
            out.to_str().unwrap(),
        ]);
        // Held while the export file is synced, the keys written: then the signal comes.
        let mut t = traced(run, "fsync", &[], Duration::from_secs(2));
        assert!(t.wait_for("fsync("), "no fsync");
        let pid = rustix::process::Pid::from_raw(t.pid()).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        let (got, _, stderr) = t.finish();
        assert_eq!(got, code, "{signal:?}: {stderr}");
        assert!(
            listing(dir.path()).is_empty(),
            "{signal:?} left {:?}",
            listing(dir.path())
        );
    }
}

#[test]
fn a_temporary_out_file_left_by_a_kill_is_seen_by_secrets_list_and_doctor() {
    // Where the file system has no O_TMPFILE, `--out` writes a named temporary file; `kill -9` can
    // leave it, holding key values in a format the secret-line sniffing does not know.
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join(".acme-keys.txt.provctl-0a1b2c3d");
    std::fs::write(&tmp, "acme-key-01 = AcmeKeyValue01xxxxxxxxxxxxxxxxx\n").unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).unwrap();
    crate::support::provctl_bare()
        .args(["secrets", "list", dir.path().to_str().unwrap()])
        .run()
        .code_is(1)
        .stdout_has(".acme-keys.txt.provctl-0a1b2c3d")
        .stdout_has("interrupted provctl export");
    crate::support::provctl_bare()
        .args(["secrets", "shred", "--yes", tmp.to_str().unwrap()])
        .run()
        .code_is(0);
    assert!(!tmp.exists());
}

// ---------------------------------------------------------------- 9. tables stream

#[test]
fn tables_stream_in_bounded_memory_whatever_the_row_count() {
    let db = db();
    let mut pg = db.client();
    const N: i32 = 150_000;
    let c = seed::client(&mut pg, "Big");
    pg.execute(
        "INSERT INTO users (id, client_id, email, password_hash) \
         SELECT gen_random_uuid(), $1::text::uuid, 'u' || g || '@big.example', '$2b$12$truncated' \
         FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    pg.execute(
        "INSERT INTO api_keys (id, client_id, key, name) \
         SELECT gen_random_uuid(), $1::text::uuid, 'BigKeyValue' || g, 'big-key-' || g FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, fingerprint) \
         SELECT gen_random_uuid(), $1::text::uuid, 'host-' || g, 'fp-' || g FROM generate_series(1, $2) g",
        &[&c, &N],
    )
    .unwrap();
    // 128 MiB of address space: the rows alone would take more than twice that held in a table.
    for (args, code) in [
        (vec!["verify-hash", "--all"], 1),
        (vec!["keys", "list", "--client", "Big"], 0),
        (vec!["machines", "--client", "Big"], 0),
        (vec!["users", "--limit", "1000000"], 0),
    ] {
        let out = provctl(&db)
            .args(&args)
            .address_space_limit(128 << 20)
            .run()
            .code_is(code);
        assert!(
            out.stdout().contains(&format!("({N} rows)")),
            "{args:?}: {}",
            out.stderr()
        );
    }
}

#[test]
fn a_long_value_after_the_first_page_of_a_table_is_printed_whole() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Wide");
    // Newest registered first: the long hostname is the oldest, far past the first page.
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, registered_at) \
         SELECT gen_random_uuid(), $1::text::uuid, 'h-' || g, now() - g * interval '1 second' \
         FROM generate_series(1, 1500) g",
        &[&c],
    )
    .unwrap();
    let long = format!("long-{}", "x".repeat(245));
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, registered_at) VALUES (gen_random_uuid(), $1::text::uuid, $2, now() - interval '1 day')",
        &[&c, &long],
    )
    .unwrap();
    let out = provctl(&db)
        .args(["machines", "--client", "Wide"])
        .run()
        .code_is(0);
    let line = out
        .stdout()
        .lines()
        .find(|l| l.contains("long-"))
        .map(String::from)
        .unwrap();
    assert!(line.contains(&long), "cut: {line}");
    assert!(out.stdout().ends_with("(1501 rows)\n"));
}

// ---------------------------------------------------------------- 10. continuation lines in key names

#[test]
fn a_continuation_line_in_the_key_prefix_is_refused_naming_file_line_and_field() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("ck.ini");
    let text = format!(
        "[client]\nname = Ck\n\n[admin]\nemail = {EMAIL}\n\n[api_keys]\ncount = 1\nprefix = ck-\n  ADMIN_PASSWORD=forged\n"
    );
    std::fs::write(&ini, text).unwrap();
    for dry in [true, false] {
        let mut run = provision(&db);
        if dry {
            run = run.args(["--dry-run"]);
        }
        let out = run
            .arg_path(&ini)
            .run()
            .code_is(2)
            .stderr_has(&format!("{}:9: [api_keys] prefix", ini.display()));
        assert!(
            !out.stdout()
                .lines()
                .any(|l| l.trim_start().starts_with("ADMIN_PASSWORD")),
            "{}",
            out.stdout()
        );
    }
    assert_eq!(listing(dir.path()), ["ck.ini"], "a secrets file was written");
}

#[test]
fn a_forged_secrets_file_is_never_delivered() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("acme.ini.generated.secrets.env");
    // What a newline in a key name made of a block: lines provctl does not write around real ones.
    std::fs::write(
        &f,
        format!("\n# provctl provision\nADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD=real\nAPI_KEY_NAME__ck-\nADMIN_PASSWORD=forged01=ck-\n"),
    )
    .unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    let args = [
        "deliverable",
        "--client",
        "Acme",
        "--url",
        "https://m.example",
        "--secrets-file",
        f.to_str().unwrap(),
    ];
    provctl(&db)
        .args(args)
        .run()
        .code_is(2)
        .stderr_has(":5: a line without `=`")
        .never_shows("forged");
    // A file others can write to could hold any password.
    std::fs::write(&f, format!("ADMIN_EMAIL={EMAIL}\nADMIN_PASSWORD=real\n")).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    provctl(&db)
        .args(args)
        .run()
        .code_is(3)
        .stderr_has("writable by group or others");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    provctl(&db).args(args).run().code_is(0).stdout_has("`real`");
}

// ---------------------------------------------------------------- 11. secrets on stdin from a terminal

#[test]
fn password_stdin_on_a_terminal_does_not_echo_it() {
    let db = db();
    acme(&db);
    let (mut p, _home) = pty_with_echo(
        provctl(&db).args(["verify-password", "--email", EMAIL, "--password-stdin"]),
        "",
    );
    p.exp_string("typing is hidden").expect("a hidden prompt");
    p.send_line("old-password").expect("type");
    // The end of input, for a version that would read up to it.
    let _ = p.send_control('d');
    let rest = p.exp_eof().expect("exit");
    assert!(!rest.contains("old-password"), "echoed: {rest:?}");
    assert!(rest.contains("VERIFY_AGAINST_DB=true"), "{rest}");
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

// ---------------------------------------------------------------- 13. column types

#[test]
fn an_enum_for_users_role_is_exit_4_naming_the_column_never_a_panic() {
    let db = db();
    acme(&db);
    db.client()
        .batch_execute(
            "CREATE TYPE user_role AS ENUM ('admin_client', 'superadmin'); \
             ALTER TABLE users ALTER COLUMN role DROP DEFAULT, ALTER COLUMN role TYPE user_role USING role::user_role",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("acme.ini");
    std::fs::write(&ini, ini_text("Acme", EMAIL, "acme-key-")).unwrap();
    for run in [
        provision(&db).args(["--dry-run"]).arg_path(&ini),
        provctl(&db).args(["deliverable", "--client", "Acme", "--url", "https://m.example"]),
        provctl(&db).args(["users"]),
    ] {
        let out = run.run().code_is(4).stderr_has("users.role has type `user_role`");
        assert!(!out.stderr().contains("panicked"), "{}", out.stderr());
    }
    let out = provctl(&db).args(["doctor", "-o", "json"]).run().code_is(1);
    let rows = out.json();
    let types = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "column types")
        .unwrap();
    assert_eq!(types["status"], "fail", "{types}");
    assert!(
        types["detail"].as_str().unwrap().contains("users.role"),
        "{types}"
    );
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

// ---------------------------------------------------------------- 16. a body dripped past --timeout

/// A server that answers `status` and then sends its body one byte a second.
fn dripping_server(status: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let status = status.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            use std::io::Write;
            let body = "{\"status\":\"accepted\",\"ingest_id\":\"x\"}";
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            for b in body.bytes() {
                if s.write_all(&[b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    });
    format!("http://{addr}")
}

#[test]
fn a_body_dripped_past_the_timeout_is_a_network_error() {
    let url = dripping_server("200 OK");
    crate::support::provctl_bare()
        .args([
            "test-login",
            "--url",
            &url,
            "--email",
            EMAIL,
            "--password-stdin",
            "--timeout",
            "2",
        ])
        .stdin("pw\n")
        .run()
        .code_is(5)
        .stderr_has("did not arrive within --timeout");
    let url = dripping_server("202 Accepted");
    let out = crate::support::provctl_bare()
        .args([
            "test-ingest",
            "--url",
            &url,
            "--api-key-stdin",
            "--timeout",
            "2",
            "--yes",
        ])
        .stdin("SomeKeyValue0123456789abcdefgh\n")
        .run()
        .code_is(5);
    assert!(
        out.audit.contains("unknown"),
        "the ingestion may have been made: {}",
        out.audit
    );
}

// ---------------------------------------------------------------- 17. signals at the no-echo prompt

#[test]
fn sigterm_or_sighup_at_the_no_echo_prompt_restore_the_terminal() {
    let db = db();
    acme(&db);
    for (signal, code) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::HUP, 129),
    ] {
        let (mut p, _home) = pty_with_echo(
            provctl(&db).args(["verify-password", "--email", EMAIL]),
            "; echo \"rc=$?\"; stty -a",
        );
        p.exp_string("Password for").expect("prompt");
        let pid = pid_of("verify-password");
        rustix::process::kill_process(pid, signal).unwrap();
        let rest = p.exp_eof().expect("exit");
        assert!(rest.contains(&format!("rc={code}")), "{signal:?}: {rest}");
        let flags = rest.split("rc=").nth(1).unwrap_or_default();
        assert!(
            flags.split_whitespace().any(|w| w == "echo") && !flags.split_whitespace().any(|w| w == "-echo"),
            "{signal:?} left echo off:\n{flags}"
        );
    }
}

/// `run` in a pseudo-terminal whose echo is on, as an operator's terminal is (the test library turns it
/// off), followed by the shell commands `then`.
fn pty_with_echo(run: Run, then: &str) -> (rexpect::session::PtySession, tempfile::TempDir) {
    let (cmd, home) = run.command();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("stty echo; \"$0\" \"$@\"{then}"))
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    (
        rexpect::session::spawn_command(sh, Some(30_000)).expect("pty"),
        home,
    )
}

/// The pid of the one process whose command line holds `arg`.
fn pid_of(arg: &str) -> rustix::process::Pid {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found: Vec<i32> = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                    let args: Vec<&[u8]> = c.split(|&b| b == 0).collect();
                    args.first().is_some_and(|a| a.ends_with(b"provctl")) && args.contains(&arg.as_bytes())
                })
            })
            .collect();
        if let [pid] = found[..] {
            return rustix::process::Pid::from_raw(pid).unwrap();
        }
        assert!(Instant::now() < deadline, "processes with {arg}: {found:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------- 18. timeouts out of range

#[test]
fn an_out_of_range_timeout_is_a_usage_error_naming_the_flag() {
    let db = db();
    acme(&db);
    for args in [
        vec!["--statement-timeout", "99999999999", "users"],
        vec!["--connect-timeout", "18446744073709551615", "users"],
        vec!["reset-client", "--client", "Acme", "--lock-timeout", "3000000"],
        vec![
            "test-login",
            "--url",
            "http://127.0.0.1:9",
            "--email",
            EMAIL,
            "--timeout",
            "18446744073709551615",
        ],
    ] {
        let flag = args.iter().find(|a| a.ends_with("timeout")).unwrap().to_string();
        provctl(&db).args(&args).run().code_is(2).stderr_has(&flag);
    }
}

// ---------------------------------------------------------------- 19. CSV formulas

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_unless_raw() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Sheet");
    for h in [
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "web-01",
    ] {
        seed::machine(&mut pg, &c, h);
    }
    let out = provctl(&db)
        .args(["machines", "--client", "Sheet", "-o", "csv"])
        .run()
        .code_is(0);
    let cells: Vec<String> = out
        .stdout()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    for cell in &cells {
        let inner = cell.trim_start_matches('"');
        assert!(
            !inner.starts_with(['=', '+', '-', '@']),
            "a formula cell: {cell}\n{}",
            out.stdout()
        );
    }
    assert!(out.stdout().contains("\"'+1+1\""), "{}", out.stdout());
    assert!(
        out.stdout().contains(",web-01,"),
        "plain cells unchanged:\n{}",
        out.stdout()
    );
    let raw = provctl(&db)
        .args(["machines", "--client", "Sheet", "-o", "csv", "--csv-raw"])
        .run()
        .code_is(0);
    assert!(raw.stdout().contains(",+1+1,"), "{}", raw.stdout());
}

// ---------------------------------------------------------------- 20. env exports sourced by sh

#[test]
fn keys_export_env_is_safe_to_source_in_sh() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Shell");
    let dir = tempfile::tempdir().unwrap();
    let pwned = dir.path().join("PWNED");
    seed::key(
        &mut pg,
        &c,
        "x;touch PWNED;",
        "ShellKeyValue01xxxxxxxxxxxxxxxxx",
        true,
    );
    provctl(&db)
        .args(["keys", "export", "--client", "Shell", "--format", "env"])
        .current_dir(dir.path())
        .run()
        .code_is(2)
        .stderr_has("x;touch PWNED;")
        .never_shows("ShellKeyValue01");
    pg.execute("DELETE FROM api_keys WHERE client_id = $1::text::uuid", &[&c])
        .unwrap();
    // A value with quotes and a command substitution comes back intact, and runs nothing.
    let value = "it's;touch PWNED;$(touch PWNED)`touch PWNED`\"";
    seed::key(&mut pg, &c, "shell_key_01", value, true);
    let file = dir.path().join("keys.env");
    provctl(&db)
        .args([
            "keys",
            "export",
            "--client",
            "Shell",
            "--format",
            "env",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0);
    let sourced = Command::new("sh")
        .arg("-c")
        .arg(". ./keys.env && printf %s \"$API_KEY_VALUE__shell_key_01\"")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&sourced.stdout), value);
    assert!(!pwned.exists(), "sourcing the export ran a command");
}

// ---------------------------------------------------------------- smaller items

#[test]
fn the_lock_timeout_hint_names_the_flag_only_where_it_exists() {
    let db = db();
    acme(&db);
    let mut pg = db.client();
    let c: String = pg.query_one("SELECT id::text FROM clients", &[]).unwrap().get(0);
    seed::machine(&mut pg, &c, "web-01");
    let mut locker = db.client();
    let mut tx = locker.transaction().unwrap();
    tx.batch_execute("SELECT 1 FROM api_keys FOR UPDATE").unwrap();
    let out = provctl(&db)
        .args(["keys", "disable", "acme-key-01", "--yes"])
        .run()
        .code_is(4);
    assert!(
        out.stderr().contains("lock") && !out.stderr().contains("--lock-timeout"),
        "{}",
        out.stderr()
    );
    tx.batch_execute("SELECT 1 FROM machines FOR UPDATE").unwrap();
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes", "--lock-timeout", "1"])
        .run()
        .code_is(4);
    assert!(out.stderr().contains("--lock-timeout"), "{}", out.stderr());
    tx.rollback().unwrap();
}

#[test]
fn keys_export_by_the_default_prefix_warns_that_it_spans_clients() {
    let db = db();
    let mut pg = db.client();
    for name in ["Alpha", "Bravo"] {
        let c = seed::client(&mut pg, name);
        seed::key(
            &mut pg,
            &c,
            &format!("key-{name}"),
            &format!("{name}KeyValuexxxxxxxxxxxxxxxxxxxxxx"),
            true,
        );
    }
    provctl(&db)
        .args(["keys", "export", "--prefix", "key-"])
        .run()
        .code_is(0)
        .stderr_has("default prefix")
        .stderr_has("2 client(s) (Alpha, Bravo)");
}

/// `Run::args` with one path.
trait ArgPath {
    fn arg_path(self, p: &Path) -> Run;
}

impl ArgPath for Run {
    fn arg_path(self, p: &Path) -> Run {
        self.args([p])
    }
}
