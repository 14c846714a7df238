//! `provctl provision`: clients from INI files — validate everything, show the plan, confirm once, then
//! one transaction per INI, serialised per client name, secrets on disk before each commit.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::error::{Error, Exit, Result};
use crate::provision::{self, Action, AdminSecret, Plan, Spec, State};
use crate::secrets::file::{self as secrets_file, Append, Block};
use crate::ui::output::{escape, note, warn, Format};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Flags of `provctl provision`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl provision --dry-run provisioning/acme.ini
  PROVISION_CLIENT=true provctl provision provisioning/acme.ini
  PROVISION_CLIENT=true provctl --env-file ../.env.production provision --yes provisioning/

Guards: PROVISION_CLIENT must be truthy (1/true/yes/y/on); when APP_ENV or ENV is prod/production,
ALLOW_PROD_PROVISIONING must be truthy too. --dry-run needs neither and writes nothing.
Generated secrets go to <ini>.generated.secrets.env (mode 0600, appended, synced before the commit).")]
pub struct ProvisionArgs {
    /// Print the plan and write nothing (no guard needed).
    #[arg(long)]
    pub dry_run: bool,
    /// Give up waiting for a lock (another provisioning of the same client) after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = crate::cli::seconds())]
    pub lock_timeout: u64,
    /// INI files or directories of *.ini files (sorted).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// One INI on its way through: its spec and plan, or the error that stopped it.
struct Job {
    path: PathBuf,
    spec: Option<Spec>,
    plan: Option<Plan>,
    outcome: Option<Outcome>,
    error: Option<Error>,
}

struct Outcome {
    plan: Plan,
    client_id: Option<String>,
    secrets_file: Option<PathBuf>,
    secrets: usize,
}

pub fn run(ctx: &mut Ctx, args: ProvisionArgs) -> Result<()> {
    if !args.dry_run {
        guards(ctx)?;
    }
    let paths = collect(&args.paths)?;
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let live = crate::db::schema::live_columns(&mut db)?;

    // Phase 1: validate every INI and plan it against the current state, before anything is written.
    let mut jobs: Vec<Job> = paths
        .into_iter()
        .map(|path| {
            let loaded = provision::load(&path).and_then(|s| provision::check_lengths(&s, &live).map(|_| s));
            match loaded {
                Ok(spec) => Job {
                    path,
                    spec: Some(spec),
                    plan: None,
                    outcome: None,
                    error: None,
                },
                Err(e) => Job {
                    path,
                    spec: None,
                    plan: None,
                    outcome: None,
                    error: Some(e),
                },
            }
        })
        .collect();
    let specs: Vec<&Spec> = jobs.iter().filter_map(|j| j.spec.as_ref()).collect();
    let mut states = provision::read_states(&mut db, &specs)?.into_iter();
    for job in jobs.iter_mut() {
        let Some(spec) = &job.spec else { continue };
        for w in &spec.warnings {
            warn(w);
        }
        let st = states.next().expect("one state per spec");
        match st.and_then(|st| provision::plan(spec, &st)) {
            Ok(p) => job.plan = Some(p),
            Err(e) if e.exit == Exit::Usage => job.error = Some(e),
            Err(e) => return Err(e),
        }
    }
    for job in &jobs {
        print_plan(ctx, job)?;
    }
    let to_apply: Vec<usize> = (0..jobs.len())
        .filter(|&i| jobs[i].plan.as_ref().is_some_and(Plan::creates_anything))
        .collect();

    if args.dry_run {
        for job in &jobs {
            if let (Some(spec), Some(plan)) = (&job.spec, &job.plan) {
                summary(ctx, spec, plan, true)?;
            }
        }
        return finish(ctx, jobs, true);
    }
    for job in jobs.iter_mut() {
        if let (Some(spec), Some(plan)) = (&job.spec, &job.plan) {
            if !plan.creates_anything() {
                job.outcome = Some(Outcome {
                    plan: plan.clone(),
                    client_id: None,
                    secrets_file: None,
                    secrets: 0,
                });
                summary(ctx, spec, plan, false)?;
            }
        }
    }
    if to_apply.is_empty() {
        return finish(ctx, jobs, false);
    }

    // Refuse early when a generated secret would have nowhere safe to go.
    for &i in &to_apply {
        let job = &mut jobs[i];
        let path = secrets_file::path_for_ini(&job.path);
        if let Err(e) = secrets_file::preflight(&path) {
            job.error = Some(e);
            job.plan = None;
        }
    }
    let to_apply: Vec<usize> = to_apply.into_iter().filter(|&i| jobs[i].plan.is_some()).collect();
    if to_apply.is_empty() {
        return finish(ctx, jobs, false);
    }
    let creations: usize = to_apply
        .iter()
        .filter_map(|&i| jobs[i].plan.as_ref())
        .map(|p| p.counts().0)
        .sum();
    crate::ui::confirm::confirm(
        ctx.global.yes,
        &format!("Create {creations} object(s) for {} INI file(s)?", to_apply.len()),
    )?;
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;

    // From here on, a signal stops the run at its next check point (between hashes, before a commit,
    // between INIs) rather than ending the process in the middle of an INI.
    let _deferred = crate::ui::signal::Deferred::new();
    // bcrypt is slow by design: hash every admin to be created at once, spread over the cores.
    let mut admins = prepare_admins(&mut jobs, &to_apply)?;

    // Phase 2: one transaction per INI.
    for (n, &i) in to_apply.iter().enumerate() {
        crate::ui::signal::check()?;
        if jobs[i].error.is_some() {
            continue;
        }
        if to_apply.len() > 1 {
            note(&format!(
                "[{}/{}] applying {}",
                n + 1,
                to_apply.len(),
                jobs[i].path.display()
            ));
        }
        let admin = admins[i].take();
        let result = apply_one(ctx, &mut db, &jobs[i], admin, args.lock_timeout, &mut log);
        let job = &mut jobs[i];
        let spec = job.spec.as_ref().expect("planned jobs have a spec");
        match result {
            Ok(outcome) => {
                summary(ctx, spec, &outcome.plan, false)?;
                match &outcome.secrets_file {
                    Some(f) => note(&format!(
                        "{}: {} secret(s) appended to {} (mode 0600): deliver them, then `provctl secrets shred` it",
                        escape(&spec.client_name.value),
                        outcome.secrets,
                        f.display()
                    )),
                    None => note(&format!(
                        "{}: No secret generated",
                        escape(&spec.client_name.value)
                    )),
                }
                job.outcome = Some(outcome);
            }
            Err(e) if e.exit == Exit::Interrupted => return Err(e),
            Err(e) => job.error = Some(e),
        }
    }
    finish(ctx, jobs, false)
}

fn guards(ctx: &Ctx) -> Result<()> {
    if !ctx.env.truthy("PROVISION_CLIENT") {
        return Err(
            Error::refused("provisioning is guarded: PROVISION_CLIENT is not set to a true value")
                .with_hint("set PROVISION_CLIENT=true for this run (or use --dry-run to only see the plan)"),
        );
    }
    if ctx.env.is_production() && !ctx.env.truthy("ALLOW_PROD_PROVISIONING") {
        return Err(Error::refused(
            "APP_ENV/ENV says production and ALLOW_PROD_PROVISIONING is not set to a true value",
        )
        .with_hint("set ALLOW_PROD_PROVISIONING=true to provision production deliberately"));
    }
    Ok(())
}

/// Files as given; directories expanded to their `*.ini` files, sorted.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::usage(format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            let mut inis: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::usage(format!("{}: {e}", p.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "ini") && f.is_file())
                .collect();
            if inis.is_empty() {
                return Err(Error::usage(format!(
                    "{}: no *.ini file in this directory",
                    p.display()
                )));
            }
            inis.sort();
            out.extend(inis);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Hashes the password of every admin to be created (imposed by the INI, or generated now), spread over
/// the cores. An INI whose password cannot be hashed gets that error and is not applied; a signal stops
/// the hashing between two hashes.
fn prepare_admins(jobs: &mut [Job], to_apply: &[usize]) -> Result<Vec<Option<AdminSecret>>> {
    let work: Vec<(usize, crate::secrets::secret::SecretString, bool)> = to_apply
        .iter()
        .filter_map(|&i| {
            let (spec, plan) = (jobs[i].spec.as_ref()?, jobs[i].plan.as_ref()?);
            (plan.admin == Action::Create).then(|| match &spec.admin_password {
                Some(p) => (i, p.value.clone(), false),
                None => (i, provision::generate_password(), true),
            })
        })
        .collect();
    let passwords: Vec<crate::secrets::secret::SecretString> =
        work.iter().map(|(_, p, _)| p.clone()).collect();
    let hashed = crate::secrets::hash::hash_all(&passwords)?;
    let mut out: Vec<Option<AdminSecret>> = (0..jobs.len()).map(|_| None).collect();
    for ((i, password, generated), hash) in work.into_iter().zip(hashed) {
        match hash {
            Ok(hash) => {
                out[i] = Some(AdminSecret {
                    password,
                    generated,
                    hash: hash.expose().to_string(),
                })
            }
            Err(why) => {
                let what = jobs[i].path.display().to_string();
                jobs[i].error = Some(crate::secrets::hash::hashing_failed(&what, &why));
            }
        }
    }
    Ok(out)
}

/// One INI's transaction: lock, re-read, re-plan, insert, secrets to disk, commit.
fn apply_one(
    ctx: &Ctx,
    db: &mut crate::db::Db,
    job: &Job,
    admin: Option<AdminSecret>,
    lock_timeout: u64,
    log: &mut AuditLog,
) -> Result<Outcome> {
    let spec = job.spec.as_ref().expect("spec");
    let url = db.url().clone();
    let mut audit = IniAudit {
        log,
        url: &url,
        pending: None,
    };
    let result = apply_in_transaction(ctx, db, job, admin, lock_timeout, &mut audit);
    let (log, pending) = (audit.log, audit.pending);
    // Every INI leaves its trace: the outcome of its pending line, or one line when it failed before
    // anything was about to be committed (a signal there changed nothing and is not an error).
    match (&result, pending) {
        (Ok(outcome), Some(p)) => log.end(p, Some(counts_json(&outcome.plan, outcome.secrets)), "ok"),
        // Nothing was left to create once under the lock: nothing changed, one line says so.
        (Ok(outcome), None) => log.record(
            &ctx.env,
            Some(&url),
            Entry {
                client: Some(&spec.client_name.value),
                counts: counts_json(&outcome.plan, 0),
                outcome: "ok",
            },
        ),
        (Err(e), Some(p)) => log.end(p, None, &crate::audit::failure_outcome(e)),
        (Err(e), None) if e.exit != Exit::Interrupted => log.record(
            &ctx.env,
            Some(&url),
            Entry {
                client: Some(&spec.client_name.value),
                counts: json!({}),
                outcome: &format!("error: {}", e.message),
            },
        ),
        _ => {}
    }
    result
}

/// The audit log of one INI's transaction, and its line written before the commit.
struct IniAudit<'a> {
    log: &'a mut AuditLog,
    url: &'a crate::db::url::DbUrl,
    pending: Option<crate::audit::Pending>,
}

