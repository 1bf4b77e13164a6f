package dev.canopy.inventory.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.support.sql.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Reads of the inventory, on the caller's connection. Every method takes the tenant id right after the client and
 * every statement filters on it: this class, with the writers, is the only way to the tables.
 */
@ApplicationScoped
public class EntityStore {

    /** The stored data plus the entity's lifecycle times, as one JSON object. */
    static final String ENTITY_JSON = "e.data || jsonb_build_object('firstSeen', inventory_iso(e.first_seen),"
            + " 'lastChanged', inventory_iso(e.last_changed), 'deletedAt', inventory_iso(e.deleted_at))";

    /** One page of a listing; asks for {@code page.limit()} rows (callers ask one more to know if there is more). */
    public Uni<List<ListedEntity>> list(SqlClient client, String tenantId, Listing listing, List<Filter> filters,
            PageRequest page) {
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        String sortExpr = listing.sortExpression(page.sort());
        String key = sortExpr == null ? "e.entity_id" : sortExpr;
        StringBuilder sql = new StringBuilder("select e.entity_id, ").append(key).append(" as sort_key, cast(")
                .append(ENTITY_JSON).append(listing.extraJson()).append(" as text) as entity from inventory_entity e")
                .append(" where e.tenant_id = $1 and e.entity_type = '").append(listing.entityType()).append("'");
        if (!page.includeDeleted()) {
            sql.append(" and e.deleted_at is null");
        }
        for (Filter f : filters) {
            sql.append(" and ").append(numbered(f.sql(), params));
            params.addAll(f.params());
        }
        String cmp = page.descending() ? "<" : ">";
        if (page.afterId() != null) {
            if (sortExpr == null) {
                params.add(page.afterId());
                sql.append(" and e.entity_id ").append(cmp).append(" $").append(params.size());
            } else {
                params.add(page.afterSortValue());
                params.add(page.afterId());
                sql.append(" and (").append(sortExpr).append(", e.entity_id) ").append(cmp).append(" ($")
                        .append(params.size() - 1).append(", $").append(params.size()).append(")");
            }
        }
        String dir = page.descending() ? " desc" : "";
        sql.append(" order by ");
        if (sortExpr != null) {
            sql.append(sortExpr).append(dir).append(", ");
        }
        sql.append("e.entity_id").append(dir).append(" limit ").append(page.limit());
        return Sql.query(client, sql.toString(), params, r -> new ListedEntity(r.getString("entity_id"),
                r.getString("sort_key"), r.getString("entity")));
    }

    /** One entity (also when deleted) as JSON, or empty when the tenant has no such entity. */
    public Uni<Optional<String>> find(SqlClient client, String tenantId, String entityType, String entityId) {
        String sql = "select cast(" + ENTITY_JSON + " as text) as entity from inventory_entity e"
                + " where e.tenant_id = $1 and e.entity_type = $2 and e.entity_id = $3";
        return Sql.query(client, sql, List.of(tenantId, entityType, entityId), r -> r.getString("entity"))
                .map(rows -> rows.stream().findFirst());
    }

    /** History rows of one entity, newest first, each as JSON with its id (for paging). */
    public Uni<List<ListedEntity>> history(SqlClient client, String tenantId, String entityType,
            String entityId, Long beforeId, int limit) {
        String sql = """
                select cast(h.id as text) as id, cast(jsonb_build_object('change', h.change,
                    'changedFields', h.changed_fields, 'changes', h.changes, 'observedAt', inventory_iso(h.observed_at),
                    'recordedAt', inventory_iso(h.recorded_at)) as text) as entry
                from inventory_history h
                where h.tenant_id = $1 and h.entity_type = $2 and h.entity_id = $3 and h.id < $4
                order by h.id desc limit $5
                """;
        return Sql.query(client, sql,
                List.of(tenantId, entityType, entityId, beforeId == null ? Long.MAX_VALUE : beforeId, limit),
                r -> new ListedEntity(r.getString("id"), r.getString("id"), r.getString("entry")));
    }

    /** Live groups or teams ({@code kind}) the account is a member of, as ids. */
    public Uni<List<String>> containersOf(SqlClient client, String tenantId, String kind, String accountId) {
        String sql = """
                select m.container_id from inventory_membership m
                where m.tenant_id = $1 and m.kind = $2 and m.account_id = $3 order by m.container_id
                """;
        return Sql.query(client, sql, List.of(tenantId, kind, accountId), r -> r.getString("container_id"));
    }

    /** Numbers a filter's {@code ?} placeholders ({@code $n}) after the parameters already bound. */
    private static String numbered(String sql, List<Object> bound) {
        StringBuilder out = new StringBuilder();
        int next = bound.size();
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
