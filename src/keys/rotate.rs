//! `keys rotate`: a new value for one key — same row, name, `is_active` and machine binding, so the
//! platform keeps its history and the machine — while the old value stops working at the commit. The
//! new value is generated as provisioning does (A–Z a–z 0–9, at least the default length), unique
//! against the whole table.

use super::named::NamedKey;
use super::{KeyValue, Prepared, DRAWS};
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use postgres::types::Type;

/// The length of a new value: the current one's, never below provisioning's default.
pub fn new_length(key: &NamedKey) -> usize {
    usize::try_from(key.value_length)
        .unwrap_or(0)
        .max(super::create::DEFAULT_LENGTH)
}

/// Sets the new value inside a transaction and verifies it before returning: the row is the same
/// (name, binding), it holds the new value, the old value is nowhere in the table, the new one once.
pub fn prepare<'a>(db: &'a mut Db, key: &NamedKey, statement_timeout: u64) -> Result<Prepared<'a>> {
    let mut tx = db.change_transaction(5, statement_timeout)?;
    // Locked and read back here: the plan was shown outside the transaction.
    let row = tx
        .query_opt(
            "SELECT key, name, machine_id::text, is_active FROM api_keys WHERE id = $1::uuid FOR UPDATE",
            &[(&key.id, Type::TEXT)],
        )?
        .ok_or_else(|| Error::usage(format!("key {} was deleted meanwhile: nothing changed", key.name)))?;
    let old = SecretString::new(row.cell(0, "api_keys")?);
    let (name, machine, active): (Option<String>, Option<String>, bool) = (
        row.cell(1, "api_keys")?,
        row.cell(2, "api_keys")?,
        row.cell(3, "api_keys")?,
    );
    if name.as_deref() != Some(key.name.as_str()) || machine != key.machine_id {
        return Err(Error::refused(format!(
            "key {} changed since the plan was shown (renamed, bound or unbound): nothing changed",
            key.name
        ))
        .with_hint("re-run to see the new plan"));
    }
    let len = new_length(key);
    let mut new = None;
    for _ in 0..DRAWS {
        let candidate = crate::provision::generate_key(len);
        if candidate.expose() == old.expose() {
            continue;
        }
        let set = tx.execute(
            "UPDATE api_keys SET key = $2 WHERE id = $1::uuid \
               AND NOT EXISTS (SELECT 1 FROM api_keys WHERE key = $2)",
            &[(&key.id, Type::TEXT), (&candidate, Type::TEXT)],
        )?;
        if set == 1 {
            new = Some(candidate);
            break;
        }
    }
    let new =
        new.ok_or_else(|| Error::database("could not draw a value that no key uses: nothing changed"))?;
    let check = tx.query_one(
        "SELECT (SELECT count(*) FROM api_keys WHERE key = $2), (SELECT count(*) FROM api_keys WHERE key = $3), \
                (SELECT count(*) FROM api_keys WHERE id = $1::uuid AND key = $2 AND name = $4 \
                   AND machine_id IS NOT DISTINCT FROM $5::uuid)",
        &[
            (&key.id, Type::TEXT),
            (&new, Type::TEXT),
            (&old, Type::TEXT),
            (&key.name, Type::TEXT),
            (&key.machine_id, Type::TEXT),
        ],
    )?;
    let (new_count, old_count, same_row): (i64, i64, i64) =
        (check.cell(0, "")?, check.cell(1, "")?, check.cell(2, "")?);
    if (new_count, old_count, same_row) != (1, 0, 1) {
        return Err(Error::database(format!(
            "verification failed before commit (new value held by {new_count} key(s), old value by {old_count}, \
             row kept: {}): rolled back, the old value still works",
            same_row == 1
        )));
    }
    Ok(Prepared {
        tx,
        values: vec![KeyValue {
            name: key.name.clone(),
            key: new,
            is_active: active,
        }],
        counts: serde_json::json!({ "keys_rotated": 1, "key": key.name, "machine": key.hostname }),
    })
}
