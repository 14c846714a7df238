//! `provctl users`: the runbook's user audit (email, role, is_active, updated_at).

use super::Ctx;
use crate::error::{Error, Result};
use crate::ui::output::Format;
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
    // `$1` is the client (see `db::clients::listing`); the client's id and name close each row. They
    // are computed for the rows kept, after the LIMIT: in the target list of the sorted scan, the
    // server turned every user's client_id into text before sorting (200,000 conversions for 50 rows:
    // `users` took 1.8× the same listing without them, bench/notes.md).
    let sql = |cond: &str| {
        format!(
            "SELECT email, role, is_active, updated_at, client_id::text AS client_id, \
                    (SELECT name FROM clients WHERE clients.id = u.client_id) AS client \
             FROM (SELECT email, role, is_active, updated_at, client_id FROM users \
                   WHERE ($2::text IS NULL OR email = $2) AND {cond} \
                   ORDER BY updated_at DESC LIMIT $3) u \
             ORDER BY updated_at DESC"
        )
    };
    let limit = args.limit.max(0);
    // The client column when the users may be several clients' (the table shows the name only).
    let columns: &[&str] = match (&args.client, ctx.out.format) {
        (Some(_), _) => &["email", "role", "is_active", "updated_at"],
        (None, Format::Table) => &["email", "role", "is_active", "updated_at", "client"],
        (None, _) => &["email", "role", "is_active", "updated_at", "client_id", "client"],
    };
    let pick: Vec<usize> = match columns.len() {
        4 => vec![0, 1, 2, 3],
        5 => vec![0, 1, 2, 3, 5],
        _ => vec![0, 1, 2, 3, 4, 5],
    };
    let out = &mut ctx.out;
    let email = args.email.clone();
    // Streamed: `--limit` can ask for every user. One user at most with `--email` (it is unique): an
    // unknown email is an error, not an empty table.
    crate::db::clients::listing(
        &mut db,
        args.client.as_deref(),
        "users.client_id",
        &sql,
        &[(&args.email, Type::TEXT), (&limit, Type::INT8)],
        &mut |rows| {
            let mut rows = rows.peekable();
            if let (Some(e), None) = (&email, rows.peek()) {
                return Err(Error::usage(format!(
                    "no user with email `{}`",
                    crate::ui::output::escape(e)
                )));
            }
            out.rows(
                columns,
                rows.map(|r| r.and_then(|row| super::keys::picked(&row, "users", &pick))),
            )
        },
    )?;
    Ok(())
}
