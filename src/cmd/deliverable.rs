//! `provctl deliverable`: render the client delivery document (markdown).

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl deliverable`.
#[derive(Debug, clap::Args)]
pub struct DeliverableArgs {
    /// The client (id or exact name).
    #[arg(long, value_name = "CLIENT")]
    pub client: String,
    /// Base URL of the platform given to the client.
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// The generated secrets file holding the admin password.
    #[arg(long, value_name = "FILE")]
    pub secrets_file: Option<std::path::PathBuf>,
    /// Write to this file (0600; refuses an existing file unless --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Overwrite an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Allow printing secrets on a terminal.
    #[arg(long)]
    pub reveal: bool,
}

pub fn run(_ctx: &mut Ctx, _args: DeliverableArgs) -> Result<()> {
    super::not_implemented("deliverable")
}
