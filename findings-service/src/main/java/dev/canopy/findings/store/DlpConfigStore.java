package dev.canopy.findings.store;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.dlp.CustomRule;
import dev.canopy.support.sql.Sql;
import dev.canopy.support.time.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Per-tenant DLP configuration: switched-off built-ins, custom rules, imported gitleaks rule sets, and the salt of
 * evidence fingerprints. Every change bumps {@code config_version}. Tenant id first; every statement filters on it.
 */
@ApplicationScoped
public class DlpConfigStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Everything needed to build a tenant's scan engine. */
    public record TenantDlpConfig(long version, byte[] salt, List<String> disabledBuiltIns, List<CustomRule> rules,
            List<RuleSet> ruleSets, List<String> enabledBuiltIns) {
    }

    public record RuleSet(UUID id, String name, String toml, int ruleCount, int imported,
            List<Map<String, Object>> rejected, Instant importedAt) {
    }

    /** Creates the tenant's row (with a fresh salt) if missing. */
    public Uni<Void> ensure(SqlClient s, String tenantId) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return Sql.update(s, """
                insert into dlp_config (tenant_id, salt, updated_at) values ($1, $2, $3) on conflict do nothing
                """, tenantId, java.util.HexFormat.of().formatHex(salt), UtcTimes.utc(Instant.now())).replaceWithVoid();
    }

    public Uni<Long> version(SqlClient s, String tenantId) {
        return Sql.query(s, "select config_version from dlp_config where tenant_id = $1", List.of(tenantId))
                .map(rows -> rows.isEmpty() ? 0L : rows.get(0).getLong("config_version"));
    }

    /** The configuration versions of these tenants (those without a configuration are missing). */
    public Uni<Map<String, Long>> versions(SqlClient s, List<String> tenantIds) {
        return Sql.query(s, "select tenant_id, config_version from dlp_config where tenant_id = any($1)",
                List.of((Object) tenantIds.toArray(String[]::new))).map(rows -> {
                    Map<String, Long> out = new java.util.HashMap<>();
                    rows.forEach(r -> out.put(r.getString("tenant_id"), r.getLong("config_version")));
                    return out;
                });
    }

    public Uni<TenantDlpConfig> load(SqlClient s, String tenantId) {
        return ensure(s, tenantId)
                .chain(() -> Sql.query(s, """
                        select config_version, salt, cast(disabled_builtins as text) as disabled_builtins,
                            cast(enabled_builtins as text) as enabled_builtins
                        from dlp_config where tenant_id = $1
                        """, List.of(tenantId)))
                .chain(cfg -> Sql.query(s, """
                        select cast(definition as text) as definition from dlp_rule where tenant_id = $1 order by rule_id
                        """, List.of(tenantId))
                        .chain(rules -> Sql.query(s, """
                                select ruleset_id, name, toml, rule_count, imported, cast(rejected as text) as rejected,
                                    imported_at
                                from dlp_ruleset where tenant_id = $1 order by imported_at
                                """, List.of(tenantId)).map(sets -> config(cfg.get(0), rules, sets))));
    }

    private static TenantDlpConfig config(Row cfg, List<Row> rules, List<Row> sets) {
        return new TenantDlpConfig(cfg.getLong("config_version"), bytes(cfg.getValue("salt")),
                readList(cfg.getValue("disabled_builtins"), new TypeReference<List<String>>() {
                }), rules.stream().map(r -> readRule(r.getString("definition"))).toList(),
                sets.stream().map(r -> new RuleSet(r.getUUID("ruleset_id"), r.getString("name"),
                        r.getString("toml"), r.getInteger("rule_count"),
                        r.getInteger("imported"),
                        readList(r.getValue("rejected"), new TypeReference<List<Map<String, Object>>>() {
                        }), UtcTimes.instant(r.getValue("imported_at")))).toList(),
                readList(cfg.getValue("enabled_builtins"), new TypeReference<List<String>>() {
                }));
    }

    public Uni<Void> setDisabledBuiltIns(SqlClient s, String tenantId, List<String> ids, String actor) {
        return ensure(s, tenantId).chain(() -> Sql.update(s, """
                update dlp_config set disabled_builtins = cast(cast($2 as text) as jsonb),
                    config_version = config_version + 1, updated_at = $3, updated_by = $4 where tenant_id = $1
                """, tenantId, JsonColumns.toText(ids), UtcTimes.utc(Instant.now()), actor)).replaceWithVoid();
    }

    /** Replaces the off-by-default built-ins the tenant switched on. */
    public Uni<Void> setEnabledBuiltIns(SqlClient s, String tenantId, List<String> ids, String actor) {
        return ensure(s, tenantId).chain(() -> Sql.update(s, """
                update dlp_config set enabled_builtins = cast(cast($2 as text) as jsonb),
                    config_version = config_version + 1, updated_at = $3, updated_by = $4 where tenant_id = $1
                """, tenantId, JsonColumns.toText(ids), UtcTimes.utc(Instant.now()), actor)).replaceWithVoid();
    }

    /** Returns false when a rule with that id exists already. */
    public Uni<Boolean> addRule(SqlClient s, String tenantId, CustomRule rule, String actor) {
        return ensure(s, tenantId).chain(() -> Sql.update(s, """
                insert into dlp_rule (tenant_id, rule_id, definition, created_at, created_by)
                values ($1, $2, cast(cast($3 as text) as jsonb), $4, $5) on conflict do nothing
                """, tenantId, rule.id(), JsonColumns.toText(rule), UtcTimes.utc(Instant.now()), actor))
                .chain(n -> n == 0 ? Uni.createFrom().item(false) : bump(s, tenantId, actor).replaceWith(true));
    }

    public Uni<Boolean> deleteRule(SqlClient s, String tenantId, String ruleId, String actor) {
        return Sql.update(s, "delete from dlp_rule where tenant_id = $1 and rule_id = $2", tenantId, ruleId)
                .chain(n -> n == 0 ? Uni.createFrom().item(false) : bump(s, tenantId, actor).replaceWith(true));
    }

    public Uni<Void> addRuleSet(SqlClient s, String tenantId, RuleSet set, String actor) {
        return ensure(s, tenantId).chain(() -> Sql.update(s, """
                insert into dlp_ruleset (tenant_id, ruleset_id, name, toml, rule_count, imported, rejected, imported_at, imported_by)
                values ($1, $2, $3, $4, $5, $6, cast(cast($7 as text) as jsonb), $8, $9)
                """, tenantId, set.id(), set.name(), set.toml(), set.ruleCount(), set.imported(), JsonColumns.toText(set.rejected()),
                UtcTimes.utc(set.importedAt()), actor)).chain(() -> bump(s, tenantId, actor));
    }

    public Uni<Boolean> deleteRuleSet(SqlClient s, String tenantId, UUID id, String actor) {
        return Sql.update(s, "delete from dlp_ruleset where tenant_id = $1 and ruleset_id = $2", tenantId, id)
                .chain(n -> n == 0 ? Uni.createFrom().item(false) : bump(s, tenantId, actor).replaceWith(true));
    }

    private Uni<Void> bump(SqlClient s, String tenantId, String actor) {
        return Sql.update(s, """
                update dlp_config set config_version = config_version + 1, updated_at = $2, updated_by = $3
                where tenant_id = $1
                """, tenantId, UtcTimes.utc(Instant.now()), actor).replaceWithVoid();
    }

    private static byte[] bytes(Object hex) {
        return java.util.HexFormat.of().parseHex((String) hex);
    }

    private static CustomRule readRule(String json) {
        try {
            return EventJson.mapper().readValue(json, CustomRule.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored DLP rule is unreadable", e);
        }
    }

    private static <T> T readList(Object json, TypeReference<T> type) {
        try {
            return EventJson.mapper().readValue(json.toString(), type);
        } catch (IOException e) {
            throw new IllegalStateException("stored DLP configuration is unreadable", e);
        }
    }
}
