//! Database access: connecting (TLS, hard timeout, cancel on Ctrl-C), running SQL with logging and
//! redaction, and mapping PostgreSQL errors to exit codes.
//!
//! Every statement goes through [`Session`], which logs it under `--verbose` (parameters by `Debug`,
//! where secrets print `***`), and turns errors into exit 4 messages with the URL's password removed.
//! Statements use `query_typed`: parameters travel with their types, so a statement costs one round
//! trip instead of prepare + execute.

use crate::dburl::DbUrl;
use crate::error::{Error, Exit, Result};
use crate::ui::output;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, NoTls, Row, RowIter};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// A typed query parameter: the value and its PostgreSQL type.
pub type Param<'a> = (&'a (dyn ToSql + Sync), Type);

/// The TLS connector chosen from the URL's sslmode (kept to cancel queries on the same terms).
#[derive(Clone)]
pub enum Tls {
    None,
    Rustls(tokio_postgres_rustls::MakeRustlsConnect),
}

impl Tls {
    fn for_url(url: &DbUrl) -> Result<Tls> {
        if !url.ssl_mode.wants_tls() {
            return Ok(Tls::None);
        }
        Ok(Tls::Rustls(tokio_postgres_rustls::MakeRustlsConnect::new(
            crate::tls::client_config(url.ssl_mode, url.ssl_root_cert.as_deref())?,
        )))
    }

    fn connect(&self, config: &postgres::Config) -> std::result::Result<Client, postgres::Error> {
        match self {
            Tls::None => config.connect(NoTls),
            Tls::Rustls(t) => config.connect(t.clone()),
        }
    }

    pub fn cancel(&self, token: &postgres::CancelToken) -> std::result::Result<(), postgres::Error> {
        match self {
            Tls::None => token.cancel_query(NoTls),
            Tls::Rustls(t) => token.cancel_query(t.clone()),
        }
    }
}

/// Connection settings beyond the URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Hard limit on the whole connection start-up (TCP, TLS, authentication).
    pub connect_timeout: Duration,
    /// Server-side limit for each statement, sent in the start-up packet (no extra round trip).
    pub statement_timeout: Duration,
    /// Server-side limit on waiting for a lock, for every statement of the session (the reads of a plan
    /// too: a migration's ACCESS EXCLUSIVE lock must end in a lock timeout, not a long statement timeout).
    pub lock_timeout: Duration,
    pub verbose: bool,
}

/// An open connection with its logging and redaction context.
pub struct Db {
    session: Session<Client>,
}

/// Logging and redaction shared by a connection and its transactions.
struct Context {
    url: DbUrl,
    verbose: bool,
    /// Whether the command has a `--lock-timeout` flag (the lock hint names it only then).
    lock_timeout_flag: bool,
}

/// A client or a transaction, with the statement helpers.
pub struct Session<C> {
    client: C,
    ctx: Arc<Context>,
}

impl Db {
    /// Connects, with the whole start-up bounded by `connect_timeout`: the crate's own timeout covers
    /// only the TCP connect, and a server (or proxy) that accepts but never answers would hang it.
    pub fn connect(url: &DbUrl, opts: &ConnectOptions) -> Result<Db> {
        let tls = Tls::for_url(url)?;
        let mut config = url.config.clone();
        config.connect_timeout(opts.connect_timeout);
        let timeouts = format!(
            "-c statement_timeout={} -c lock_timeout={}",
            opts.statement_timeout.as_millis(),
            opts.lock_timeout.as_millis()
        );
        let options = match config.get_options() {
            Some(o) if !o.is_empty() => format!("{o} {timeouts}"),
            _ => timeouts,
        };
        config.options(&options);
        if opts.verbose {
            output::note(&format!("-- connecting to {} ({})", url.display(), url.sources()));
        }
        let (tx, rx) = mpsc::channel();
        let thread_tls = tls.clone();
        std::thread::spawn(move || {
            let _ = tx.send(thread_tls.connect(&config));
        });
        let client = match rx.recv_timeout(opts.connect_timeout) {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => return Err(connect_error(url, &e)),
            Err(_) => {
                return Err(Error::database(format!(
                    "cannot connect to {} (from {}): no answer within {} s",
                    url.display(),
                    url.source,
                    opts.connect_timeout.as_secs()
                ))
                .with_hint(
                    "check the host and port, or raise --connect-timeout (or the URL's connect_timeout)",
                ))
            }
        };
        crate::ui::signal::set_canceller(crate::ui::signal::Canceller {
            token: client.cancel_token(),
            tls,
        });
        Ok(Db {
            session: Session {
                client,
                ctx: Arc::new(Context {
                    url: url.clone(),
                    verbose: opts.verbose,
                    lock_timeout_flag: false,
                }),
            },
        })
    }

