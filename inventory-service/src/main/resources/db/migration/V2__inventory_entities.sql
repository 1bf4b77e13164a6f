-- The whole inventory: one row per (tenant, entity type, entity id) holding the entity's latest observed state as
-- the event data JSON. Every query filters on tenant_id first (store/EntityStore is the only way in).
create table inventory_entity (
    tenant_id    text        not null,
    -- an EventType entity name: user, group, team, site, installed-app, ...
    entity_type  text        not null,
    entity_id    text        not null,
    -- the event data as received; '{}' for a tombstone of an entity deleted before it was ever seen
    data         jsonb       not null,
    -- when the source state was observed: an older observation never overwrites a newer one
    observed_at  timestamptz not null,
    first_seen   timestamptz not null,
    last_changed timestamptz not null,
    deleted_at   timestamptz,
    primary key (tenant_id, entity_type, entity_id)
);

-- Users are the large lists (100k per tenant): indexes for the common filters and sorts, keyed like the keyset
-- pagination (filter value, then entity id). Partial on entity_type so other types do not pay for them.
create index inventory_user_status on inventory_entity (tenant_id, (data ->> 'status'), entity_id)
    where entity_type = 'user';
create index inventory_user_email_domain on inventory_entity (tenant_id, (lower(split_part(data ->> 'email', '@', 2))), entity_id)
    where entity_type = 'user';
create index inventory_user_email on inventory_entity (tenant_id, (coalesce(data ->> 'email', '')), entity_id)
    where entity_type = 'user';
create index inventory_user_display_name on inventory_entity (tenant_id, (coalesce(data ->> 'displayName', '')), entity_id)
    where entity_type = 'user';
create index inventory_user_last_active on inventory_entity (tenant_id, (coalesce(data ->> 'lastActive', '')), entity_id)
    where entity_type = 'user';

-- What changed, per real change (not per redelivery): created, updated, restored, deleted, members-changed.
create table inventory_history (
    id             bigserial   primary key,
    tenant_id      text        not null,
    entity_type    text        not null,
    entity_id      text        not null,
    change         text        not null,
    -- names of the changed fields (json array); values only in "changes", never for sensitive fields
    changed_fields jsonb,
    changes        jsonb,
    observed_at    timestamptz not null,
    recorded_at    timestamptz not null default now()
);
create index inventory_history_entity on inventory_history (tenant_id, entity_type, entity_id, id);

-- Group/team members as relations. snapshot_id stamps the member set that last reported the relation; the last
-- part of a snapshot removes the relations of older snapshots.
create table inventory_membership (
    tenant_id    text not null,
    kind         text not null,           -- group | team
    container_id text not null,
    account_id   text not null,
    snapshot_id  text not null,
    primary key (tenant_id, kind, container_id, account_id)
);
create index inventory_membership_account on inventory_membership (tenant_id, kind, account_id);

-- The member snapshot being applied (or last completed) per group/team, guarding against an older snapshot
-- arriving after a newer one.
create table inventory_member_snapshot (
    tenant_id    text        not null,
    kind         text        not null,
    container_id text        not null,
    snapshot_id  text        not null,
    observed_at  timestamptz not null,
    completed    boolean     not null default false,
    primary key (tenant_id, kind, container_id)
);

create table inventory_sync_run (
    tenant_id     text        not null,
    run_id        text        not null,
    connection_id text        not null,
    mode          text        not null,
    status        text        not null,  -- running until the completed event arrives
    started_at    timestamptz,
    completed_at  timestamptz,
    resources     jsonb,
    entity_counts jsonb,
    event_counts  jsonb,
    errors        jsonb,
    primary key (tenant_id, run_id)
);
create index inventory_sync_run_connection on inventory_sync_run (tenant_id, connection_id, started_at desc);

-- Events received per run and event type (at-least-once: redeliveries count again), compared with the run's
-- eventCounts to tell whether the whole run was seen.
create table inventory_sync_run_received (
    tenant_id   text   not null,
    run_id      text   not null,
    event_type  text   not null,
    received    bigint not null,
    primary key (tenant_id, run_id, event_type)
);

-- ISO-8601 UTC text like the event data's instants, for JSON built in SQL.
create function inventory_iso(t timestamptz) returns text language sql immutable as
$$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- Users of the first version move into the entity table.
insert into inventory_entity (tenant_id, entity_type, entity_id, data, observed_at, first_seen, last_changed, deleted_at)
select tenant_id, 'user', account_id,
       jsonb_strip_nulls(jsonb_build_object('accountId', account_id, 'email', email, 'displayName', display_name,
           'status', status, 'accountStatus', account_status, 'accountType', account_type, 'managed', managed,
           'mfaEnabled', mfa_enabled, 'platformRoles', to_jsonb(platform_roles),
           'lastActive', inventory_iso(last_active), 'addedToOrg', inventory_iso(added_to_org))),
       observed_at, first_seen, last_changed, deleted_at
from inventory_user;
drop table inventory_user;
