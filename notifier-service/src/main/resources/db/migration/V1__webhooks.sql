-- Webhook subscriptions of each tenant. Signing secrets are stored AES-GCM encrypted (never in clear).
create table webhook_subscription (
    id                   uuid primary key,
    tenant_id            text        not null,
    url                  text        not null,
    description          text,
    kinds                text        not null default '',   -- comma separated: dlp, posture; empty = all
    min_severity_id      int         not null default 0,
    rule_ids             text        not null default '',   -- comma separated; empty = all
    states               text        not null default '',   -- comma separated OCSF status names (lower case); empty = all
    enabled              boolean     not null default true,
    disabled_reason      text,
    disabled_at          timestamptz,
    secret_enc           text        not null,
    previous_secret_enc  text,
    previous_secret_until timestamptz,
    consecutive_failures int         not null default 0,
    failing_since        timestamptz,
    last_success_at      timestamptz,
    last_failure_at      timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index webhook_subscription_tenant on webhook_subscription (tenant_id, created_at);

-- One row per (subscription, event): the durable delivery job. Its id is the stable webhook-id.
create table webhook_delivery (
    id               uuid primary key,
    tenant_id        text        not null,
    subscription_id  uuid        not null references webhook_subscription (id) on delete cascade,
    event_id         text        not null,
    event_type       text        not null,
    finding_id       text,
    payload          text        not null,
    state            text        not null,               -- pending, delivered, dead
    attempts         int         not null default 0,     -- every attempt ever made (attempt rows are numbered by it)
    retry_base       int         not null default 0,     -- attempts when last replayed: the retry schedule restarts there
    next_attempt_at  timestamptz not null,
    lease_owner      text,
    lease_until      timestamptz,
    last_status      int,
    last_error       text,
    last_latency_ms  int,
    created_at       timestamptz not null,
    delivered_at     timestamptz,
    dead_at          timestamptz,
    unique (subscription_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where state = 'pending';
create index webhook_delivery_tenant on webhook_delivery (tenant_id, created_at desc);
create index webhook_delivery_dead on webhook_delivery (tenant_id, dead_at) where state = 'dead';

create table webhook_attempt (
    delivery_id  uuid        not null references webhook_delivery (id) on delete cascade,
    attempt      int         not null,
    at           timestamptz not null,
    status       int,
    latency_ms   int         not null,
    error        text,
    primary key (delivery_id, attempt)
);
