-- Benchmark dataset for bench/run.sh. Run with psql -v ON_ERROR_STOP=1 and these variables:
--   users      total users (200000)         bulk_keys  keys of client "Bulk" (200000)
--   machines   machines of client "Beta" (300)
--   events     ingest events of "Beta" (300000)
--   instances  metric instances of "Beta" (30000)   samples  samples of those instances (600000)
-- Everything is generated set-based with generate_series; ids are deterministic (md5-derived uuids)
-- so that two runs at the same sizes produce the same data. No incidents here: bench/incidents.sql adds
-- them (the reset comparison runs on that copy; the runbook's own SQL fails on them).

\set ON_ERROR_STOP 1
-- The server runs with synchronous_commit = off; this session commits synchronously (cheap: fsync is
-- off) so that the VACUUM at the end can mark the pages all-visible: with the commits not yet flushed it
-- cannot, and every index-only scan of the benchmark would then read the heap as well.
SET synchronous_commit = on;

\ir functions.sql

-- ------------------------------------------------------------------ clients
INSERT INTO clients (id, name, email) VALUES
  ('b0000000-0000-4000-8000-000000000001', 'Beta', 'ops@beta.example.com'),
  ('b0000000-0000-4000-8000-000000000002', 'Bulk', 'ops@bulk.example.com'),
  ('b0000000-0000-4000-8000-000000000011', 'Users-1k', NULL),
  ('b0000000-0000-4000-8000-000000000012', 'Users-10k', NULL),
  ('b0000000-0000-4000-8000-000000000013', 'Users-100k', NULL),
  ('b0000000-0000-4000-8000-000000000014', 'Users-rest', NULL);

-- ------------------------------------------------------------------ users
-- 1k, 10k and 100k users in their own clients (verify-hash --all --client at those sizes), the rest in
-- Users-rest; `verify-hash --all` without --client reads them all. Plus the Beta admin.
INSERT INTO users (id, client_id, email, password_hash, role, updated_at)
SELECT pg_temp.uid('user' || i),
       CASE WHEN i <= 1000 THEN 'b0000000-0000-4000-8000-000000000011'::uuid
            WHEN i <= 11000 THEN 'b0000000-0000-4000-8000-000000000012'::uuid
            WHEN i <= 111000 THEN 'b0000000-0000-4000-8000-000000000013'::uuid
            ELSE 'b0000000-0000-4000-8000-000000000014'::uuid END,
       format('u%s@users.example.com', lpad(i::text, 7, '0')),
       pg_temp.fake_hash(i),
       'admin_client',
       timestamptz '2025-01-01' + i * interval '1 second'
FROM generate_series(1, :users - 1) AS i;
INSERT INTO users (id, client_id, email, password_hash, role)
VALUES (pg_temp.uid('beta-admin'), 'b0000000-0000-4000-8000-000000000001', 'admin@beta.example.com',
        pg_temp.fake_hash(7), 'admin_client');

-- ------------------------------------------------------------------ machines of Beta
INSERT INTO machines (id, client_id, hostname, os_type, fingerprint, registered_at, last_seen, status)
SELECT pg_temp.uid('machine' || m), 'b0000000-0000-4000-8000-000000000001',
       format('beta-host-%s', lpad(m::text, 4, '0')), 'Linux', md5('fp' || m),
       timestamptz '2025-06-01' + m * interval '1 minute', now(), 'online'
FROM generate_series(1, :machines) AS m;

-- ------------------------------------------------------------------ keys
-- Bulk: k-000000 … k-NNNNNN, so `--prefix k-000` selects 1k rows, `k-00` 10k, `k-0` 100k, `k-` all.
INSERT INTO api_keys (id, client_id, key, name, is_active)
SELECT pg_temp.uid('bulkkey' || i), 'b0000000-0000-4000-8000-000000000002',
       'bk' || md5('bulkkey' || i) , 'k-' || lpad(i::text, 6, '0'), i % 4 = 0
FROM generate_series(0, :bulk_keys - 1) AS i;
-- Beta: one key bound per machine (as after real ingestion), plus 4 delivery keys not yet used.
INSERT INTO api_keys (id, client_id, key, name, is_active, machine_id, last_used_at)
SELECT pg_temp.uid('betakey' || m), 'b0000000-0000-4000-8000-000000000001',
       'beta' || md5('betakey' || m), format('beta-key-%s', lpad(m::text, 4, '0')), true,
       pg_temp.uid('machine' || m), now()
FROM generate_series(1, :machines) AS m;
INSERT INTO api_keys (id, client_id, key, name, is_active)
SELECT pg_temp.uid('betaspare' || i), 'b0000000-0000-4000-8000-000000000001',
       'betaspare' || md5('betaspare' || i), format('beta-spare-%s', i), i = 1
FROM generate_series(1, 4) AS i;

-- ------------------------------------------------------------------ ingest events of Beta
INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at, created_at)
SELECT pg_temp.uid('ev' || e), 'b0000000-0000-4000-8000-000000000001',
       pg_temp.uid('machine' || (1 + e % :machines)), 'ing-' || e,
       timestamptz '2025-07-01' + e * interval '1 second',
       timestamptz '2025-07-01' + e * interval '1 second'
FROM generate_series(0, :events - 1) AS e;

-- ------------------------------------------------------------------ metric instances and samples
INSERT INTO metric_instances (id, machine_id, definition_id, name_effective, dimension_value, last_value)
SELECT pg_temp.uid('mi' || i), pg_temp.uid('machine' || (1 + i % :machines)),
       (SELECT id FROM metric_definitions ORDER BY name LIMIT 1 OFFSET (i % 7)),
       'metric.' || i, 'dim-' || i, '42'
FROM generate_series(0, :instances - 1) AS i;

INSERT INTO samples (metric_instance_id, ts, seq, value_type, num_value)
SELECT pg_temp.uid('mi' || (s % :instances)),
       timestamptz '2025-07-01' + (s / :instances) * interval '1 minute', 0, 'numeric', s % 100
FROM generate_series(0, :samples - 1) AS s;

VACUUM ANALYZE;
