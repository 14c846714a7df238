//! Which keys a command means, as SQL: the listing of `keys list` (with the bound machine's hostname
//! and, across clients, the client), and the selectors of `enable`/`disable`/`export` (a client, a
//! literal prefix, or names). Values are only ever read by the export's statement.

use crate::db::{Db, Param};
use crate::error::{Error, Result};
use crate::ui::output::escape;
use postgres::types::Type;

/// `keys list`: `$1` the client (see `db::clients::listing`), `$2` a literal prefix, `$3` bound only.
/// `starts_with()` matches literally: the runbook's `like 'x-%'` treated `_` in a prefix as a wildcard.
/// The hostname of the bound machine and the client's name come from joins on primary keys.
pub fn list_sql(client_cond: &str) -> String {
    format!(
        "SELECT k.id::text AS id, k.name, k.is_active, k.machine_id::text AS machine_id, k.last_used_at, \
                m.hostname, k.client_id::text AS client_id, c.name AS client \
         FROM api_keys k LEFT JOIN machines m ON m.id = k.machine_id LEFT JOIN clients c ON c.id = k.client_id \
         WHERE {client_cond} AND ($2::text IS NULL OR starts_with(k.name, $2)) \
           AND (NOT $3 OR k.machine_id IS NOT NULL) \
         ORDER BY k.name, k.id"
    )
}

/// A key selector resolved to SQL parameters: client id, literal prefix, or exact names.
pub struct Selector {
    pub client_id: Option<String>,
    pub prefix: Option<String>,
    pub names: Option<Vec<String>>,
    pub describe: String,
}

/// The selector's condition on `api_keys` (`$1` client id, `$2` prefix, `$3` names).
pub const SELECTOR_SQL: &str = "($1::text IS NULL OR client_id = $1::uuid) \
     AND ($2::text IS NULL OR starts_with(name, $2)) \
     AND ($3::text[] IS NULL OR name = ANY($3))";

impl Selector {
    /// Resolves `--client`, `--prefix` or names (an empty prefix is refused: it would select all).
    pub fn new(
        db: &mut Db,
        client: Option<&str>,
        prefix: Option<&str>,
        names: &[String],
    ) -> Result<Selector> {
        if prefix == Some("") {
            return Err(Error::usage("--prefix is empty"));
        }
        let (client_id, describe) = match client {
            Some(c) => {
                let c = crate::db::clients::resolve(db, c)?;
                (Some(c.id), format!("client {}", c.name))
            }
            None => match prefix {
                Some(p) => (None, format!("prefix `{}`", escape(p))),
                None => (None, format!("{} named key(s)", names.len())),
            },
        };
        Ok(Selector {
            client_id,
            prefix: prefix.map(String::from),
            names: (!names.is_empty()).then(|| names.to_vec()),
            describe,
        })
    }

    /// `$1`–`$3` of [`SELECTOR_SQL`].
    pub fn params(&self) -> [Param<'_>; 3] {
        [
            (&self.client_id, Type::TEXT),
            (&self.prefix, Type::TEXT),
            (&self.names, Type::TEXT_ARRAY),
        ]
    }

    /// The selected keys for enable/disable: id, name, is_active, client name, client id.
    pub fn toggle_rows(&self, db: &mut Db) -> Result<Vec<postgres::Row>> {
        db.query(
            &format!(
                "SELECT k.id::text, k.name, k.is_active, c.name AS client, k.client_id::text FROM api_keys k \
                 LEFT JOIN clients c ON c.id = k.client_id WHERE k.id IN (SELECT id FROM api_keys WHERE {SELECTOR_SQL}) \
                 ORDER BY k.name, k.id"
            ),
            &self.params(),
        )
    }
}

/// enable/disable: only the keys shown are changed, and only if still in the state shown.
pub const TOGGLE_SQL: &str =
    "UPDATE api_keys SET is_active = $1 WHERE id = ANY($2::text[]::uuid[]) AND is_active <> $1";

/// `keys export`: the values, streamed (`$4`: active only).
pub fn export_sql() -> String {
    format!("SELECT name, key, is_active FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active) ORDER BY name, id")
}

/// `keys export --format env`: up to 5 names that cannot be part of a variable name.
pub fn names_env_cannot_hold(db: &mut Db, params: &[Param<'_>]) -> Result<Vec<String>> {
    let rows = db.query(
        &format!(
            "SELECT coalesce(name, '') FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active) \
             AND (name IS NULL OR name !~ '^[A-Za-z0-9_.-]+$') ORDER BY name LIMIT 5"
        ),
        params,
    )?;
    use crate::db::RowExt;
    rows.iter().map(|r| r.cell::<String>(0, "api_keys")).collect()
}

/// `keys export --format lines|env`: the keys (their count, and up to 5 names) that these formats
/// cannot carry exactly. A value holding a character the terminal escaping rewrites (a control, a
/// bidirectional mark) would be written as something else than the stored key; in `lines`, a name
/// that is NULL, holds such a character or holds ` = ` would make its line mean another key. JSON
/// carries them all exactly.
pub fn keys_lines_cannot_hold(db: &mut Db, params: &[Param<'_>], env: bool) -> Result<(i64, Vec<String>)> {
    let class = crate::ui::output::ESCAPED_CHARS_REGEX;
    // env: the names were checked before (letters, digits, `-`, `_`, `.`).
    let names = if env {
        String::new()
    } else {
        format!(" OR name IS NULL OR name = '' OR name ~ '{class}' OR strpos(name, ' = ') > 0")
    };
    let rows = db.query(
        &format!(
            "SELECT coalesce(name, ''), count(*) OVER () FROM api_keys \
             WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active) AND (key ~ '{class}'{names}) \
             ORDER BY name LIMIT 5"
        ),
        params,
    )?;
    use crate::db::RowExt;
    let total = rows.first().map_or(Ok(0), |r| r.cell::<i64>(1, ""))?;
    let names = rows
        .iter()
        .map(|r| r.cell::<String>(0, "api_keys"))
        .collect::<Result<_>>()?;
    Ok((total, names))
}

/// `keys export --prefix`: the clients (up to 6 names) the selected keys belong to.
pub fn clients_of(db: &mut Db, params: &[Param<'_>]) -> Result<Vec<String>> {
    let rows = db.query(
        &format!(
            "SELECT coalesce(c.name, k.client_id::text) FROM api_keys k LEFT JOIN clients c ON c.id = k.client_id \
             WHERE k.id IN (SELECT id FROM api_keys WHERE {SELECTOR_SQL} AND (NOT $4 OR is_active)) \
             GROUP BY k.client_id, c.name ORDER BY 1 LIMIT 6"
        ),
        params,
    )?;
    use crate::db::RowExt;
    rows.iter().map(|r| r.cell::<String>(0, "clients")).collect()
}