/// The transaction of [`apply_one`]; `audit.pending` receives the audit line written before the commit.
fn apply_in_transaction(
    ctx: &Ctx,
    db: &mut crate::db::Db,
    job: &Job,
    admin: Option<AdminSecret>,
    lock_timeout: u64,
    audit: &mut IniAudit<'_>,
) -> Result<Outcome> {
    let spec = job.spec.as_ref().expect("spec");
    let confirmed = job.plan.as_ref().expect("plan");
    let mut tx = db.transaction()?;
    tx.batch(&format!(
        "SET LOCAL lock_timeout = '{}s'; SET LOCAL statement_timeout = '{}s'",
        lock_timeout.max(1),
        ctx.global.statement_timeout.max(1)
    ))?;
    // clients.name is not unique: serialise runs for the same name so parallel runs create one client.
    let key = format!("provctl:provision:{}", spec.client_name.value);
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        &[(&key, postgres::types::Type::TEXT)],
    )?;
    let st: State = provision::read_state(&mut tx, spec)?;
    let plan = provision::plan(spec, &st)?;
    if !plan.within(confirmed) {
        return Err(Error::refused(format!(
            "{}: the database changed since the plan was shown (more to create now): nothing written; re-run",
            spec.path.display()
        )));
    }
    if !plan.creates_anything() {
        tx.commit()?;
        return Ok(Outcome {
            plan,
            client_id: None,
            secrets_file: None,
            secrets: 0,
        });
    }
    let admin = if plan.admin == Action::Create {
        match admin {
            Some(a) if !a.hash.is_empty() => Some(a),
            _ => {
                return Err(crate::secrets::hash::hashing_failed(
                    &spec.path.display().to_string(),
                    "no hash for this admin",
                ))
            }
        }
    } else {
        None
    };
    let (client_id, generated) = provision::apply(&mut tx, spec, &plan, &st, admin)?;
    // Secrets on disk (synced) before the commit; undone if the commit fails.
    let mut file = None;
    if !generated.is_empty() {
        let path = secrets_file::path_for_ini(&spec.path);
        // The block is checked (no line a name could forge) before the file is touched.
        let mut block = Block::new(&[
            format!(
                "provctl provision {} — {}",
                spec.path.display(),
                crate::ui::output::rfc3339(std::time::SystemTime::now())
            ),
            format!("client: {} ({client_id})", spec.client_name.value),
        ]);
        if let Some(p) = &generated.admin_password {
            block.line("ADMIN_EMAIL", &spec.admin_email.value)?;
            block.line("ADMIN_PASSWORD", p.expose())?;
        }
        for (name, value) in &generated.keys {
            block.line(&format!("API_KEY_NAME__{name}"), name)?;
            block.line(&format!("API_KEY_VALUE__{name}"), value.expose())?;
        }
        let mut append = Append::open(&path)?;
        if let Err(e) = append.write_synced(&block.into_secret()) {
            // A partial block (disk full) would hold secrets of objects that will not exist.
            append.roll_back();
            return Err(e);
        }
        secrets_file::warn_if_git_would_commit(&path);
        file = Some(append);
    }
    // Recorded before the commit: no audit line, no change (and no secrets of it left on disk).
    match audit.log.begin(
        &ctx.env,
        Some(audit.url),
        Some(&spec.client_name.value),
        counts_json(&plan, generated.count()),
    ) {
        Ok(p) => audit.pending = Some(p),
        Err(e) => {
            if let Some(f) = file {
                f.roll_back();
            }
            return Err(e);
        }
    }
    if let Err(e) = tx.commit() {
        if let Some(f) = file {
            // Refused by the server, or never sent because of Ctrl-C: certainly not committed.
            if crate::db::is_server_error(&e) || e.exit == Exit::Interrupted {
                f.roll_back();
            } else {
                // The connection died during COMMIT: it may have committed. Keeping the secrets is the
                // only way an admin that does exist keeps a password someone knows.
                warn(&format!(
                    "the outcome of the commit is unknown: {} keeps the secrets of this run; re-run provision \
                     (a dry run) to see what exists",
                    f.path().display()
                ));
            }
        }
        return Err(e);
    }
    Ok(Outcome {
        plan,
        client_id: Some(client_id),
        secrets_file: file.as_ref().map(|f| f.path().to_path_buf()),
        secrets: generated.count(),
    })
}

