//! Integration tests: one binary, a module per command group, all against a real throwaway PostgreSQL
//! cluster started once per run (see `support::pg`).

mod support;

mod completions;
mod confirm;
mod doctor;
mod global;
mod ingest;
mod ini_golden;
mod keys;
mod machines;
mod provision;
mod schema;
mod tls;
mod users;
mod verify_hash;
mod verify_password;
