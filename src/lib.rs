//! provctl: typed, safe operations on the monitoring platform's PostgreSQL database and HTTP API.
//!
//! The binary is a thin shell around [`main_exit_code`]; everything lives here so that tests reach it.
//! The module tree, from the top (each may use only what is below it; docs/architecture.md):
//! - `cli` (the command tree) and `cmd` (one file per subcommand: flags and presentation);
//! - `demo` (the throwaway cluster, the API stand-in, the demo's runbook; the default `demo` feature);
//! - `keys` and `machines` (changes on named keys and one machine, their listings' SQL), side by side;
//! - `provision` (INI reader, spec, validation, plan, apply, the batch) and `clients` (listing, picture,
//!   offboarding);
//! - `audit` (the audit log);
//! - `db` (connection, SQL, errors, libpq conventions, TLS, schema) and `platform` (HTTP client, login
//!   rules);
//! - `secrets` (zeroizing types, bcrypt, secrets files);
//! - `ui` (output, confirmation, signals), `config` (the environment), `error` (exit codes).

pub mod audit;
pub mod cli;
pub mod clients;
pub mod cmd;
pub mod config;
pub mod db;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod keys;
pub mod machines;
pub mod platform;
pub mod provision;
pub mod secrets;
pub mod ui;

use std::io::Write;

/// Parses the command line, runs the command and returns the process exit status.
///
/// Errors are printed here as `error: …` (plus a `hint:` line) and never returned from `main`: a
/// returned error would make Rust print its `Debug` form, and with `RUST_BACKTRACE=1` a backtrace.
pub fn main_exit_code() -> i32 {
    ui::signal::install();
    let cli = match cli::parse_from(std::env::args_os().collect()) {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            return code;
        }
    };
    if !connects_first(&cli) {
        ui::signal::serve_in_background();
    }
    match cmd::run(cli) {
        Ok(()) => 0,
        Err(e) => report(&e),
    }
}

/// Whether the command's first wait is its connection to the database: then the connecting thread serves
/// the signals afterwards (`db::connection`) and no thread of their own is started. Any other command
/// (one not named here included) gets the signal thread now, before it does anything.
fn connects_first(cli: &cli::Cli) -> bool {
    use cli::Command as C;
    // `--docker` asks the docker CLI for the address before connecting.
    !cli.global.docker
        && matches!(
            cli.command,
            C::Users(_)
                | C::Keys(_)
                | C::Machines(_)
                | C::IngestCount(_)
                | C::IngestEvents(_)
                | C::VerifyHash(_)
                | C::VerifyPassword(_)
                | C::Doctor(_)
                | C::ResetClient(_)
        )
}

fn report(e: &error::Error) -> i32 {
    if ui::signal::interrupted() {
        // Whatever failed after the signal failed because of it.
        // A multi-step command (provision of a directory) may have committed earlier steps, reported above.
        let _ = writeln!(
            std::io::stderr().lock(),
            "interrupted ({}): the change in progress was not committed",
            ui::signal::name()
        );
        return ui::signal::exit_code();
    }
    if !e.silent {
        ui::output::report(e);
    }
    e.exit.code()
}
