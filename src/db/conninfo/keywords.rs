//! libpq's connection keywords (PostgreSQL 17), their environment variables, and what provctl does with
//! each: resolve it, hand it to the driver, drop it (no effect here), or refuse it.

/// What provctl does with a libpq keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Resolved here (host, port, user, TLS, timeouts…).
    Own,
    /// Handed to the `postgres` crate under this name.
    Driver(&'static str),
    /// Harmless to drop: no effect on what provctl does (GSSAPI, compression, SNI…).
    Ignored,
    /// Would change who we are or what we trust, and provctl cannot do it: refused.
    Unsupported(&'static str),
}

/// Every libpq keyword (PostgreSQL 17), its environment variable when provctl reads it, and its use.
pub(super) const KEYWORDS: &[(&str, Option<&str>, Use)] = &[
    ("service", Some("PGSERVICE"), Use::Own),
    ("user", Some("PGUSER"), Use::Own),
    ("password", Some("PGPASSWORD"), Use::Own),
    ("passfile", Some("PGPASSFILE"), Use::Own),
    (
        "channel_binding",
        Some("PGCHANNELBINDING"),
        Use::Driver("channel_binding"),
    ),
    ("connect_timeout", Some("PGCONNECT_TIMEOUT"), Use::Own),
    ("dbname", Some("PGDATABASE"), Use::Own),
    ("host", Some("PGHOST"), Use::Own),
    ("hostaddr", Some("PGHOSTADDR"), Use::Own),
    ("port", Some("PGPORT"), Use::Own),
    ("client_encoding", None, Use::Ignored),
    ("options", Some("PGOPTIONS"), Use::Own),
    ("application_name", Some("PGAPPNAME"), Use::Own),
    ("fallback_application_name", None, Use::Own),
    ("keepalives", None, Use::Driver("keepalives")),
    ("keepalives_idle", None, Use::Driver("keepalives_idle")),
    ("keepalives_interval", None, Use::Driver("keepalives_interval")),
    ("keepalives_count", None, Use::Driver("keepalives_retries")),
    ("tcp_user_timeout", None, Use::Driver("tcp_user_timeout")),
    ("sslmode", Some("PGSSLMODE"), Use::Own),
    (
        "sslnegotiation",
        Some("PGSSLNEGOTIATION"),
        Use::Driver("sslnegotiation"),
    ),
    ("sslcompression", None, Use::Ignored),
    ("sslcert", None, Use::Unsupported("client certificates")),
    ("sslkey", None, Use::Unsupported("client certificates")),
    ("sslcertmode", None, Use::Ignored),
    ("sslpassword", None, Use::Unsupported("client certificates")),
    ("sslrootcert", Some("PGSSLROOTCERT"), Use::Own),
    ("sslcrl", None, Use::Unsupported("certificate revocation lists")),
    (
        "sslcrldir",
        None,
        Use::Unsupported("certificate revocation lists"),
    ),
    ("sslsni", None, Use::Ignored),
    ("requirepeer", None, Use::Unsupported("peer checks")),
    (
        "require_auth",
        None,
        Use::Unsupported("authentication method restrictions"),
    ),
    ("ssl_min_protocol_version", None, Use::Ignored),
    ("ssl_max_protocol_version", None, Use::Ignored),
    ("gssencmode", None, Use::Ignored),
    ("krbsrvname", None, Use::Ignored),
    ("gsslib", None, Use::Ignored),
    ("gssdelegation", None, Use::Ignored),
    ("replication", None, Use::Unsupported("replication connections")),
    (
        "target_session_attrs",
        Some("PGTARGETSESSIONATTRS"),
        Use::Driver("target_session_attrs"),
    ),
    (
        "load_balance_hosts",
        Some("PGLOADBALANCEHOSTS"),
        Use::Driver("load_balance_hosts"),
    ),
];

/// Every libpq variable provctl reads (for a child process that must not inherit the operator's).
pub fn libpq_vars() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .filter_map(|(_, env, _)| *env)
        .chain(["PGSERVICEFILE", "PGSYSCONFDIR", "PGREQUIRESSL"])
}

/// The canonical keyword and its use, if `key` is a libpq keyword.
pub(super) fn keyword(key: &str) -> Option<(&'static str, Use)> {
    KEYWORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(k, _, u)| (*k, *u))
}

/// Whether `key` is a libpq connection keyword (what a service file may set).
pub fn is_keyword(key: &str) -> bool {
    keyword(key).is_some()
}
