-- Adds one open NO_DATA_MACHINE incident per machine of client Beta (as a real beta client accumulates).
-- With these, the runbook's reset transaction fails on ck_incidents_type_consistency; provctl's does not.
-- As the platform writes them: a title and a dedup key (one OPEN incident per machine and key), no
-- incident_number (the trigger trg_set_incident_number_per_client numbers them per client).
INSERT INTO incidents (id, client_id, incident_type, dedup_key, title, severity, machine_id)
SELECT md5('inc' || m.id)::uuid, m.client_id, 'NO_DATA_MACHINE', 'no_data:' || m.id,
       'No data from ' || m.hostname, 'critical', m.id
FROM machines m WHERE m.client_id = 'b0000000-0000-4000-8000-000000000001'
ORDER BY m.hostname;
