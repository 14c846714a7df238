//! `provctl provision`: flags and presentation (plans, summaries, errors, the JSON result). The batch
//! itself — validate, plan, confirm once, then one transaction per INI, serialised per client name,
//! secrets on disk before each commit — is [`crate::provision::batch`].

use super::Ctx;
use crate::error::{Error, Result};
use crate::provision::batch::{self, Job, Outcome, Progress, Run, Stage, Validated};
use crate::provision::{Action, Plan, Spec};
use crate::ui::output::{escape, note, Format, Out};
use crate::ui::progress::Bar;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Flags of `provctl provision`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl provision --dry-run provisioning/acme.ini
  PROVISION_CLIENT=true provctl provision provisioning/acme.ini
  PROVISION_CLIENT=true provctl --env-file ../.env.production \\
      provision --yes provisioning/

Guards: PROVISION_CLIENT must be truthy (1/true/yes/y/on); when APP_ENV or ENV
is prod/production, ALLOW_PROD_PROVISIONING must be truthy too. --dry-run needs
neither and writes nothing. Generated secrets go to <ini>.generated.secrets.env
(mode 0600, appended, synced before the commit).")]
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

pub fn run(ctx: &mut Ctx, args: ProvisionArgs) -> Result<()> {
    if !args.dry_run {
        batch::guards(&ctx.env)?;
    }
    let paths = batch::collect(&args.paths)?;
    let mut db = ctx.connect_with_lock_timeout(args.lock_timeout)?;
    let live = crate::db::schema::live_columns(&mut db)?;

    // Every INI validated and planned against the current state before anything is written.
    let planned = Validated::new(paths, &live).plan(&mut db)?;
    let target = ctx.target()?;
    let title = format!(
        "provision {} INI file(s){}",
        planned.jobs().len(),
        if args.dry_run { " (dry run)" } else { "" }
    );
    crate::ui::confirm::plan_header(&target, &title);
    let quiet = ctx.global.quiet;
    for job in planned.jobs() {
        print_plan(&mut ctx.out, job, quiet)?;
    }
    if args.dry_run {
        for (spec, plan) in planned.jobs().iter().filter_map(Job::planned) {
            summary(&mut ctx.out, spec, plan, true, quiet)?;
        }
        return finish(ctx, planned.into_jobs(), true);
    }
    let prepared = planned.prepare();
    for job in prepared.jobs() {
        if let Stage::Done { spec, outcome } = &job.stage {
            summary(&mut ctx.out, spec, &outcome.plan, false, quiet)?;
        }
    }
    if prepared.is_empty() {
        return finish(ctx, prepared.into_jobs(), false);
    }
    let confirmed = prepared.confirm(&target, ctx.global.yes)?;
    let run = Run {
        env: &ctx.env,
        audit_log: ctx.global.audit_log.as_deref(),
        lock_timeout: args.lock_timeout,
        statement_timeout: ctx.global.statement_timeout,
    };
    // The report borrows the output while `run` borrows the environment: both are fields of `ctx`.
    let out = &mut ctx.out;
    // A bar on a terminal for a batch (the lines below are printed above it); else one note per INI.
    let mut bar: Option<Bar> = None;
    let jobs = confirmed.apply(&mut db, &run, &mut |progress| match progress {
        Progress::Applying { n, total, path } => {
            let b = bar.get_or_insert_with(|| Bar::new(total as u64, "applying"));
            b.set_message(&path.display().to_string());
            if !b.is_shown() {
                note(&format!("[{n}/{total}] applying {}", path.display()));
            }
            Ok(())
        }
        Progress::Applied { spec, outcome } => {
            if let Some(b) = &bar {
                b.inc();
            }
            summary(out, spec, &outcome.plan, false, quiet)?;
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
            Ok(())
        }
    })?;
    drop(bar);
    // One warning for every secrets file git would commit, not one per INI.
    let written: Vec<PathBuf> = jobs
        .iter()
        .filter_map(|j| match &j.stage {
            Stage::Done { outcome, .. } => outcome.secrets_file.clone(),
            _ => None,
        })
        .collect();
    crate::secrets::file::warn_if_git_would_commit_all(&written);
    finish(ctx, jobs, false)
}

/// Plan lines go to stdout in table mode, to stderr otherwise (stdout then carries only the JSON/CSV).
/// Each is one line: a newline in a value (an INI continuation line, a database name) is shown as
/// `\n`, never as a line of its own that could pass for a plan line.
fn emit(out: &mut Out, line: &str) -> Result<()> {
    let line = crate::ui::output::escape(line);
    if out.format == Format::Table {
        out.plan_line(&line)
    } else {
        note(&line);
        Ok(())
    }
}

fn print_plan(out: &mut Out, job: &Job, quiet: bool) -> Result<()> {
    // An INI without a plan failed validation or planning: `finish` reports it, once.
    let Some((spec, plan)) = job.planned() else {
        return Ok(());
    };
    // `--quiet`: a plan that changes nothing and differs in nothing is only counted in the batch's
    // summary line. A plan that creates (or drifts) is always shown: it is what the run will do.
    if quiet && plan.counts().0 == 0 && plan.counts().2 == 0 {
        return Ok(());
    }
    // Names come from the INI and may hold a newline (a continuation line) or any control character:
    // escaped as tables escape them, so one object stays one plan line.
    let name = escape(&spec.client_name.value);
    emit(
        out,
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
        emit(out, &l)?;
    }
    Ok(())
}

