//! One INI's transaction: lock (serialised per client name), re-read the state, re-plan, insert,
//! secrets to disk (synced), the audit line, commit — and the audit line's outcome whatever happens.
//! A plan that grew since it was confirmed is refused; secrets are rolled back with a failed commit.

use crate::audit::{AuditLog, Entry};
use crate::db::Db;
use crate::error::{Error, Exit, Result};
use crate::provision::batch::{counts_json, Outcome, Run};
use crate::provision::{apply, plan, read_state, Action, AdminSecret, Plan, Spec, State};
use crate::secrets::file::{self as secrets_file, Append, Block};
use crate::ui::output::warn;

/// One INI's transaction: lock, re-read, re-plan, insert, secrets to disk, commit.
pub(super) fn apply_one(
    db: &mut Db,
    run: &Run<'_>,
    spec: &Spec,
    confirmed: &Plan,
    admin: Option<AdminSecret>,
    log: &mut AuditLog,
) -> Result<Outcome> {
    let url = db.url().clone();
    let mut audit = IniAudit {
        log,
        url: &url,
        pending: None,
    };
    let result = apply_in_transaction(db, run, spec, confirmed, admin, &mut audit);
    let (log, pending) = (audit.log, audit.pending);
    // Every INI leaves its trace: the outcome of its pending line, or one line when it failed before
    // anything was about to be committed (a signal there changed nothing and is not an error).
    match (&result, pending) {
        (Ok(outcome), Some(p)) => log.end(p, Some(counts_json(&outcome.plan, outcome.secrets)), "ok"),
        // Nothing was left to create once under the lock: nothing changed, one line says so.
        (Ok(outcome), None) => log.record(
            run.env,
            Some(&url),
            Entry {
                client: Some(&spec.client_name.value),
                counts: counts_json(&outcome.plan, 0),
                outcome: "ok",
            },
        ),
        (Err(e), Some(p)) => log.end(p, None, &crate::audit::failure_outcome(e)),
        (Err(e), None) if e.exit != Exit::Interrupted => log.record(
            run.env,
            Some(&url),
            Entry {
                client: Some(&spec.client_name.value),
                counts: serde_json::json!({}),
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
    db: &mut Db,
    run: &Run<'_>,
    spec: &Spec,
    confirmed: &Plan,
    admin: Option<AdminSecret>,
    audit: &mut IniAudit<'_>,
) -> Result<Outcome> {
    let mut tx = db.change_transaction(run.lock_timeout, run.statement_timeout)?;
    // clients.name is not unique: serialise runs for the same name so parallel runs create one client.
    let key = format!("provctl:provision:{}", spec.client_name.value);
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        &[(&key, postgres::types::Type::TEXT)],
    )?;
    let st: State = read_state(&mut tx, spec)?;
    let plan = plan(spec, &st)?;
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
    let (client_id, generated) = apply(&mut tx, spec, &plan, &st, admin)?;
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
        // Whether git would commit it is said once for the batch, by the command.
        file = Some(append);
    }
    // Recorded before the commit: no audit line, no change (and no secrets of it left on disk).
    match audit.log.begin(
        run.env,
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
