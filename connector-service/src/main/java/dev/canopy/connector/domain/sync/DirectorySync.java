package dev.canopy.connector.domain.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.contracts.events.data.GroupData;
import dev.canopy.contracts.events.data.GroupMembershipData;
import dev.canopy.contracts.events.data.UserData;

/**
 * Users, groups and group memberships through the organization admin APIs. Users come from the v2 directory search
 * (status, MFA, platform roles, groups) joined with the v1 managed-accounts listing (last active); when the v2 search
 * is not available the v1 listing alone is used and memberships are read per group.
 */
@ApplicationScoped
public class DirectorySync implements ResourceSync {
    static final int MEMBERS_PER_PART = 1000;
    private final Emitters emitters;

    public DirectorySync(Emitters emitters) {
        this.emitters = emitters;
    }

    @Override
    public String name() {
        return "users-groups";
    }

    /**
     * Users come from the v2 directory search, which lists every account of the organization (managed, unmanaged and
     * external) with per-product last-active timestamps ({@code expand: productAccess}). Admin v1 {@code /users} lists
     * managed accounts only (reference notes §1.3), so it is read only when the v2 directory is not available (404).
     */
    @Override
    public void sync(RunContext ctx) {
        String org = ctx.adminApi() + "/admin/v1/orgs/" + ctx.connection().orgId();
        String orgV2 = ctx.adminApi() + "/admin/v2/orgs/" + ctx.connection().orgId() + "/directories/-";
        EntityEmitter users = emitters.open(ctx, "user");
        Map<String, List<String>> membersByGroup = new HashMap<>();
        boolean v2 = true;
        try {
            Map<String, Object> body = new HashMap<>(Map.of("limit", 100,
                    "expand", List.of("platformRoles", "groups", "productAccess")));
            Pager.eachPost(ctx, ctx.adminApi(), orgV2 + "/users/search", body, page -> {
                JsonNode data = Json.array(page, "data", "directory users search");
                for (JsonNode u : data) {
                    String id = Json.text(u, "accountId");
                    users.offer(toUser(u, lastActive(u.path("productAccess"))));
                    for (String g : Json.strings(u.path("groups"), "id")) {
                        membersByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(id);
                    }
                }
                ctx.countEntities("users", data.size());
                users.flush();
            });
        } catch (AtlassianApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            v2 = false;
            Pager.each(ctx, ctx.adminApi(), org + "/users", null, page -> {
                JsonNode data = Json.array(page, "data", "admin users");
                for (JsonNode u : data) {
                    users.offer(new UserData(Json.text(u, "account_id"), Json.text(u, "email"), Json.text(u, "name"),
                            Json.text(u, "account_status"), Json.text(u, "account_status"), Json.text(u, "account_type"),
                            true, null, List.of(), Json.time(u, "last_active"), null));
                }
                ctx.countEntities("users", data.size());
                users.flush();
            }, page -> Json.text(page.path("links"), "next"));
        }
        Emitters.sweepEntities(ctx, users);
        syncGroups(ctx, orgV2, v2 ? membersByGroup : null);
    }

    /** The latest {@code lastActiveTimestamp} over the user's products and sites, or null when never active. */
    static Instant lastActive(JsonNode productAccess) {
        Instant latest = null;
        for (JsonNode p : productAccess) {
            Instant t = Json.time(p, "lastActiveTimestamp");
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest;
    }

    private void syncGroups(RunContext ctx, String orgV2, Map<String, List<String>> membersByGroup) {
        EntityEmitter groups = emitters.open(ctx, "group");
        EntityEmitter memberships = emitters.open(ctx, "group-membership");
        Pager.each(ctx, ctx.adminApi(), orgV2 + "/groups?limit=100", null, page -> {
            JsonNode data = Json.array(page, "data", "directory groups");
            for (JsonNode g : data) {
                String id = Json.text(g, "id");
                JsonNode users = g.path("counts").path("users");
                groups.offer(new GroupData(id, Json.text(g, "name"), Json.text(g, "description"),
                        Json.text(g, "managedBy"), users.isNumber() ? users.asLong() : null));
                List<String> members = membersByGroup != null ? membersByGroup.getOrDefault(id, List.of())
                        : membersOf(ctx, orgV2, id);
                offerMembers(memberships, id, members);
            }
            ctx.countEntities("groups", data.size());
            groups.flush();
            memberships.flush();
        }, page -> Json.text(page.path("links"), "next"));
        Emitters.sweepEntities(ctx, groups);
        Emitters.sweepSilently(memberships);
    }

    private static List<String> membersOf(RunContext ctx, String orgV2, String groupId) {
        List<String> members = new ArrayList<>();
        Map<String, Object> body = new HashMap<>(Map.of("limit", 100, "groupIds", List.of(groupId)));
        Pager.eachPost(ctx, ctx.adminApi(), orgV2 + "/users/search", body, page -> {
            for (JsonNode u : Json.array(page, "data", "group members")) {
                members.add(Json.text(u, "accountId"));
            }
        });
        return members;
    }

    /** A complete member set as ordered parts; emitted only when the set changed. */
    static void offerMembers(EntityEmitter memberships, String groupId, List<String> members) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(members));
        String snapshot = UUID.randomUUID().toString();
        List<List<String>> parts = Emitters.parts(sorted, MEMBERS_PER_PART);
        List<GroupMembershipData> events = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            events.add(new GroupMembershipData(groupId, snapshot, i, parts.size(), parts.get(i)));
        }
        memberships.offer(groupId, Hashes.ofText(String.join(",", sorted)), null, events);
    }

    static UserData toUser(JsonNode u, Instant lastActive) {
        String claim = Json.text(u, "claimStatus");
        JsonNode mfa = u.path("mfaEnabled");
        return new UserData(Json.text(u, "accountId"), Json.text(u, "email"), Json.text(u, "name"),
                Json.text(u, "status"), Json.text(u, "accountStatus"), Json.text(u, "accountType"),
                claim == null ? null : "managed".equals(claim), mfa.isBoolean() ? mfa.asBoolean() : null,
                Json.strings(u.path("platformRoles"), "id"), lastActive, Json.time(u, "addedToOrg"));
    }
}
