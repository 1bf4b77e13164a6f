-- Admins are ~1% of users: a partial index lists them in id order instead of scanning every user for the role.
-- The predicate must stay textually identical to store/Filter.adminRole.
create index inventory_user_admin on inventory_entity (tenant_id, entity_id)
    where entity_type = 'user' and lower(data ->> 'platformRoles') like '%admin%';
