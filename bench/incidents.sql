-- Adds one NO_DATA_MACHINE incident per machine of client Beta (as a real beta client accumulates).
-- With these, the runbook's reset transaction fails on ck_incidents_type_consistency; provctl's does not.
INSERT INTO incidents (id, client_id, incident_number, incident_type, title, machine_id)
SELECT md5('inc' || m.id)::uuid, m.client_id, 0, 'NO_DATA_MACHINE', 'no data from ' || m.hostname, m.id
FROM machines m WHERE m.client_id = 'b0000000-0000-4000-8000-000000000001';
