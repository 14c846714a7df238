//! `provctl verify-hash`: are stored password hashes well-formed bcrypt? Names the defect, shows at
//! most 4 characters of a hash, exit 1 when any is broken.

use super::Ctx;
use crate::db::RowExt;
use crate::error::{Error, Result};
use crate::secrets::hash::{self, Status};
use crate::secrets::secret::SecretString;
use crate::ui::output::{note, Value};
use postgres::types::Type;

/// Flags of `provctl verify-hash`.
// One group, required: a usage error names both ways in (`<--email <EMAIL>|--all>`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  provctl verify-hash --email admin@acme.example\n  provctl verify-hash --all -o json",
    group = clap::ArgGroup::new("which").required(true).args(["email", "all"])
)]
pub struct VerifyHashArgs {
    /// Check this user's hash.
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Check every user's hash (streams; lists only the defective ones, then a summary).
    #[arg(long)]
    pub all: bool,
    /// With --all: only users of this client (id or exact name).
    #[arg(long, value_name = "CLIENT", requires = "all")]
    pub client: Option<String>,
}

const COLUMNS: [&str; 5] = ["email", "len", "prefix", "cost", "status"];

/// The report row for one hash: never more than its first 4 characters.
fn report(email: String, stored: &SecretString) -> (Status, Vec<Value>) {
    let h = stored.expose();
    let status = hash::classify(h);
    let cost = hash::cost(h).map_or(Value::Null, |c| Value::Int(c.into()));
    let row = vec![
        Value::Text(email),
        Value::Int(h.chars().count() as i64),
        Value::Text(hash::prefix(h)),
        cost,
        Value::text(status.as_str()),
    ];
    (status, row)
}

pub fn run(ctx: &mut Ctx, args: VerifyHashArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    if let Some(email) = &args.email {
        let row = db
            .query_opt(
                "SELECT email, password_hash FROM users WHERE email = $1",
                &[(email, Type::TEXT)],
            )?
            .ok_or_else(|| {
                Error::usage(format!(
                    "no user with email `{}`",
                    crate::ui::output::escape(email)
                ))
            })?;
        let stored = SecretString::new(row.cell::<Option<String>>(1, "users")?.unwrap_or_default());
        let (status, values) = report(row.cell(0, "users")?, &stored);
        let fields: Vec<(&str, Value)> = COLUMNS.iter().copied().zip(values).collect();
        ctx.out.record(&fields)?;
        return if status == Status::Ok {
            Ok(())
        } else {
            Err(Error::check_failed())
        };
    }
    let (mut checked, mut broken) = (0u64, 0u64);
    let out = &mut ctx.out;
    // `$1` is the client (see `db::clients::listing`: no statement of its own to resolve it).
    crate::db::clients::listing(
        &mut db,
        args.client.as_deref(),
        "client_id",
        &|cond: &str| format!("SELECT email, password_hash FROM users WHERE {cond} ORDER BY email"),
        &[],
        &mut |rows| {
            let defective = rows.filter_map(|r| match r {
                Err(e) => Some(Err(e)),
                Ok(row) => {
                    checked += 1;
                    let read = row
                        .cell::<Option<String>>(1, "users")
                        .and_then(|h| Ok((row.cell::<String>(0, "users")?, h)));
                    match read {
                        Err(e) => Some(Err(e)),
                        Ok((email, hash)) => {
                            let (status, values) =
                                report(email, &SecretString::new(hash.unwrap_or_default()));
                            (status != Status::Ok).then(|| {
                                broken += 1;
                                Ok(values)
                            })
                        }
                    }
                }
            });
            out.rows(&COLUMNS, defective)
        },
    )?;
    note(&format!(
        "checked {checked} hash{}: {broken} defective",
        if checked == 1 { "" } else { "es" }
    ));
    if broken > 0 {
        note("hint: reset a broken hash with `provctl reset-password --email E`");
        return Err(Error::check_failed());
    }
    Ok(())
}
