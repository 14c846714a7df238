//! Clients as a whole: the listing with its aggregates (`list`), one client's whole picture (`show`),
//! the secrets files provctl knows for a client (`files`), and offboarding (`delete`: plan, the deletes
//! in the order the platform's constraints need, verification before commit).
//!
//! A layer beside `provision`: it may use audit, db, secrets, ui, config and error; the commands in
//! `cmd/clients.rs` print what it returns. Resolving `--client` stays in `db::clients`.

pub mod delete;
pub mod files;
pub mod list;
pub mod show;
