//! Connecting (TLS, hard timeout, cancel on Ctrl-C) and running SQL with logging.
//!
//! Every statement goes through [`Session`], which logs it under `--verbose` (parameters by `Debug`,
//! where secrets print `***`, an `Option` shown as its value or NULL), and turns errors into exit 4 messages through [`super::errors`].
//! Statements use `query_typed`: parameters travel with their types, so a statement costs one round
//! trip instead of prepare + execute.

use super::errors::{connect_error, map_error, map_error_in, outcome_unknown};
use crate::db::url::DbUrl;
use crate::error::{Error, Result};
use crate::ui::output;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, NoTls, Row, RowIter};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the caller looks at the signals while the connection is being made (see [`Db::connect`]).
const SIGNAL_POLL: Duration = Duration::from_millis(20);

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
            crate::db::tls::client_config(url.ssl_mode, url.ssl_root_cert.as_deref())?,
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
pub(super) struct Context {
    pub(super) url: DbUrl,
    verbose: bool,
    /// Whether the command has a `--lock-timeout` flag (the lock hint names it only then).
    pub(super) lock_timeout_flag: bool,
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
        // The connecting thread then stays to serve the signals (when no thread does yet): one helper
        // thread for the process instead of two. Until the connection is handed back, this thread polls
        // for them, so a signal while connecting acts at once as it does later.
        std::thread::spawn(move || {
            let _ = tx.send(thread_tls.connect(&config));
            crate::ui::signal::serve();
        });
        let deadline = Instant::now() + opts.connect_timeout;
        let outcome = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left.min(SIGNAL_POLL)) {
                Ok(r) => break Some(r),
                Err(mpsc::RecvTimeoutError::Timeout) if left > SIGNAL_POLL => {
                    crate::ui::signal::poll_unserved()
                }
                Err(_) => break None,
            }
        };
        let client = match outcome {
            Some(Ok(c)) => c,
            Some(Err(e)) => return Err(connect_error(url, &e)),
            None => {
                // The connecting thread may never come back: the signals get a thread of their own.
                crate::ui::signal::serve_in_background();
                return Err(Error::database(format!(
                    "cannot connect to {} (from {}): no answer within {} s",
                    url.display(),
                    url.source,
                    opts.connect_timeout.as_secs()
                ))
                .with_hint(
                    "check the host and port, or raise --connect-timeout (or the URL's connect_timeout)",
                ));
            }
        };
        let token = client.cancel_token();
        crate::ui::signal::set_canceller(Box::new(move || {
            // Best effort: the process leaves after the grace period whatever the server answers.
            let _ = tls.cancel(&token);
        }));
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
    /// The one transaction of a change: `lock_timeout` and `statement_timeout` (seconds, at least 1)
    /// set for it alone (`SET LOCAL`), so a change never waits on a lock or a statement without end.
    pub fn change_transaction(
        &mut self,
        lock_timeout: u64,
        statement_timeout: u64,
    ) -> Result<Session<postgres::Transaction<'_>>> {
        let mut tx = self.transaction()?;
        tx.batch(&format!(
            "SET LOCAL lock_timeout = '{}s'; SET LOCAL statement_timeout = '{}s'",
            lock_timeout.max(1),
            statement_timeout.max(1)
        ))?;
        Ok(tx)
    }

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

/// A parameter as `--verbose` shows it: its `Debug` text (strings quoted, secrets `***`) without
/// Rust's `Option` around it — `Some("acme")` is `"acme"`, `None` is `NULL`, as SQL would say.
fn param_text(debug: &str) -> String {
    let mut s = debug;
    while let Some(inner) = s.strip_prefix("Some(").and_then(|r| r.strip_suffix(')')) {
        s = inner;
    }
    match s {
        "None" => "NULL".to_string(),
        s => s.to_string(),
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
            line.push_str(&format!("\n--   ${} = {}", i + 1, param_text(&format!("{v:?}"))));
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

#[cfg(test)]
mod tests {
    #[test]
    fn verbose_parameters_are_shown_without_rusts_option() {
        use super::param_text;
        assert_eq!(param_text(&format!("{:?}", Some("acme"))), "\"acme\"");
        assert_eq!(param_text(&format!("{:?}", None::<String>)), "NULL");
        assert_eq!(param_text(&format!("{:?}", Some(Some(5)))), "5");
        assert_eq!(param_text(&format!("{:?}", vec!["a", "b"])), "[\"a\", \"b\"]");
        assert_eq!(param_text("Some(***)"), "***");
    }
}
