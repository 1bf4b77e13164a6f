package dev.canopy.connector.domain.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;

/** Domains, organization policies, user API tokens and organization API keys (admin APIs, complete listings). */
@ApplicationScoped
public class OrgSettingsSync {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Emitters emitters;

    public OrgSettingsSync(Emitters emitters) {
        this.emitters = emitters;
    }

    public List<ResourceSync> resources() {
        return List.of(
                listing("domains", "domain", "/admin/v1/orgs/%s/domains", OrgSettingsSync::domain),
                listing("org-policies", "org-policy", "/admin/v1/orgs/%s/policies", OrgSettingsSync::policy),
                listing("api-tokens", "api-token", "/admin/api-access/v1/orgs/%s/api-tokens", OrgSettingsSync::token),
                listing("org-api-keys", "org-api-key", "/admin/api-access/v1/orgs/%s/api-keys", OrgSettingsSync::apiKey));
    }

    private ResourceSync listing(String name, String entityType, String pathFormat, Function<JsonNode, EntityData> map) {
        return new ResourceSync() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void sync(RunContext ctx) {
                EntityEmitter emitter = emitters.open(ctx, entityType);
                String first = ctx.adminApi() + String.format(pathFormat, ctx.connection().orgId());
                Pager.each(ctx, ctx.adminApi(), first, null, page -> {
                    JsonNode data = Json.array(page, "data", name);
                    for (JsonNode item : data) {
                        emitter.offer(map.apply(item));
                    }
                    ctx.countEntities(name, data.size());
                    emitter.flush();
                }, page -> {
                    String next = Json.text(page.path("links"), "next");
                    return next != null ? next : Json.text(page.path("meta"), "next");
                });
                Emitters.sweepEntities(ctx, emitter);
            }
        };
    }

    static DomainData domain(JsonNode d) {
        JsonNode a = d.path("attributes");
        JsonNode claim = a.path("claim");
        return new DomainData(Json.text(d, "id"), Json.text(a, "name"), Json.text(claim, "type"), Json.text(claim, "status"));
    }

    @SuppressWarnings("unchecked")
    static OrgPolicyData policy(JsonNode p) {
        JsonNode a = p.path("attributes");
        Map<String, Object> attributes = new LinkedHashMap<>(MAPPER.convertValue(a, Map.class));
        attributes.keySet().removeAll(List.of("type", "name", "status", "resources"));
        List<String> resources = new ArrayList<>(Json.strings(a.path("resources"), "id"));
        return new OrgPolicyData(Json.text(p, "id"), Json.text(a, "type"), Json.text(a, "name"), Json.text(a, "status"),
                resources, attributes);
    }

    static ApiTokenData token(JsonNode t) {
        String owner = Json.text(t.path("user"), "id");
        return new ApiTokenData(Json.text(t, "id"), owner != null ? owner : Json.text(t, "accountId"),
                Json.text(t, "label"), Json.text(t, "status"), Json.time(t, "createdAt"), Json.time(t, "expiresAt"),
                Json.time(t, "lastActiveAt"));
    }

    static OrgApiKeyData apiKey(JsonNode k) {
        JsonNode createdBy = k.path("createdBy");
        String creator = createdBy.isObject() ? Json.text(createdBy, "id") : Json.text(k, "createdBy");
                // keys are named by "label" (like tokens); "name" is read only as a fallback
        String label = Json.text(k, "label");
        return new OrgApiKeyData(Json.text(k, "id"), label != null ? label : Json.text(k, "name"), creator, Json.strings(k.path("scopes"), "id"),
                Json.time(k, "createdAt"), Json.time(k, "expiresAt"), Json.time(k, "lastActiveAt"));
    }
}
