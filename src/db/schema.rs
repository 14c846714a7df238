//! The platform's schema: the DDL provctl can print and apply to an empty database (tests, demo), and
//! the tables and columns provctl relies on, checked against the live database by `doctor` and used by
//! `provision` for live length limits.
//!
//! Against a deployment provctl only reads what exists: the schema belongs to the platform's Alembic
//! migrations.

use crate::db::{RowExt, Session};
use crate::error::Result;
use postgres::types::Type;
use postgres::GenericClient;
use std::collections::BTreeMap;

/// The platform's schema at migration head 0003, as DDL.
pub const DDL: &str = include_str!("schema.sql");

/// The platform tables, all of them (used to refuse `schema apply` on a database that has any of them).
pub const TABLES: &[&str] = &[
    "clients",
    "users",
    "machines",
    "api_keys",
    "client_settings",
    "http_targets",
    "ingest_events",
    "metric_definitions",
    "metric_instances",
    "samples",
    "threshold_templates",
    "thresholds",
    "alerts",
    "incidents",
    "client_incident_counter",
    "notification_log",
    "outbox_events",
];

/// The columns provctl reads or writes, per table.
pub const USED_COLUMNS: &[(&str, &[&str])] = &[
    ("clients", &["id", "name", "email", "created_at", "updated_at"]),
    (
        "users",
        &[
            "id",
            "client_id",
            "email",
            "password_hash",
            "role",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "machines",
        &[
            "id",
            "client_id",
            "hostname",
            "os_type",
            "fingerprint",
            "is_active",
            "registered_at",
            "last_seen",
        ],
    ),
    (
        "api_keys",
        &[
            "id",
            "client_id",
            "key",
            "name",
            "is_active",
            "last_used_at",
            "machine_id",
        ],
    ),
    (
        "client_settings",
        &[
            "id",
            "client_id",
            "notification_email",
            "slack_webhook_url",
            "slack_channel_name",
            "heartbeat_threshold_minutes",
            "consecutive_failures_threshold",
            "alert_grouping_enabled",
            "alert_grouping_window_seconds",
            "reminder_notification_seconds",
            "grace_period_seconds",
        ],
    ),
    (
        "http_targets",
        &[
            "id",
            "client_id",
            "name",
            "url",
            "method",
            "timeout_seconds",
            "check_interval_seconds",
            "is_active",
        ],
    ),
    (
        "ingest_events",
        &[
            "id",
            "client_id",
            "machine_id",
            "ingest_id",
            "sent_at",
            "created_at",
        ],
    ),
    ("metric_instances", &["id", "machine_id"]),
    ("samples", &["metric_instance_id"]),
    ("thresholds", &["id", "metric_instance_id"]),
    (
        "alerts",
        &["id", "threshold_id", "machine_id", "metric_instance_id"],
    ),
    (
        "incidents",
        &[
            "id",
            "client_id",
            "incident_type",
            "machine_id",
            "metric_instance_id",
            "http_target_id",
        ],
    ),
    ("notification_log", &["incident_id"]),
    ("outbox_events", &["incident_id"]),
];

/// The types (`information_schema.columns.data_type`) provctl can read a used column as, or `None`
/// when it never reads its value (only filters on it in SQL). Ids are compared as `uuid`; the rest is
/// read as text, booleans, integers or timestamps. `doctor` checks the live schema against this: a
/// column of another type (an enum for `users.role`) would make every command that reads it fail.
pub fn expected_types(column: &str) -> Option<&'static [&'static str]> {
    const UUID: &[&str] = &["uuid"];
    const TEXT: &[&str] = &["character varying", "text", "character"];
    const BOOL: &[&str] = &["boolean"];
    const INT: &[&str] = &["integer"];
    const TIME: &[&str] = &["timestamp with time zone", "timestamp without time zone"];
    Some(match column {
        "incident_type" => return None,
        "id" | "client_id" | "machine_id" | "metric_instance_id" | "threshold_id" | "incident_id"
        | "http_target_id" => UUID,
        "is_active" | "alert_grouping_enabled" => BOOL,
        c if c.ends_with("_at") || c == "last_seen" => TIME,
        c if c.ends_with("_minutes") || c.ends_with("_seconds") || c.ends_with("_threshold") => INT,
        _ => TEXT,
    })
}

/// A live column: its type and, for character types, its declared length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveColumn {
    pub data_type: String,
    pub max_length: Option<i32>,
}

/// The live columns of the platform tables, keyed by (table, column), from `information_schema`
/// in the connection's current schema.
pub fn live_columns<C: GenericClient>(db: &mut Session<C>) -> Result<BTreeMap<(String, String), LiveColumn>> {
    let tables: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    let rows = db.query(
        "SELECT table_name::text, column_name::text, data_type::text, character_maximum_length::int4 \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = ANY($1)",
        &[(&tables, Type::TEXT_ARRAY)],
    )?;
    rows.iter()
        .map(|r| {
            Ok((
                (r.cell(0, "")?, r.cell(1, "")?),
                LiveColumn {
                    data_type: r.cell(2, "")?,
                    max_length: r.cell(3, "")?,
                },
            ))
        })
        .collect()
}

/// The platform tables that already exist in the current schema.
pub fn existing_tables<C: GenericClient>(db: &mut Session<C>) -> Result<Vec<String>> {
    let tables: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    let rows = db.query(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY 1",
        &[(&tables, Type::TEXT_ARRAY)],
    )?;
    rows.iter().map(|r| r.cell(0, "")).collect()
}

/// Foreign keys on the delete paths of a reset (machines → ingest events, metric instances, alerts,
/// incidents …) whose referencing column has no index: deleting N parents then scans the child table N
/// times. Returns (table, column) pairs. The deployed schema lacks `ingest_events.machine_id`.
pub fn missing_cascade_indexes<C: GenericClient>(db: &mut Session<C>) -> Result<Vec<(String, String)>> {
    let rows = db.query(
        "SELECT c.conrelid::regclass::text, a.attname::text \
         FROM pg_constraint c \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
         WHERE c.contype = 'f' AND c.confdeltype IN ('c', 'n', 'd') AND cardinality(c.conkey) = 1 \
           AND c.connamespace = current_schema()::regnamespace \
           AND c.confrelid::regclass::text IN ('machines', 'metric_instances', 'thresholds', 'incidents') \
           AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) \
         ORDER BY 1, 2",
        &[],
    )?;
    rows.iter()
        .map(|r| Ok((r.cell(0, "")?, r.cell(1, "")?)))
        .collect()
}
