//! The scripted runbook of `provctl demo`: every step end to end, on a throwaway PostgreSQL started
//! for the occasion and a local stand-in of the platform API. Each step says the command an operator
//! would type against production, runs it (this very binary, as a child process) and checks it did what
//! the runbook expects. Everything it starts lives in one directory that is removed on exit, Ctrl-C
//! included. What it says goes through the caller's `say` (the command file presents it).

use crate::error::{Error, Exit, Result};
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The bundled demo INI (fake data), so the demo works from any directory.
const DEMO_INI: &str = include_str!("../../provisioning/demo.ini");

/// One step: what an operator types against production, what the demo runs, and what must hold.
struct Step {
    title: &'static str,
    shown: String,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    /// Pipe the admin password from this secrets file (read when the step runs, never shown).
    password_from: Option<PathBuf>,
    expect: Box<Check>,
}

/// A step's expectation: Ok, or why not.
type Check = dyn Fn(&Outcome) -> std::result::Result<(), String>;

/// How a step ended: its exit code and its output, stdout and stderr in the order it wrote them.
struct Outcome {
    code: i32,
    output: String,
}

fn step(
    title: &'static str,
    shown: &str,
    args: &[&str],
    expect: impl Fn(&Outcome) -> std::result::Result<(), String> + 'static,
) -> Step {
    Step {
        title,
        shown: shown.to_string(),
        args: args.iter().map(|a| a.to_string()).collect(),
        env: Vec::new(),
        password_from: None,
        expect: Box::new(expect),
    }
}

fn exit_is(code: i32) -> impl Fn(&Outcome) -> std::result::Result<(), String> {
    move |o| {
        if o.code == code {
            Ok(())
        } else {
            Err(format!("exit {} (expected {code})", o.code))
        }
    }
}

fn exit_and(code: i32, needle: &'static str) -> impl Fn(&Outcome) -> std::result::Result<(), String> {
    move |o| {
        exit_is(code)(o)?;
        if o.output.contains(needle) {
            Ok(())
        } else {
            Err(format!("output lacks `{needle}`"))
        }
    }
}

/// Where the runbook's text goes, one line (or a few) at a time.
pub type Say<'a> = dyn FnMut(&str) -> Result<()> + 'a;

/// Runs the runbook; with `keep`, leaves the database and the API stand-in running until a signal.
///
/// A signal (Ctrl-C reaches the whole pipeline: in `provctl demo 2>&1 | tee log`, tee is gone before
/// the demo notices) ends the demo on this thread, not in the signal handler: the step running gets it
/// too and ends, the demo stops at its next check, removes its directory (secrets files included) and
/// waits for its cluster to stop, then exits 130. Nothing it writes meanwhile can hold it: a closed
/// stdout or stderr is an error it returns through, never a write it waits on.
pub fn run(keep: bool, say: &mut Say<'_>) -> Result<()> {
    let started = Instant::now();
    let _deferred = crate::ui::signal::Deferred::new();
    let bins = crate::demo::cluster::server_binaries().map_err(|e| {
        Error::database(e)
            .with_hint("install the PostgreSQL server: apt-get install postgresql (Debian/Ubuntu)")
    })?;
    say("provctl demo — the ops runbook, end to end, on a throwaway PostgreSQL and a stand-in of the platform API")?;
    let cluster = crate::demo::cluster::start(&crate::demo::cluster::Options {
        base_dir: std::env::temp_dir(),
        keep: false,
    })
    .map_err(Error::database)?;
    let result = say(&format!(
        "PostgreSQL {}: the server binaries in {} ({}; PG_BIN chooses others)",
        cluster.server_version(),
        bins.dir.display(),
        bins.origin
    ))
    .and_then(|_| run_steps(say, &cluster, keep, started));
    cluster.stop();
    if crate::ui::signal::interrupted() {
        crate::ui::output::error_line(&format!(
            "{}: the demo stopped; its cluster is stopped and its files (secrets included) are removed",
            crate::ui::signal::name()
        ));
        return Err(Error::interrupted());
    }
    result
}

