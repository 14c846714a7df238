//! The database: connecting and running SQL ([`connection`]), saying its errors with row details
//! redacted ([`errors`]), reading rows ([`rows`]), row ids ([`ids`]); the libpq conventions that turn
//! flags and `PG*` variables into a connection (URL forms [`url`], [`conninfo`], password and service
//! files, Docker addresses, [`redact`]ion) and TLS with libpq's sslmode meanings ([`tls`]); what provctl
//! knows of the platform's tables ([`schema`], `schema.sql`) and how a client is named ([`clients`]).
//!
//! May use: `secrets` (zeroizing types), `ui` (escaping; the query canceller is registered with
//! `ui::signal` as a callback), `config`, `error`.

mod connection;
mod errors;
mod rows;

pub mod clients;
pub mod conninfo;
pub mod docker;
pub mod ids;
pub mod pgpass;
pub mod pgservice;
pub mod redact;
pub mod schema;
pub mod tls;
pub mod url;

pub use connection::{ConnectOptions, Db, Param, Rows, Session};
pub use errors::{is_server_error, outcome_unknown};
pub use rows::{column_error, row_values, RowExt};
