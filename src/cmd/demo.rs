//! `provctl demo`: flags and presentation; the runbook itself is [`crate::demo::runbook`].

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  provctl demo         # a few seconds: every runbook step, then all is removed
  provctl demo --keep  # leaves the database and the API stand-in up to Ctrl-C

Needs the PostgreSQL server binaries (Debian/Ubuntu: apt-get install
postgresql), found on PATH, under /usr/lib/postgresql/*/bin, or in PG_BIN.")]
pub struct DemoArgs {
    /// Leave the database and the API stand-in running until Ctrl-C, and print their URLs.
    #[arg(long)]
    pub keep: bool,
}

pub fn run(ctx: &mut Ctx, args: DemoArgs) -> Result<()> {
    crate::demo::runbook::run(args.keep, &mut |text| ctx.out.line(text))
}
