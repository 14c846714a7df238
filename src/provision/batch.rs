//! A batch of INIs through its stages, each stage a type: [`Validated`] (every INI read and checked
//! against the live columns) → [`Planned`] (the plan against the current state) → [`Prepared`] (INIs
//! with nothing to create are done; the others passed the secrets-file pre-flight) → [`Confirmed`]
//! (the operator said yes, or `--yes`) → the applied [`Job`]s. Only a `Prepared` can be confirmed and
//! only a `Confirmed` can be applied, so no path writes without the plan shown and the confirmation
//! asked. Each INI keeps its own [`Stage`]: one that fails stops there, the others go on.
//!
//! The command (`cmd/provision.rs`) parses the flags and presents: it prints the plans and summaries,
//! and gets each INI's progress through the [`Progress`] callback of [`Confirmed::apply`].

use crate::audit::AuditLog;
use crate::config::Env;
use crate::db::schema::LiveColumn;
use crate::db::Db;
use crate::error::{Error, Exit, Result};
use crate::provision::transaction::apply_one;
use crate::provision::{
    check_lengths, generate_password, load, plan, read_states, Action, AdminSecret, Plan, Spec,
};
use crate::secrets::file as secrets_file;
use crate::secrets::secret::SecretString;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One INI of the batch and the stage it reached.
pub struct Job {
    pub path: PathBuf,
    pub stage: Stage,
}

/// Where one INI stands.
pub enum Stage {
    /// Stopped, with why: invalid, unplannable, nowhere safe for its secrets, its admin's password not
    /// hashable, or its transaction failed.
    Failed(Error),
    /// Validated and planned; not applied (a dry run).
    Planned { spec: Spec, plan: Plan },
    /// Applied, or found to need nothing.
    Done { spec: Spec, outcome: Outcome },
}

/// What applying one INI did.
pub struct Outcome {
    pub plan: Plan,
    /// The client's id when this run wrote to it.
    pub client_id: Option<String>,
    /// Where this run's generated secrets were appended.
    pub secrets_file: Option<PathBuf>,
    /// How many secrets were generated.
    pub secrets: usize,
}

impl Job {
    /// The spec, and the plan (as applied, once done), of a job that did not fail.
    pub fn planned(&self) -> Option<(&Spec, &Plan)> {
        match &self.stage {
            Stage::Failed(_) => None,
            Stage::Planned { spec, plan } => Some((spec, plan)),
            Stage::Done { spec, outcome } => Some((spec, &outcome.plan)),
        }
    }
}

/// The transaction settings of an applied batch, and where its audit lines go.
pub struct Run<'a> {
    pub env: &'a Env,
    /// `--audit-log`.
    pub audit_log: Option<&'a Path>,
    pub lock_timeout: u64,
    pub statement_timeout: u64,
}

/// What [`Confirmed::apply`] tells the command as it goes.
pub enum Progress<'a> {
    /// The `n`-th (1-based) of `total` INIs to apply starts.
    Applying { n: usize, total: usize, path: &'a Path },
    /// One INI was applied (committed).
    Applied { spec: &'a Spec, outcome: &'a Outcome },
}

/// The guards of a change: `PROVISION_CLIENT`, and `ALLOW_PROD_PROVISIONING` in production.
pub fn guards(env: &Env) -> Result<()> {
    if !env.truthy("PROVISION_CLIENT") {
        return Err(
            Error::refused("provisioning is guarded: PROVISION_CLIENT is not set to a true value")
                .with_hint("set PROVISION_CLIENT=true for this run (or use --dry-run to only see the plan)"),
        );
    }
    env.production_guard("ALLOW_PROD_PROVISIONING", "provision production deliberately")
}

/// Files as given; directories expanded to their `*.ini` files, sorted.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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

/// Every INI read and validated, before any database read but the live column limits.
pub struct Validated {
    jobs: Vec<(PathBuf, Result<Spec>)>,
}

impl Validated {
    pub fn new(paths: Vec<PathBuf>, live: &BTreeMap<(String, String), LiveColumn>) -> Validated {
        let jobs = paths
            .into_iter()
            .map(|path| {
                let spec = load(&path).and_then(|s| check_lengths(&s, live).map(|_| s));
                (path, spec)
            })
            .collect();
        Validated { jobs }
    }

    /// Plans every valid INI against the current state (one batched read for all). A plan conflict
    /// (exit 2) stops that INI; any other error (the database) stops the batch. The specs' warnings
    /// are shown here, once each.
    pub fn plan(self, db: &mut Db) -> Result<Planned> {
        let specs: Vec<&Spec> = self.jobs.iter().filter_map(|(_, s)| s.as_ref().ok()).collect();
        let mut states = read_states(db, &specs)?.into_iter();
        let mut jobs = Vec::with_capacity(self.jobs.len());
        for (path, spec) in self.jobs {
            let stage = match spec {
                Err(e) => Stage::Failed(e),
                Ok(spec) => {
                    for w in &spec.warnings {
                        crate::ui::output::warn(w);
                    }
                    let st = states.next().expect("one state per spec");
                    match st.and_then(|st| plan(&spec, &st)) {
                        Ok(plan) => Stage::Planned { spec, plan },
                        Err(e) if e.exit == Exit::Usage => Stage::Failed(e),
                        Err(e) => return Err(e),
                    }
                }
            };
            jobs.push(Job { path, stage });
        }
        Ok(Planned { jobs })
    }
}

/// Every INI planned (or failed): what a dry run shows.
pub struct Planned {
    jobs: Vec<Job>,
}

impl Planned {
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    pub fn into_jobs(self) -> Vec<Job> {
        self.jobs
    }

