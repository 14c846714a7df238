-- provctl schema: mirrors the deployed platform schema (Alembic migration head 0003), every table.
-- For EMPTY test/demo databases only (`provctl schema apply`). provctl never migrates a
-- production database: there the schema belongs to the platform's Alembic migrations.
--
-- The reference is the platform's catalogue as facts (tests/fixtures/platform-schema.txt: columns
-- with type, nullability and default; constraints; indexes; triggers; enums). A database built
-- from this file gives exactly those facts (tests/it/schema.rs compares them line by line, as does
-- one built from tests/fixtures/platform_alembic.sql). So every default, nullability and check
-- below is the deployed one, including the odd ones (nullable status/severity, lower-case
-- 'warning', varchar(16) slack_channel_name, the two unique indexes on api_keys.key).
--
-- Plain SQL run in one simple-query batch (no psql meta-commands). No BEGIN/COMMIT on
-- purpose: a multi-statement simple query is already one implicit transaction, and the
-- caller may wrap it in its own transaction.
-- ids are uuid WITHOUT server default (the platform generates uuid4 client-side);
-- every timestamp is timestamptz.

-- ---------------------------------------------------------------- enums
CREATE TYPE metric_type AS ENUM ('numeric', 'boolean', 'string');
CREATE TYPE incident_type AS ENUM ('NO_DATA_MACHINE', 'NO_DATA_METRIC', 'BREACH', 'HTTP_FAILURE');
CREATE TYPE outbox_status AS ENUM ('PENDING', 'DELIVERING', 'DELIVERED', 'FAILED');