    pub fn url(&self) -> &DbUrl {
        &self.session.ctx.url
    }

    /// Says that the command has a `--lock-timeout` flag, so lock errors can point to it.
    pub fn has_lock_timeout_flag(&mut self) {
        if let Some(ctx) = Arc::get_mut(&mut self.session.ctx) {
            ctx.lock_timeout_flag = true;
        }
    }

    /// Starts a transaction; it rolls back unless [`Session::commit`] is called.
    pub fn transaction(&mut self) -> Result<Session<postgres::Transaction<'_>>> {
        let ctx = self.session.ctx.clone();
        let tx = self
            .session
            .client
            .transaction()
            .map_err(|e| map_error(&ctx, &e))?;
        Ok(Session { client: tx, ctx })
    }
}

impl std::ops::Deref for Db {
    type Target = Session<Client>;
    fn deref(&self) -> &Self::Target {
        &self.session
    }
}

impl std::ops::DerefMut for Db {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.session
    }
}

impl<C: GenericClient> Session<C> {
    fn log(&self, sql: &str, params: &[Param<'_>]) {
        if !self.ctx.verbose {
            return;
        }
        let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut line = format!("-- sql: {sql}");
        for (i, (v, _)) in params.iter().enumerate() {
            line.push_str(&format!("\n--   ${} = {v:?}", i + 1));
        }
        output::note(&self.ctx.url.redact(&line));
    }

    /// Runs a query and collects its rows (for small results).
    pub fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        self.log(sql, params);
        let r = self.client.query_typed(sql, params);
        r.map_err(|e| map_error_in(&self.ctx, &e, params))
    }

    /// Runs a query expected to return at most one row.
    pub fn query_opt(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        self.log(sql, params);
        let r = self.client.query_typed_opt(sql, params);
        r.map_err(|e| map_error_in(&self.ctx, &e, params))
    }

    /// Runs a query expected to return exactly one row.
    pub fn query_one(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        self.log(sql, params);
        let r = self.client.query_typed_one(sql, params);
        r.map_err(|e| map_error_in(&self.ctx, &e, params))
    }

    /// Runs a statement and returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        self.log(sql, params);
        let r = self.client.execute_typed(sql, params);
        r.map_err(|e| map_error_in(&self.ctx, &e, params))
    }

    /// Runs SQL text with no parameters (several statements allowed).
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        self.log(sql, &[]);
        let r = self.client.batch_execute(sql);
        r.map_err(|e| map_error(&self.ctx, &e))
    }

    /// Streams rows: memory stays flat whatever the result size.
    pub fn stream<'s>(&'s mut self, sql: &str, params: &[Param<'_>]) -> Result<Rows<'s>> {
        self.log(sql, params);
        let ctx = self.ctx.clone();
        let owned: Vec<(&(dyn ToSql + Sync), Type)> = params.iter().map(|(v, t)| (*v, t.clone())).collect();
        let iter = self
            .client
            .query_typed_raw(sql, owned)
            .map_err(|e| map_error_in(&ctx, &e, params))?;
        Ok(Rows { iter, ctx })
    }
}

impl Session<postgres::Transaction<'_>> {
    /// Commits — unless Ctrl-C was pressed meanwhile: then the transaction is dropped (rolled back) and
    /// the command ends with 130, so an interrupt never lets a change through after the fact.
    pub fn commit(self) -> Result<()> {
        if crate::ui::signal::interrupted() {
            return Err(Error::interrupted());
        }
        let ctx = self.ctx.clone();
        self.client.commit().map_err(|e| {
            let err = map_error(&ctx, &e);
            if outcome_unknown(&err) {
                err.with_hint(
                    "the connection was lost during COMMIT: the change may or may not have been committed — \
                     look before re-running (the audit commands show the state)",
                )
            } else {
                err
            }
        })
    }
}

