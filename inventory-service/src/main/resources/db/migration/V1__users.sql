-- Every row belongs to one tenant; every query filters on tenant_id first (see store/TenantScoped*).
create table inventory_user (
    tenant_id       text        not null,
    account_id      text        not null,
    email           text,
    email_domain    text,
    display_name    text,
    status          text,
    account_status  text,
    account_type    text,
    managed         boolean,
    mfa_enabled     boolean,
    platform_roles  text[]      not null default '{}',
    last_active     timestamptz,
    added_to_org    timestamptz,
    -- when the source state was observed: an older observation never overwrites a newer one
    observed_at     timestamptz not null,
    first_seen      timestamptz not null,
    last_changed    timestamptz not null,
    deleted_at      timestamptz,
    primary key (tenant_id, account_id)
);
create index inventory_user_tenant_status on inventory_user (tenant_id, status, account_id);
create index inventory_user_tenant_domain on inventory_user (tenant_id, email_domain, account_id);
create index inventory_user_tenant_last_active on inventory_user (tenant_id, last_active);
