//! The SQL of `provctl reset-client`: the plan's counts, the checks around the reset, the reset's
//! four statements (the text `bench/reset_equivalent.sql` gives psql) and the verification.

/// The rows the reset removes or changes: the plan's counts, by name (spec.md's order), each an
/// expression over [`PLAN_CTES`].
///
/// Cheap on purpose (issue 18): the CTEs are `NOT MATERIALIZED` (each is read several times, and
/// materialised they cost half the plan's time: 340 → 160 ms on the benchmark's client), and the
/// events counted are the client's own, an index-only count. The events of OTHER clients that reference
/// this client's machines would go too, but then the reset is refused (in the transaction, see
/// [`CROSS_SQL`]): counting them here scanned the whole table, every client's events, on every plan.
/// `notification_log_unlinked` counts each row once whose incident or alert goes (both foreign keys set
/// NULL).
pub(super) const PLAN_COUNTS: [(&str, &str); 11] = [
    (
        "ingest_events",
        "(SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid)",
    ),
    ("machines", "(SELECT count(*) FROM m)"),
    ("metric_instances", "(SELECT count(*) FROM mi)"),
    // One index probe per metric instance (30,000 for 600,000 rows on the benchmark's client, ~75 % of
    // the plan's time).
    (
        "samples",
        "(SELECT count(*) FROM samples WHERE metric_instance_id IN (SELECT id FROM mi))",
    ),
    ("thresholds", "(SELECT count(*) FROM th)"),
    ("alerts", "(SELECT count(*) FROM al)"),
    ("incidents", "(SELECT count(*) FROM inc)"),
    (
        "notification_log_unlinked",
        "(SELECT count(*) FROM notification_log \
           WHERE incident_id IN (SELECT id FROM inc) OR alert_id IN (SELECT id FROM al))",
    ),
    (
        "outbox_events_unlinked",
        "(SELECT count(*) FROM outbox_events WHERE incident_id IN (SELECT id FROM inc))",
    ),
    (
        "keys_to_unbind",
        "(SELECT count(*) FROM api_keys WHERE client_id = $1::uuid \
           AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL))",
    ),
    (
        "other_clients_keys_unbound",
        "(SELECT count(*) FROM api_keys WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m))",
    ),
];

/// The client's machines and what hangs off them, for [`PLAN_COUNTS`].
pub(super) const PLAN_CTES: &str = "\
WITH m AS NOT MATERIALIZED (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS NOT MATERIALIZED (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m)),
     th AS NOT MATERIALIZED (SELECT id FROM thresholds WHERE metric_instance_id IN (SELECT id FROM mi)),
     al AS NOT MATERIALIZED (SELECT id FROM alerts
             WHERE machine_id IN (SELECT id FROM m) OR threshold_id IN (SELECT id FROM th)),
     inc AS NOT MATERIALIZED (SELECT id FROM incidents
             WHERE machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi))
";

/// The plan's statement: every count but those named in `skip` (under `--yes`, what the reset's own
/// work gives: see `yes::run`), in [`PLAN_COUNTS`]' order.
pub(super) fn plan_sql(skip: &[&str]) -> String {
    let exprs: Vec<String> = PLAN_COUNTS
        .iter()
        .filter(|(name, _)| !skip.contains(name))
        .map(|(name, expr)| format!("{expr} AS {name}"))
        .collect();
    format!("{PLAN_CTES}SELECT {}", exprs.join(",\n  "))
}

/// Rows of OTHER clients that the reset's deletes would reach, checked inside the transaction before
/// deleting: their incidents that reference this client's machines (the incidents' delete would take
/// them) and, only when the server's counts of deleted rows cannot be used (column 3 false), their
/// ingest events that do (the machines' cascade would take them; column 1, else NULL: an `InitPlan` in
/// a CASE branch not taken never runs). The counts can be used when `track_counts` is on (the default;
/// autovacuum needs it) and `samples` and `ingest_events` are plain tables (a partitioned table's
/// counts are its partitions'). Then the events are checked by the machines' delete itself (see
/// `guarded_machines_delete`): the check was a scan of the whole `ingest_events` table, every client's
/// events (~25–55 ms on the benchmark's 300,000, the largest part of a reset's fixed cost once the plan
/// was cheap). Other clients' rows are otherwise untouched by construction, since every statement is
/// filtered on this client. (Counting all other clients' rows before and after would fail on a live
/// platform, where their agents keep ingesting.)
pub(super) const CROSS_SQL: &str = "\
WITH m AS (SELECT id FROM machines WHERE client_id = $1::uuid),
     mi AS (SELECT id FROM metric_instances WHERE machine_id IN (SELECT id FROM m)),
     t AS (SELECT current_setting('track_counts')::bool
                  AND (SELECT bool_and(c.relkind = 'r') FROM pg_class c
                       WHERE c.oid IN ('samples'::regclass, 'ingest_events'::regclass)) AS counted)
