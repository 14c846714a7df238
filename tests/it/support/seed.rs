//! Seeding platform rows directly (as the platform itself would write them), for audit tests.

use postgres::Client;

pub fn client(pg: &mut Client, name: &str) -> String {
    pg.query_one(
        "INSERT INTO clients (id, name, email) VALUES (gen_random_uuid(), $1, NULL) RETURNING id::text",
        &[&name],
    )
    .expect("insert client")
    .get(0)
}

/// A user with a bcrypt hash of `password` (cost 4: well-formed and fast).
pub fn user(pg: &mut Client, client_id: &str, email: &str, password: &str) -> String {
    let hash = bcrypt::hash(password, 4).expect("bcrypt");
    user_with_hash(pg, client_id, email, &hash)
}

pub fn user_with_hash(pg: &mut Client, client_id: &str, email: &str, hash: &str) -> String {
    pg.query_one(
        "INSERT INTO users (id, client_id, email, password_hash) VALUES (gen_random_uuid(), $1::text::uuid, $2, $3) RETURNING id::text",
        &[&client_id, &email, &hash],
    )
    .expect("insert user")
    .get(0)
}

pub fn key(pg: &mut Client, client_id: &str, name: &str, value: &str, active: bool) -> String {
    pg.query_one(
        "INSERT INTO api_keys (id, client_id, key, name, is_active) VALUES (gen_random_uuid(), $1::text::uuid, $2, $3, $4) RETURNING id::text",
        &[&client_id, &value, &name, &active],
    )
    .expect("insert key")
    .get(0)
}

pub fn machine(pg: &mut Client, client_id: &str, hostname: &str) -> String {
    pg.query_one(
        "INSERT INTO machines (id, client_id, hostname, fingerprint, os_type) VALUES (gen_random_uuid(), $1::text::uuid, $2, $2, 'Linux') RETURNING id::text",
        &[&client_id, &hostname],
    )
    .expect("insert machine")
    .get(0)
}

pub fn bind(pg: &mut Client, key_id: &str, machine_id: &str) {
    pg.execute(
        "UPDATE api_keys SET machine_id = $2::text::uuid WHERE id = $1::text::uuid",
        &[&key_id, &machine_id],
    )
    .expect("bind key");
}

pub fn ingest(pg: &mut Client, client_id: &str, machine_id: &str, ingest_id: &str) {
    pg.execute(
        "INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at) VALUES (gen_random_uuid(), $1::text::uuid, $2::text::uuid, $3, now())",
        &[&client_id, &machine_id, &ingest_id],
    )
    .expect("insert ingest event");
}

// ---------------------------------------------------------------- runtime data (resets)

/// Sets `api_keys.last_used_at` (the platform does not today, but old data has it).
pub fn key_used(pg: &mut Client, key_id: &str) {
    pg.execute(
        "UPDATE api_keys SET last_used_at = '2026-01-01T12:00:00Z' WHERE id = $1::text::uuid",
        &[&key_id],
    )
    .expect("set last_used_at");
}

pub fn client_settings(pg: &mut Client, client_id: &str, email: &str) -> String {
    pg.query_one(
        "INSERT INTO client_settings (id, client_id, notification_email, slack_channel_name) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2, '#alerts') RETURNING id::text",
        &[&client_id, &email],
    )
    .expect("insert client_settings")
    .get(0)
}

pub fn http_target(pg: &mut Client, client_id: &str, name: &str, url: &str) -> String {
    pg.query_one(
        "INSERT INTO http_targets (id, client_id, name, url) VALUES (gen_random_uuid(), $1::text::uuid, $2, $3) \
         RETURNING id::text",
        &[&client_id, &name, &url],
    )
    .expect("insert http target")
    .get(0)
}

/// A metric instance of a builtin definition (`cpu.usage_percent`, `memory.used_percent`, …).
pub fn metric_instance(pg: &mut Client, machine_id: &str, definition: &str) -> String {
    pg.query_one(
        "INSERT INTO metric_instances (id, machine_id, definition_id, name_effective, last_value) \
         SELECT gen_random_uuid(), $1::text::uuid, d.id, d.name, '42' FROM metric_definitions d \
         WHERE d.name = $2 AND d.vendor = 'builtin' RETURNING id::text",
        &[&machine_id, &definition],
    )
    .expect("insert metric instance")
    .get(0)
}

