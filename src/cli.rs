//! The command line: global options and the command tree (clap derive). `///` comments are the
//! `--help` text; each command's own flags live beside its code in `cmd/`.

use crate::cmd;
use crate::ui::output::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  provctl --env-file .env.production users --email admin@acme.example
  provctl keys list --client Acme --bound
  provctl verify-hash --all
  PROVISION_CLIENT=true provctl provision provisioning/
  provctl demo

Exit codes: 0 ok, 1 check answered no, 2 invalid input, 3 refused, 4 database error,
5 network error, 130 interrupted (143 SIGTERM, 129 SIGHUP). Documentation: docs/ in the repository, `provctl man`.";

/// provctl — typed, safe operations on the monitoring platform's database and API.
///
/// Replaces the ops runbook's psql one-liners and the provisioning script: every change shows a plan,
/// asks for confirmation and runs in one transaction; secrets never travel as arguments.
#[derive(Debug, Parser)]
#[command(name = "provctl", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after the subcommand.
#[derive(Clone, Args)]
pub struct GlobalArgs {
    /// Database URL (postgresql://, postgres://, postgresql+psycopg://…, or libpq key=value).
    /// Default: DATABASE_URL, then SQLALCHEMY_DATABASE_URI; what it leaves out comes from libpq's
    /// service file, PG* variables, password file and defaults, as for psql. Prefer the environment:
    /// an argument with a password is visible in `ps` and shell history.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// Load KEY=VALUE lines (e.g. .env.production) before reading the environment; set variables win.
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Output format.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,

    /// Answer yes to confirmations (required when stdin is not a terminal).
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Print each SQL statement (secret parameters shown as ***).
    #[arg(long, global = true)]
    pub verbose: bool,

    /// No informational messages on stderr (warnings and errors are still shown).
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Audit log of changes (JSON lines). Default: PROVCTL_AUDIT_LOG, else ~/.local/state/provctl/audit.jsonl.
    #[arg(long, global = true, value_name = "PATH")]
    pub audit_log: Option<PathBuf>,

    /// Give up connecting to the database after this many seconds. Default: the URL's connect_timeout
    /// (or PGCONNECT_TIMEOUT), else 10.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds())]
    pub connect_timeout: Option<u64>,

    /// When the database host name does not resolve here (a docker compose service such as `db`), ask
    /// the docker CLI for the address of that service's running container and connect to it (the name
    /// stays for TLS and the password file).
    #[arg(long, global = true)]
    pub docker: bool,

    /// Server-side limit for each SQL statement, in seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 120, value_parser = seconds())]
    pub statement_timeout: u64,

    /// CSV: write cells as they are, without neutralising those a spreadsheet would run as formulas
    /// (cells starting with = + - @ get a leading ' by default).
    #[arg(long, global = true)]
    pub csv_raw: bool,
}

/// The longest timeout PostgreSQL accepts (`statement_timeout` and `lock_timeout` are milliseconds in
/// an int4), in seconds; every provctl timeout is bounded by it, so that an out-of-range value is a
/// usage error naming its flag (exit 2), never a database error or an overflow.
pub const MAX_TIMEOUT_SECONDS: u64 = 2_147_483;

/// The parser of every timeout flag: whole seconds, 0..=[`MAX_TIMEOUT_SECONDS`].
pub fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(0..=MAX_TIMEOUT_SECONDS)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List users (email, role, is_active, updated_at), newest updated first.
    Users(cmd::users::UsersArgs),
    /// API keys: list, enable, disable, export.
    #[command(subcommand)]
    Keys(cmd::keys::KeysCommand),
    /// List a client's machines, newest registered first.
    Machines(cmd::machines::MachinesArgs),
    /// Count a client's ingest events.
    IngestCount(cmd::ingest::IngestCountArgs),
    /// List a client's latest ingest events.
    IngestEvents(cmd::ingest::IngestEventsArgs),
    /// Check stored password hashes are well-formed bcrypt (never shows more than 4 characters).
    VerifyHash(cmd::verify_hash::VerifyHashArgs),
    /// Check a password against a user's stored hash (password from a no-echo prompt or stdin).
    VerifyPassword(cmd::verify_password::VerifyPasswordArgs),
    /// Check the connection, the schema and the data for known problems.
    Doctor(cmd::doctor::DoctorArgs),
    /// Provision clients from INI files (plan, confirmation, one transaction per INI).
    Provision(cmd::provision::ProvisionArgs),
    /// Bring a beta client back to its initial state (no machines, no ingest, keys unbound).
    ResetClient(cmd::reset_client::ResetClientArgs),
    /// Set a new password for a user (bcrypt $2b$ cost 12, verified before commit).
    ResetPassword(cmd::reset_password::ResetPasswordArgs),
    /// Test the platform's login endpoint.
    TestLogin(cmd::test_login::TestLoginArgs),
    /// Send one test ingestion to the platform with an API key.
    TestIngest(cmd::test_ingest::TestIngestArgs),
    /// Render the client delivery document (markdown).
    Deliverable(cmd::deliverable::DeliverableArgs),
    /// The platform's schema as DDL: print it, or apply it to an empty database.
    #[command(subcommand)]
    Schema(cmd::schema::SchemaCommand),
    /// Run the whole runbook on a throwaway PostgreSQL started for the occasion.
    #[cfg(feature = "demo")]
    Demo(cmd::demo::DemoArgs),
    /// Generated secrets files: list, show, shred.
    #[command(subcommand)]
    Secrets(cmd::secrets::SecretsCommand),
    /// Print shell completions.
    Completions(cmd::completions::CompletionsArgs),
    /// Print the man page (roff), or write one page per command with --dir.
    Man(cmd::completions::ManArgs),
    /// Run a local stand-in of the platform API (tests, trying things out). Never against production.
    #[cfg(feature = "demo")]
    #[command(hide = true)]
    Standin(cmd::standin::StandinArgs),
}

/// Redacted: `--database-url` may carry the database password.
impl std::fmt::Debug for GlobalArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalArgs")
            .field("database_url", &self.database_url.as_ref().map(|_| "***"))
            .field("env_file", &self.env_file)
            .field("output", &self.output)
            .field("yes", &self.yes)
            .field("verbose", &self.verbose)
            .field("connect_timeout", &self.connect_timeout)
            .field("docker", &self.docker)
            .finish_non_exhaustive()
    }
}
