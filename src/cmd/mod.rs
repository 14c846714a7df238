//! Subcommands: one file each, holding its flags (`Args`) and its `run`. Shared set-up (environment,
//! database URL, connection, output) is resolved once here in [`Ctx`].

pub mod completions;
pub mod deliverable;
#[cfg(feature = "demo")]
pub mod demo;
pub mod doctor;
pub mod ingest;
pub mod keys;
pub mod machines;
pub mod provision;
pub mod reset_client;
pub mod reset_password;
pub mod schema;
pub mod secrets;
#[cfg(feature = "demo")]
pub mod standin;
pub mod test_ingest;
pub mod test_login;
pub mod users;
pub mod verify_hash;
pub mod verify_password;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::Env;
use crate::db::url::DbUrl;
use crate::db::{ConnectOptions, Db};
use crate::error::Result;
use crate::ui::output::Out;
use std::cell::OnceCell;
use std::time::Duration;

/// How long any statement waits for a lock unless the command says otherwise.
const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// How long connecting may take when neither `--connect-timeout` nor the URL says.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What every command gets: global options, the environment, the output layer.
pub struct Ctx {
    pub global: GlobalArgs,
    pub env: Env,
    pub out: Out,
    /// The resolved connection, once: the password file, its warnings and `--docker` run one time.
    db_url: OnceCell<DbUrl>,
}

impl Ctx {
    pub fn new(global: GlobalArgs) -> Result<Ctx> {
        crate::ui::output::set_quiet(global.quiet);
        let env = Env::load(global.env_file.as_deref())?;
        let out = Out::new(global.output, env.get("NO_COLOR").is_some(), global.csv_raw);
        Ok(Ctx {
            global,
            env,
            out,
            db_url: OnceCell::new(),
        })
    }

    /// The database connection from the flag or the environment, completed as libpq does (and, with
    /// `--docker`, the container's address for a compose service name that does not resolve).
    pub fn db_url(&self) -> Result<DbUrl> {
        if let Some(url) = self.db_url.get() {
            return Ok(url.clone());
        }
        let mut url = crate::db::conninfo::database_url(&self.env, self.global.database_url.as_deref())?;
        for w in &url.warnings {
            crate::ui::output::warn(w);
        }
        if self.global.docker {
            crate::db::docker::use_container_address(&mut url)?;
        }
        Ok(self.db_url.get_or_init(|| url).clone())
    }

    /// `--connect-timeout` wins over the URL's `connect_timeout` (and `PGCONNECT_TIMEOUT`).
    pub fn connect_options(&self, url: &DbUrl) -> ConnectOptions {
        let connect_timeout = match self.global.connect_timeout {
            Some(secs) => Duration::from_secs(secs.max(1)),
            None => url.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        };
        ConnectOptions {
            connect_timeout,
            statement_timeout: Duration::from_secs(self.global.statement_timeout.max(1)),
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            verbose: self.global.verbose,
        }
    }

    /// Connects to the configured database.
    pub fn connect(&self) -> Result<Db> {
        let url = self.db_url()?;
        Db::connect(&url, &self.connect_options(&url))
    }

    /// Connects with a command's own `--lock-timeout` for every statement of the session.
    pub fn connect_with_lock_timeout(&self, secs: u64) -> Result<Db> {
        let url = self.db_url()?;
        let opts = ConnectOptions {
            lock_timeout: Duration::from_secs(secs.max(1)),
            ..self.connect_options(&url)
        };
        let mut db = Db::connect(&url, &opts)?;
        db.has_lock_timeout_flag();
        Ok(db)
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let mut ctx = Ctx::new(cli.global)?;
    if let Some(u) = ctx.global.database_url.as_deref() {
        if DbUrl::parse(u).is_ok_and(|u| u.config.get_password().is_some()) {
            crate::ui::output::warn(
                "--database-url carries a password, visible in `ps` and shell history: prefer DATABASE_URL or --env-file",
            );
        }
    }
    if changes_data(&cli.command) {
        ctx.out.for_change();
    }
    match cli.command {
        Command::Users(a) => users::run(&mut ctx, a),
        Command::Keys(c) => keys::run(&mut ctx, c),
        Command::Machines(a) => machines::run(&mut ctx, a),
        Command::IngestCount(a) => ingest::run_count(&mut ctx, a),
        Command::IngestEvents(a) => ingest::run_events(&mut ctx, a),
        Command::VerifyHash(a) => verify_hash::run(&mut ctx, a),
        Command::VerifyPassword(a) => verify_password::run(&mut ctx, a),
        Command::Doctor(a) => doctor::run(&mut ctx, a),
        Command::Provision(a) => provision::run(&mut ctx, a),
        Command::ResetClient(a) => reset_client::run(&mut ctx, a),
        Command::ResetPassword(a) => reset_password::run(&mut ctx, a),
        Command::TestLogin(a) => test_login::run(&mut ctx, a),
        Command::TestIngest(a) => test_ingest::run(&mut ctx, a),
        Command::Deliverable(a) => deliverable::run(&mut ctx, a),
        Command::Schema(c) => schema::run(&mut ctx, c),
        #[cfg(feature = "demo")]
        Command::Demo(a) => demo::run(&mut ctx, a),
        Command::Secrets(c) => secrets::run(&mut ctx, c),
        Command::Completions(a) => completions::run(&mut ctx, a),
        Command::Man(a) => completions::run_man(&mut ctx, a),
        #[cfg(feature = "demo")]
        Command::Standin(a) => standin::run(&mut ctx, a),
    }
}

/// Whether the command changes data (the database, the platform, files it destroys): once started it
/// runs to its real end, even when stdout is closed under it (see `output::Out::for_change`).
fn changes_data(cmd: &Command) -> bool {
    match cmd {
        Command::Keys(k) => matches!(k, keys::KeysCommand::Enable(_) | keys::KeysCommand::Disable(_)),
        Command::Provision(a) => !a.dry_run,
        Command::ResetClient(a) => !a.dry_run,
        Command::ResetPassword(_) | Command::TestIngest(_) => true,
        Command::Schema(s) => matches!(s, schema::SchemaCommand::Apply),
        Command::Secrets(s) => matches!(s, secrets::SecretsCommand::Shred { .. }),
        _ => false,
    }
}
