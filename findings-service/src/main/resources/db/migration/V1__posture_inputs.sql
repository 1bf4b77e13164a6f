-- Posture inputs: the latest observation of each inventory entity a check needs, as the event's data (jsonb).
-- One row per tenant + entity type + entity id; an older observation never overwrites a newer one.
create table posture_entity (
    tenant_id    text        not null,
    entity_type  text        not null,
    entity_id    text        not null,
    data         jsonb       not null,
    observed_at  timestamptz not null,
    deleted_at   timestamptz,
    last_run_id  text,
    primary key (tenant_id, entity_type, entity_id)
);

-- Events of a sync run already applied, so evaluation can wait until it has seen the whole run (idempotent).
create table sync_run_event (
    tenant_id   text not null,
    run_id      text not null,
    event_id    text not null,
    entity_type text not null,
    primary key (tenant_id, run_id, event_id)
);

-- Completed sync runs and whether their evaluation happened.
create table sync_run (
    tenant_id      text        not null,
    run_id         text        not null,
    connection_id  text        not null,
    mode           text        not null,
    status         text        not null,
    complete_snapshot boolean  not null,
    event_counts   jsonb       not null,
    completed_at   timestamptz,
    received_at    timestamptz not null,
    evaluated_at   timestamptz,
    evaluation_note text,
    primary key (tenant_id, run_id)
);
create index sync_run_pending on sync_run (received_at) where evaluated_at is null;

-- Per-tenant posture configuration: thresholds override the catalogue defaults.
create table posture_config (
    tenant_id   text primary key,
    thresholds  jsonb       not null default '{}'::jsonb,
    updated_at  timestamptz not null,
    updated_by  text
);

create table posture_mute (
    tenant_id  text        not null,
    check_id   text        not null,
    reason     text        not null,
    muted_by   text,
    muted_at   timestamptz not null,
    primary key (tenant_id, check_id)
);
