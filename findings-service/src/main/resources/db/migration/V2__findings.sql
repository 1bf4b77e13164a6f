-- Findings of every kind (posture, dlp) with their lifecycle. The fingerprint de-duplicates: one row per
-- tenant + fingerprint, whatever how often the finding is seen again.
create table finding (
    id              uuid        primary key,
    tenant_id       text        not null,
    fingerprint     text        not null,
    kind            text        not null,  -- posture | dlp
    rule_id         text        not null,  -- check id or detector id
    title           text        not null,
    severity        text        not null,  -- info | low | medium | high | critical
    severity_rank   int         not null,  -- 1..5, for sorting
    status          text        not null,  -- open | reopened | resolved | suppressed
    resource_type   text        not null,
    resource_id     text        not null,
    resource_name   text,
    description     text,
    remediation     text,
    evidence        jsonb       not null default '{}'::jsonb,  -- masked only: never a raw secret
    src_url         text,
    suppress_reason text,
    suppressed_by   text,
    suppressed_until timestamptz,
    first_seen      timestamptz not null,
    last_seen       timestamptz not null,
    status_changed_at timestamptz not null,
    change_seq      int         not null default 1,
    unique (tenant_id, fingerprint)
);
create index finding_tenant_last_seen on finding (tenant_id, last_seen desc, id);
create index finding_tenant_rule on finding (tenant_id, rule_id);
create index finding_tenant_resource on finding (tenant_id, kind, resource_id);
create index finding_suppression_expiry on finding (suppressed_until) where status = 'suppressed';

create table finding_history (
    finding_id  uuid        not null references finding (id) on delete cascade,
    seq         int         not null,
    at          timestamptz not null,
    from_status text,
    to_status   text        not null,
    actor       text        not null,
    reason      text,
    primary key (finding_id, seq)
);

-- Transactional outbox: written in the same transaction as each state change, relayed to Kafka in id order.
create table finding_outbox (
    id            bigserial   primary key,
    event_id      uuid        not null,
    tenant_id     text        not null,
    finding_id    uuid        not null,
    payload       jsonb       not null,  -- the OCSF record
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index finding_outbox_unpublished on finding_outbox (id) where published_at is null;

-- Per-tenant copy of the findings stream (for a tenant's own SIEM, readable with an ACL on that topic alone).
create table tenant_stream (
    tenant_id   text primary key,
    enabled     boolean     not null,
    topic       text        not null,
    updated_at  timestamptz not null
);