/// A stream of rows with errors already mapped.
pub struct Rows<'a> {
    iter: RowIter<'a>,
    ctx: Arc<Context>,
}

impl Iterator for Rows<'_> {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Result<Row>> {
        use postgres::fallible_iterator::FallibleIterator;
        match self.iter.next() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => None,
            Err(e) => Some(Err(map_error(&self.ctx, &e))),
        }
    }
}

/// The error's text with the server's detail, which carries the useful part (which constraint, which
/// key) — redacted where it could show a secret (see [`redact_detail`]).
fn describe(e: &postgres::Error) -> String {
    describe_redacted(e, false)
}

fn describe_redacted(e: &postgres::Error, secret_params: bool) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!(
                "{} (SQLSTATE {})",
                redact_message(db.message(), secret_params),
                db.code().code()
            );
            if let Some(d) = db.detail() {
                s.push_str("; ");
                s.push_str(&redact_detail(db.table(), d, secret_params));
            }
            s
        }
        None => {
            // The crate's Display is terse ("error connecting to server"); the source says why.
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                let t = inner.to_string();
                if !s.contains(&t) {
                    s.push_str(&format!(": {t}"));
                }
                src = inner.source();
            }
            s
        }
    }
}

/// The failed connection, said usefully: a host name that does not resolve is named, with how to reach
/// a database inside a Docker network.
fn connect_error(url: &DbUrl, e: &postgres::Error) -> Error {
    let unresolved = url
        .host_name()
        .filter(|h| e.as_db_error().is_none() && !crate::docker::resolves(h, url.port()));
    if let Some(host) = unresolved {
        let from = url
            .origin("host")
            .map_or_else(|| url.source.to_string(), |o| o.to_string());
        return Error::database(format!(
            "cannot connect to {}: the host name `{}` (from {from}) does not resolve from here ({})",
            url.display(),
            url.redact(&host),
            url.redact(&describe(e))
        ))
        .with_hint(url.redact(&crate::docker::unresolvable_hint(&host)));
    }
    Error::database(format!(
        "cannot connect to {} (from {}): {}",
        url.display(),
        url.source,
        url.redact(&describe(e))
    ))
    .with_hint(url.redact(&connect_hint(url, e)))
}

/// Tables whose rows hold secrets (password hashes, key values, Slack webhooks, target URLs that may
/// carry credentials): a row or value shown by the server is never repeated for them.
const SECRET_TABLES: &[&str] = &["users", "api_keys", "client_settings", "http_targets"];

/// Columns whose values may be shown in a `Key (…)=(…)` detail: the rest may be secrets.
const SHOWN_COLUMNS: &[&str] = &[
    "id",
    "client_id",
    "machine_id",
    "email",
    "name",
    "ingest_id",
    "hostname",
    "fingerprint",
    "metric_instance_id",
    "definition_id",
];

/// Redacts a server detail that could show a secret: the whole row of `Failing row contains (…)`, and the
/// values of `Key (…)=(…)` unless every column is one of [`SHOWN_COLUMNS`] — for tables holding secrets,
/// and for any statement that carried a secret parameter.
fn redact_detail<'a>(table: Option<&str>, detail: &'a str, secret_params: bool) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let secret = secret_params || table.is_some_and(|t| SECRET_TABLES.contains(&t));
    if !secret {
        return Cow::Borrowed(detail);
    }
    if detail.starts_with("Failing row contains") {
        return Cow::Borrowed("Failing row contains (…): not shown, the row holds secrets");
    }
    if let Some(rest) = detail.strip_prefix("Key (") {
        if let Some((columns, _)) = rest.split_once(")=(") {
            if columns.split(", ").all(|c| SHOWN_COLUMNS.contains(&c)) {
                return Cow::Borrowed(detail);
            }
            // The end of the sentence ("already exists.", "is not present in table …").
            let tail = detail.rsplit_once(") ").map_or("", |(_, t)| t);
            return Cow::Owned(format!("Key ({columns})=(***) {tail}"));
        }
    }
    // Any other detail of a secret-holding row may quote a value: only its shape is safe to show.
    if detail.contains("=(") || detail.contains('"') {
        return Cow::Borrowed("(detail not shown: it may hold a secret value)");
    }
    Cow::Borrowed(detail)
}

