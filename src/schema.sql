-- provctl schema: mirrors the deployed platform schema (Alembic migration head 0003).
-- For EMPTY test/demo databases only (`provctl schema apply`). provctl never migrates a
-- production database: there the schema belongs to the platform's Alembic migrations.
--
-- Plain SQL run in one simple-query batch (no psql meta-commands). No BEGIN/COMMIT on
-- purpose: a multi-statement simple query is already one implicit transaction, and the
-- caller may wrap it in its own transaction.
-- ids are uuid WITHOUT server default (the platform generates uuid4 client-side);
-- every timestamp is timestamptz. varchar lengths are the DEPLOYED ones: they are hard
-- limits (e.g. client_settings.slack_channel_name is varchar(16), not the ORM's 80).

-- ---------------------------------------------------------------- enums
CREATE TYPE metric_type AS ENUM ('numeric', 'boolean', 'string');
CREATE TYPE incident_type AS ENUM ('NO_DATA_MACHINE', 'NO_DATA_METRIC', 'BREACH', 'HTTP_FAILURE');
CREATE TYPE outbox_status AS ENUM ('PENDING', 'SENT', 'FAILED');

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
-- e-mail is unique globally (a unique index, not a constraint, as deployed).
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

-- A key binds to one machine; deleting the machine unbinds the key (SET NULL).
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    client_id     uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    key           varchar(255) NOT NULL UNIQUE,
    name          varchar(100),
    is_active     boolean NOT NULL DEFAULT true,
    last_used_at  timestamptz,
    machine_id    uuid REFERENCES machines (id) ON DELETE SET NULL
);
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
-- The (client_id, ingest_id) unique index starts with client_id and does not help.
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
-- Global catalogue (not per client), seeded by migration 0002 (see the end of this file).
CREATE TABLE metric_definitions (
    id           uuid PRIMARY KEY,
    name         varchar(100) NOT NULL,
    type         metric_type NOT NULL,
    group_name   text NOT NULL DEFAULT 'misc',
    vendor       varchar(100) NOT NULL DEFAULT 'builtin',
    unit         varchar(32),
    description  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, vendor)
);

CREATE TABLE metric_instances (
    id               uuid PRIMARY KEY,
    machine_id       uuid NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    definition_id    uuid REFERENCES metric_definitions (id) ON DELETE CASCADE,
    name_effective   text NOT NULL,
    dimension_value  text NOT NULL DEFAULT '',
    flags            jsonb NOT NULL DEFAULT '{}',
    baseline_value   text,
    last_value       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (machine_id, definition_id, dimension_value),
    UNIQUE (machine_id, name_effective)
);

CREATE TABLE samples (
    metric_instance_id  uuid NOT NULL REFERENCES metric_instances (id) ON DELETE CASCADE,
    ts                  timestamptz NOT NULL,
    seq                 integer NOT NULL,
    value_type          varchar(16) NOT NULL,
    num_value           double precision,
    bool_value          boolean,
    str_value           text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (metric_instance_id, ts, seq)
);

-- ---------------------------------------------------------------- thresholds and alerts
-- condition: 'gt','gte','lt','lte','eq','ne'; severity: 'INFO','WARNING','CRITICAL'.
CREATE TABLE threshold_templates (
    id             uuid PRIMARY KEY,
    definition_id  uuid NOT NULL REFERENCES metric_definitions (id) ON DELETE CASCADE,
    name           varchar(100) NOT NULL,
    condition      varchar(16) NOT NULL,
    value_num      double precision,
    value_bool     boolean,
    value_str      text,
    severity       varchar(16) NOT NULL DEFAULT 'WARNING',
    description    text,
    is_active      boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_threshold_templates_one_value
        CHECK (num_nonnulls(value_num, value_bool, value_str) = 1)
);

CREATE TABLE thresholds (
    id                    uuid PRIMARY KEY,
    metric_instance_id    uuid NOT NULL REFERENCES metric_instances (id) ON DELETE CASCADE,
    template_id           uuid REFERENCES threshold_templates (id) ON DELETE SET NULL,
    name                  varchar(100) NOT NULL,
    condition             varchar(16) NOT NULL,
    value_num             double precision,
    value_bool            boolean,
    value_str             text,
    severity              varchar(16) NOT NULL DEFAULT 'WARNING',
    is_active             boolean NOT NULL DEFAULT true,
    consecutive_breaches  integer NOT NULL DEFAULT 1,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (metric_instance_id, name),
    CONSTRAINT ck_thresholds_one_value
        CHECK (num_nonnulls(value_num, value_bool, value_str) = 1)
);

