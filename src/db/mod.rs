//! The database: connecting and running SQL ([`connection`]), saying its errors ([`errors`]), reading
//! rows ([`rows`]), and the libpq conventions that turn flags and `PG*` variables into a connection
//! (URL forms, `conninfo`, password and service files, Docker addresses, redaction). Also what provctl
//! knows of the platform's tables (`schema`) and how a client is named on the command line (`clients`).
//!
//! May use: `ui` (escaping, signals), `secrets` (zeroizing types), `tls`, `config`, `error`.

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
