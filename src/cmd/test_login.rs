//! `provctl test-login`: POST BASE/api/v1/auth/login and report the outcome.

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl test-login`.
#[derive(Debug, clap::Args)]
pub struct TestLoginArgs {
    /// Base URL of the platform (http or https).
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// The email to log in with.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Read the password from stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
    /// Accept a self-signed certificate (like curl -k).
    #[arg(long)]
    pub insecure: bool,
}

pub fn run(_ctx: &mut Ctx, _args: TestLoginArgs) -> Result<()> {
    super::not_implemented("test-login")
}
