//! `provctl standin` (hidden): runs the local stand-in of the platform API over the configured database
//! until stdin closes — for the test suite and for trying test-login/test-ingest without a platform.

use super::Ctx;
use crate::error::Result;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Flags of `provctl standin`.
#[derive(Debug, clap::Args)]
pub struct StandinArgs {
    /// Serve TLS on the main port with this certificate (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: StandinArgs) -> Result<()> {
    let url = ctx.db_url()?;
    let opts = crate::demo::standin::Options {
        tls: args.tls_cert.zip(args.tls_key),
    };
    let running = crate::demo::standin::start(&url, &opts)?;
    {
        let w = ctx.out.raw();
        let _ = writeln!(w, "API {}", running.base);
        let _ = writeln!(w, "REDIRECT {}", running.redirect_base);
        let _ = w.flush();
    }
    crate::ui::output::note("stand-in of the platform API running; close stdin (Ctrl-D) to stop");
    // Serve until whoever started us closes our stdin (a test harness dropping its pipe, or Ctrl-D).
    let mut sink = [0u8; 64];
    while std::io::stdin().read(&mut sink).map(|n| n > 0).unwrap_or(false) {}
    Ok(())
}