SELECT CASE WHEN (SELECT counted FROM t) THEN NULL
            ELSE (SELECT count(*) FROM ingest_events WHERE client_id <> $1::uuid AND machine_id IN (SELECT id FROM m))
       END,
       (SELECT count(*) FROM incidents WHERE client_id <> $1::uuid
          AND (machine_id IN (SELECT id FROM m) OR metric_instance_id IN (SELECT id FROM mi))),
       (SELECT counted FROM t)";

/// The client's machines locked against new references: an ingest event's foreign-key check takes
/// `FOR KEY SHARE` on its machine, which `FOR UPDATE` excludes — so [`CROSS_EVENTS_SQL`] after it counts
/// every event the machines' delete can reach.
pub(super) const LOCK_MACHINES_SQL: &str = "SELECT 1 FROM machines WHERE client_id = $1::uuid FOR UPDATE";

/// Other clients' ingest events on this client's machines, counted exactly: [`CROSS_SQL`]'s events
/// part, run when the server's counts say the machines' cascade deleted events.
pub(super) const CROSS_EVENTS_SQL: &str = "\
SELECT count(*) FROM ingest_events WHERE client_id <> $1::uuid
   AND machine_id IN (SELECT id FROM machines WHERE client_id = $1::uuid)";

/// The rows of `samples` and `ingest_events` this transaction has deleted so far, cascades included:
/// PostgreSQL counts them per backend and transaction (`pg_stat_xact_user_tables`; deletes of a
/// subtransaction rolled back included) when `track_counts` is on and the tables are plain ones (see
/// [`CROSS_SQL`]).
/// Read just before and after the machines' delete, the differences are exactly the samples and the
/// events its cascade deleted, with no scan.
pub(super) const DELETED_SQL: &str = "\
SELECT pg_stat_get_xact_tuples_deleted('samples'::regclass),
       pg_stat_get_xact_tuples_deleted('ingest_events'::regclass)";

/// The reset itself, in the order the constraints need: incidents first (else the machines' delete
/// trips the incidents check), the client's events in one set-based delete (the cascade from machines
/// would do it per machine), keys unbound, then the machines with their cascades.
pub(super) const RESET_STATEMENTS: [&str; 4] = [
    "DELETE FROM incidents WHERE machine_id IN (SELECT id FROM machines WHERE client_id = $1::uuid) \
       OR metric_instance_id IN (SELECT mi.id FROM metric_instances mi JOIN machines m ON m.id = mi.machine_id \
                                 WHERE m.client_id = $1::uuid)",
    "DELETE FROM ingest_events WHERE client_id = $1::uuid",
    "UPDATE api_keys SET machine_id = NULL, last_used_at = NULL WHERE client_id = $1::uuid \
       AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)",
    "DELETE FROM machines WHERE client_id = $1::uuid",
];

/// The post-state, checked inside the transaction before commit: what must be left of the client's
/// machines and events (nothing). Its keys are read by [`KEYS_SQL`] in the same transaction and
/// checked row by row, and both results are what the post-reset check prints: the state this
/// transaction committed, without counting it all again after the commit (issue 18: the recount and
/// the second scan of `api_keys`, which has no `client_id` index, were ~50 ms of a reset's fixed cost).
pub(super) const VERIFY_SQL: &str = "\
SELECT (SELECT count(*) FROM machines WHERE client_id = $1::uuid),
       (SELECT count(*) FROM ingest_events WHERE client_id = $1::uuid)";

/// The client's keys, as the post-reset check shows them.
pub(super) const KEYS_SQL: &str =
    "SELECT name, is_active, machine_id::text AS machine_id, last_used_at FROM api_keys \
                        WHERE client_id = $1::uuid ORDER BY name, id";

/// The columns of [`KEYS_SQL`], in its order.
pub(super) const KEY_COLUMNS: [&str; 4] = ["name", "is_active", "machine_id", "last_used_at"];
