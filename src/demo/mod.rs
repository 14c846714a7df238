//! The demo's doubles, behind the default `demo` cargo feature (a packager builds without them:
//! `cargo build --no-default-features`): a throwaway PostgreSQL cluster from the machine's server
//! binaries ([`cluster`], also the test suite's harness), a local stand-in of the platform API
//! ([`standin`], the hidden `provctl standin` command), and the scripted runbook of `provctl demo`
//! ([`runbook`]).
//!
//! May use anything below `cmd`: `db`, `provision`, `secrets`, `platform`, `ui`, `config`, `error`.
//! Nothing but `cmd` uses it.

pub mod cluster;
pub mod runbook;
pub mod standin;
