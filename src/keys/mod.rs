//! API keys: the SQL of their listings and selections (`select`), and the changes on named keys beyond
//! the runbook — the next keys of a client (`create`), a new value for one key (`rotate`), a key
//! freed from its machine (`unbind`). Plans, transactions and their verification live here; flags,
//! printing and where generated values go (the `keys export` rules) live in `cmd::keys`.
//!
//! May use: provision (generated values, the naming convention), audit, db, secrets, ui, config, error.

pub mod create;
pub mod named;
pub mod rotate;
pub mod select;
pub mod unbind;

/// What a change needs besides the database: the audit log, the environment (for its lines) and the
/// statement limit.
pub struct Recorder<'a> {
    pub log: &'a mut crate::audit::AuditLog,
    pub env: &'a crate::config::Env,
    pub statement_timeout: u64,
}

/// A key's value as it leaves the database (an export) or is about to enter it (create, rotate).
#[derive(Clone)]
pub struct KeyValue {
    pub name: String,
    pub key: crate::secrets::secret::SecretString,
    pub is_active: bool,
}

/// A change made and verified inside its open transaction, with the values it generated: the command
/// delivers them (a file before the commit, stdout after) and commits with the audit line.
pub struct Prepared<'a> {
    pub tx: crate::db::Session<postgres::Transaction<'a>>,
    pub values: Vec<KeyValue>,
    /// The audit line's counts (never a value).
    pub counts: serde_json::Value,
}

/// How many times a generated value that happens to exist already is drawn again (as provisioning).
const DRAWS: usize = 6;
