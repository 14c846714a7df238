//! `clients show`: one client's whole picture, read in a handful of statements (one per section, each
//! filtered on the client): its row, its users with the state of their password hash (never the hash),
//! its keys with the hostname of the machine each is bound to, its machines, settings, HTTP targets,
//! incident counts, and its secrets files (see `files`).
//!
//! Keys and machines are capped at [`SHOWN`] rows each, with their totals: a client holding 200k keys
//! gets a readable picture, and `keys list` / `machines` for the rest.

use super::files::{self, Found};
use crate::db::clients::Client;
use crate::db::{row_values, Db, RowExt};
use crate::error::Result;
use crate::secrets::hash::Status;
use crate::secrets::secret::SecretString;
use crate::ui::output::Value;
use postgres::types::Type;

/// At most this many keys, and machines, in the picture.
pub const SHOWN: i64 = 100;

/// A section: its column names and rows.
pub struct Section {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Value>>,
    /// How many rows exist (more than `rows.len()` when capped).
    pub total: i64,
}

/// The whole picture.
pub struct Picture {
    /// id, name, email, created_at, updated_at.
    pub client: Vec<(&'static str, Value)>,
    pub sections: Vec<Section>,
    /// incidents: open, total.
    pub incidents: (i64, i64),
    /// The client_settings row as fields, when there is one (the Slack webhook URL only as set/unset:
    /// it is a credential).
    pub settings: Option<Vec<(String, Value)>>,
    pub files: Found,
}

const ADMIN_COLUMNS: &[&str] = &[
    "email",
    "role",
    "is_active",
    "hash_status",
    "hash_defect",
    "updated_at",
];
const KEY_COLUMNS: &[&str] = &["name", "is_active", "machine_id", "hostname", "last_used_at"];
const MACHINE_COLUMNS: &[&str] = &[
    "id",
    "hostname",
    "os_type",
    "is_active",
    "status",
    "registered_at",
    "last_seen",
];
const TARGET_COLUMNS: &[&str] = &[
    "name",
    "url",
    "method",
    "is_active",
    "check_interval_seconds",
    "timeout_seconds",
    "last_status_code",
    "last_check_at",
];

pub fn picture(db: &mut Db, client: &Client) -> Result<Picture> {
    let id = &client.id;
    let p = [(id as &(dyn postgres::types::ToSql + Sync), Type::TEXT)];
    let row = db.query_one(
        "SELECT id::text AS id, name, email, created_at, updated_at FROM clients WHERE id = $1::uuid",
        &p,
    )?;
    let v = row_values(&row, "clients")?;
    let client_fields = ["id", "name", "email", "created_at", "updated_at"]
        .into_iter()
        .zip(v)
        .collect();

    let mut admins = Vec::new();
    for r in db.query(
        "SELECT email, role, is_active, password_hash, updated_at FROM users WHERE client_id = $1::uuid \
         ORDER BY email",
        &p,
    )? {
        let hash = SecretString::new(r.cell::<Option<String>>(3, "users")?.unwrap_or_default());
        let (status, defect) = match crate::secrets::hash::classify(hash.expose()) {
            Status::Ok => ("ok", Value::Null),
            Status::Empty => ("missing", Value::Null),
            other => ("malformed", Value::text(other.as_str())),
        };
        admins.push(vec![
            Value::text(r.cell::<String>(0, "users")?),
            Value::opt_text(r.cell::<Option<String>>(1, "users")?),
            Value::Bool(r.cell(2, "users")?),
            Value::text(status),
            defect,
            r.cell::<Option<crate::ui::output::Timestamp>>(4, "users")?
                .map_or(Value::Null, Value::Time),
        ]);
    }
    let admins_total = admins.len() as i64;

    let keys = db.query(
        "SELECT k.name, k.is_active, k.machine_id::text AS machine_id, m.hostname, k.last_used_at, \
                count(*) OVER () AS total \
         FROM api_keys k LEFT JOIN machines m ON m.id = k.machine_id \
         WHERE k.client_id = $1::uuid ORDER BY k.name, k.id LIMIT $2",
        &[p[0].clone(), (&SHOWN, Type::INT8)],
    )?;
    let keys_total = match keys.first() {
        Some(r) => r.cell::<i64>(5, "")?,
        None => 0,
    };
    let machines = db.query(
        "SELECT id::text AS id, hostname, os_type, is_active, status, registered_at, last_seen, \
                count(*) OVER () AS total \
         FROM machines WHERE client_id = $1::uuid ORDER BY registered_at DESC, id LIMIT $2",
        &[p[0].clone(), (&SHOWN, Type::INT8)],
    )?;
    let machines_total = match machines.first() {
        Some(r) => r.cell::<i64>(7, "")?,
        None => 0,
    };
    let targets = db.query(
        "SELECT name, url, method, is_active, check_interval_seconds, timeout_seconds, last_status_code, \
                last_check_at FROM http_targets WHERE client_id = $1::uuid ORDER BY name, url",
        &p,
    )?;
    let inc = db.query_one(
        "SELECT count(*) FILTER (WHERE status = 'OPEN'), count(*) FROM incidents WHERE client_id = $1::uuid",
        &p,
    )?;
    let settings = db
        .query_opt(
            "SELECT notification_email, slack_channel_name, (slack_webhook_url IS NOT NULL) AS slack_webhook_set, \
                    heartbeat_threshold_minutes, consecutive_failures_threshold, alert_grouping_enabled, \
                    alert_grouping_window_seconds, reminder_notification_seconds, grace_period_seconds, \
                    notify_on_resolve, updated_at \
             FROM client_settings WHERE client_id = $1::uuid",
            &p,
        )?
        .map(|r| -> Result<Vec<(String, Value)>> {
            let names: Vec<String> = r.columns().iter().map(|c| c.name().to_string()).collect();
            Ok(names.into_iter().zip(row_values(&r, "client_settings")?).collect())
        })
        .transpose()?;
    let strip = |rows: &[postgres::Row], table: &str, keep: usize| -> Result<Vec<Vec<Value>>> {
        rows.iter()
            .map(|r| {
                row_values(r, table).map(|mut v| {
                    v.truncate(keep);
                    v
                })
            })
            .collect()
    };
    let sections = vec![
        Section {
            name: "admins",
            columns: ADMIN_COLUMNS,
            rows: admins,
            total: admins_total,
        },
        Section {
            name: "keys",
            columns: KEY_COLUMNS,
            rows: strip(&keys, "api_keys", KEY_COLUMNS.len())?,
            total: keys_total,
        },
        Section {
            name: "machines",
            columns: MACHINE_COLUMNS,
            rows: strip(&machines, "machines", MACHINE_COLUMNS.len())?,
            total: machines_total,
        },
        Section {
            name: "http_targets",
            columns: TARGET_COLUMNS,
            total: targets.len() as i64,
            rows: strip(&targets, "http_targets", TARGET_COLUMNS.len())?,
        },
    ];
    let files = files::find(db, id)?;
    Ok(Picture {
        client: client_fields,
        sections,
        incidents: (inc.cell(0, "")?, inc.cell(1, "")?),
        settings,
        files,
    })
}
