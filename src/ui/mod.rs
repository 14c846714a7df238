//! What the operator sees and does at the terminal: the output layer (tables, JSON, CSV, escaping of
//! hostile text), progress bars on stderr, the confirmation prompt, and signal handling (Ctrl-C, SIGTERM, SIGHUP: cancel, clean
//! up, restore the terminal).
//!
//! May use: `error` and the standard library only. Nothing here knows the database or the platform:
//! a query's cancellation is registered here by `db` as a callback ([`signal::set_canceller`]).

pub mod confirm;
pub mod output;
pub mod progress;
pub mod signal;
