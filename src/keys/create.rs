//! `keys create`: the next keys of a client — named after its highest numbered key (same prefix and
//! width: `acme-key-07` → `acme-key-08`), or by provisioning's convention (`key-01`, …) when it has
//! none — with values generated as provisioning does (A–Z a–z 0–9; the length of the client's keys,
//! at least the INI default of 32), unique against the whole table, active or in reserve.
//!
//! The transaction takes provisioning's advisory lock for the client, so a concurrent `provision` or
//! `keys create` of the same client cannot hand out the same names; the names are read again under it.

use super::{KeyValue, Prepared, DRAWS};
use crate::db::clients::Client;
use crate::db::ids::new_uuid;
use crate::db::{Db, RowExt, Session};
use crate::error::{Error, Result};
use postgres::types::Type;
use postgres::GenericClient;
use std::collections::BTreeSet;

/// Provisioning's default key prefix (`[api_keys] prefix`).
pub const DEFAULT_PREFIX: &str = "key-";
/// Provisioning's numbering: `{prefix}{n:02}`.
const DEFAULT_WIDTH: usize = 2;
/// Provisioning's default value length (`[api_keys] length`).
pub const DEFAULT_LENGTH: usize = 32;
/// `api_keys.name` is varchar(100).
const NAME_MAX: usize = 100;
/// As provisioning's `count`.
pub const MAX_COUNT: u32 = 999;

/// How the new keys are named and sized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub prefix: String,
    pub width: usize,
    /// The first number to try.
    pub next: u64,
    pub length: usize,
    /// The existing name the numbering continues (None: provisioning's convention).
    pub after: Option<String>,
}

/// Splits `acme-key-07` into (`acme-key-`, 7, width 2); None without trailing digits.
fn numbered(name: &str) -> Option<(&str, u64, usize)> {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, n) = name.split_at(name.len() - digits);
    Some((prefix, n.parse().ok()?, digits))
}

/// The naming for a client whose keys are `existing` (name, value length): after the highest
/// numbered name (ties: the later name), else provisioning's convention.
pub fn naming(existing: &[(String, i32)]) -> Naming {
    let highest = existing
        .iter()
        .filter_map(|(name, len)| numbered(name).map(|(p, n, w)| (n, name, p, w, *len)))
        .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    match highest {
        Some((n, name, prefix, width, len)) => Naming {
            prefix: prefix.to_string(),
            width,
            next: n + 1,
            length: usize::try_from(len).unwrap_or(0).max(DEFAULT_LENGTH),
            after: Some(name.clone()),
        },
        None => Naming {
            prefix: DEFAULT_PREFIX.to_string(),
            width: DEFAULT_WIDTH,
            next: 1,
            length: DEFAULT_LENGTH,
            after: None,
        },
    }
}

/// `count` names from `naming.next` on, skipping any the client already has.
pub fn next_names(naming: &Naming, count: u32, taken: &BTreeSet<String>) -> Vec<String> {
    let mut names = Vec::with_capacity(count as usize);
    let mut n = naming.next;
    while names.len() < count as usize {
        let name = format!("{}{n:0w$}", naming.prefix, w = naming.width);
        if !taken.contains(&name) {
            names.push(name);
        }
        n += 1;
    }
    names
}

/// What `keys create` will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub client: Client,
    pub naming: Naming,
    pub names: Vec<String>,
    pub active: bool,
}

fn existing<C: GenericClient>(db: &mut Session<C>, client_id: &str) -> Result<Vec<(String, i32)>> {
    let rows = db.query(
        "SELECT name, char_length(key) FROM api_keys WHERE client_id = $1::uuid AND name IS NOT NULL",
        &[(&client_id, Type::TEXT)],
    )?;
    rows.iter()
        .map(|r| Ok((r.cell(0, "api_keys")?, r.cell(1, "")?)))
        .collect()
}

fn plan_from(client: &Client, existing: &[(String, i32)], count: u32, active: bool) -> Plan {
    let naming = naming(existing);
    let taken: BTreeSet<String> = existing.iter().map(|(n, _)| n.clone()).collect();
    Plan {
        client: client.clone(),
        names: next_names(&naming, count, &taken),
        naming,
        active,
    }
}

/// The plan, from the client's current keys. `count` is 1..=[`MAX_COUNT`] (checked by the flag).
pub fn plan(db: &mut Db, client: &Client, count: u32, active: bool) -> Result<Plan> {
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Error::usage(format!(
            "--count {count}: 1 to {MAX_COUNT} keys at a time"
        )));
    }
    let keys = existing(db, &client.id)?;
    let plan = plan_from(client, &keys, count, active);
    // The numbering can outgrow the column: `x…9` at 100 characters continues as `x…10`, which the
    // insert would refuse (SQLSTATE 22001) after the operator confirmed the plan.
    if let Some(long) = plan.names.iter().find(|n| n.chars().count() > NAME_MAX) {
        return Err(Error::usage(format!(
            "the next key name after `{}` would be `{}`, {} characters: api_keys.name holds at most {NAME_MAX} characters: nothing changed",
            crate::ui::output::escape(plan.naming.after.as_deref().unwrap_or_default()),
            crate::ui::output::escape(long),
            long.chars().count()
        ))
        .with_hint("the numbering continues the client's highest numbered key name (`provctl keys list --client` shows them): give that key a shorter name"));
    }
    Ok(plan)
}

