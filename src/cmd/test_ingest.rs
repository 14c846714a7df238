//! `provctl test-ingest`: send one test ingestion with an API key.

use super::Ctx;
use crate::error::Result;

/// Flags of `provctl test-ingest`.
#[derive(Debug, clap::Args)]
pub struct TestIngestArgs {
    /// Base URL of the platform (http or https).
    #[arg(long, value_name = "BASE")]
    pub url: String,
    /// Read the key value from the database by key name.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "api_key_stdin",
        conflicts_with = "api_key_stdin"
    )]
    pub key_name: Option<String>,
    /// Read the key value from stdin.
    #[arg(long)]
    pub api_key_stdin: bool,
    /// Hostname of the test machine.
    #[arg(long, value_name = "H", default_value = "provctl-test-01")]
    pub hostname: String,
    /// Fingerprint of the test machine (default: the hostname).
    #[arg(long, value_name = "F")]
    pub fingerprint: Option<String>,
    /// OS reported for the test machine.
    #[arg(long, value_name = "OS", default_value = "Linux")]
    pub os: String,
    /// Accept a self-signed certificate (like curl -k).
    #[arg(long)]
    pub insecure: bool,
}

pub fn run(_ctx: &mut Ctx, _args: TestIngestArgs) -> Result<()> {
    super::not_implemented("test-ingest")
}
