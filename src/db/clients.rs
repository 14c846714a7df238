//! Client resolution: `--client` takes a client id (uuid) or an exact client name.
//!
//! `clients.name` has no unique constraint on the platform, so a name can match several clients: that
//! is an error listing their ids (exit 2), never a guess.

use crate::db::{RowExt, Session};
use crate::error::{Error, Result};
use postgres::types::Type;
use postgres::GenericClient;

/// A resolved client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub name: String,
}

/// Resolves `--client`: an id match wins; else an exact name, which must be unique.
pub fn resolve<C: GenericClient>(db: &mut Session<C>, arg: &str) -> Result<Client> {
    let id = crate::db::ids::is_uuid(arg).then(|| arg.to_string());
    let rows = db.query(
        "SELECT id::text, name, (id = $1::uuid) AS by_id FROM clients \
         WHERE ($1::text IS NOT NULL AND id = $1::uuid) OR name = $2 ORDER BY created_at, id",
        &[(&id, Type::TEXT), (&arg, Type::TEXT)],
    )?;
    let clients: Vec<(Client, bool)> = rows
        .iter()
        .map(|r| {
            Ok((
                Client {
                    id: r.cell(0, "clients")?,
                    name: r.cell(1, "clients")?,
                },
                r.cell::<Option<bool>>(2, "")?.unwrap_or(false),
            ))
        })
        .collect::<Result<_>>()?;
    if let Some((c, _)) = clients.iter().find(|(_, by_id)| *by_id) {
        return Ok(c.clone());
    }
    match clients.len() {
        0 => {
            let close = closest(db, arg)?;
            let hint = if close.is_empty() {
                "pass a client id (uuid) or its exact name".to_string()
            } else {
                format!(
                    "names are exact: did you mean {}?",
                    close
                        .iter()
                        .map(|n| format!("`{}`", crate::ui::output::escape(n)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            Err(Error::usage(format!("unknown client `{}`", crate::ui::output::escape(arg))).with_hint(hint))
        }
        1 => Ok(clients.into_iter().next().map(|(c, _)| c).expect("one client")),
        _ => Err(Error::usage(format!(
            "client name `{}` is shared by {} clients: {}",
            crate::ui::output::escape(arg),
            clients.len(),
            clients
                .iter()
                .map(|(c, _)| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint("pass the client id instead of its name")),
    }
}

/// Up to 5 client names close to `arg`: same name but for case or spaces, or containing it.
fn closest<C: GenericClient>(db: &mut Session<C>, arg: &str) -> Result<Vec<String>> {
    let needle = arg.trim().to_lowercase();
    if needle.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db.query(
        "SELECT DISTINCT name FROM clients \
         WHERE lower(btrim(name)) = $1 OR strpos(lower(name), $1) > 0 OR strpos($1, lower(name)) > 0 \
         ORDER BY name LIMIT 5",
        &[(&needle, Type::TEXT)],
    )?;
    rows.iter().map(|r| r.cell(0, "clients")).collect()
}

#[cfg(test)]
mod tests {
    use crate::db::ids::is_uuid;

    #[test]
    fn uuid_forms() {
        assert!(is_uuid("0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"));
        assert!(is_uuid("0b0f4a5e8c1d4f5e9a6b1c2d3e4f5a6b"));
        assert!(!is_uuid("Acme"));
        assert!(!is_uuid("0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6"));
        assert!(!is_uuid("zb0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"));
    }
}
