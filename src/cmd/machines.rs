//! `provctl machines`: a client's registered machines (proof of ingestion), newest first.

use super::Ctx;
use crate::db::row_values;
use crate::error::Result;
use postgres::types::Type;

/// Flags of `provctl machines`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  provctl machines --client Acme\n  provctl machines --client 0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b -o csv"
)]
pub struct MachinesArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
}

pub fn run(ctx: &mut Ctx, args: MachinesArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let rows = db.stream(
        "SELECT id::text AS id, hostname, fingerprint, is_active, registered_at, last_seen \
         FROM machines WHERE client_id = $1::uuid ORDER BY registered_at DESC, id",
        &[(&client.id, Type::TEXT)],
    )?;
    ctx.out.rows(
        &[
            "id",
            "hostname",
            "fingerprint",
            "is_active",
            "registered_at",
            "last_seen",
        ],
        rows.map(|r| r.and_then(|row| row_values(&row, "machines"))),
    )?;
    Ok(())
}
