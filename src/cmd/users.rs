//! `provctl users`: the runbook's user audit (email, role, is_active, updated_at).

use super::Ctx;
use crate::error::{Error, Result};
use crate::output::row_values;
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
        Some(c) => Some(crate::clients::resolve(&mut db, c)?.id),
        None => None,
    };
    let rows = db.query(
        "SELECT email, role, is_active, updated_at FROM users \
         WHERE ($1::text IS NULL OR email = $1) AND ($2::text IS NULL OR client_id = $2::uuid) \
         ORDER BY updated_at DESC LIMIT $3",
        &[
            (&args.email, Type::TEXT),
            (&client_id, Type::TEXT),
            (&args.limit.max(0), Type::INT8),
        ],
    )?;
    if rows.is_empty() {
        if let Some(e) = &args.email {
            return Err(Error::usage(format!(
                "no user with email `{}`",
                crate::output::escape(e)
            )));
        }
    }
    ctx.out.rows(
        &["email", "role", "is_active", "updated_at"],
        rows.iter().map(row_values),
    )?;
    Ok(())
}
