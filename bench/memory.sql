-- The memory dataset of bench/run.sh: one client, "Mem", whose users, keys, machines and ingest events
-- grow from :from to :to rows each (run with psql -v ON_ERROR_STOP=1 -v from=… -v to=…; from = 0 the
-- first time creates the client). The benchmark grows it 0 → 1k → 10k → 100k → 1M and measures every
-- listing at each size. Set-based inserts only (generate_series, no correlated sub-query), then
-- VACUUM ANALYZE, so that each measurement runs on fresh statistics and a set visibility map.

\set ON_ERROR_STOP 1
-- The server runs with synchronous_commit = off; this session commits synchronously (cheap: fsync is
-- off) so that the VACUUM at the end can mark the pages all-visible: with the commits not yet flushed it
-- cannot, and every index-only scan of the benchmark would then read the heap as well.
SET synchronous_commit = on;
\ir functions.sql

SELECT :from = 0 AS first \gset
\if :first
INSERT INTO clients (id, name, email)
VALUES ('b0000000-0000-4000-8000-0000000000e1', 'Mem', 'ops@mem.example.com');
\endif

-- Users: every 1000th hash truncated (verify-hash --all reports 1 row in 1000).
INSERT INTO users (id, client_id, email, password_hash, role, updated_at)
SELECT pg_temp.uid('mem-user' || i), 'b0000000-0000-4000-8000-0000000000e1',
       format('m%s@mem.example.com', lpad(i::text, 7, '0')), pg_temp.fake_hash(i), 'admin_client',
       timestamptz '2025-01-01' + i * interval '1 second'
FROM generate_series(:from + 1, :to) AS i;

-- Machines first: keys and events point at them.
INSERT INTO machines (id, client_id, hostname, os_type, fingerprint, registered_at, last_seen, status)
SELECT pg_temp.uid('mem-machine' || m), 'b0000000-0000-4000-8000-0000000000e1',
       format('mem-host-%s', lpad(m::text, 7, '0')), 'Linux', md5('mem-fp' || m),
       timestamptz '2025-06-01' + m * interval '1 second', timestamptz '2025-08-01', 'online'
FROM generate_series(:from + 1, :to) AS m;

-- Keys: one per machine, bound to it, as after real ingestion.
INSERT INTO api_keys (id, client_id, key, name, is_active, machine_id, last_used_at)
SELECT pg_temp.uid('mem-key' || i), 'b0000000-0000-4000-8000-0000000000e1', 'mk' || md5('mem-key' || i),
       format('mem-key-%s', lpad(i::text, 7, '0')), i % 4 <> 0, pg_temp.uid('mem-machine' || i),
       timestamptz '2025-08-01'
FROM generate_series(:from + 1, :to) AS i;

-- Ingest events, spread over the first 1000 machines (which exist from the first step on).
INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at, created_at)
SELECT pg_temp.uid('mem-ev' || e), 'b0000000-0000-4000-8000-0000000000e1',
       pg_temp.uid('mem-machine' || (1 + e % least(1000, :to))), 'ing-' || e,
       timestamptz '2025-07-01' + e * interval '1 second', timestamptz '2025-07-01' + e * interval '1 second'
FROM generate_series(:from + 1, :to) AS e;

VACUUM ANALYZE users;
VACUUM ANALYZE machines;
VACUUM ANALYZE api_keys;
VACUUM ANALYZE ingest_events;
