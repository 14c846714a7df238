//! `provctl clients list|show|delete` on the platform's schema (the migrations' template: incidents
//! numbered by the platform's trigger), with a fully populated client (machines with metrics, alerts,
//! incidents of every type, notifications, outbox events) beside another that must stay identical:
//! the listing's aggregates, the picture, and offboarding — its plan, refusal without a terminal, typed
//! confirmation on a pseudo-terminal, `--yes`, JSON, audit line, production guard, secrets files, bad
//! input and did-you-mean.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `delete` and `listings`.

use crate::reset_client::checksums;
use crate::support::{cluster, Template, TestDb};
use rexpect::process::WaitStatus;

mod delete;
mod listings;

/// What `populate` creates for one client, in the plan's order.
const PLAN: [(&str, i64); 15] = [
    ("users", 1),
    ("api_keys", 4),
    ("machines", 3),
    ("ingest_events", 7),
    ("metric_instances", 4),
    ("samples", 12),
    ("thresholds", 4),
    ("alerts", 2),
    ("incidents", 4),
    ("notification_log", 5),
    ("outbox_events", 5),
    ("client_settings", 1),
    ("http_targets", 2),
    ("client_incident_counter", 1),
    ("clients", 1),
];

fn platform_db() -> TestDb {
    cluster().fresh_db(Template::Alembic)
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

/// The client's rows per table (metric_definitions, shared by all, left out).
fn rows_of(pg: &mut postgres::Client, id: &str) -> Vec<(String, i64)> {
    checksums(pg, Some(id))
        .into_iter()
        .filter(|(t, _, _)| t != "metric_definitions")
        .map(|(t, n, _)| (t, n))
        .collect()
}
