//! `provctl reset-password`: set a new bcrypt password for a user, verified before commit.

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl reset-password`.
#[derive(Debug, clap::Args)]
pub struct ResetPasswordArgs {
    /// The user's email.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Read the new password from stdin instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
    /// Write a generated password to this file (0600).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Show a generated password on the terminal.
    #[arg(long)]
    pub reveal: bool,
}

pub fn run(_ctx: &mut Ctx, _args: ResetPasswordArgs) -> Result<()> {
    super::not_implemented("reset-password")
}
