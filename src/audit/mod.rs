//! The audit log: JSON lines recording every change (who, where, what, how many rows, outcome), never a
//! secret. `writer` appends them (a `pending` line before each change, its outcome after, same `id`);
//! `reader` reads them back for `provctl log`, pairing each change's two lines.
//!
//! May use db (the URL it records, redacted), ui, config and error.

mod reader;
mod writer;

pub use reader::{read, Change, CommandWords, Filter, Read, Status};
pub use writer::{command_line, commit_recorded, failure_outcome, AuditLog, Entry, Pending};
