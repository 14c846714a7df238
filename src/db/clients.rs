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

/// What prints a [`listing`]'s rows (the first one already read), returning how many it printed.
pub type Print<'a> = dyn FnMut(&mut dyn Iterator<Item = Result<postgres::Row>>) -> Result<usize> + 'a;

/// Runs a listing filtered on `--client` without a statement of its own to resolve it (bench/notes.md,
/// finding 1): `sql` gets the condition on `column` (`$1` is the client; `rest` are `$2…`); a
/// uuid is compared as the id, a name through a subquery. Only when no row comes back (or the name is
/// shared: SQLSTATE 21000) is the client resolved, so an unknown or ambiguous client says what
/// [`resolve`] says (exit 2) and an existing one gets its empty listing. `client: None` lists across
/// clients (the condition is true). `print` receives the rows, the first one already read.
pub fn listing(
    db: &mut crate::db::Db,
    client: Option<&str>,
    column: &str,
    sql: &dyn Fn(&str) -> String,
    rest: &[crate::db::Param<'_>],
    print: &mut Print<'_>,
) -> Result<usize> {
    let Some(arg) = client else {
        let none: Option<String> = None;
        let params = with_client(&none, rest);
        let mut rows = db.stream(&sql("$1::text IS NULL"), &params)?;
        return print(&mut rows);
    };
    let by_id = crate::db::ids::is_uuid(arg);
    if let Some(n) = attempt(db, arg, by_id, column, sql, rest, print)? {
        return Ok(n);
    }
    let c = resolve(db, arg)?;
    // A uuid-shaped argument that is in fact a client's name: its listing, by the id resolved.
    if by_id && uuid::Uuid::parse_str(arg).ok() != uuid::Uuid::parse_str(&c.id).ok() {
        if let Some(n) = attempt(db, &c.id, true, column, sql, rest, print)? {
            return Ok(n);
        }
    }
    print(&mut std::iter::empty())
}

/// One run of a [`listing`]: `None` when no row came back or the name is shared.
fn attempt(
    db: &mut crate::db::Db,
    arg: &str,
    by_id: bool,
    column: &str,
    sql: &dyn Fn(&str) -> String,
    rest: &[crate::db::Param<'_>],
    print: &mut Print<'_>,
) -> Result<Option<usize>> {
    let cond = if by_id {
        format!("{column} = $1::uuid")
    } else {
        format!("{column} = (SELECT id FROM clients WHERE name = $1)")
    };
    let value = Some(arg.to_string());
    let params = with_client(&value, rest);
    let shared = |e: &Error| e.message.contains("(SQLSTATE 21000)");
    let mut rows = match db.stream(&sql(&cond), &params) {
        Ok(r) => r,
        Err(e) if shared(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    match rows.next() {
        None => Ok(None),
        Some(Err(e)) if shared(&e) => Ok(None),
        Some(Err(e)) => Err(e),
        Some(Ok(first)) => print(&mut std::iter::once(Ok(first)).chain(rows)).map(Some),
    }
}

fn with_client<'a>(client: &'a Option<String>, rest: &[crate::db::Param<'a>]) -> Vec<crate::db::Param<'a>> {
    let mut params: Vec<crate::db::Param<'a>> = vec![(client, Type::TEXT)];
    params.extend(rest.iter().map(|(v, t)| (*v, t.clone())));
    params
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
