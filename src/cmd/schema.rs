//! `provctl schema print|apply`: the platform's schema as DDL, for empty test and demo databases.

use super::Ctx;
use crate::audit::{AuditLog, Entry};
use crate::error::{Error, Result};
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print the platform's schema (migration head 0003) as SQL.
    #[command(after_help = "Example:\n  provctl schema print > platform.sql")]
    Print,
    /// Create the schema in an EMPTY database (refused when the tables exist or APP_ENV is production).
    #[command(after_help = "Example:\n  provctl --database-url postgresql://localhost/scratch schema apply")]
    Apply,
}

pub fn run(ctx: &mut Ctx, cmd: SchemaCommand) -> Result<()> {
    match cmd {
        SchemaCommand::Print => {
            let w = ctx.out.raw();
            w.write_all(crate::db::schema::DDL.as_bytes())
                .map_err(crate::ui::output::io_err)
        }
        SchemaCommand::Apply => apply(ctx),
    }
}

fn apply(ctx: &mut Ctx) -> Result<()> {
    if ctx.env.is_production() {
        return Err(Error::refused(
            "APP_ENV/ENV says production: provctl never creates or migrates a production schema",
        ));
    }
    let mut db = ctx.connect()?;
    let existing = crate::db::schema::existing_tables(&mut db)?;
    if !existing.is_empty() {
        return Err(Error::refused(format!(
            "the database already has platform tables ({}): `schema apply` only creates the schema in an empty database",
            existing.join(", ")
        )));
    }
    let mut log = AuditLog::open(ctx.global.audit_log.as_deref(), &ctx.env)?;
    let url = db.url().clone();
    let mut tx = db.transaction()?;
    tx.batch(crate::db::schema::DDL)?;
    crate::audit::commit_recorded(
        tx,
        &mut log,
        &ctx.env,
        &url,
        Entry {
            client: None,
            counts: serde_json::json!({"tables": crate::db::schema::TABLES.len()}),
            outcome: "ok",
        },
    )?;
    crate::ui::output::note(&format!(
        "created the platform schema ({} tables) in {}",
        crate::db::schema::TABLES.len(),
        url.display()
    ));
    Ok(())
}