fn run_steps(
    say: &mut Say<'_>,
    cluster: &crate::demo::cluster::Cluster,
    keep: bool,
    started: Instant,
) -> Result<()> {
    cluster
        .socket_client("postgres")
        .and_then(|mut c| {
            c.batch_execute("CREATE DATABASE monitoring")
                .map_err(|e| crate::demo::cluster::describe(&e))
        })
        .map_err(Error::database)?;
    let url = cluster.url("monitoring");
    let dburl = crate::db::url::DbUrl::parse(&url)?;
    // The demo's files (secrets included) live in a private directory removed at the end, on Ctrl-C too.
    let dir = std::env::temp_dir().join(format!(
        "provctl-demo-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .and_then(|_| std::fs::create_dir(dir.join("provisioning")))
        .map_err(|e| Error::usage(format!("demo dir {}: {e}", dir.display())))?;
    crate::ui::signal::remove_on_interrupt(&dir);
    let result = run_in(say, cluster, keep, started, &dir, &url, &dburl);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[allow(clippy::too_many_arguments)]
fn run_in(
    say: &mut Say<'_>,
    cluster: &crate::demo::cluster::Cluster,
    keep: bool,
    started: Instant,
    dir: &Path,
    url: &str,
    dburl: &crate::db::url::DbUrl,
) -> Result<()> {
    let _ = cluster;
    let ini = dir.join("provisioning/demo.ini");
    std::fs::write(&ini, DEMO_INI).map_err(|e| Error::usage(format!("demo INI: {e}")))?;
    let api = crate::demo::standin::start(dburl, &crate::demo::standin::Options::default())?;
    say(&format!(
        "database {} · API stand-in {} (301 proxy {})\n",
        dburl.display(),
        api.base,
        api.redirect_base
    ))?;

    let ini_s = ini.display().to_string();
    let secrets = crate::secrets::file::path_for_ini(&ini);
    let mut steps = vec![
        step(
            "create the platform schema (demo only: production has it)",
            "provctl schema apply",
            &["schema", "apply"],
            exit_is(0),
        ),
        {
            let mut s = step(
                "provision the client from its INI",
                "PROVISION_CLIENT=true provctl --env-file .env.production provision --yes provisioning/demo.ini",
                &["provision", "--yes", &ini_s],
                exit_and(0, "Demo: 9 created"),
            );
            s.env.push(("PROVISION_CLIENT", "true".into()));
            s
        },
        {
            let mut s = step(
                "provision again: idempotent",
                "PROVISION_CLIENT=true provctl --env-file .env.production provision --yes provisioning/demo.ini",
                &["provision", "--yes", &ini_s],
                exit_and(0, "No secret generated"),
            );
            s.env.push(("PROVISION_CLIENT", "true".into()));
            s
        },
        step(
            "disable the reserve keys",
            "provctl keys disable --yes demo-key-02 demo-key-03 demo-key-04",
            &[
                "keys",
                "disable",
                "--yes",
                "demo-key-02",
                "demo-key-03",
                "demo-key-04",
            ],
            exit_and(0, "3 key(s) disabled"),
        ),
        step(
            "audit: users",
            "provctl users --email demo@example.com",
            &["users", "--email", "demo@example.com"],
            exit_and(0, "demo@example.com"),
        ),
        step(
            "audit: keys",
            "provctl keys list --client Demo",
            &["keys", "list", "--client", "Demo"],
            exit_and(0, "demo-key-04"),
        ),
        step(
            "hash integrity",
            "provctl verify-hash --all",
            &["verify-hash", "--all"],
            exit_and(0, "0 defective"),
        ),
    ];
    let login_url = api.redirect_base.clone();
    let mut login = step(
        "log in through the platform (via its http→https style redirect)",
        "provctl test-login --url https://monitor.example.com --email demo@example.com --password-stdin < password",
        &["test-login", "--url", &login_url, "--email", "demo@example.com", "--password-stdin"],
        exit_and(0, "admin_client"),
    );
    login.password_from = Some(secrets.clone());
    steps.push(login);
    steps.push(step(
        "test ingestion with the client's key (binds it to the test machine)",
        "provctl test-ingest --url https://monitor.example.com --key-name demo-key-01 --hostname ops-test-01 --yes",
        &["test-ingest", "--url", &api.redirect_base, "--key-name", "demo-key-01", "--hostname", "ops-test-01", "--yes"],
        exit_and(0, "accepted"),
    ));
    steps.push(step(
        "audit: bound keys",
        "provctl keys list --client Demo --bound",
        &["keys", "list", "--client", "Demo", "--bound"],
        exit_and(0, "(1 row)"),
    ));
    steps.push(step(
        "audit: machines",
        "provctl machines --client Demo",
        &["machines", "--client", "Demo"],
        exit_and(0, "ops-test-01"),
    ));
    steps.push(step(
        "the server was reinstalled (403 fingerprint mismatch): free its key for the next ingestion",
        "provctl keys unbind demo-key-01   # the plan names the machine it leaves",
        &["keys", "unbind", "--yes", "demo-key-01"],
        exit_and(0, "1 key(s) unbound"),
    ));
    steps.push(step(
        "audit: ingestions",
        "provctl ingest-count --client Demo -o json",
        &["ingest-count", "--client", "Demo", "-o", "json"],
        exit_and(0, "{\"ingest_count\":1}"),
    ));
    steps.push(step(
        "the client as a whole: admin, keys and their machines, settings, targets, secrets files",
        "provctl clients show Demo",
        &["clients", "show", "Demo"],
        exit_and(0, "demo.ini.generated.secrets.env"),
    ));
    let doc = dir.join("demo-livrable.md").display().to_string();
    let secrets_s = secrets.display().to_string();
    steps.push(step(
        "the client delivery document",
        "provctl deliverable --client Demo --url https://monitor.example.com --secrets-file provisioning/demo.ini.generated.secrets.env --out demo-livrable.md",
        &["deliverable", "--client", "Demo", "--url", &api.base, "--secrets-file", &secrets_s, "--out", &doc],
        exit_and(0, "written to"),
    ));
    steps.push(step(
        "back to the initial state",
        "provctl reset-client --client Demo   # type the name to confirm",
        &["reset-client", "--client", "Demo", "--yes"],
        exit_and(0, "back to its initial state"),
    ));
    steps.push(step(
        "final check: no bound key",
        "provctl keys list --client Demo --bound",
        &["keys", "list", "--client", "Demo", "--bound"],
        exit_and(0, "(no rows)"),
    ));
    steps.push(step(
        "final check: no machine",
        "provctl machines --client Demo -o json",
        &["machines", "--client", "Demo", "-o", "json"],
        |o| {
            exit_is(0)(o)?;
            o.output
                .lines()
                .any(|l| l.trim() == "[]")
                .then_some(())
                .ok_or_else(|| "machines remain".to_string())
        },
    ));
    steps.push(step(
        "final check: no ingestion",
        "provctl ingest-count --client Demo -o json",
        &["ingest-count", "--client", "Demo", "-o", "json"],
        exit_and(0, "{\"ingest_count\":0}"),
    ));

    steps.push(step(
        "the audit trail: every change of this run, with its outcome",
        "provctl log --since 1h",
        &["log", "--since", "1h"],
        exit_and(0, "reset-client"),
    ));

    let exe = std::env::current_exe().map_err(|e| Error::usage(format!("cannot find my own binary: {e}")))?;
    let total = steps.len();
    for (i, s) in steps.into_iter().enumerate() {
        crate::ui::signal::check()?;
        say(&format!("[{}/{total}] {}\n$ {}", i + 1, s.title, s.shown))?;
        let out = run_one(&exe, url, dir, &s)?;
        // A step ended by the same Ctrl-C is not a failed step.
        crate::ui::signal::check()?;
        for line in out.output.lines() {
            say(&format!("    {line}"))?;
        }
        if let Err(why) = (s.expect)(&out) {
            return Err(Error::new(
                Exit::Check,
                format!("demo step {} ({}) failed: {why}", i + 1, s.title),
            ));
        }
    }
    say(&format!(
        "\nThe runbook ran end to end in {:.1} s: every step did what it should.",
        started.elapsed().as_secs_f64()
    ))?;
    if keep {
        say(&format!(
            "\n--keep: running until Ctrl-C\n  DATABASE_URL={url}\n  API {} (301 proxy {})\n  files in {}\n\
             Try any command against it from another terminal, e.g. DATABASE_URL='{url}' provctl doctor",
            api.base,
            api.redirect_base,
            dir.display()
        ))?;
        // Polled: the signal handler only sets a flag; the clean-up is this thread's (see `run`).
        while !crate::ui::signal::interrupted() {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        return Err(Error::interrupted());
    }
    say(
        "Next: `provctl demo --keep` leaves this database and the API stand-in running to try commands by \
         hand; docs/runbook.md walks through the same steps against production, and `provctl --help` \
         (or `man provctl`) lists every command.",
    )?;
    Ok(())
}

fn admin_password(secrets: &Path) -> Result<crate::secrets::secret::SecretString> {
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(secrets).map_err(|e| Error::usage(format!("{}: {e}", secrets.display())))?,
    );
    text.lines()
        .rev()
        .find_map(|l| l.strip_prefix("ADMIN_PASSWORD="))
        .map(|p| crate::secrets::secret::SecretString::new(p.to_string()))
        .ok_or_else(|| Error::usage(format!("{} holds no ADMIN_PASSWORD", secrets.display())))
}

fn run_one(exe: &PathBuf, url: &str, dir: &Path, s: &Step) -> Result<Outcome> {
    let mut cmd = Command::new(exe);
    cmd.args(&s.args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("PROVCTL_AUDIT_LOG", dir.join("audit.jsonl"))
        .env("NO_COLOR", "1")
        .env_remove("SQLALCHEMY_DATABASE_URI")
        .env_remove("APP_ENV")
        .env_remove("ENV")
        .stdin(if s.password_from.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    // stdout and stderr into one pipe: the step's notes stay where it wrote them among its tables.
    let (mut reader, writer) =
        std::io::pipe().map_err(|e| Error::usage(format!("cannot make a pipe for a step: {e}")))?;
    let writer_err = writer
        .try_clone()
        .map_err(|e| Error::usage(format!("cannot make a pipe for a step: {e}")))?;
    cmd.stdout(writer).stderr(writer_err);
    // The throwaway cluster's URL says everything: the operator's libpq settings (PGSSLMODE, a
    // password file…) must not reach the steps.
    for var in crate::db::conninfo::libpq_vars() {
        cmd.env_remove(var);
    }
    for (k, v) in &s.env {
        cmd.env(k, v);
    }
    let input = match &s.password_from {
        Some(file) => Some(admin_password(file)?),
        None => None,
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::usage(format!("cannot run {}: {e}", exe.display())))?;
    // Our copies of the pipe's write end go with the command: the read below ends when the step does.
    drop(cmd);
    if let (Some(input), Some(mut pipe)) = (&input, child.stdin.take()) {
        let _ = pipe.write_all(input.expose().as_bytes());
    }
    let mut output = Vec::new();
    let read = std::io::Read::read_to_end(&mut reader, &mut output);
    let status = child
        .wait()
        .map_err(|e| Error::usage(format!("waiting for a step: {e}")))?;
    read.map_err(|e| Error::usage(format!("reading a step's output: {e}")))?;
    Ok(Outcome {
        code: status.code().unwrap_or(-1),
        output: String::from_utf8_lossy(&output).into_owned(),
    })
}
