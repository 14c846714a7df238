//! PostgreSQL errors as provctl says them: exit 4 with a hint, the URL's password removed, and the
//! server's row details redacted where they could show a secret (a failing row of `users` carries a
//! bcrypt hash; a duplicate `api_keys.key` carries the key).

use super::connection::{Context, Param};
use crate::db::url::DbUrl;
use crate::error::{Error, Exit};
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
pub(super) fn connect_error(url: &DbUrl, e: &postgres::Error) -> Error {
    let unresolved = url
        .host_name()
        .filter(|h| e.as_db_error().is_none() && !crate::db::docker::resolves(h, url.port()));
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
        .with_hint(url.redact(&crate::db::docker::unresolvable_hint(&host)));
    }
    if let Some(err) = no_tls_there(url, e) {
        return err;
    }
    Error::database(format!(
        "cannot connect to {} (from {}): {}",
        url.display(),
        url.source,
        url.redact(&describe(e))
    ))
    .with_hint(url.redact(&connect_hint(url, e)))
}

/// TLS was demanded (sslmode require or stricter) and the server has none: PostgreSQL with `ssl = off`
/// answers the TLS request with `N`, and something that is not PostgreSQL closes the connection
/// (which the crate reports as an early end of file). Both said as what they are.
fn no_tls_there(url: &DbUrl, e: &postgres::Error) -> Option<Error> {
    use crate::db::url::SslMode;
    if e.as_db_error().is_some()
        || matches!(url.ssl_mode, SslMode::Disable | SslMode::Allow | SslMode::Prefer)
    {
        return None;
    }
    let text = describe(e);
    let mode = url.ssl_mode.as_str();
    let from = url
        .origin("sslmode")
        .map_or_else(|| url.source.to_string(), |o| o.to_string());
    let (what, hint) = if text.contains("server does not support TLS") {
        (
            format!("the server does not offer TLS (its ssl setting is off), and sslmode={mode} (from {from}) demands it"),
            "turn TLS on at the server (ssl = on, with a certificate), or, only on a network you trust, \
             connect with sslmode=prefer or disable",
        )
    } else if ["early eof", "unexpected end of file", "Connection reset"]
        .iter()
        .any(|t| text.contains(t))
    {
        (
            format!(
                "the server closed the connection when asked for TLS (sslmode={mode}, from {from}): \
                 is this a PostgreSQL port?"
            ),
            "check the host and port: nothing there speaks PostgreSQL's TLS negotiation",
        )
    } else {
        return None;
    };
    Some(
        Error::database(format!(
            "cannot connect to {} (from {}): {what}",
            url.display(),
            url.source
        ))
        .with_hint(hint),
    )
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

/// Whether a statement's parameters hold a secret: a [`crate::secrets::secret::SecretString`] (alone, in an
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

pub(super) fn map_error(ctx: &Context, e: &postgres::Error) -> Error {
    map_error_in(ctx, e, &[])
}

/// Maps a statement's error to exit 4 with a hint; the text is redacted (URL password, and what could
/// show a secret when the statement carried one or touched a table that holds them).
pub(super) fn map_error_in(ctx: &Context, e: &postgres::Error, params: &[Param<'_>]) -> Error {
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
