//! Keys named on the command line (`rotate`, `unbind`): each name must exist, and must name one key —
//! key names are unique per client only (provisioning's default `key-NN` is shared by every client
//! provisioned without a prefix), so a name several clients use needs `--client`.

use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::ui::output::escape;
use postgres::types::Type;

/// One named key as a plan shows it: never its value, only its length.
#[derive(Debug, Clone)]
pub struct NamedKey {
    pub id: String,
    pub name: String,
    pub client_id: String,
    pub client: String,
    pub is_active: bool,
    pub machine_id: Option<String>,
    /// The bound machine's hostname (the agent that uses the key).
    pub hostname: Option<String>,
    pub value_length: i32,
}

/// The keys called `names` (of `client` when given), in the order of the names. Unknown names, and a
/// name that several clients' keys carry without `--client`, are exit 2.
pub fn find(db: &mut Db, client: Option<&str>, names: &[String]) -> Result<Vec<NamedKey>> {
    let client_id = match client {
        Some(c) => Some(crate::db::clients::resolve(db, c)?.id),
        None => None,
    };
    let rows = db.query(
        "SELECT k.id::text, k.name, k.client_id::text, coalesce(c.name, k.client_id::text), k.is_active, \
                k.machine_id::text, m.hostname, char_length(k.key) \
         FROM api_keys k LEFT JOIN clients c ON c.id = k.client_id LEFT JOIN machines m ON m.id = k.machine_id \
         WHERE k.name = ANY($1) AND ($2::text IS NULL OR k.client_id = $2::uuid) ORDER BY k.name, c.name, k.id",
        &[(&names, Type::TEXT_ARRAY), (&client_id, Type::TEXT)],
    )?;
    let keys: Vec<NamedKey> = rows
        .iter()
        .map(|r| {
            Ok(NamedKey {
                id: r.cell(0, "api_keys")?,
                name: r.cell(1, "api_keys")?,
                client_id: r.cell(2, "api_keys")?,
                client: r.cell(3, "clients")?,
                is_active: r.cell(4, "api_keys")?,
                machine_id: r.cell(5, "api_keys")?,
                hostname: r.cell(6, "machines")?,
                value_length: r.cell(7, "")?,
            })
        })
        .collect::<Result<_>>()?;
    let whose = |n: &str| keys.iter().filter(|k| k.name == n).collect::<Vec<_>>();
    let missing: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| whose(n).is_empty())
        .collect();
    if !missing.is_empty() {
        let scope = match client {
            Some(c) => format!(" for client `{}`", escape(c)),
            None => String::new(),
        };
        return Err(Error::usage(format!(
            "unknown key name(s){scope}: {}",
            escape(&missing.join(", "))
        ))
        .with_hint("`provctl keys list` shows the keys (names are exact)"));
    }
    for n in names {
        let same = whose(n);
        if same.len() > 1 {
            let clients: Vec<String> = same
                .iter()
                .map(|k| format!("{} ({})", k.client, k.client_id))
                .collect();
            return Err(Error::usage(format!(
                "key name `{}` is used by {} keys: {}",
                escape(n),
                same.len(),
                escape(&clients.join(", "))
            ))
            .with_hint("say whose with --client (id or exact name)"));
        }
    }
    let mut ordered = Vec::with_capacity(names.len());
    for n in names {
        if !ordered.iter().any(|k: &NamedKey| &k.name == n) {
            ordered.extend(whose(n).into_iter().cloned());
        }
    }
    Ok(ordered)
}
