//! Subcommands: one file each, holding its flags (`Args`) and its `run`. Shared set-up (environment,
//! database URL, connection, output) is resolved once here in [`Ctx`].

pub mod clients;
pub mod completions;
pub mod deliverable;
#[cfg(feature = "demo")]
pub mod demo;
pub mod doctor;
pub mod ingest;
pub mod keys;
pub mod log;
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
use crate::error::{Error, Result};
use crate::ui::confirm::Target;
use crate::ui::output::{Format, Out};
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
        let colour = crate::ui::colour::ColourEnv::from_vars(|k| env.get(k));
        let columns = env.get("COLUMNS").and_then(|c| c.trim().parse().ok());
        let out = Out::new(global.output, colour, global.csv_raw, columns);
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

    /// The database a change writes to, for plan headers and confirmations: `database
    /// user@host:port/db` (never the password) and the environment (`APP_ENV`, else `ENV`).
    pub fn target(&self) -> Result<Target> {
        let url = self.db_url()?;
        let user = url.config.get_user().unwrap_or_default();
        let place = url.redact(&format!(
            "database {user}@{}:{}/{}",
            url.host(),
            url.port(),
            url.dbname()
        ));
        Ok(self.target_at(place))
    }

    /// A target that is not the database (`files in DIR`, `API https://…`), in this environment.
    pub fn target_at(&self, place: String) -> Target {
        let production = self.env.is_production();
        // In production, the variable that says so (APP_ENV=staging with ENV=production is production).
        let environment = ["APP_ENV", "ENV"]
            .into_iter()
            .filter_map(|k| self.env.get(k).map(|v| (v, k)))
            .find(|(v, _)| {
                !production || matches!(v.trim().to_ascii_lowercase().as_str(), "prod" | "production")
            });
        Target {
            place,
            environment,
            production,
        }
    }

    /// Connects to the configured database.
    pub fn connect(&self) -> Result<Db> {
        let url = self.db_url()?;
        Db::connect(&url, &self.connect_options(&url))
    }

    /// Opens the one transaction of a change, with `lock_timeout` (seconds) and the global statement
    /// timeout set for it alone (`SET LOCAL`).
    pub fn change_transaction<'d>(
        &self,
        db: &'d mut Db,
        lock_timeout: u64,
    ) -> Result<crate::db::Session<postgres::Transaction<'d>>> {
        db.change_transaction(lock_timeout, self.global.statement_timeout)
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

/// Every `-o` format: commands with tables (`-o wide` is a table with every column).
const ALL: &[Format] = &[Format::Table, Format::Wide, Format::Json, Format::Csv];
/// A command that prints its own text (DDL, markdown, a script): no `-o` but the default.
const TEXT: &[Format] = &[Format::Table];

/// The `-o` formats each command can produce, checked before it runs: anything else is exit 2 naming
/// what it can. A new command adds its line here (a unit test fails for a command left out).
pub const OUTPUTS: &[(&str, &[Format])] = &[
    ("users", ALL),
    ("keys list", ALL),
    ("keys enable", ALL),
    ("keys disable", ALL),
    // `-o json` is `--format json`; the default is its `--format` (lines).
    ("keys export", &[Format::Table, Format::Json]),
    ("keys create", &[Format::Table, Format::Json]),
    ("keys rotate", &[Format::Table, Format::Json]),
    ("keys unbind", ALL),
    ("machines delete", ALL),
    ("machines", ALL),
    ("clients list", ALL),
    ("clients show", ALL),
    ("clients delete", ALL),
    ("log", ALL),
    ("ingest-count", ALL),
    ("ingest-events", ALL),
    ("verify-hash", ALL),
    ("verify-password", ALL),
    ("doctor", ALL),
    // Plan lines, or one JSON object per INI.
    ("provision", &[Format::Table, Format::Json]),
    ("reset-client", ALL),
    ("reset-password", ALL),
    ("test-login", ALL),
    ("test-ingest", ALL),
    ("deliverable", TEXT),
    ("schema print", TEXT),
    ("schema apply", TEXT),
    ("demo", TEXT),
    ("secrets list", ALL),
    ("secrets show", ALL),
    ("secrets shred", ALL),
    ("completions", TEXT),
    ("man", TEXT),
    ("standin", TEXT),
];

