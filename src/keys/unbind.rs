//! `keys unbind`: `machine_id` NULL, so that the next ingestion with the key binds the machine that
//! sends it — the way out of "Machine fingerprint mismatch" (403) after a server was reinstalled,
//! without resetting the whole client. `last_used_at` and `is_active` stay.

use super::named::NamedKey;
use super::Recorder;
use crate::audit::Entry;
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use postgres::types::Type;

/// Unbinds `keys` (all bound, as the plan showed them) in one transaction: each only if still bound to
/// the machine shown; verified before the commit (none of them bound any more), with its audit line.
/// Returns how many were unbound.
pub fn apply(db: &mut Db, keys: &[&NamedKey], rec: Recorder<'_>) -> Result<u64> {
    let ids: Vec<String> = keys.iter().map(|k| k.id.clone()).collect();
    let machines: Vec<String> = keys
        .iter()
        .map(|k| k.machine_id.clone().unwrap_or_default())
        .collect();
    let url = db.url().clone();
    let mut tx = db.change_transaction(5, rec.statement_timeout)?;
    let changed = tx.execute(
        "UPDATE api_keys k SET machine_id = NULL FROM unnest($1::text[], $2::text[]) AS u(id, machine) \
         WHERE k.id = u.id::uuid AND k.machine_id = u.machine::uuid",
        &[(&ids, Type::TEXT_ARRAY), (&machines, Type::TEXT_ARRAY)],
    )?;
    let still: i64 = tx
        .query_one(
            "SELECT count(*) FROM api_keys WHERE id = ANY($1::text[]::uuid[]) AND machine_id IS NOT NULL",
            &[(&ids, Type::TEXT_ARRAY)],
        )?
        .cell(0, "")?;
    if still > 0 || changed != keys.len() as u64 {
        return Err(Error::database(format!(
            "verification failed before commit: {still} of the {} key(s) are still bound (another change \
             bound or unbound them meanwhile): rolled back",
            keys.len()
        ))
        .with_hint("look again with `provctl keys list --bound` and re-run"));
    }
    // One client's keys (compared by id: names may be shared): its name on the line, its id in the
    // counts, as `keys enable|disable` record them, so `provctl log --client NAME|ID` finds the line.
    let single = keys
        .first()
        .filter(|first| keys.iter().all(|k| k.client_id == first.client_id));
    let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
    let counts = match single {
        Some(k) => serde_json::json!({ "keys_unbound": changed, "keys": names, "client_id": k.client_id }),
        None => serde_json::json!({ "keys_unbound": changed, "keys": names }),
    };
    crate::audit::commit_recorded(
        tx,
        rec.log,
        rec.env,
        &url,
        Entry {
            client: single.map(|k| k.client.as_str()),
            counts,
            outcome: "ok",
        },
    )?;
    Ok(changed)
}
