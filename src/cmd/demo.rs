//! `provctl demo`: the whole runbook on a throwaway PostgreSQL started for the occasion.

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Leave the database and the API stand-in running until Ctrl-C.
    #[arg(long)]
    pub keep: bool,
}

pub fn run(_ctx: &mut Ctx, _args: DemoArgs) -> Result<()> {
    super::not_implemented("demo")
}
