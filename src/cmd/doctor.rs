//! `provctl doctor`: connection, schema and data checks, each with a verdict; exit 1 when any check
//! finds a problem.

use super::Ctx;
use crate::db::schema;
use crate::db::{Db, RowExt};
use crate::error::{Error, Result};
use crate::ui::output::{Column, Value};

/// Flags of `provctl doctor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  provctl doctor\n  provctl --env-file .env.production doctor -o json")]
pub struct DoctorArgs {}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    Warn,
    Fail,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

struct Finding {
    check: &'static str,
    verdict: Verdict,
    detail: String,
}

fn finding(check: &'static str, verdict: Verdict, detail: impl Into<String>) -> Finding {
    Finding {
        check,
        verdict,
        detail: detail.into(),
    }
}

/// bcrypt's well-formed shape, as `hash::classify` accepts it, with the length checked apart: 60
/// characters, of which this pattern's prefix takes 7, leave exactly the 53 of the salt and digest.
/// PostgreSQL's regex engine expands a `{53}` bound, which made this count ~5× slower
/// (~830 against ~156 ms on 200k users).
const WELL_FORMED_HASH: &str = r"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]+$";

pub fn run(ctx: &mut Ctx, _args: DoctorArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let mut findings = vec![connection(&mut db)?];
    findings.extend(connection_settings(db.url()));
    let (schema_findings, schema_ok) = schema_checks(&mut db)?;
    findings.extend(schema_findings);
    if schema_ok {
        findings.extend(data_checks(&mut db)?);
    } else {
        findings.push(finding(
            "data checks",
            Verdict::Fail,
            "skipped: the schema lacks tables or columns provctl uses",
        ));
    }
    findings.extend(cascade_indexes(&mut db)?);
    findings.push(secrets_files());
    let problems = findings.iter().filter(|f| f.verdict != Verdict::Ok).count();
    present(ctx, &findings)?;
    if problems > 0 {
        crate::ui::output::note(&format!("doctor: {problems} problem(s) found"));
        return Err(Error::check_failed());
    }
    crate::ui::output::note("doctor: no problem found");
    Ok(())
}

/// JSON, CSV and `-o wide`: every finding, in the order the checks ran (what scripts read). A table:
/// the problems, failures first, then one line counting the checks that passed — what an operator acts on.
fn present(ctx: &mut Ctx, findings: &[Finding]) -> Result<()> {
    let row = |f: &&Finding| {
        Ok(vec![
            Value::text(f.check),
            Value::text(f.verdict.as_str()),
            Value::text(&f.detail),
        ])
    };
    // The detail is what a problem is: never hidden to fit (a long one wraps on the terminal).
    let columns = ["check", "status", "detail"].map(|c| Column::new(c).keep());
    let columns = &columns[..];
    if ctx.out.format != crate::ui::output::Format::Table || ctx.out.wide() {
        ctx.out.rows(columns, findings.iter().map(|f| row(&f)))?;
        return Ok(());
    }
    let mut problems: Vec<&Finding> = findings.iter().filter(|f| f.verdict != Verdict::Ok).collect();
    // Stable: within failures (then warnings) the checks keep their order.
    problems.sort_by_key(|f| f.verdict != Verdict::Fail);
    if !problems.is_empty() {
        ctx.out.rows(columns, problems.iter().map(row))?;
    }
    let passed = findings.len() - problems.len();
    ctx.out.styled_line(
        crate::ui::colour::Tone::Good,
        &format!(
            "ok: {passed} of {} check(s) passed (-o wide lists every check)",
            findings.len()
        ),
    )
}

fn connection(db: &mut Db) -> Result<Finding> {
    let row = db.query_one(
        "SELECT current_setting('server_version'), current_user::text, current_database()::text, \
                coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
        &[],
    )?;
    let (version, user, dbname, ssl): (String, String, String, bool) = (
        row.cell(0, "")?,
        row.cell(1, "")?,
        row.cell(2, "")?,
        row.cell(3, "")?,
    );
    Ok(finding(
        "connection",
        Verdict::Ok,
        format!(
            "PostgreSQL {version} at {} as {user}, database {dbname}, TLS {}",
            db.url().display(),
            if ssl { "on" } else { "off" }
        ),
    ))
}

