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

Exit codes: 0 ok, 1 check answered no, 2 invalid input, 3 refused,
4 database error, 5 network error, 130 interrupted (143 SIGTERM, 129 SIGHUP).
Documentation: docs/ in the repository, `provctl man`.";

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

    /// The subcommand's path as typed (`keys export`), for the tables keyed by command (`cmd::OUTPUTS`).
    #[arg(skip)]
    pub path: String,
}

impl Cli {
    /// The `Cli` of parsed matches, with the subcommand's path recorded (`keys export`).
    fn from_matches(matches: &clap::ArgMatches) -> Result<Cli, clap::Error> {
        use clap::{CommandFactory, FromArgMatches};
        let mut cli = Cli::from_arg_matches(matches).map_err(|e| e.format(&mut Cli::command()))?;
        let mut path = Vec::new();
        let mut m = matches;
        while let Some((name, sub)) = m.subcommand() {
            path.push(name);
            m = sub;
        }
        cli.path = path.join(" ");
        Ok(cli)
    }
}

/// Options accepted before or after the subcommand. In every `--help` they are listed under their
/// own heading, after the command's own options (as gh and kubectl do).
#[derive(Clone, Args)]
#[command(next_help_heading = "Global options")]
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

    /// Output format: table (fitted to the terminal), wide (a table with every column), json, csv.
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
    /// API keys: list, enable, disable, export, create, rotate, unbind.
    #[command(subcommand)]
    Keys(cmd::keys::KeysCommand),
    /// List machines (a client's, every client's, stale ones) newest registered first; delete one.
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
    /// Clients: list, show (the whole picture), delete (offboarding).
    #[command(subcommand)]
    Clients(cmd::clients::ClientsCommand),
    /// Read the audit log: each change with its outcome, newest first (no database needed).
    Log(cmd::log::LogArgs),
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

/// Parses the command line exactly as `Cli::try_parse_from` does, but builds only the invoked
/// subcommand's part of the tree when it can: clap's full tree (every subcommand's arguments, the
/// global options copied into each) costs more than the rest of a point look-up's own work.
///
/// The fast path takes the first argument that names a subcommand, parses the whole command line on a
/// tree of the global options and that one subcommand, and gives up on any error — `--help`,
/// `--version`, a mistake, or a wrong guess (an option's value that happens to be a subcommand's name:
/// the real subcommand is then unknown to the small tree). Giving up means today's full parse, so
/// every message, the help and the exit codes are clap's own. A parse that succeeds on the small tree
/// succeeds alike on the full one: the root's options and the subcommand are the same definitions.
pub fn parse_from(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    match parse_fast(&args) {
        Some(cli) => Ok(cli),
        None => {
            use clap::CommandFactory;
            Cli::from_matches(&Cli::command().try_get_matches_from(args)?)
        }
    }
}

/// The fast path of [`parse_from`]: `None` whenever the full parse has to decide.
fn parse_fast(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::Subcommand;
    let globals = GlobalArgs::augment_args(clap::Command::new("provctl"));
    let name = invoked(&globals, args)?;
    let sub = match one_subcommand(name) {
        Some(sub) => sub,
        // Not in the table (a command added since): the definition from the whole enum.
        None => Command::augment_subcommands(clap::Command::new("provctl"))
            .find_subcommand(name)?
            .clone(),
    };
    let root = globals.subcommand(sub).subcommand_required(true);
    let matches = root.try_get_matches_from(args).ok()?;
    Cli::from_matches(&matches).ok()
}