/// Redacts the value an `invalid input …: "VALUE"` or `invalid byte sequence …: 0x…` message quotes,
/// when the statement carried a secret parameter (the value may be that secret).
fn redact_message(message: &str, secret_params: bool) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if !secret_params {
        return Cow::Borrowed(message);
    }
    match message.rsplit_once(": ") {
        Some((head, value)) if value.starts_with('"') || value.starts_with("0x") => {
            Cow::Owned(format!("{head}: ***"))
        }
        _ => Cow::Borrowed(message),
    }
}

/// Whether a statement's parameters hold a secret: a [`crate::secret::SecretString`] (alone, in an
/// `Option` or a `Vec`) is the only type whose `Debug` shows `***`.
fn has_secret(params: &[Param<'_>]) -> bool {
    params.iter().any(|(v, _)| format!("{v:?}").contains("***"))
}

fn connect_hint(url: &DbUrl, e: &postgres::Error) -> String {
    let text = describe(e);
    if text.contains("password authentication failed") {
        match url.origin("password") {
            Some(o) => format!("check the user and password (the password came from {o})"),
            None => "check the user and password of the database URL".into(),
        }
    } else if text.contains("no password supplied") || text.contains("password missing") {
        "no password was given: set it in the URL, PGPASSWORD or the password file (~/.pgpass, PGPASSFILE)"
            .into()
    } else if text.contains("does not exist") {
        "check the database name of the URL".into()
    } else if text.to_ascii_lowercase().contains("tls") || text.contains("certificate") {
        "check sslmode and sslrootcert".into()
    } else if let Some(postgres::config::Host::Unix(dir)) = url.config.get_hosts().first() {
        format!(
            "no server answers on the Unix socket {}/.s.PGSQL.{}: set the host (URL or PGHOST) if the database is not local",
            dir.display(),
            url.port()
        )
    } else {
        "check the database URL (--database-url, DATABASE_URL or SQLALCHEMY_DATABASE_URI) or the PG* variables, and that the server is up".into()
    }
}

fn map_error(ctx: &Context, e: &postgres::Error) -> Error {
    map_error_in(ctx, e, &[])
}

/// Maps a statement's error to exit 4 with a hint; the text is redacted (URL password, and what could
/// show a secret when the statement carried one or touched a table that holds them).
fn map_error_in(ctx: &Context, e: &postgres::Error, params: &[Param<'_>]) -> Error {
    use postgres::error::SqlState;
    let secret_params = e.as_db_error().is_some() && has_secret(params);
    let text = ctx.url.redact(&describe_redacted(e, secret_params));
    let code = e.code();
    if code == Some(&SqlState::QUERY_CANCELED) && crate::ui::signal::interrupted() {
        return Error::interrupted();
    }
    let mut err = Error::new(Exit::Database, format!("database: {text}"));
    if code == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        err = err.with_hint(if ctx.lock_timeout_flag {
            "another session holds a lock on these rows; nothing was changed — retry later or raise --lock-timeout"
        } else {
            "another session holds a lock on these rows; nothing was changed — retry later"
        });
    } else if code == Some(&SqlState::QUERY_CANCELED) {
        err = err.with_hint(
            "the statement timed out; nothing was changed — raise --statement-timeout if the data is large",
        );
    } else if code == Some(&SqlState::UNDEFINED_TABLE) || code == Some(&SqlState::UNDEFINED_COLUMN) {
        err = err.with_hint(
            "the database does not have the platform schema provctl expects: run `provctl doctor`",
        );
    } else if e.is_closed() || e.as_db_error().is_none() {
        err = err.with_hint("the connection to the database was lost; nothing was committed");
    }
    err
}

/// Reading a cell without ever panicking on what the database holds.
pub trait RowExt {
    /// The value of column `idx`, read as `T`. A type provctl cannot read, or a NULL where it needs a
    /// value, is exit 4 naming `table` and the column (`table` is the table the column comes from, or
    /// `""` for a value computed by the query).
    fn cell<'a, T: postgres::types::FromSql<'a>>(&'a self, idx: usize, table: &str) -> Result<T>;
}

impl RowExt for Row {
    fn cell<'a, T: postgres::types::FromSql<'a>>(&'a self, idx: usize, table: &str) -> Result<T> {
        self.try_get(idx)
            .map_err(|e| column_error(self, idx, table, std::any::type_name::<T>(), &e))
    }
}

/// The exit-4 error for a cell that cannot be read as `rust_type`.
pub fn column_error(row: &Row, idx: usize, table: &str, rust_type: &str, e: &postgres::Error) -> Error {
    let (column, found) = row
        .columns()
        .get(idx)
        .map_or(("?".to_string(), "?".to_string()), |c| {
            (c.name().to_string(), c.type_().name().to_string())
        });
    let place = if table.is_empty() {
        format!("column `{column}` of provctl's query")
    } else {
        format!("{table}.{column}")
    };
    let wanted = if rust_type.contains("String") {
        "text"
    } else if rust_type.contains("bool") {
        "a boolean"
    } else if rust_type.contains("i64") {
        "a bigint"
    } else if rust_type.contains("i32") {
        "an integer"
    } else if rust_type.contains("SystemTime") {
        "a timestamp"
    } else {
        "the expected type"
    };
    let why = if std::error::Error::source(e).is_some_and(|s| s.to_string().contains("NULL")) {
        format!("{place} is NULL where provctl needs {wanted}")
    } else {
        format!("{place} has type `{found}`, which provctl cannot read as {wanted}")
    };
    Error::database(format!("database: {why}")).with_hint(
        "the schema differs from the platform's: run `provctl doctor`, which checks the columns' types",
    )
}

/// Whether a failed COMMIT left the outcome unknown (the connection died: the server may have committed).
pub fn outcome_unknown(e: &Error) -> bool {
    e.exit == Exit::Database && !is_server_error(e)
}

/// Whether the server answered with an error (so a failed COMMIT certainly did not commit), as opposed
/// to a lost connection, after which the outcome is unknown.
pub fn is_server_error(e: &Error) -> bool {
    e.exit == Exit::Database && e.message.contains("(SQLSTATE ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_details_of_tables_holding_secrets_are_redacted() {
        let failing = "Failing row contains (id, cid, a@b.c, $2b$12$hashhashhash, admin_client, null).";
        assert!(!redact_detail(Some("users"), failing, false).contains("$2b$"));
        assert!(!redact_detail(Some("api_keys"), failing, false).contains("$2b$"));
        assert!(
            !redact_detail(None, failing, true).contains("$2b$"),
            "a secret parameter"
        );
        assert_eq!(redact_detail(Some("machines"), failing, false), failing);
        let dup_key = "Key (key)=(SecretKeyValue) already exists.";
        assert_eq!(
            redact_detail(Some("api_keys"), dup_key, false),
            "Key (key)=(***) already exists."
        );
        let dup_email = "Key (email)=(a@b.c) already exists.";
        assert_eq!(redact_detail(Some("users"), dup_email, false), dup_email);
        let fk = "Key (client_id, url)=(x, https://u:pw@h/) already exists.";
        assert!(!redact_detail(Some("http_targets"), fk, false).contains("pw@"));
    }

    #[test]
    fn a_value_quoted_by_the_server_is_redacted_when_a_secret_was_sent() {
        let m = "invalid input syntax for type integer: \"SecretKeyValue\"";
        assert_eq!(
            redact_message(m, true),
            "invalid input syntax for type integer: ***"
        );
        assert_eq!(redact_message(m, false), m);
        let nul = "invalid byte sequence for encoding \"UTF8\": 0x00";
        assert!(redact_message(nul, true).ends_with(": ***"));
        let plain = "null value in column \"tenant\" of relation \"users\" violates not-null constraint";
        assert_eq!(redact_message(plain, true), plain);
    }
}
