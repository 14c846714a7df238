//! What the operator sees and does at the terminal: the output layer (tables, JSON, CSV, escaping of
//! hostile text), colour (`colour`: when, and which style), progress bars on stderr (`progress`), the
//! confirmation prompt and the plan header, both naming the target (`confirm`), and signal handling
//! (Ctrl-C, SIGTERM, SIGHUP: cancel, clean up, restore the terminal).
//!
//! May use: `error`, the standard library, `anstyle` and `indicatif` only. Nothing here knows the database or the platform:
//! a query's cancellation is registered here by `db` as a callback ([`signal::set_canceller`]).

pub mod colour;
pub mod confirm;
pub mod output;
pub mod progress;
pub mod signal;