/// `n` numeric samples of a metric instance, one minute apart from a fixed time.
pub fn samples(pg: &mut Client, metric_instance_id: &str, n: i32) {
    pg.execute(
        "INSERT INTO samples (metric_instance_id, ts, seq, value_type, num_value) \
         SELECT $1::text::uuid, '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 minute', g, 'numeric', g * 1.5 \
         FROM generate_series(1, $2) g",
        &[&metric_instance_id, &n],
    )
    .expect("insert samples");
}

pub fn threshold(pg: &mut Client, metric_instance_id: &str, name: &str) -> String {
    pg.query_one(
        "INSERT INTO thresholds (id, metric_instance_id, name, condition, value_num, severity) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2, 'gt', 90, 'critical') RETURNING id::text",
        &[&metric_instance_id, &name],
    )
    .expect("insert threshold")
    .get(0)
}

pub fn alert(pg: &mut Client, threshold_id: &str, machine_id: &str, metric_instance_id: &str) -> String {
    pg.query_one(
        "INSERT INTO alerts (id, threshold_id, machine_id, metric_instance_id, current_value, message) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2::text::uuid, $3::text::uuid, '97', 'over 90') \
         RETURNING id::text",
        &[&threshold_id, &machine_id, &metric_instance_id],
    )
    .expect("insert alert")
    .get(0)
}

/// An incident; `kind` is an `incident_type` value. The references must fit
/// `ck_incidents_type_consistency` (NO_DATA_MACHINE: machine; NO_DATA_METRIC/BREACH: machine and metric
/// instance; HTTP_FAILURE: HTTP target). Its number comes from the platform's trigger.
pub fn incident(
    pg: &mut Client,
    client_id: &str,
    kind: &str,
    machine_id: Option<&str>,
    metric_instance_id: Option<&str>,
    http_target_id: Option<&str>,
) -> String {
    pg.query_one(
        "INSERT INTO incidents (id, client_id, incident_type, dedup_key, title, machine_id, metric_instance_id, http_target_id) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2::text::incident_type, \
                 $2::text || ':' || coalesce($3::text, $4::text, $5::text), $2::text, \
                 $3::text::uuid, $4::text::uuid, $5::text::uuid) RETURNING id::text",
        &[&client_id, &kind, &machine_id, &metric_instance_id, &http_target_id],
    )
    .expect("insert incident")
    .get(0)
}

pub fn notification(
    pg: &mut Client,
    client_id: &str,
    incident_id: Option<&str>,
    alert_id: Option<&str>,
) -> String {
    pg.query_one(
        "INSERT INTO notification_log (id, client_id, incident_id, alert_id, provider, recipient, status, message, sent_at) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2::text::uuid, $3::text::uuid, 'email', 'ops@acme.example', 'sent', \
                 'incident opened', '2026-01-01T12:00:00Z') RETURNING id::text",
        &[&client_id, &incident_id, &alert_id],
    )
    .expect("insert notification_log")
    .get(0)
}

pub fn outbox(pg: &mut Client, client_id: &str, incident_id: Option<&str>) -> String {
    pg.query_one(
        "INSERT INTO outbox_events (id, client_id, incident_id, type, payload) \
         VALUES (gen_random_uuid(), $1::text::uuid, $2::text::uuid, 'incident.opened', jsonb_build_object('incident', $2::text)) \
         RETURNING id::text",
        &[&client_id, &incident_id],
    )
    .expect("insert outbox event")
    .get(0)
}

/// `machines` machines for the client, each with `events` ingest events, in two set-based statements.
pub fn bulk_machines(pg: &mut Client, client_id: &str, machines: i32, events: i32) {
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, fingerprint, os_type) \
         SELECT gen_random_uuid(), $1::text::uuid, 'bulk-' || g, 'fp-bulk-' || g, 'Linux' FROM generate_series(1, $2) g",
        &[&client_id, &machines],
    )
    .expect("insert machines");
    pg.execute(
        "INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at) \
         SELECT gen_random_uuid(), m.client_id, m.id, m.hostname || '-' || g, '2026-01-01T12:00:00Z' \
         FROM machines m CROSS JOIN generate_series(1, $2) g WHERE m.client_id = $1::text::uuid",
        &[&client_id, &events],
    )
    .expect("insert ingest events");
}