/// Refuses (exit 2) an `-o` the command cannot produce, naming the formats it can.
fn check_output(path: &str, output: Format) -> Result<()> {
    let Some((_, formats)) = OUTPUTS.iter().find(|(p, _)| *p == path) else {
        // Unreachable for a command of the tree (the unit test below); never a reason to refuse.
        return Ok(());
    };
    if formats.contains(&output) {
        return Ok(());
    }
    let message = if *formats == TEXT {
        format!(
            "-o {}: `provctl {path}` prints its own text only, it has no -o format",
            output.name()
        )
    } else {
        let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        format!(
            "-o {}: `provctl {path}` cannot produce {}; it can: {}",
            output.name(),
            output.name(),
            names.join(", ")
        )
    };
    Err(Error::usage(message))
}

/// Shows a plan's counts: a `field | value` record on stdout, or, in JSON mode (where stdout carries
/// the command's one summary object), `  name: count` lines on stderr.
pub fn show_plan<'a>(ctx: &mut Ctx, counts: impl Iterator<Item = (&'a str, i64)>) -> Result<()> {
    let fields: Vec<(&str, crate::ui::output::Value)> = counts
        .map(|(n, c)| (n, crate::ui::output::Value::Int(c)))
        .collect();
    if ctx.out.format == crate::ui::output::Format::Json {
        for (n, c) in &fields {
            crate::ui::output::note(&format!("  {n}: {}", c.plain()));
        }
        return Ok(());
    }
    ctx.out.record(&fields)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    check_output(&cli.path, cli.global.output)?;
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
        Command::Clients(c) => clients::run(&mut ctx, c),
        Command::Log(a) => log::run(&mut ctx, a),
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
        Command::Keys(k) => keys::changes_data(k),
        Command::Machines(m) => machines::changes_data(m),
        Command::Provision(a) => !a.dry_run,
        Command::Clients(clients::ClientsCommand::Delete(a)) => !a.dry_run,
        Command::ResetClient(a) => !a.dry_run,
        Command::ResetPassword(_) | Command::TestIngest(_) => true,
        Command::Schema(s) => matches!(s, schema::SchemaCommand::Apply),
        Command::Secrets(s) => matches!(s, secrets::SecretsCommand::Shred { .. }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command of the tree that runs (`keys export`, `users`), as `cli::parse_from` names them.
    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                // A group that also runs on its own (`machines`, beside `machines delete`).
                if !sub.is_subcommand_required_set() {
                    out.push(path.clone());
                }
                leaves(sub, &format!("{path} "), out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_command_says_which_output_formats_it_produces() {
        let mut all = Vec::new();
        leaves(&Cli::command(), "", &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|p| !OUTPUTS.iter().any(|(o, _)| o == p))
            .collect();
        assert!(
            missing.is_empty(),
            "add these commands to cmd::OUTPUTS: {missing:?}"
        );
        let stale: Vec<&str> = OUTPUTS
            .iter()
            .map(|(o, _)| *o)
            .filter(|o| !all.iter().any(|p| p == o))
            .collect();
        // `demo` and `standin` are absent without the demo feature.
        assert!(
            stale
                .iter()
                .all(|s| ["demo", "standin"].contains(s) && cfg!(not(feature = "demo"))),
            "cmd::OUTPUTS names commands that do not exist: {stale:?}"
        );
        assert!(all.len() > 20);
    }

    #[test]
    fn a_format_a_command_cannot_produce_names_those_it_can() {
        let e = check_output("provision", Format::Csv).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Usage);
        assert!(e.message.contains("it can: table, json"), "{}", e.message);
        let e = check_output("schema print", Format::Json).unwrap_err();
        assert!(e.message.contains("prints its own text only"), "{}", e.message);
        assert!(check_output("users", Format::Wide).is_ok());
        assert!(check_output("keys export", Format::Json).is_ok());
    }
}