/// Plan lines go to stdout in table mode, to stderr otherwise (stdout then carries only the JSON/CSV).
/// Each is one line: a newline in a value (an INI continuation line, a database name) is shown as
/// `\n`, never as a line of its own that could pass for a plan line.
fn emit(ctx: &mut Ctx, line: &str) -> Result<()> {
    let line = crate::ui::output::escape(line);
    if ctx.out.format == Format::Table {
        ctx.out.line(&line)
    } else {
        note(&line);
        Ok(())
    }
}

fn print_plan(ctx: &mut Ctx, job: &Job) -> Result<()> {
    // An INI without a plan failed validation or planning: `finish` reports it, once.
    let (Some(spec), Some(plan)) = (&job.spec, &job.plan) else {
        return Ok(());
    };
    // Names come from the INI and may hold a newline (a continuation line) or any control character:
    // escaped as tables escape them, so one object stays one plan line.
    let name = escape(&spec.client_name.value);
    emit(
        ctx,
        &format!("==> {} (client {name})", escape(&spec.path.display().to_string())),
    )?;
    let line = |a: &Action, what: String| -> Vec<String> {
        let mut v = vec![format!("  {} {what}", a.symbol())];
        if let Action::Drift(d) = a {
            v.extend(d.iter().map(|x| format!("      {} (not changed)", escape(x))));
        }
        v
    };
    let mut lines = line(&plan.client, format!("client {name}"));
    let pw = match (&plan.admin, &spec.admin_password) {
        (Action::Create, None) => ", password generated",
        (Action::Create, Some(_)) => ", password from the INI",
        (_, Some(_)) => ", password in the INI ignored: an existing user's password is never changed",
        _ => "",
    };
    lines.extend(line(
        &plan.admin,
        format!(
            "admin {} ({}{pw})",
            escape(&spec.admin_email.value),
            escape(&spec.admin_role.value)
        ),
    ));
    lines.extend(line(&plan.settings, "client_settings".to_string()));
    for (k, (name, a)) in spec.keys.iter().zip(&plan.keys) {
        let src = if k.imposed.is_some() {
            "value from the INI"
        } else {
            "value generated"
        };
        let src = if *a == Action::Create {
            format!(" ({src})")
        } else {
            String::new()
        };
        lines.extend(line(a, format!("api_key {}{src}", escape(name))));
    }
    for (t, (_, a)) in spec.targets.iter().zip(&plan.targets) {
        lines.extend(line(
            a,
            format!(
                "http_target {} {} {}",
                escape(&t.name),
                escape(&t.method),
                escape(&t.url)
            ),
        ));
    }
    for l in lines {
        emit(ctx, &l)?;
    }
    Ok(())
}