-- ---------------------------------------------------------------- tenants and users
-- clients.name is deliberately NOT unique (as deployed): duplicates are possible.
CREATE TABLE clients (
    id          uuid PRIMARY KEY,
    name        varchar(255) NOT NULL,
    email       varchar(255),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    client_id      uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    email          varchar(255) NOT NULL,
    password_hash  varchar(255) NOT NULL,
    role           varchar(32) NOT NULL DEFAULT 'admin_client',
    is_active      boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- e-mail is unique globally (a unique index, not a constraint, as deployed). The platform's login
-- lower-cases the e-mail's domain before an exact lookup here.
CREATE UNIQUE INDEX ix_users_email ON users (email);

-- ---------------------------------------------------------------- machines and keys
CREATE TABLE machines (
    id               uuid PRIMARY KEY,
    client_id        uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    hostname         varchar(255) NOT NULL,
    os_type          varchar(50),
    os_version       varchar(100),
    last_seen        timestamptz,
    registered_at    timestamptz NOT NULL DEFAULT now(),
    unregistered_at  timestamptz DEFAULT now(),
    is_active        boolean NOT NULL DEFAULT true,
    fingerprint      varchar(128),
    status           varchar(16)
);
CREATE INDEX machines_client_id_hostname_idx ON machines (client_id, hostname);
CREATE INDEX machines_fingerprint_idx ON machines (fingerprint);
CREATE INDEX machines_status_idx ON machines (status);

-- A key binds to one machine; deleting the machine unbinds the key (SET NULL).
-- key is unique twice over, as deployed: the constraint's index and ix_api_keys_key.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    key           varchar(255) NOT NULL UNIQUE,
    name          varchar(100),
    is_active     boolean NOT NULL DEFAULT true,
    last_used_at  timestamptz,
    machine_id    uuid REFERENCES machines (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ix_api_keys_key ON api_keys (key);
CREATE INDEX api_keys_machine_id_idx ON api_keys (machine_id);

-- ---------------------------------------------------------------- per-client configuration
CREATE TABLE client_settings (
    id                              uuid PRIMARY KEY,
    client_id                       uuid NOT NULL UNIQUE REFERENCES clients (id) ON DELETE CASCADE,
    notification_email              varchar(255),
    slack_webhook_url               varchar(500),
    slack_channel_name              varchar(16),   -- deployed length; the ORM model says 80
    heartbeat_threshold_minutes     integer DEFAULT 5,
    consecutive_failures_threshold  integer DEFAULT 2,
    alert_grouping_enabled          boolean DEFAULT true,
    alert_grouping_window_seconds   integer DEFAULT 300,
    reminder_notification_seconds   integer DEFAULT 600,
    notify_on_resolve               boolean DEFAULT true,
    grace_period_seconds            integer DEFAULT 120,
    created_at                      timestamptz DEFAULT now(),
    updated_at                      timestamptz DEFAULT now()
);

CREATE TABLE http_targets (
    id                      uuid PRIMARY KEY,
    client_id               uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name                    varchar(255) NOT NULL,
    url                     varchar(1000) NOT NULL,
    method                  varchar(10) DEFAULT 'GET',
    accepted_status_codes   jsonb,
    timeout_seconds         integer DEFAULT 30,
    check_interval_seconds  integer DEFAULT 300,
    is_active               boolean DEFAULT true,
    last_check_at           timestamptz,
    last_status_code        integer,
    last_state_change_at    timestamptz,
    last_response_time_ms   integer,
    last_error_message      varchar(500),
    created_at              timestamptz DEFAULT now(),
    updated_at              timestamptz DEFAULT now(),
    UNIQUE (client_id, url)
);

-- ---------------------------------------------------------------- ingestion
-- NO index on ingest_events.machine_id, on purpose: the deployed schema lacks it, so
-- deleting N machines scans ingest_events N times. `provctl doctor` reports it and the
-- reset-client plan warns about it; this file must reproduce the gap, not fix it.
-- The (client_id, ingest_id) unique constraint starts with client_id and does not help.
CREATE TABLE ingest_events (
    id          uuid PRIMARY KEY,
    client_id   uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    machine_id  uuid NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    ingest_id   varchar(64) NOT NULL,
    sent_at     timestamptz,
    created_at  timestamptz DEFAULT now(),
    UNIQUE (client_id, ingest_id)
);

-- ---------------------------------------------------------------- metrics
-- Global catalogue (not per client), seeded by migration 0002 (see the end of this file). A
-- dynamic family (one instance per mount point, per service…) names its dimension.
CREATE TABLE metric_definitions (
    id                     uuid PRIMARY KEY,
    name                   varchar(100) NOT NULL,
    type                   metric_type NOT NULL,
    group_name             text NOT NULL DEFAULT 'misc',
    vendor                 varchar(100) NOT NULL DEFAULT 'builtin',
    unit                   varchar(20),
    description            text,
    default_condition      varchar(32),
    is_builtin             boolean NOT NULL DEFAULT true,
    is_dynamic_family      boolean DEFAULT false,
    dynamic_dimension      varchar(64),
    is_suggested_critical  boolean DEFAULT false,
    created_at             timestamptz DEFAULT now(),
    updated_at             timestamptz DEFAULT now(),
    UNIQUE (name, vendor),
    CONSTRAINT ck_metric_definitions_dynamic_dimension CHECK (
        (is_dynamic_family = false AND dynamic_dimension IS NULL)
        OR (is_dynamic_family = true AND dynamic_dimension IS NOT NULL)
    )
);

CREATE TABLE metric_instances (
    id                   uuid PRIMARY KEY,
    machine_id           uuid NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    definition_id        uuid REFERENCES metric_definitions (id) ON DELETE CASCADE,
    name_effective       text NOT NULL,
    dimension_value      varchar NOT NULL DEFAULT '',
    is_alerting_enabled  boolean NOT NULL DEFAULT false,
    needs_threshold      boolean NOT NULL DEFAULT true,
    is_paused            boolean NOT NULL DEFAULT false,
    baseline_value       text,
    last_value           text,
    created_at           timestamptz DEFAULT now(),
    updated_at           timestamptz DEFAULT now(),
    UNIQUE (machine_id, definition_id, dimension_value)
);
-- (machine_id, name_effective) is unique through an index only, as deployed.
CREATE UNIQUE INDEX metric_instances_machine_id_name_effective_key
    ON metric_instances (machine_id, name_effective);

-- One partial index per value kind: a series is read for the kind it holds.
CREATE TABLE samples (
    metric_instance_id  uuid NOT NULL REFERENCES metric_instances (id) ON DELETE CASCADE,
    ts                  timestamptz NOT NULL DEFAULT now(),
    seq                 integer NOT NULL DEFAULT 0,
    value_type          varchar(16) NOT NULL,
    num_value           double precision,
    bool_value          boolean,
    str_value           text,
    created_at          timestamptz DEFAULT now(),
    PRIMARY KEY (metric_instance_id, ts, seq)
);
CREATE INDEX samples_num_idx ON samples (metric_instance_id, ts) WHERE num_value IS NOT NULL;
CREATE INDEX samples_bool_idx ON samples (metric_instance_id, ts) WHERE bool_value IS NOT NULL;
CREATE INDEX samples_str_idx ON samples (metric_instance_id, ts) WHERE str_value IS NOT NULL;

-- ---------------------------------------------------------------- thresholds and alerts
-- condition: 'gt','gte','lt','lte','eq','ne'; severity: 'info','warning','critical'. Exactly one
-- of value_num / value_bool / value_str is set.
CREATE TABLE threshold_templates (
    id                    uuid PRIMARY KEY,
    definition_id         uuid NOT NULL REFERENCES metric_definitions (id) ON DELETE CASCADE,
    name                  varchar(100) NOT NULL DEFAULT 'default',
    condition             varchar(32) NOT NULL,
    value_num             double precision,
    value_bool            boolean,
    value_str             varchar(255),
    severity              varchar(16) NOT NULL DEFAULT 'warning',
    consecutive_breaches  integer DEFAULT 1,
    cooldown_sec          integer DEFAULT 0,
    min_duration_sec      integer DEFAULT 0,
    created_at            timestamptz DEFAULT now(),
    updated_at            timestamptz DEFAULT now(),
    UNIQUE (definition_id, name),
    CONSTRAINT ck_threshold_templates_one_value CHECK (
        (value_num IS NOT NULL AND value_bool IS NULL AND value_str IS NULL)
        OR (value_num IS NULL AND value_bool IS NOT NULL AND value_str IS NULL)
        OR (value_num IS NULL AND value_bool IS NULL AND value_str IS NOT NULL)
    )
);

CREATE TABLE thresholds (
    id                    uuid PRIMARY KEY,
    metric_instance_id    uuid NOT NULL REFERENCES metric_instances (id) ON DELETE CASCADE,
    template_id           uuid REFERENCES threshold_templates (id) ON DELETE SET NULL,
    name                  varchar(100) NOT NULL DEFAULT 'default',
    condition             varchar(32) NOT NULL,
    value_num             double precision,
    value_bool            boolean,
    value_str             varchar(255),
    severity              varchar(16) NOT NULL DEFAULT 'warning',
    is_active             boolean DEFAULT true,
    consecutive_breaches  integer DEFAULT 1,
    cooldown_sec          integer DEFAULT 0,
    min_duration_sec      integer DEFAULT 0,
    created_at            timestamptz DEFAULT now(),
    updated_at            timestamptz DEFAULT now(),
    UNIQUE (metric_instance_id, name),
    CONSTRAINT ck_thresholds_one_value CHECK (
        (value_num IS NOT NULL AND value_bool IS NULL AND value_str IS NULL)
        OR (value_num IS NULL AND value_bool IS NOT NULL AND value_str IS NULL)
        OR (value_num IS NULL AND value_bool IS NULL AND value_str IS NOT NULL)
    )
);

CREATE TABLE alerts (
    id                  uuid PRIMARY KEY,
    threshold_id        uuid NOT NULL REFERENCES thresholds (id) ON DELETE CASCADE,
    machine_id          uuid NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    metric_instance_id  uuid REFERENCES metric_instances (id) ON DELETE SET NULL,
    status              varchar(16) DEFAULT 'FIRING',   -- 'FIRING' | 'RESOLVED'
    severity            varchar(16) DEFAULT 'warning',
    triggered_at        timestamptz DEFAULT now(),
    resolved_at         timestamptz,
    current_value       text DEFAULT '',
    message             text,
    created_at          timestamptz DEFAULT now()
);
CREATE INDEX alerts_machine_id_status_idx ON alerts (machine_id, status);
CREATE INDEX alerts_status_triggered_at_idx ON alerts (status, triggered_at);

-- ---------------------------------------------------------------- incidents
-- THE TRAP: machine_id / metric_instance_id / http_target_id are ON DELETE SET NULL, but
-- ck_incidents_type_consistency requires them per type. So deleting a machine (or a
-- metric instance, or an HTTP target) that an incident references FAILS with a check
-- violation. A reset must delete those incidents first.
-- incident_number is nullable: the BEFORE INSERT trigger below numbers an incident per client
-- when it comes without a number (NULL or 0). At most one OPEN incident per (client, type,
-- subject, dedup_key): one partial unique index per kind of subject.
CREATE TABLE incidents (
    id                  uuid PRIMARY KEY,
    client_id           uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_number     integer,
    incident_type       incident_type NOT NULL,
    dedup_key           text NOT NULL,
    title               varchar(255) NOT NULL,
    description         text,
    status              varchar(16) DEFAULT 'OPEN',     -- 'OPEN' | 'RESOLVED'
    severity            varchar(16) DEFAULT 'warning',
    machine_id          uuid REFERENCES machines (id) ON DELETE SET NULL,
    metric_instance_id  uuid REFERENCES metric_instances (id) ON DELETE SET NULL,
    http_target_id      uuid REFERENCES http_targets (id) ON DELETE SET NULL,
    created_at          timestamptz DEFAULT now(),
    resolved_at         timestamptz,
    updated_at          timestamptz DEFAULT now(),
    CONSTRAINT uq_incidents_client_number UNIQUE (client_id, incident_number),
    CONSTRAINT ck_incidents_number_positive CHECK (incident_number IS NULL OR incident_number > 0),
    CONSTRAINT ck_incidents_type_consistency CHECK (
        (incident_type = 'NO_DATA_MACHINE'
            AND machine_id IS NOT NULL AND metric_instance_id IS NULL AND http_target_id IS NULL)
        OR (incident_type = 'NO_DATA_METRIC'
            AND metric_instance_id IS NOT NULL AND machine_id IS NOT NULL AND http_target_id IS NULL)
        OR (incident_type = 'BREACH'
            AND metric_instance_id IS NOT NULL AND machine_id IS NOT NULL AND http_target_id IS NULL)
        OR (incident_type = 'HTTP_FAILURE'
            AND http_target_id IS NOT NULL AND machine_id IS NULL AND metric_instance_id IS NULL)
    )
);
CREATE UNIQUE INDEX uq_incidents_open_client ON incidents (client_id, incident_type, dedup_key)
    WHERE status = 'OPEN' AND machine_id IS NULL AND http_target_id IS NULL AND metric_instance_id IS NULL;
CREATE UNIQUE INDEX uq_incidents_open_http ON incidents (client_id, incident_type, http_target_id, dedup_key)
    WHERE status = 'OPEN' AND http_target_id IS NOT NULL;
CREATE UNIQUE INDEX uq_incidents_open_machine ON incidents (client_id, incident_type, machine_id, dedup_key)
    WHERE status = 'OPEN' AND machine_id IS NOT NULL AND metric_instance_id IS NULL AND http_target_id IS NULL;
CREATE UNIQUE INDEX uq_incidents_open_metric ON incidents (client_id, incident_type, metric_instance_id, dedup_key)
    WHERE status = 'OPEN' AND metric_instance_id IS NOT NULL;

-- Per-client incident numbering: one counter row per client holding the NEXT number.
CREATE TABLE client_incident_counter (
    client_id             uuid PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    next_incident_number  integer NOT NULL DEFAULT 1
);

-- The platform's numbering, as migration 0003 defines it: an incident inserted without a number
-- (NULL or 0) gets the client's next one. The counter row is created if missing, then locked
-- (FOR UPDATE), so concurrent inserts for one client serialise on it and never share a number.
CREATE FUNCTION set_incident_number_per_client() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    IF NEW.incident_number IS NULL OR NEW.incident_number = 0 THEN
        INSERT INTO client_incident_counter (client_id, next_incident_number)
        VALUES (NEW.client_id, 1)
        ON CONFLICT (client_id) DO NOTHING;
        SELECT next_incident_number INTO n
        FROM client_incident_counter WHERE client_id = NEW.client_id
        FOR UPDATE;
        NEW.incident_number := n;
        UPDATE client_incident_counter SET next_incident_number = n + 1
        WHERE client_id = NEW.client_id;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_set_incident_number_per_client
    BEFORE INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION set_incident_number_per_client();

-- ---------------------------------------------------------------- notifications
-- Deleting an incident or alert keeps the log/outbox rows (SET NULL).
CREATE TABLE notification_log (
    id             uuid PRIMARY KEY,
    client_id      uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_id    uuid REFERENCES incidents (id) ON DELETE SET NULL,
    alert_id       uuid REFERENCES alerts (id) ON DELETE SET NULL,
    provider       varchar(50) NOT NULL,    -- 'email' | 'slack'
    recipient      varchar(255) NOT NULL,
    status         varchar(32) DEFAULT 'pending',
    message        text,
    error_message  text,
    sent_at        timestamptz,
    created_at     timestamptz DEFAULT now()
);

CREATE TABLE outbox_events (
    id                uuid PRIMARY KEY,
    client_id         uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_id       uuid REFERENCES incidents (id) ON DELETE SET NULL,
    type              varchar(64) NOT NULL,
    payload           jsonb NOT NULL,
    status            outbox_status NOT NULL DEFAULT 'PENDING',
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    last_error        text,
    delivery_receipt  jsonb,
    created_at        timestamptz DEFAULT now(),
    updated_at        timestamptz DEFAULT now()
);
CREATE INDEX outbox_events_status_next_attempt_at_idx ON outbox_events (status, next_attempt_at);

-- ---------------------------------------------------------------- seed (migration 0002)
-- Builtin metric catalogue. gen_random_uuid() is built in since PostgreSQL 13.
INSERT INTO metric_definitions (id, name, type, group_name, vendor, unit, description, default_condition,
                                is_dynamic_family, dynamic_dimension, is_suggested_critical) VALUES
    (gen_random_uuid(), 'cpu.usage_percent',     'numeric', 'cpu',     'builtin', '%',  'CPU usage, all cores',                           'gt', false, NULL,      true),
    (gen_random_uuid(), 'memory.used_percent',   'numeric', 'memory',  'builtin', '%',  'Memory in use',                                  'gt', false, NULL,      true),
    (gen_random_uuid(), 'disk.used_percent',     'numeric', 'disk',    'builtin', '%',  'Disk space in use, per mount point',             'gt', true,  'mount',   true),
    (gen_random_uuid(), 'load.avg_1m',           'numeric', 'cpu',     'builtin', NULL, 'Load average over 1 minute',                     'gt', false, NULL,      false),
    (gen_random_uuid(), 'system.uptime_seconds', 'numeric', 'system',  'builtin', 's',  'Time since boot',                                'lt', false, NULL,      false),
    (gen_random_uuid(), 'service.running',       'boolean', 'service', 'builtin', NULL, 'Whether a service is running, per service name', 'eq', true,  'service', true),
    (gen_random_uuid(), 'system.os_release',     'string',  'system',  'builtin', NULL, 'Operating system release string',                NULL, false, NULL,      false);
