-- connections gain schedules, verification results and per-site credentials
alter table connection add column full_interval_minutes        integer not null default 1440;
alter table connection add column incremental_interval_minutes integer not null default 60;
alter table connection add column next_full_at                 timestamptz;
alter table connection add column next_incremental_at          timestamptz;
alter table connection add column verification                 jsonb;
alter table connection add column verified_at                  timestamptz;

create table connection_site (
    connection_id   uuid        not null references connection (id) on delete cascade,
    tenant_id       text        not null,
    site_url        text        not null,
    site_id         text,
    admin_email     text        not null,
    -- AES-GCM ciphertext of the user API token, prefixed by the key id
    api_token_enc   text        not null,
    position        integer     not null,
    primary key (connection_id, site_url)
);

-- one row per connection; whoever holds an unexpired lease runs that connection's sync (across replicas)
create table sync_lease (
    connection_id   uuid        primary key references connection (id) on delete cascade,
    owner           text,
    run_id          uuid,
    expires_at      timestamptz
);

create table sync_run (
    id               uuid        primary key,
    tenant_id        text        not null,
    connection_id    uuid        not null references connection (id) on delete cascade,
    mode             text        not null,
    trigger          text        not null,
    status           text        not null,
    owner            text,
    cancel_requested boolean     not null default false,
    requested_at     timestamptz not null,
    started_at       timestamptz,
    completed_at     timestamptz,
    metrics          jsonb       not null default '{}'::jsonb,
    errors           jsonb       not null default '[]'::jsonb
);
create index sync_run_connection on sync_run (connection_id, requested_at desc);
create index sync_run_queue on sync_run (status, requested_at) where status in ('queued', 'running');
-- at most one queued or running run per connection, whatever the number of replicas
create unique index sync_run_one_active on sync_run (connection_id) where status in ('queued', 'running');

-- resume points per (connection, resource); written only after the events they cover were acknowledged by Kafka
create table sync_checkpoint (
    connection_id   uuid        not null references connection (id) on delete cascade,
    resource        text        not null,
    value           text        not null,
    updated_at      timestamptz not null,
    primary key (connection_id, resource)
);

-- last emitted state of every entity: unchanged entities are not emitted again; rows not seen by a complete
-- listing are deletions
create table entity_hash (
    connection_id   uuid        not null references connection (id) on delete cascade,
    entity_type     text        not null,
    entity_id       text        not null,
    hash            text        not null,
    -- what a deletion event needs besides the id (content type of content items)
    detail          text,
    seen_run        uuid        not null,
    primary key (connection_id, entity_type, entity_id)
);
create index entity_hash_sweep on entity_hash (connection_id, entity_type, seen_run);