fn summary(ctx: &mut Ctx, spec: &Spec, plan: &Plan, dry_run: bool) -> Result<()> {
    let (c, u, d) = plan.counts();
    let verb = if dry_run { "to create" } else { "created" };
    let tail = if dry_run {
        " (dry run: nothing written)"
    } else {
        ""
    };
    emit(
        ctx,
        &format!(
            "{}: {c} {verb}, {u} unchanged, {d} drift{tail}",
            escape(&spec.client_name.value)
        ),
    )
}

fn counts_json(plan: &Plan, secrets: usize) -> serde_json::Value {
    let (c, u, d) = plan.counts();
    json!({"created": c, "unchanged": u, "drift": d, "secrets_generated": secrets})
}

fn action_json(a: &Action) -> serde_json::Value {
    match a {
        Action::Drift(d) => json!({"action": "drift", "differences": d}),
        a => json!({"action": a.word()}),
    }
}

/// Prints errors and the JSON result; returns the worst exit code among the INIs.
fn finish(ctx: &mut Ctx, jobs: Vec<Job>, dry_run: bool) -> Result<()> {
    let mut worst: Option<Error> = None;
    let mut results = Vec::new();
    let secrets_total: usize = jobs
        .iter()
        .filter_map(|j| j.outcome.as_ref())
        .map(|o| o.secrets)
        .sum();
    for job in jobs {
        if let Some(e) = job.error {
            // Validation and plan errors already name the file; errors while applying do not.
            let named = e.message.contains(&job.path.display().to_string());
            if named {
                crate::ui::output::error_line(&format!("error: {}", e.message));
            } else {
                crate::ui::output::error_line(&format!("error: {}: {}", job.path.display(), e.message));
            }
            if let Some(h) = &e.hint {
                crate::ui::output::error_line(&format!("hint: {h}"));
            }
            if worst.as_ref().is_none_or(|w| e.exit.code() > w.exit.code()) {
                worst = Some(e);
            }
            continue;
        }
        let (Some(spec), Some(plan)) = (
            &job.spec,
            job.outcome.as_ref().map(|o| &o.plan).or(job.plan.as_ref()),
        ) else {
            continue;
        };
        results.push(result_json(&job.path, spec, plan, job.outcome.as_ref(), dry_run));
    }
    if ctx.out.format == Format::Json {
        ctx.out.json(&serde_json::Value::Array(results))?;
    }
    if !dry_run && secrets_total == 0 && worst.is_none() {
        note("No secret generated");
    }
    match worst {
        Some(e) => Err(Error { silent: true, ..e }),
        None => Ok(()),
    }
}