/// Where host, port, user, database and password came from (never the password), and what resolving
/// them warned about (a password file that is not used).
fn connection_settings(url: &crate::db::url::DbUrl) -> Vec<Finding> {
    let mut out = vec![finding("connection settings", Verdict::Ok, url.sources())];
    out.extend(
        url.warnings
            .iter()
            .map(|w| finding("connection settings", Verdict::Warn, url.redact(w))),
    );
    out
}

/// One finding per table: missing tables or columns fail; the live length limits are listed, since
/// they are hard limits for provisioning (the deployed `slack_channel_name` holds 16 characters).
fn schema_checks(db: &mut Db) -> Result<(Vec<Finding>, bool)> {
    let live = schema::live_columns(db)?;
    let mut out = Vec::new();
    let mut all_ok = true;
    for (table, columns) in schema::USED_COLUMNS {
        let present: Vec<&&str> = columns
            .iter()
            .filter(|c| live.contains_key(&(table.to_string(), c.to_string())))
            .collect();
        if present.is_empty() {
            all_ok = false;
            out.push(finding(
                "schema",
                Verdict::Fail,
                format!("table {table}: missing"),
            ));
            continue;
        }
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !live.contains_key(&(table.to_string(), c.to_string())))
            .collect();
        let limits: Vec<String> = columns
            .iter()
            .filter_map(|c| {
                let col = live.get(&(table.to_string(), c.to_string()))?;
                col.max_length.map(|n| format!("{c}≤{n}"))
            })
            .collect();
        let mut detail = format!("table {table}: {} columns", columns.len() - missing.len());
        if !limits.is_empty() {
            detail.push_str(&format!(" ({})", limits.join(", ")));
        }
        if missing.is_empty() {
            out.push(finding("schema", Verdict::Ok, detail));
        } else {
            all_ok = false;
            out.push(finding(
                "schema",
                Verdict::Fail,
                format!("{detail}; missing: {}", missing.join(", ")),
            ));
        }
    }
    out.push(type_check(&live));
    if let Some(col) = live.get(&("users".to_string(), "password_hash".to_string())) {
        match col.max_length {
            Some(n) if n < 60 => out.push(finding(
                "password_hash column",
                Verdict::Fail,
                format!("varchar({n}) cannot hold a 60-character bcrypt hash: every new hash would be rejected or cut"),
            )),
            n => out.push(finding(
                "password_hash column",
                Verdict::Ok,
                n.map_or("unbounded".to_string(), |n| format!("varchar({n}) holds 60-character bcrypt hashes")),
            )),
        }
    }
    Ok((out, all_ok))
}

/// The types of the columns provctl reads, against what it can read them as (`schema::expected_types`).
fn type_check(live: &std::collections::BTreeMap<(String, String), schema::LiveColumn>) -> Finding {
    let wrong: Vec<String> = schema::USED_COLUMNS
        .iter()
        .flat_map(|(table, columns)| columns.iter().map(move |c| (*table, *c)))
        .filter_map(|(table, column)| {
            let col = live.get(&(table.to_string(), column.to_string()))?;
            let expected = schema::expected_types(column)?;
            (!expected.contains(&col.data_type.as_str())).then(|| {
                format!(
                    "{table}.{column} is {} (provctl reads it as {})",
                    if col.data_type == "USER-DEFINED" {
                        "USER-DEFINED (an enum or domain type)"
                    } else {
                        col.data_type.as_str()
                    },
                    expected[0]
                )
            })
        })
        .collect();
    if wrong.is_empty() {
        finding(
            "column types",
            Verdict::Ok,
            "every column provctl reads has a type it reads",
        )
    } else {
        finding(
            "column types",
            Verdict::Fail,
            format!("{}: commands reading them fail with exit 4", wrong.join("; ")),
        )
    }
}

