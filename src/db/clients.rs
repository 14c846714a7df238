//! Client resolution: `--client` takes a client id (uuid) or an exact client name.
//!
//! `clients.name` has no unique constraint on the platform, so a name can match several clients: that
//! is an error listing their ids (exit 2), never a guess. An unknown name is exit 2 too, with the
//! closest existing names as a hint ([`suggest`]: case and spaces aside, then edit distance, then
//! containment), so a typo costs one re-run instead of a `psql` session.

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

/// At most this many names are weighed for a hint: the hint is a courtesy of the error path, it must
/// not read a huge table whole.
const NAMES_WEIGHED: i64 = 50_000;

/// Up to 3 client names close to `arg` (see [`suggest`]).
fn closest<C: GenericClient>(db: &mut Session<C>, arg: &str) -> Result<Vec<String>> {
    if arg.trim().is_empty() {
        return Ok(Vec::new());
    }
    let rows = db.query(
        "SELECT DISTINCT name FROM clients ORDER BY name LIMIT $1",
        &[(&NAMES_WEIGHED, Type::INT8)],
    )?;
    let names: Vec<String> = rows.iter().map(|r| r.cell(0, "clients")).collect::<Result<_>>()?;
    Ok(suggest(arg, &names))
}

/// The names worth suggesting for a mistyped `arg`, best first, at most 3: the same name but for case
/// and surrounding spaces; then names within a small edit distance (optimal string alignment, where
/// swapping two neighbours is one edit; at most a third of the shorter length, at least 1: `Acmee`,
/// `Akme`, `Amce` → `Acme`); then names containing `arg` or contained in it (`acme` → `Acme Corp`).
/// Ties go alphabetically.
pub fn suggest(arg: &str, names: &[String]) -> Vec<String> {
    let needle = arg.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<((u8, usize), &String)> = names
        .iter()
        .filter_map(|name| {
            let cand = name.trim().to_lowercase();
            if cand.is_empty() {
                return None;
            }
            if cand == needle {
                return Some(((0, 0), name));
            }
            let (n, c) = (needle.chars().count(), cand.chars().count());
            let within = (n.min(c) / 3).max(1);
            let contains = cand.contains(&needle) || needle.contains(&cand);
            // The distance is at least the difference in length, and exactly it when one contains the
            // other: past `within`, the alignment (O(n·m): 50,000 names of 255 characters took 18 s
            // against a 29-character typo in a debug build) cannot rank the name any better.
            let gap = n.abs_diff(c);
            if gap > within {
                return contains.then_some(((2, gap), name));
            }
            let distance = strsim::osa_distance(&needle, &cand);
            if distance <= within {
                return Some(((1, distance), name));
            }
            contains.then_some(((2, distance), name))
        })
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.1 == b.1);
    ranked.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::suggest;
    use crate::db::ids::is_uuid;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggestions_rank_case_then_edit_distance_then_containment() {
        let all = names(&["Acme", "Acme Corp", "Globex", "Initech", "acme "]);
        assert_eq!(suggest("ACME", &all), ["Acme", "acme ", "Acme Corp"]);
        assert_eq!(suggest("Acmee", &all), ["Acme", "acme "]);
        assert_eq!(suggest("Glbex", &all), ["Globex"]);
        assert_eq!(suggest("Initek", &all), ["Initech"]);
        assert_eq!(suggest("Gloebx", &all), ["Globex"], "a transposition is one edit");
        assert!(suggest("Umbrella", &all).is_empty());
        assert!(suggest("  ", &all).is_empty());
    }

    /// [`suggest`] as it was, aligning every name: the length shortcut must not change a single answer.
    fn suggest_aligning_all(arg: &str, names: &[String]) -> Vec<String> {
        let needle = arg.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        let mut ranked: Vec<((u8, usize), &String)> = names
            .iter()
            .filter_map(|name| {
                let cand = name.trim().to_lowercase();
                if cand.is_empty() {
                    return None;
                }
                if cand == needle {
                    return Some(((0, 0), name));
                }
                let distance = strsim::osa_distance(&needle, &cand);
                let shorter = needle.chars().count().min(cand.chars().count());
                if distance <= (shorter / 3).max(1) {
                    return Some(((1, distance), name));
                }
                (cand.contains(&needle) || needle.contains(&cand)).then_some(((2, distance), name))
            })
            .collect();
        ranked.sort();
        ranked.dedup_by(|a, b| a.1 == b.1);
        ranked.into_iter().take(3).map(|(_, n)| n.clone()).collect()
    }

    #[test]
    fn the_length_shortcut_answers_as_aligning_every_name() {
        let all = names(&[
            "Acme",
            "Acme Corp",
            "acme ",
            "Acme Corporation",
            "ACME Corp Europe",
            "Globex",
            "Initech",
            "Bo",
            "Box",
            "Boxes",
            "Bo Peep",
            "Ümlaut GmbH",
            "umlaut",
            "日本",
            "日本語の会社",
            "a",
            "ab",
            "Twin",
            "Twins",
            "Twin Peaks",
            "Cross",
            "Crossroads Ltd",
            "x",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ]);
        let args = [
            "acme",
            "Acme Co",
            "Acme Corporation Inc",
            "corp",
            "Glbex",
            "b",
            "bo",
            "box",
            "Boxe",
            "peep",
            "ümlaut",
            "UMLAUT GMBH",
            "日本",
            "会社",
            "a",
            "abc",
            "twin",
            "Twin Peak",
            "Crossroads",
            "cross roads",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxx",
            "Europe",
            "zzz",
        ];
        for arg in args {
            assert_eq!(suggest(arg, &all), suggest_aligning_all(arg, &all), "{arg:?}");
        }
    }

    #[test]
    fn a_short_name_needs_a_close_typo() {
        let all = names(&["Bo", "Box"]);
        assert_eq!(suggest("Bx", &all), ["Bo", "Box"]);
        assert!(suggest("Zq", &names(&["Bo"])).is_empty());
    }

    #[test]
    fn uuid_forms() {
        assert!(is_uuid("0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"));
        assert!(is_uuid("0b0f4a5e8c1d4f5e9a6b1c2d3e4f5a6b"));
        assert!(!is_uuid("Acme"));
        assert!(!is_uuid("0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6"));
        assert!(!is_uuid("zb0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"));
    }
}
