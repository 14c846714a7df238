//! Machines: the SQL of their listings (`list`: one client's, across clients, the stale ones) and the
//! deletion of one machine (`delete`: the way `reset-client` deletes all of a client's). Plans,
//! transactions and their verification here; flags and printing in `cmd::machines`.
//!
//! May use: audit, db, secrets, ui, config, error.

pub mod delete;
pub mod list;
