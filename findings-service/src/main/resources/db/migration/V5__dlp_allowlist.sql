-- Values a tenant marked "not a secret": keyed by the evidence hash (HMAC under the tenant's fingerprint key, never
-- the raw value), so the same value on any page and under any detector is honoured by the next scans.
create table dlp_allowlist (
    id            uuid        primary key,
    tenant_id     text        not null,
    evidence_hash text        not null,
    detector_id   text        not null,  -- detector of the finding it was created from (for display)
    finding_id    uuid,                  -- that finding (may be gone later)
    reason        text        not null,
    created_by    text        not null,
    created_at    timestamptz not null,
    unique (tenant_id, evidence_hash)
);

-- Audit trail of the allowlist: who added or removed which entry, when and why. Never deleted with the entry.
create table dlp_allowlist_audit (
    id            bigserial   primary key,
    tenant_id     text        not null,
    entry_id      uuid        not null,
    evidence_hash text        not null,
    action        text        not null,  -- added | removed
    actor         text        not null,
    reason        text,
    at            timestamptz not null
);
create index dlp_allowlist_audit_tenant on dlp_allowlist_audit (tenant_id, id desc);
