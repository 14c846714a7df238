//! `provctl ingest-count` and `provctl ingest-events`: proof (or absence) of a client's ingestions.

use super::Ctx;
use crate::db::row_values;
use crate::db::RowExt;
use crate::error::Result;
use crate::ui::output::Value;
use postgres::types::Type;

/// Flags of `provctl ingest-count`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  provctl ingest-count --client Acme")]
pub struct IngestCountArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
}

/// Flags of `provctl ingest-events`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  provctl ingest-events --client Acme --limit 10 -o json")]
pub struct IngestEventsArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// At most this many events.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: i64,
}

pub fn run_count(ctx: &mut Ctx, args: IngestCountArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    let row = db.query_one(
        "SELECT count(*) AS ingest_count FROM ingest_events WHERE client_id = $1::uuid",
        &[(&client.id, Type::TEXT)],
    )?;
    ctx.out.record(&[("ingest_count", Value::Int(row.cell(0, "")?))])
}

pub fn run_events(ctx: &mut Ctx, args: IngestEventsArgs) -> Result<()> {
    let mut db = ctx.connect()?;
    let client = crate::db::clients::resolve(&mut db, &args.client)?;
    // Streamed: `--limit` can ask for every event.
    let rows = db.stream(
        "SELECT created_at, ingest_id, machine_id::text AS machine_id, sent_at FROM ingest_events \
         WHERE client_id = $1::uuid ORDER BY created_at DESC, id LIMIT $2",
        &[(&client.id, Type::TEXT), (&args.limit.max(0), Type::INT8)],
    )?;
    ctx.out.rows(
        &["created_at", "ingest_id", "machine_id", "sent_at"],
        rows.map(|r| r.and_then(|row| row_values(&row, "ingest_events"))),
    )?;
    Ok(())
}
