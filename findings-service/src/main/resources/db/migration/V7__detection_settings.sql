-- Per-tenant threat detection settings (enabled, rules off, excluded accounts, sensitivity, threshold overrides).
-- The detection processor reads them through a cache refreshed every few seconds; absent row = defaults.
create table detection_settings (
    tenant_id   text        primary key,
    settings    jsonb       not null,
    updated_at  timestamptz not null,
    updated_by  text        not null
);