/// The definition of one subcommand for the fast path, built from its own type: building them all
/// (`Command::augment_subcommands`) and dropping the others was most of what parsing cost (bench/notes.md,
/// finding 3). What the enum's variants add beyond their types is their help text (help is left to the
/// full parse) and, for the groups, that a subcommand is required. `cli::tests` checks that every
/// subcommand of the tree is here and parses as on the full tree.
fn one_subcommand(name: &str) -> Option<clap::Command> {
    use crate::cmd::*;
    use clap::Subcommand;
    fn args<A: Args>(name: &'static str) -> clap::Command {
        A::augment_args(clap::Command::new(name))
    }
    fn group<S: Subcommand>(name: &'static str) -> clap::Command {
        S::augment_subcommands(clap::Command::new(name))
            .subcommand_required(true)
            .arg_required_else_help(true)
    }
    Some(match name {
        "users" => args::<users::UsersArgs>("users"),
        "keys" => group::<keys::KeysCommand>("keys"),
        "machines" => args::<machines::MachinesArgs>("machines"),
        "ingest-count" => args::<ingest::IngestCountArgs>("ingest-count"),
        "ingest-events" => args::<ingest::IngestEventsArgs>("ingest-events"),
        "verify-hash" => args::<verify_hash::VerifyHashArgs>("verify-hash"),
        "verify-password" => args::<verify_password::VerifyPasswordArgs>("verify-password"),
        "doctor" => args::<doctor::DoctorArgs>("doctor"),
        "provision" => args::<provision::ProvisionArgs>("provision"),
        "reset-client" => args::<reset_client::ResetClientArgs>("reset-client"),
        "reset-password" => args::<reset_password::ResetPasswordArgs>("reset-password"),
        "test-login" => args::<test_login::TestLoginArgs>("test-login"),
        "test-ingest" => args::<test_ingest::TestIngestArgs>("test-ingest"),
        "deliverable" => args::<deliverable::DeliverableArgs>("deliverable"),
        "schema" => group::<schema::SchemaCommand>("schema"),
        "secrets" => group::<secrets::SecretsCommand>("secrets"),
        "clients" => group::<clients::ClientsCommand>("clients"),
        "log" => args::<log::LogArgs>("log"),
        "completions" => args::<completions::CompletionsArgs>("completions"),
        "man" => args::<completions::ManArgs>("man"),
        _ => return None,
    })
}