CREATE TABLE alerts (
    id                  uuid PRIMARY KEY,
    threshold_id        uuid NOT NULL REFERENCES thresholds (id) ON DELETE CASCADE,
    machine_id          uuid NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    metric_instance_id  uuid REFERENCES metric_instances (id) ON DELETE SET NULL,
    status              varchar(16) NOT NULL DEFAULT 'FIRING',   -- 'FIRING' | 'RESOLVED'
    severity            varchar(16) NOT NULL DEFAULT 'WARNING',
    triggered_at        timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz,
    current_value       text,
    message             text,
    last_notified_at    timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- incidents
-- THE TRAP: machine_id / metric_instance_id / http_target_id are ON DELETE SET NULL, but
-- ck_incidents_type_consistency requires them per type. So deleting a machine (or a
-- metric instance, or an HTTP target) that an incident references FAILS with a check
-- violation. A reset must delete those incidents first.
-- incident_number is assigned per client by the BEFORE INSERT trigger below.
CREATE TABLE incidents (
    id                  uuid PRIMARY KEY,
    client_id           uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_number     integer NOT NULL,
    incident_type       incident_type NOT NULL,
    dedup_key           text,
    title               varchar(255),
    status              varchar(16) NOT NULL DEFAULT 'OPEN',     -- 'OPEN' | 'RESOLVED'
    severity            varchar(16) NOT NULL DEFAULT 'WARNING',
    machine_id          uuid REFERENCES machines (id) ON DELETE SET NULL,
    metric_instance_id  uuid REFERENCES metric_instances (id) ON DELETE SET NULL,
    http_target_id      uuid REFERENCES http_targets (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_incidents_type_consistency CHECK (
        (incident_type = 'NO_DATA_MACHINE'
            AND machine_id IS NOT NULL AND metric_instance_id IS NULL AND http_target_id IS NULL)
        OR (incident_type IN ('NO_DATA_METRIC', 'BREACH')
            AND metric_instance_id IS NOT NULL AND machine_id IS NOT NULL AND http_target_id IS NULL)
        OR (incident_type = 'HTTP_FAILURE'
            AND http_target_id IS NOT NULL AND machine_id IS NULL AND metric_instance_id IS NULL)
    )
);

-- Per-client incident numbering: one counter row per client, bumped atomically by an
-- upsert (concurrent inserts for the same client serialise on the counter row).
CREATE TABLE client_incident_counter (
    client_id    uuid PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    last_number  integer NOT NULL DEFAULT 0
);

CREATE FUNCTION assign_incident_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO client_incident_counter AS c (client_id, last_number)
    VALUES (NEW.client_id, 1)
    ON CONFLICT (client_id) DO UPDATE SET last_number = c.last_number + 1
    RETURNING c.last_number INTO NEW.incident_number;
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_incidents_assign_number
    BEFORE INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION assign_incident_number();

-- ---------------------------------------------------------------- notifications
-- Deleting an incident or alert keeps the log/outbox rows (SET NULL).
CREATE TABLE notification_log (
    id             uuid PRIMARY KEY,
    client_id      uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_id    uuid REFERENCES incidents (id) ON DELETE SET NULL,
    alert_id       uuid REFERENCES alerts (id) ON DELETE SET NULL,
    provider       varchar(32) NOT NULL,    -- 'email' | 'slack'
    recipient      varchar(500) NOT NULL,
    status         varchar(16) NOT NULL,    -- 'SENT' | 'FAILED'
    event          varchar(32),             -- 'OPENED' | 'RESOLVED' | 'REMINDER'
    message        text,
    error_message  text,
    sent_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox_events (
    id               uuid PRIMARY KEY,
    client_id        uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    incident_id      uuid REFERENCES incidents (id) ON DELETE SET NULL,
    type             varchar(64) NOT NULL,
    payload          jsonb NOT NULL DEFAULT '{}',
    status           outbox_status NOT NULL DEFAULT 'PENDING',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_error       text,
    processed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------- seed (migration 0002)
-- Builtin metric catalogue. gen_random_uuid() is built in since PostgreSQL 13.
INSERT INTO metric_definitions (id, name, type, group_name, vendor, unit, description) VALUES
    (gen_random_uuid(), 'cpu.usage_percent',     'numeric', 'cpu',     'builtin', '%',     'CPU usage, all cores'),
    (gen_random_uuid(), 'memory.used_percent',   'numeric', 'memory',  'builtin', '%',     'Memory in use'),
    (gen_random_uuid(), 'disk.used_percent',     'numeric', 'disk',    'builtin', '%',     'Disk space in use, per mount point'),
    (gen_random_uuid(), 'load.avg_1m',           'numeric', 'cpu',     'builtin', NULL,    'Load average over 1 minute'),
    (gen_random_uuid(), 'system.uptime_seconds', 'numeric', 'system',  'builtin', 's',     'Time since boot'),
    (gen_random_uuid(), 'service.running',       'boolean', 'service', 'builtin', NULL,    'Whether a service is running, per service name'),
    (gen_random_uuid(), 'system.os_release',     'string',  'system',  'builtin', NULL,    'Operating system release string');
