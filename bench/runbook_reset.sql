-- The runbook's "back to initial state" transaction (PROVISIONING.md, "Revenir à un état initial"),
-- verbatim but for the client id, which bench/run.sh passes as -v client_id=… .
-- It FAILS when the client's machines have incidents (ck_incidents_type_consistency): the benchmark
-- runs it once on such a copy to show that, and times reset_equivalent.sql (provctl's statements) instead.
begin;

-- purge ingest
delete from ingest_events where client_id=:'client_id';

-- purge machines (ON DELETE CASCADE => purge metric_instances/samples/alerts associés si existants)
delete from machines where client_id=:'client_id';

-- remettre last_used_at à NULL
update api_keys set last_used_at=null where client_id=:'client_id';

-- dissocier les clés de toute machine
update api_keys set machine_id=null where client_id=:'client_id';

commit;
