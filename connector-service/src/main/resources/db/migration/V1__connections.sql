create table connection (
    id                  uuid        primary key,
    tenant_id           text        not null,
    name                text        not null,
    org_id              text        not null,
    admin_base_url      text        not null,
    -- AES-GCM ciphertext of the org API key, prefixed by the id of the key that encrypted it
    org_api_key_enc     text        not null,
    status              text        not null,
    last_error          text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index connection_tenant on connection (tenant_id, created_at);