fn data_checks(db: &mut Db) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let row = db.query_one(
        "SELECT count(*) FILTER (WHERE password_hash IS NULL OR length(password_hash) <> 60 \
         OR password_hash !~ $1), count(*) FROM users",
        &[(&WELL_FORMED_HASH, postgres::types::Type::TEXT)],
    )?;
    let (bad, total): (i64, i64) = (row.cell(0, "")?, row.cell(1, "")?);
    out.push(if bad == 0 {
        finding("password hashes", Verdict::Ok, format!("{total} well-formed"))
    } else {
        finding(
            "password hashes",
            Verdict::Fail,
            format!(
                "{bad} of {total} malformed: those users cannot log in (run `provctl verify-hash --all`)"
            ),
        )
    });

    let rows = db.query(
        "SELECT k.name, k.client_id::text, m.client_id::text, count(*) OVER () AS total FROM api_keys k \
         JOIN machines m ON m.id = k.machine_id WHERE m.client_id <> k.client_id ORDER BY k.name, k.id LIMIT 20",
        &[],
    )?;
    out.push(if rows.is_empty() {
        finding(
            "key bindings",
            Verdict::Ok,
            "no key bound to another client's machine",
        )
    } else {
        let names: Vec<String> = rows
            .iter()
            .map(|r| Ok(r.cell::<Option<String>>(0, "api_keys")?.unwrap_or_default()))
            .collect::<Result<_>>()?;
        // The count of them all: the names stop at 20.
        let total = rows.first().map_or(Ok(0), |r| r.cell::<i64>(3, ""))?;
        let total = usize::try_from(total).unwrap_or(names.len()).max(names.len());
        finding(
            "key bindings",
            Verdict::Fail,
            format!(
                "{total} key(s) bound to another client's machine: {}{}",
                names.join(", "),
                more(total, names.len())
            ),
        )
    });

    let (n, names) = clients_where(
        db,
        "NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.client_id = c.id AND k.is_active)",
    )?;
    out.push(if n == 0 {
        finding("active keys", Verdict::Ok, "every client has an active key")
    } else {
        finding(
            "active keys",
            Verdict::Warn,
            format!("{n} client(s) without an active key, their agents cannot ingest: {names}"),
        )
    });

    out.push(login_emails(db)?);
    out.push(clients_without_user(db)?);

    let row = db.query_one(
        "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = u.client_id)",
        &[],
    )?;
    let orphans: i64 = row.cell(0, "")?;
    out.push(if orphans == 0 {
        finding(
            "user clients",
            Verdict::Ok,
            "every user belongs to an existing client",
        )
    } else {
        finding(
            "user clients",
            Verdict::Fail,
            format!("{orphans} user(s) whose client is missing"),
        )
    });
    Ok(out)
}

/// How many offenders a finding names; the count is always complete.
const LISTED: usize = 10;

/// Users whose e-mail the platform's login refuses (422) or never finds (401): they can never log in,
/// whatever their password. The rule is `login::problem`, the one provision and test-login apply, so the
/// e-mails are streamed through it (memory stays flat however many users there are).
fn login_emails(db: &mut Db) -> Result<Finding> {
    const CHECK: &str = "login emails";
    let (mut n, mut total) = (0usize, 0usize);
    let mut listed = Vec::new();
    for row in db.stream("SELECT email FROM users ORDER BY email", &[])? {
        let email: String = row?.cell(0, "users")?;
        total += 1;
        let Some(p) = crate::platform::login::problem(&email) else {
            continue;
        };
        n += 1;
        if listed.len() < LISTED {
            listed.push(match p {
                crate::platform::login::Problem::CapitalsInDomain => format!(
                    "{email} ({}, {}: the login looks up {})",
                    p.tag(),
                    p.status(),
                    crate::platform::login::lookup_form(&email)
                ),
                _ => format!("{email} ({}, {})", p.tag(), p.status()),
            });
        }
    }
    if n == 0 {
        return Ok(finding(
            CHECK,
            Verdict::Ok,
            format!("all {total} accepted and found by the platform's login"),
        ));
    }
    Ok(finding(
        CHECK,
        Verdict::Fail,
        format!(
            "{n} user(s) can never log in, whatever the password: {}{}; the login refuses special-use or \
             dotless domains (422) and lower-cases the domain before an exact lookup (401)",
            listed.join(", "),
            more(n, listed.len())
        ),
    ))
}