/// The subcommand argv names: its first argument that is not a global option or an option's value.
/// `None` when that is not a subcommand's name (or there is none, or `--` comes first).
fn invoked<'a>(globals: &clap::Command, args: &'a [std::ffi::OsString]) -> Option<&'a str> {
    let takes_value = |a: &clap::Arg| a.get_action().takes_values();
    let mut tokens = args.iter().skip(1);
    while let Some(token) = tokens.next() {
        let t = token.to_str()?;
        if t == "--" {
            return None;
        } else if let Some(long) = t.strip_prefix("--") {
            let wants_next = !long.contains('=')
                && globals
                    .get_arguments()
                    .any(|a| a.get_long() == Some(long) && takes_value(a));
            if wants_next {
                tokens.next();
            }
        } else if let Some(shorts) = t.strip_prefix('-').filter(|s| !s.is_empty()) {
            // A cluster (`-yq`, `-ojson`, `-qo json`): the first short that takes a value ends it.
            for (i, c) in shorts.char_indices() {
                if globals
                    .get_arguments()
                    .any(|a| a.get_short() == Some(c) && takes_value(a))
                {
                    if i + c.len_utf8() == shorts.len() {
                        tokens.next();
                    }
                    break;
                }
            }
        } else {
            return Command::has_subcommand(t).then_some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::ffi::OsString;

    /// Everything a parse decides, for comparing two parses (`GlobalArgs`' `Debug` is redacted).
    fn decided(c: &Cli) -> String {
        let g = &c.global;
        format!(
            "{:?} | {:?} {:?} {:?} {} {} {} {:?} {:?} {} {} {}",
            c.command,
            g.database_url,
            g.env_file,
            g.output,
            g.yes,
            g.verbose,
            g.quiet,
            g.audit_log,
            g.connect_timeout,
            g.docker,
            g.statement_timeout,
            g.csv_raw
        )
    }

    /// Checks that `parse_from` decides as the full parse does — the same `Cli`, or the same error
    /// (kind, exit code, rendered text) — and says whether the fast path decided.
    fn same_as_full(argv: &[&str]) -> bool {
        let args: Vec<OsString> = argv.iter().map(OsString::from).collect();
        let full = <Cli as clap::Parser>::try_parse_from(args.clone());
        let fast = parse_fast(&args);
        match (&full, &fast) {
            (Ok(a), Some(b)) => assert_eq!(decided(a), decided(b), "{argv:?}"),
            (Err(e), Some(b)) => panic!(
                "{argv:?}: the fast path accepted {} where clap says {e}",
                decided(b)
            ),
            _ => {}
        }
        match (full, parse_from(args)) {
            (Ok(a), Ok(b)) => assert_eq!(decided(&a), decided(&b), "{argv:?}"),
            (Err(a), Err(b)) => {
                assert_eq!(a.kind(), b.kind(), "{argv:?}");
                assert_eq!(a.exit_code(), b.exit_code(), "{argv:?}");
                assert_eq!(a.render().to_string(), b.render().to_string(), "{argv:?}");
            }
            (a, b) => panic!("{argv:?}: full {:?}, parse_from {:?}", a.is_ok(), b.is_ok()),
        }
        fast.is_some()
    }

    /// The fast path's table knows every subcommand of the tree but the demo's (built from the enum,
    /// as any command the table would miss), and defines each with the options of the full tree.
    #[test]
    fn the_fast_parse_table_has_every_subcommand() {
        use clap::CommandFactory;
        let mut root = Cli::command();
        root.build();
        for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sub.get_name();
            if ["demo", "standin"].contains(&name) {
                continue;
            }
            let mut one = one_subcommand(name).unwrap_or_else(|| panic!("add `{name}` to one_subcommand"));
            one.build();
            let ids = |c: &clap::Command| -> Vec<String> {
                // `help` is the root's, propagated (the small tree has its own).
                let mut v: Vec<String> = c
                    .get_arguments()
                    .map(|a| a.get_id().to_string())
                    .filter(|i| i != "help")
                    .collect();
                v.extend(c.get_subcommands().map(|s| format!("sub:{}", s.get_name())));
                v.sort();
                v
            };
            let globals: Vec<String> = root.get_arguments().map(|a| a.get_id().to_string()).collect();
            let full: Vec<String> = ids(sub).into_iter().filter(|i| !globals.contains(i)).collect();
            assert_eq!(ids(&one), full, "{name}");
        }
    }

    #[test]
    fn the_fast_parse_decides_as_the_full_parse() {
        let fast = [
            &["provctl", "users", "--email", "admin@acme.example"][..],
            &["provctl", "users", "--email", "admin@acme.example", "-o", "json"],
            &[
                "provctl", "-o", "csv", "users", "--client", "Acme", "--limit", "10",
            ],
            &["provctl", "--database-url", "postgresql://u@h/d", "users"],
            &[
                "provctl",
                "--env-file",
                ".env",
                "-q",
                "keys",
                "list",
                "--client",
                "Acme",
                "--bound",
            ],
            &["provctl", "keys", "list", "--prefix", "acme-key-", "-o", "json"],
            &["provctl", "keys", "disable", "--yes", "acme-key-02"],
            &["provctl", "machines", "--client", "Beta", "--verbose"],
            &[
                "provctl",
                "--connect-timeout",
                "3",
                "--statement-timeout",
                "9",
                "ingest-count",
                "--client",
                "x",
            ],
            &[
                "provctl",
                "ingest-events",
                "--client",
                "x",
                "--csv-raw",
                "-o",
                "csv",
            ],
            &["provctl", "verify-hash", "--all"],
            &["provctl", "verify-hash", "--email", "a@b.example", "--docker"],
            &["provctl", "doctor", "--audit-log", "/tmp/a.jsonl"],
            &["provctl", "--output=json", "doctor"],
            &["provctl", "-yq", "doctor"],
            // Option values that are subcommand names, before the subcommand…
            &["provctl", "--env-file", "doctor", "users"],
            &["provctl", "--database-url", "users", "users", "--email", "users"],
            &[
                "provctl",
                "--audit-log=keys",
                "-yqo",
                "csv",
                "machines",
                "--client",
                "a",
            ],
            &[
                "provctl",
                "-o",
                "json",
                "--audit-log",
                "keys",
                "machines",
                "--client",
                "a",
            ],
            &["provctl", "-qojson", "users"],
            // …or after it.
            &["provctl", "users", "--email", "doctor"],
            &["provctl", "users", "--client", "keys"],
            &["provctl", "man"],
        ];
        for argv in fast {
            assert!(same_as_full(argv), "{argv:?} should take the fast path");
        }
        for argv in [
            &["provctl"][..],
            &["provctl", "--help"],
            &["provctl", "-h"],
            &["provctl", "--version"],
            &["provctl", "-V"],
            &["provctl", "help"],
            &["provctl", "help", "users"],
            &["provctl", "users", "--help"],
            &["provctl", "keys", "list", "-h"],
            &["provctl", "keys"],
            &["provctl", "keys", "help", "list"],
            &["provctl", "userz"],
            &["provctl", "users", "--emial", "a@b.example"],
            &["provctl", "users", "--limit", "many"],
            &["provctl", "users", "--verbose", "--quiet"],
            &["provctl", "-o", "yaml", "users"],
            &["provctl", "--statement-timeout", "99999999", "users"],
            &["provctl", "--env-file", "users"],
            &["provctl", "--env-file", "keys", "users", "extra"],
            &["provctl", "users", "doctor"],
            &["provctl", "users", "--", "doctor"],
            &["provctl", "--", "users"],
            &["provctl", "-x", "users"],
        ] {
            same_as_full(argv);
        }
    }

    /// Every subcommand, whatever is added later, with and without its own mistakes.
    #[test]
    fn every_subcommand_parses_alike_on_both_paths() {
        fn walk(cmd: &clap::Command, path: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                path.push(sub.get_name().to_string());
                for extra in [
                    &[][..],
                    &["--help"],
                    &["--no-such-flag"],
                    &["-q", "--verbose"],
                    &["-o", "json"],
                ] {
                    let mut argv: Vec<&str> = vec!["provctl"];
                    argv.extend(path.iter().map(String::as_str));
                    argv.extend(extra.iter().copied());
                    same_as_full(&argv);
                    let mut before: Vec<&str> = vec!["provctl", "--quiet"];
                    before.extend(argv[1..].iter().copied());
                    same_as_full(&before);
                }
                walk(sub, path);
                path.pop();
            }
        }
        walk(&Cli::command(), &mut Vec::new());
    }

    /// Every command of the tree with its path (`provctl keys export`).
    fn all(cmd: &clap::Command, path: String, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.clone(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            all(sub, format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn help_examples_fit_80_columns_and_are_never_wrapped() {
        let mut cmds = Vec::new();
        let mut root = Cli::command();
        root.build();
        all(&root, "provctl".into(), &mut cmds);
        let mut bad = Vec::new();
        for (path, cmd) in cmds {
            let Some(after) = cmd.get_after_help().map(|h| h.to_string()) else {
                continue;
            };
            // Rendered on an 80-column terminal, every line of the examples comes out as it was written.
            let help = cmd.clone().term_width(80).render_help().to_string();
            for line in after.lines().filter(|l| !l.trim().is_empty()) {
                if unicode_width::UnicodeWidthStr::width(line) > 80
                    || !help.lines().any(|h| h.trim_end() == line.trim_end())
                {
                    bad.push(format!("{path}: {line}"));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "example lines over 80 columns, wrapped by clap (split them with `\\`):\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn global_options_have_their_own_heading_in_a_subcommand_help() {
        let mut root = Cli::command();
        root.build();
        let help = root
            .find_subcommand("users")
            .unwrap()
            .clone()
            .render_help()
            .to_string();
        let own = help.find("--email").expect("own option");
        let heading = help.find("Global options:").expect("heading");
        let global = help.find("--database-url").expect("global option");
        assert!(own < heading && heading < global, "{help}");
    }
}
