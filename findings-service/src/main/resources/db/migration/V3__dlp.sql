-- Per-tenant DLP configuration. config_version grows with every change so scan engines can be cached per version.
-- salt keys the evidence fingerprints of the tenant (never exposed); it must never change or every DLP finding would
-- get a new fingerprint.
create table dlp_config (
    tenant_id          text primary key,
    salt               text        not null,  -- hex
    disabled_builtins  jsonb       not null default '[]'::jsonb,
    config_version     bigint      not null default 1,
    updated_at         timestamptz not null,
    updated_by         text
);

-- Tenant patterns (CustomRule fields as JSON).
create table dlp_rule (
    tenant_id   text        not null,
    rule_id     text        not null,
    definition  jsonb       not null,
    created_at  timestamptz not null,
    created_by  text,
    primary key (tenant_id, rule_id)
);

-- Imported gitleaks rule sets, kept as the uploaded TOML so they are recompiled with the engine.
create table dlp_ruleset (
    tenant_id    text        not null,
    ruleset_id   uuid        not null,
    name         text        not null,
    toml         text        not null,
    rule_count   int         not null,
    imported     int         not null,
    rejected     jsonb       not null,
    imported_at  timestamptz not null,
    imported_by  text,
    primary key (tenant_id, ruleset_id)
);

-- Latest scanned version of each content item; a scan of an older version is ignored.
create table dlp_content (
    tenant_id    text        not null,
    content_key  text        not null,  -- siteId:contentId
    version      int         not null,
    content_type text        not null,
    title        text,
    observed_at  timestamptz not null,
    scanned_at   timestamptz,
    deleted_at   timestamptz,
    matches      int         not null default 0,
    primary key (tenant_id, content_key)
);