fn result_json(
    path: &Path,
    spec: &Spec,
    plan: &Plan,
    outcome: Option<&Outcome>,
    dry_run: bool,
) -> serde_json::Value {
    let mut client = json!({"name": spec.client_name.value});
    merge(&mut client, action_json(&plan.client));
    if let Some(id) = outcome.and_then(|o| o.client_id.as_ref()) {
        client["id"] = json!(id);
    }
    let mut admin = json!({"email": spec.admin_email.value, "role": spec.admin_role.value});
    merge(&mut admin, action_json(&plan.admin));
    let keys: Vec<_> = plan
        .keys
        .iter()
        .map(|(n, a)| {
            let mut v = json!({"name": n});
            merge(&mut v, action_json(a));
            v
        })
        .collect();
    let targets: Vec<_> = spec
        .targets
        .iter()
        .zip(&plan.targets)
        .map(|(t, (_, a))| {
            let mut v = json!({"name": t.name, "url": t.url});
            merge(&mut v, action_json(a));
            v
        })
        .collect();
    let (c, u, d) = plan.counts();
    json!({
        "ini": path.display().to_string(),
        "dry_run": dry_run,
        "client": client,
        "admin": admin,
        "api_keys": keys,
        "client_settings": action_json(&plan.settings),
        "http_targets": targets,
        "secrets_file": outcome.and_then(|o| o.secrets_file.as_ref()).map(|p| p.display().to_string()),
        "summary": {"created": c, "unchanged": u, "drift": d},
    })
}

fn merge(into: &mut serde_json::Value, from: serde_json::Value) {
    if let (Some(a), serde_json::Value::Object(b)) = (into.as_object_mut(), from) {
        a.extend(b);
    }
}