/// Clients without any user: what the provisioning script leaves behind when the admin e-mail already
/// belonged to another client (it creates the client and no admin, exit 0).
fn clients_without_user(db: &mut Db) -> Result<Finding> {
    let (n, names) = clients_where(db, "NOT EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id)")?;
    Ok(if n == 0 {
        finding("client users", Verdict::Ok, "every client has a user")
    } else {
        finding(
            "client users",
            Verdict::Warn,
            format!(
                "{n} client(s) with no user, nobody can log in for them: {names} (the script leaves this when the \
                 admin e-mail belonged to another client: give the INI an e-mail of the client's own and \
                 run `provctl provision` again)"
            ),
        )
    })
}

/// The clients `c` for which `condition` (fixed SQL, no input in it) holds: how many, and the first
/// [`LISTED`] names by name, then `, and N more`.
fn clients_where(db: &mut Db, condition: &str) -> Result<(usize, String)> {
    let row = db.query_one(
        &format!(
            "SELECT count(*), string_agg(name, ', ' ORDER BY name, id) FILTER (WHERE rn <= $1) FROM ( \
               SELECT c.name, c.id, row_number() OVER (ORDER BY c.name, c.id) AS rn FROM clients c \
               WHERE {condition}) s"
        ),
        &[(&(LISTED as i64), postgres::types::Type::INT8)],
    )?;
    let (n, names): (i64, Option<String>) = (row.cell(0, "")?, row.cell(1, "clients")?);
    let n = n as usize;
    Ok((
        n,
        format!("{}{}", names.unwrap_or_default(), more(n, n.min(LISTED))),
    ))
}

/// ", and N more" when a list was cut.
fn more(total: usize, shown: usize) -> String {
    if total > shown {
        format!(", and {} more", total - shown)
    } else {
        String::new()
    }
}

/// Unindexed foreign keys on the reset's delete paths: slow resets (see `schema::missing_cascade_indexes`).
fn cascade_indexes(db: &mut Db) -> Result<Vec<Finding>> {
    let missing = schema::missing_cascade_indexes(db)?;
    if missing.is_empty() {
        return Ok(vec![finding(
            "cascade indexes",
            Verdict::Ok,
            "every delete-cascade path is indexed",
        )]);
    }
    Ok(missing
        .into_iter()
        .map(|(t, c)| {
            finding(
                "cascade indexes",
                Verdict::Warn,
                format!(
                    "no index on {t}.{c}: deleting N machines scans {t} N times; \
                     a platform migration should add: CREATE INDEX CONCURRENTLY ix_{t}_{c} ON {t} ({c});"
                ),
            )
        })
        .collect())
}

/// Generated secrets lingering in `provisioning/` and the current directory (as `secrets list` finds
/// them): they should be delivered, then shredded.
fn secrets_files() -> Finding {
    const CHECK: &str = "secrets files";
    let dirs = crate::secrets::file::default_dirs();
    let found = match crate::secrets::file::scan(&dirs) {
        Ok(f) => f,
        Err(e) => return finding(CHECK, Verdict::Warn, format!("cannot search for them: {e}")),
    };
    let searched = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(" and ");
    if found.is_empty() {
        return finding(CHECK, Verdict::Ok, format!("none in {searched}"));
    }
    let now = std::time::SystemTime::now();
    let listed: Vec<String> = found
        .iter()
        .take(10)
        .map(|f| {
            let days = f.age(now).as_secs() / 86_400;
            if f.symlink {
                format!("{} (symlink)", f.path.display())
            } else {
                format!(
                    "{} ({} secret(s), {days} day(s) old, mode {})",
                    f.path.display(),
                    f.secrets.len(),
                    f.mode_octal()
                )
            }
        })
        .collect();
    let more = if found.len() > listed.len() {
        format!(", and {} more", found.len() - listed.len())
    } else {
        String::new()
    };
    finding(
        CHECK,
        Verdict::Warn,
        format!(
            "{} lingering in {searched}: {}{more}; deliver them, then `provctl secrets shred FILE` (see `provctl secrets list`)",
            found.len(),
            listed.join(", ")
        ),
    )
}