/// Inserts the planned keys inside a transaction (under provisioning's lock for the client, the names
/// read again: a plan that no longer holds is refused) and verifies them before returning.
pub fn prepare<'a>(db: &'a mut Db, plan: &Plan, statement_timeout: u64) -> Result<Prepared<'a>> {
    let mut tx = db.change_transaction(5, statement_timeout)?;
    let lock = format!("provctl:provision:{}", plan.client.name);
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        &[(&lock, Type::TEXT)],
    )?;
    let now = plan_from(
        &plan.client,
        &existing(&mut tx, &plan.client.id)?,
        plan.names.len() as u32,
        plan.active,
    );
    if now.names != plan.names {
        return Err(Error::refused(format!(
            "the keys of {} changed since the plan was shown (now: {}): nothing changed",
            plan.client.name,
            now.names.join(", ")
        ))
        .with_hint("re-run to see the new plan"));
    }
    let mut values = Vec::with_capacity(plan.names.len());
    for name in &plan.names {
        let mut inserted = None;
        for _ in 0..DRAWS {
            let value = crate::provision::generate_key(plan.naming.length);
            let n = tx.execute(
                "INSERT INTO api_keys (id, client_id, key, name, is_active) VALUES ($1::uuid, $2::uuid, $3, $4, $5) \
                 ON CONFLICT (key) DO NOTHING",
                &[
                    (&new_uuid(), Type::TEXT),
                    (&plan.client.id, Type::TEXT),
                    (&value, Type::TEXT),
                    (name, Type::TEXT),
                    (&plan.active, Type::BOOL),
                ],
            )?;
            if n == 1 {
                inserted = Some(value);
                break;
            }
        }
        let key = inserted
            .ok_or_else(|| Error::database("could not draw a value that no key uses: nothing changed"))?;
        values.push(KeyValue {
            name: name.clone(),
            key,
            is_active: plan.active,
        });
    }
    let found: i64 = tx
        .query_one(
            "SELECT count(*) FROM api_keys WHERE client_id = $1::uuid AND name = ANY($2) AND is_active = $3 \
               AND machine_id IS NULL",
            &[
                (&plan.client.id, Type::TEXT),
                (&plan.names, Type::TEXT_ARRAY),
                (&plan.active, Type::BOOL),
            ],
        )?
        .cell(0, "")?;
    if found != plan.names.len() as i64 {
        return Err(Error::database(format!(
            "verification failed before commit: {found} of the {} new key(s) found as planned: rolled back",
            plan.names.len()
        )));
    }
    Ok(Prepared {
        tx,
        values,
        counts: serde_json::json!({ "keys_created": plan.names.len(), "keys": plan.names, "is_active": plan.active }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<(String, i32)> {
        names.iter().map(|n| (n.to_string(), 32)).collect()
    }

    #[test]
    fn continues_the_highest_numbered_name_with_its_prefix_and_width() {
        let n = naming(&keys(&["acme-key-02", "acme-key-07", "acme-key-03", "primary"]));
        assert_eq!((n.prefix.as_str(), n.width, n.next), ("acme-key-", 2, 8));
        assert_eq!(
            next_names(&n, 3, &BTreeSet::new()),
            ["acme-key-08", "acme-key-09", "acme-key-10"]
        );
        // Width is kept, and grows only when the numbers need it.
        let n = naming(&keys(&["k-0098"]));
        assert_eq!(next_names(&n, 1, &BTreeSet::new()), ["k-0099"]);
        let n = naming(&keys(&["k-99"]));
        assert_eq!(next_names(&n, 2, &BTreeSet::new()), ["k-100", "k-101"]);
        // Numeric order, not text order: key-10 is higher than key-9.
        let n = naming(&keys(&["key-9", "key-10"]));
        assert_eq!(next_names(&n, 1, &BTreeSet::new()), ["key-11"]);
    }

    #[test]
    fn without_numbered_keys_follows_provisioning() {
        for existing in [keys(&[]), keys(&["primary"])] {
            let n = naming(&existing);
            assert_eq!(n.after, None);
            assert_eq!(next_names(&n, 2, &BTreeSet::new()), ["key-01", "key-02"]);
            assert_eq!(n.length, DEFAULT_LENGTH);
        }
    }

    #[test]
    fn keeps_longer_values_and_skips_taken_names() {
        let n = naming(&[("a-01".to_string(), 48)]);
        assert_eq!(n.length, 48);
        let n = naming(&[("a-01".to_string(), 20)]);
        assert_eq!(n.length, DEFAULT_LENGTH);
        let taken: BTreeSet<String> = ["a-03".to_string()].into();
        assert_eq!(next_names(&naming(&keys(&["a-01"])), 2, &taken), ["a-02", "a-04"]);
    }
}
