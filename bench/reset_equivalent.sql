-- What `provctl reset-client` changes, as one psql transaction: its four statements
-- (src/cmd/reset_client/sql.rs, RESET_STATEMENTS; the server log of a run shows the same text), with the
-- client id that bench/run.sh passes as -v client_id=… in place of $1. The benchmark checks at run
-- time that provctl still sends exactly these statements, and says so in docs/performance.md if not.
-- Unlike the runbook's transaction (runbook_reset.sql), it first deletes the incidents tied to the
-- client's machines: without that, deleting the machines sets incidents.machine_id NULL and fails on
-- ck_incidents_type_consistency.
begin;

DELETE FROM incidents WHERE machine_id IN (SELECT id FROM machines WHERE client_id = :'client_id'::uuid) OR metric_instance_id IN (SELECT mi.id FROM metric_instances mi JOIN machines m ON m.id = mi.machine_id WHERE m.client_id = :'client_id'::uuid);

DELETE FROM ingest_events WHERE client_id = :'client_id'::uuid;

UPDATE api_keys SET machine_id = NULL, last_used_at = NULL WHERE client_id = :'client_id'::uuid AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL);

DELETE FROM machines WHERE client_id = :'client_id'::uuid;

commit;
