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