/// One INI's summary line (`Acme: 3 created, 9 unchanged, 0 drift`); under `--quiet` only the
/// batch's line is printed.
fn summary(out: &mut Out, spec: &Spec, plan: &Plan, dry_run: bool, quiet: bool) -> Result<()> {
    if quiet {
        return Ok(());
    }
    let (c, u, d) = plan.counts();
    let verb = if dry_run { "to create" } else { "created" };
    let tail = if dry_run {
        " (dry run: nothing written)"
    } else {
        ""
    };
    emit(
        out,
        &format!(
            "{}: {c} {verb}, {u} unchanged, {d} drift{tail}",
            escape(&spec.client_name.value)
        ),
    )
}

fn action_json(a: &Action) -> serde_json::Value {
    match a {
        Action::Drift(d) => json!({"action": "drift", "differences": d}),
        a => json!({"action": a.word()}),
    }
}

/// How the INIs of a batch ended, for its one summary line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    inis: usize,
    /// INIs that created (a dry run: would create) something.
    created: usize,
    unchanged: usize,
    /// INIs with nothing to create but something that differs from the INI.
    drift: usize,
    failed: usize,
    /// Objects created (or to create).
    objects: usize,
}

impl Tally {
    fn of(jobs: &[Job]) -> Tally {
        let mut t = Tally {
            inis: jobs.len(),
            ..Tally::default()
        };
        for job in jobs {
            match job.planned() {
                None => t.failed += 1,
                Some((_, plan)) => {
                    let (c, _, d) = plan.counts();
                    t.objects += c;
                    match (c, d) {
                        (0, 0) => t.unchanged += 1,
                        (0, _) => t.drift += 1,
                        _ => t.created += 1,
                    }
                }
            }
        }
        t
    }

    /// `30 INI file(s): 2 created (9 objects), 27 unchanged, 1 drift, 0 failed`.
    fn line(&self, dry_run: bool) -> String {
        let (verb, tail) = match dry_run {
            true => ("to create", " (dry run: nothing written)"),
            false => ("created", ""),
        };
        format!(
            "{} INI file(s): {} {verb} ({} object(s)), {} unchanged, {} drift, {} failed{tail}",
            self.inis, self.created, self.objects, self.unchanged, self.drift, self.failed
        )
    }
}

/// Prints errors and the JSON result; returns the worst exit code among the INIs.
fn finish(ctx: &mut Ctx, jobs: Vec<Job>, dry_run: bool) -> Result<()> {
    let tally = Tally::of(&jobs);
    let mut worst: Option<Error> = None;
    let mut results = Vec::new();
    let secrets_total: usize = jobs
        .iter()
        .filter_map(|j| match &j.stage {
            Stage::Done { outcome, .. } => Some(outcome.secrets),
            _ => None,
        })
        .sum();
    for job in jobs {
        if let Stage::Failed(e) = job.stage {
            // Validation and plan errors already name the file; errors while applying do not.
            let named = e.message.contains(&job.path.display().to_string());
            if named {
                crate::ui::output::error(&e.message);
            } else {
                crate::ui::output::error(&format!("{}: {}", job.path.display(), e.message));
            }
            if let Some(h) = &e.hint {
                crate::ui::output::error_line(&format!("hint: {h}"));
            }
            if worst.as_ref().is_none_or(|w| e.exit.code() > w.exit.code()) {
                worst = Some(e);
            }
            continue;
        }
        let outcome = match &job.stage {
            Stage::Done { outcome, .. } => Some(outcome),
            _ => None,
        };
        if let Some((spec, plan)) = job.planned() {
            results.push(result_json(&job.path, spec, plan, outcome, dry_run));
        }
    }
    if ctx.out.format == Format::Json {
        ctx.out.json(&serde_json::Value::Array(results))?;
    }
    if !dry_run && secrets_total == 0 && worst.is_none() {
        note("No secret generated");
    }
    // A batch ends with one line (a single INI has said it all), also under --quiet: on stdout with
    // the plans in table mode, on stderr beside JSON or CSV.
    if tally.inis > 1 || ctx.global.quiet {
        if ctx.out.format == Format::Table {
            ctx.out.line(&tally.line(dry_run))?;
        } else {
            note(&tally.line(dry_run));
        }
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
    // The id is always there: the one this run wrote to, else the existing client's, else null (a
    // dry run of a new client).
    let id = outcome
        .and_then(|o| o.client_id.as_ref())
        .or(plan.client_id.as_ref());
    let mut client = json!({"id": id, "name": spec.client_name.value});
    merge(&mut client, action_json(&plan.client));
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

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn the_summary_line_counts_inis_by_outcome() {
        let t = Tally {
            inis: 30,
            created: 2,
            unchanged: 26,
            drift: 1,
            failed: 1,
            objects: 9,
        };
        assert_eq!(
            t.line(false),
            "30 INI file(s): 2 created (9 object(s)), 26 unchanged, 1 drift, 1 failed"
        );
        assert_eq!(
            t.line(true),
            "30 INI file(s): 2 to create (9 object(s)), 26 unchanged, 1 drift, 1 failed (dry run: nothing written)"
        );
    }
}
