//! `clients list`: every client with its counts, in one statement.
//!
//! `users` and `api_keys` have no index on `client_id` in the platform's schema, so a per-client
//! look-up (a correlated subquery or a lateral join) would scan them once per client: on 200k keys and
//! a few hundred clients that is minutes. Each table is instead aggregated once (`GROUP BY client_id`,
//! one sequential scan or an index scan of `machines (client_id, hostname)`) and joined to the clients:
//! the cost is one pass over each table whatever the number of clients.
//!
//! The last ingestion is the latest `machines.last_seen`, which the platform's ingest endpoint stamps
//! at each accepted batch; `ingest_events` has no index that would give it without reading the table.

use crate::db::{Db, Rows};
use crate::error::Result;
use postgres::types::Type;

/// The columns of the listing, in order (the JSON and CSV field names).
pub const COLUMNS: [&str; 9] = [
    "id",
    "name",
    "email",
    "created_at",
    "users",
    "keys_active",
    "keys_total",
    "machines",
    "last_ingest",
];

const SQL: &str = "\
WITH c AS (SELECT id, name, email, created_at FROM clients
           WHERE $1::text IS NULL OR strpos(lower(name), lower($1)) > 0)
SELECT c.id::text AS id, c.name, c.email, c.created_at,
       coalesce(u.users, 0) AS users,
       coalesce(k.keys_active, 0) AS keys_active,
       coalesce(k.keys_total, 0) AS keys_total,
       coalesce(m.machines, 0) AS machines,
       m.last_ingest
FROM c
LEFT JOIN (SELECT client_id, count(*) AS users FROM users
           WHERE client_id IN (SELECT id FROM c) GROUP BY client_id) u ON u.client_id = c.id
LEFT JOIN (SELECT client_id, count(*) FILTER (WHERE is_active) AS keys_active, count(*) AS keys_total
           FROM api_keys WHERE client_id IN (SELECT id FROM c) GROUP BY client_id) k ON k.client_id = c.id
LEFT JOIN (SELECT client_id, count(*) AS machines, max(last_seen) AS last_ingest FROM machines
           WHERE client_id IN (SELECT id FROM c) GROUP BY client_id) m ON m.client_id = c.id
ORDER BY c.name, c.id";

/// The clients whose name contains `name_like` (case-insensitive, literally: `%` and `_` are not
/// wildcards), or all of them, by name; streamed.
pub fn list<'s>(db: &'s mut Db, name_like: Option<&str>) -> Result<Rows<'s>> {
    db.stream(SQL, &[(&name_like, Type::TEXT)])
}
