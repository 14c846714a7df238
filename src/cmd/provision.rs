//! `provctl provision`: provision clients from INI files (plan, confirmation, one transaction per INI).

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl provision`.
#[derive(Debug, clap::Args)]
pub struct ProvisionArgs {
    /// Print the plan and write nothing (no guard needed).
    #[arg(long)]
    pub dry_run: bool,
    /// INI files or directories of *.ini files (sorted).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_ctx: &mut Ctx, _args: ProvisionArgs) -> Result<()> {
    super::not_implemented("provision")
}
