//! `provctl users`: the runbook's user audit (email, role, is_active, updated_at).

use super::Ctx;
use crate::db::row_values;
use crate::error::{Error, Result};
use postgres::types::Type;

/// Flags of `provctl users`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  provctl users\n  provctl users --email admin@acme.example -o json\n  provctl users --client Acme --limit 10"
)]
pub struct UsersArgs {
    /// Only the user with this exact email (exit 2 when there is none).
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Only users of this client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// At most this many users.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: i64,
}

pub fn run(ctx: &mut Ctx, args: UsersArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let client_id = match &args.client {
        Some(c) => Some(crate::db::clients::resolve(&mut db, c)?.id),
        None => None,
    };
    const SQL: &str = "SELECT email, role, is_active, updated_at FROM users \
         WHERE ($1::text IS NULL OR email = $1) AND ($2::text IS NULL OR client_id = $2::uuid) \
         ORDER BY updated_at DESC LIMIT $3";
    let limit = args.limit.max(0);
    let params: [crate::db::Param<'_>; 3] = [
        (&args.email, Type::TEXT),
        (&client_id, Type::TEXT),
        (&limit, Type::INT8),
    ];
    const COLUMNS: [&str; 4] = ["email", "role", "is_active", "updated_at"];
    if let Some(e) = &args.email {
        // One user at most (the email is unique): an unknown email is an error, not an empty table.
        let rows = db.query(SQL, &params)?;
        if rows.is_empty() {
            return Err(Error::usage(format!(
                "no user with email `{}`",
                crate::ui::output::escape(e)
            )));
        }
        ctx.out
            .rows(&COLUMNS, rows.iter().map(|r| row_values(r, "users")))?;
        return Ok(());
    }
    // Streamed: `--limit` can ask for every user.
    let rows = db.stream(SQL, &params)?;
    ctx.out.rows(
        &COLUMNS,
        rows.map(|r| r.and_then(|row| row_values(&row, "users"))),
    )?;
    Ok(())
}