    /// Readies the batch for the confirmation: an INI with nothing to create is done, and one whose
    /// generated secrets would have nowhere safe to go fails now, before the question.
    pub fn prepare(self) -> Prepared {
        let mut jobs = Vec::with_capacity(self.jobs.len());
        let mut to_apply = Vec::new();
        for mut job in self.jobs {
            let (spec, plan) = match job.stage {
                Stage::Planned { spec, plan } => (spec, plan),
                other => {
                    job.stage = other;
                    jobs.push(job);
                    continue;
                }
            };
            job.stage = if !plan.creates_anything() {
                let outcome = Outcome {
                    plan,
                    client_id: None,
                    secrets_file: None,
                    secrets: 0,
                };
                Stage::Done { spec, outcome }
            } else {
                match secrets_file::preflight(&secrets_file::path_for_ini(&job.path)) {
                    Ok(()) => {
                        to_apply.push(jobs.len());
                        Stage::Planned { spec, plan }
                    }
                    Err(e) => Stage::Failed(e),
                }
            };
            jobs.push(job);
        }
        Prepared { jobs, to_apply }
    }
}

/// Ready for the confirmation: the INIs that create something, and the others (done or failed).
pub struct Prepared {
    jobs: Vec<Job>,
    /// Indices of the jobs to apply, in order (each one `Stage::Planned`).
    to_apply: Vec<usize>,
}

impl Prepared {
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    pub fn into_jobs(self) -> Vec<Job> {
        self.jobs
    }

    /// Whether there is anything to apply.
    pub fn is_empty(&self) -> bool {
        self.to_apply.is_empty()
    }

    /// Asks once for the whole batch (`--yes` answers; no terminal and no `--yes` is exit 3).
    pub fn confirm(self, target: &crate::ui::confirm::Target, yes: bool) -> Result<Confirmed> {
        let creations: usize = self
            .to_apply
            .iter()
            .filter_map(|&i| self.jobs[i].planned())
            .map(|(_, p)| p.counts().0)
            .sum();
        crate::ui::confirm::confirm(
            target,
            yes,
            &format!(
                "Create {creations} object(s) for {} INI file(s)?",
                self.to_apply.len()
            ),
        )?;
        Ok(Confirmed {
            jobs: self.jobs,
            to_apply: self.to_apply,
        })
    }
}

/// Confirmed by the operator: only this stage can write.
pub struct Confirmed {
    jobs: Vec<Job>,
    to_apply: Vec<usize>,
}

impl Confirmed {
    /// Hashes the admins to create (in parallel), then applies each INI in its own transaction. A
    /// signal stops the run at its next check point (between hashes, before a commit, between INIs)
    /// and is returned as the error; any other failure stops only its INI.
    pub fn apply(
        self,
        db: &mut Db,
        run: &Run<'_>,
        report: &mut dyn FnMut(Progress<'_>) -> Result<()>,
    ) -> Result<Vec<Job>> {
        let Confirmed { mut jobs, to_apply } = self;
        let mut log = AuditLog::open(run.audit_log, run.env)?;
        // From here on, a signal stops the run at its next check point rather than ending the process
        // in the middle of an INI.
        let _deferred = crate::ui::signal::Deferred::new();
        // bcrypt is slow by design: hash every admin to be created at once, spread over the cores.
        let mut admins = prepare_admins(&mut jobs, &to_apply)?;
        let total = to_apply.len();
        let mut applied = Vec::with_capacity(jobs.len());
        for (i, mut job) in jobs.into_iter().enumerate() {
            let Some(n) = to_apply.iter().position(|&a| a == i) else {
                applied.push(job);
                continue;
            };
            crate::ui::signal::check()?;
            let (spec, plan) = match job.stage {
                Stage::Planned { spec, plan } => (spec, plan),
                other => {
                    // Its admin's password could not be hashed.
                    job.stage = other;
                    applied.push(job);
                    continue;
                }
            };
            if total > 1 {
                report(Progress::Applying {
                    n: n + 1,
                    total,
                    path: &job.path,
                })?;
            }
            job.stage = match apply_one(db, run, &spec, &plan, admins[i].take(), &mut log) {
                Ok(outcome) => {
                    report(Progress::Applied {
                        spec: &spec,
                        outcome: &outcome,
                    })?;
                    Stage::Done { spec, outcome }
                }
                Err(e) if e.exit == Exit::Interrupted => return Err(e),
                Err(e) => Stage::Failed(e),
            };
            applied.push(job);
        }
        Ok(applied)
    }
}

/// Hashes the password of every admin to be created (imposed by the INI, or generated now), spread over
/// the cores. An INI whose password cannot be hashed gets that error and is not applied; a signal stops
/// the hashing between two hashes.
fn prepare_admins(jobs: &mut [Job], to_apply: &[usize]) -> Result<Vec<Option<AdminSecret>>> {
    let work: Vec<(usize, SecretString, bool)> = to_apply
        .iter()
        .filter_map(|&i| {
            let (spec, plan) = jobs[i].planned()?;
            (plan.admin == Action::Create).then(|| match &spec.admin_password {
                Some(p) => (i, p.value.clone(), false),
                None => (i, generate_password(), true),
            })
        })
        .collect();
    let passwords: Vec<SecretString> = work.iter().map(|(_, p, _)| p.clone()).collect();
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
                jobs[i].stage = Stage::Failed(crate::secrets::hash::hashing_failed(&what, &why));
            }
        }
    }
    Ok(out)
}

/// The counts of a plan as the audit log and the JSON result say them.
pub fn counts_json(plan: &Plan, secrets: usize) -> serde_json::Value {
    let (c, u, d) = plan.counts();
    serde_json::json!({"created": c, "unchanged": u, "drift": d, "secrets_generated": secrets})
}
