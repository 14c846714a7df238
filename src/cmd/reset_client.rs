//! `provctl reset-client`: bring a beta client back to its initial state.

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl reset-client`.
#[derive(Debug, clap::Args)]
pub struct ResetClientArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Give up waiting for a lock after this many seconds (nothing changed).
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    pub lock_timeout: u64,
}

pub fn run(_ctx: &mut Ctx, _args: ResetClientArgs) -> Result<()> {
    super::not_implemented("reset-client")
}
