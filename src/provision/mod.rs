//! Provisioning a client from its INI file: the configparser-exact INI reader ([`ini`]), the spec and
//! its validation (before any database access), the current state (batched reads), the plan (`+`
//! create, `=` unchanged, `!` drift), the inserts of one transaction, and the batch that takes one INI
//! or a directory of them through validate → plan → confirm → apply ([`batch`]).
//!
//! The semantics are the platform script's, kept exactly: client idempotent on name, admin on email
//! (globally), one settings row per client, keys on (client, name), HTTP targets on (client, url);
//! existing rows are never modified — a difference from the INI is reported as drift, not "fixed".
//! Where the script was weak, provision is stricter: an admin email owned by another client, a value
//! longer than its live column, a malformed line are refused before anything is written.
//!
//! May use: `db`, `secrets`, `platform::login` (the login rules), `audit`, `ui`, `config`, `error`.

mod apply;
pub mod batch;
mod generate;
pub mod ini;
mod lengths;
mod plan;
mod spec;
mod state;
mod transaction;
mod validate;

pub use apply::*;
pub use generate::*;
pub use lengths::*;
pub use plan::*;
pub use spec::*;
pub use state::*;
pub use validate::*;
