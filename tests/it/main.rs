//! Integration tests: one binary, a module per command group, all against a real throwaway PostgreSQL
//! cluster started once per run (see `support::pg`).

// clippy.toml keeps the environment and the print macros to their layers in src/; tests read their
// own settings (PG_BIN, PROVCTL_PG_KEEP…) and print what they skip.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

mod support;

mod clients;
mod colour;
mod completions;
mod confirm;
mod deliverable;
mod demo;
mod deploy;
mod doctor;
mod faults;
mod fuzz_replay;
mod global;
mod hardening;
mod hostile;
mod http_checks;
mod ingest;
mod ini_golden;
mod keys;
mod keys_change;
mod keys_ops;
mod leaks;
mod libpq_env;
mod log;
mod machines;
mod machines_ops;
mod package;
mod pg_server;
mod progress;
mod provision;
mod reset_client;
mod reset_password;
mod schema;
mod secrets;
mod tables;
mod target;
mod tls;
mod usage;
mod users;
mod verify_hash;
mod verify_password;
