package dev.canopy.connector.domain.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.SiteData;
import dev.canopy.contracts.events.data.TeamData;
import dev.canopy.contracts.events.data.TeamMembershipData;

/**
 * Per-site resources read with each site's admin email + API token: the sites themselves, installed apps (plugin
 * manager listing joined with the Jira app users), Jira permission grants, Confluence spaces with permissions, and
 * the organization's teams (Teams API through the first site's gateway).
 */
@ApplicationScoped
public class SiteSync {
    private final Emitters emitters;

    public SiteSync(Emitters emitters) {
        this.emitters = emitters;
    }

    public List<ResourceSync> resources() {
        return List.of(resource("sites", this::sites), resource("installed-apps", this::apps),
                resource("jira-permission-grants", this::jiraGrants), resource("confluence-spaces", this::spaces),
                resource("teams", this::teams));
    }

    private interface Body {
        void sync(RunContext ctx);
    }

    private static ResourceSync resource(String name, Body body) {
        return new ResourceSync() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void sync(RunContext ctx) {
                body.sync(ctx);
            }
        };
    }

    private void sites(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "site");
        for (Connection.Site site : ctx.connection().sites()) {
            List<String> products = new ArrayList<>();
            Integer failed = ctx.tenantInfo(site).failedStatus();
            String status = failed == null || failed == 404 ? "active" : "unreachable";
            if (!"unreachable".equals(status)) {
                for (String product : List.of("jira", "confluence")) {
                    if (ctx.licensed(site, product)) {
                        products.add(product);
                    }
                }
            }
            emitter.offer(new SiteData(site.effectiveId(), site.url(), site.effectiveId(), products, status, null));
        }
        ctx.countEntities("sites", ctx.connection().sites().size());
        emitter.flush();
        Emitters.sweepEntities(ctx, emitter);
    }

    private void apps(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "installed-app");
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "jira")) {
                continue;
            }
            Credentials c = ctx.site(site);
            Map<String, String> appUsers = new HashMap<>();
            for (int start = 0;; start += 1000) {
                JsonNode page = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/users/search?startAt=" + start
                        + "&maxResults=1000", c);
                if (!page.isArray()) {
                    throw new dev.canopy.connector.domain.http.MalformedResponseException(
                            "jira users search did not answer an array", null);
                }
                for (JsonNode u : page) {
                    if ("app".equals(Json.text(u, "accountType"))) {
                        appUsers.put(String.valueOf(Json.text(u, "displayName")), Json.text(u, "accountId"));
                    }
                }
                if (page.size() < 1000) {
                    break;
                }
            }
            JsonNode listing = ctx.api().getJson(site.url(), site.url() + "/rest/plugins/1.0/", c);
            JsonNode plugins = Json.array(listing, "plugins", "plugin manager listing");
            int count = 0;
            for (JsonNode p : plugins) {
                // bundled apps too, flagged: the listing is the site's complete app inventory
                String name = Json.text(p, "name");
                emitter.offer(new InstalledAppData(site.effectiveId(), Json.text(p, "key"), name,
                        Json.text(p.path("vendor"), "name"), Json.text(p, "version"), p.path("enabled").asBoolean(false),
                        p.path("userInstalled").asBoolean(false), Json.strings(p.path("scopes"), "key"),
                        appUsers.get(String.valueOf(name)),
                        Json.time(p, "installedAt")));
                count++;
            }
            ctx.countEntities("installed-apps", count);
            emitter.flush();
        }
        Emitters.sweepEntities(ctx, emitter);
    }

    private void jiraGrants(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "jira-permission-grant");
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "jira")) {
                continue;
            }
            JsonNode page = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/permissionscheme?expand=permissions",
                    ctx.site(site));
            int count = 0;
            for (JsonNode scheme : Json.array(page, "permissionSchemes", "jira permission schemes")) {
                for (JsonNode g : scheme.path("permissions")) {
                    JsonNode holder = g.path("holder");
                    String param = Json.text(holder, "parameter");
                    emitter.offer(new JiraPermissionGrantData(site.effectiveId(), Json.text(scheme, "id"),
                            Json.text(scheme, "name"), Json.text(g, "id"), Json.text(g, "permission"),
                            Json.text(holder, "type"), param != null ? param : Json.text(holder, "value")));
                    count++;
                }
            }
            ctx.countEntities("jira-permission-grants", count);
            emitter.flush();
        }
        Emitters.sweepEntities(ctx, emitter);
    }

    private void spaces(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "confluence-space");
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "confluence")) {
                continue;
            }
            Pager.eachOffset(ctx, site.url(), site.url() + "/wiki/rest/api/space?expand=permissions", ctx.site(site), 50,
                    "results", page -> {
                        for (JsonNode s : page.path("results")) {
                            emitter.offer(space(site.effectiveId(), s));
                        }
                        ctx.countEntities("confluence-spaces", page.path("results").size());
                        emitter.flush();
                    });
        }
        Emitters.sweepEntities(ctx, emitter);
    }

    static ConfluenceSpaceData space(String siteId, JsonNode s) {
        List<ConfluenceSpaceData.SpacePermission> permissions = new ArrayList<>();
        boolean anonymous = false;
        boolean unlicensed = false;
        for (JsonNode p : s.path("permissions")) {
            JsonNode op = p.path("operation");
            String operation = Json.text(op, "operation") + ":" + Json.text(op, "targetType");
            if (p.path("anonymousAccess").asBoolean(false)) {
                anonymous = true;
                permissions.add(new ConfluenceSpaceData.SpacePermission("anonymous", null, operation));
            }
            if (p.path("unlicensedAccess").asBoolean(false)) {
                unlicensed = true;
                permissions.add(new ConfluenceSpaceData.SpacePermission("unlicensed", null, operation));
            }
            for (JsonNode u : p.path("subjects").path("user").path("results")) {
                permissions.add(new ConfluenceSpaceData.SpacePermission("user", Json.text(u, "accountId"), operation));
            }
            for (JsonNode g : p.path("subjects").path("group").path("results")) {
                String id = Json.text(g, "id");
                permissions.add(new ConfluenceSpaceData.SpacePermission("group", id != null ? id : Json.text(g, "name"),
                        operation));
            }
        }
        return new ConfluenceSpaceData(siteId, Json.text(s, "id"), Json.text(s, "key"), Json.text(s, "name"),
                Json.text(s, "type"), Json.text(s, "status"), anonymous, unlicensed, permissions);
    }

    /**
     * Teams through each site's gateway. In a site-scoped organization the Teams API omits a site's teams unless the
     * request names the site ({@code siteId} = the site's cloud id, from {@code /_edge/tenant_info}), so every site is
     * asked with its id and the answers are merged by team id (org-wide teams come back from every site once).
     */
    private void teams(RunContext ctx) {
        if (ctx.connection().sites().isEmpty()) {
            return;
        }
        EntityEmitter teams = emitters.open(ctx, "team");
        EntityEmitter memberships = emitters.open(ctx, "team-membership");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Connection.Site site : ctx.connection().sites()) {
            Credentials c = ctx.site(site);
            String base = site.url() + "/gateway/api/public/teams/v1/org/" + ctx.connection().orgId() + "/teams";
            String cloudId = cloudId(ctx, site);
            String scope = cloudId == null ? "" : "?siteId=" + java.net.URLEncoder.encode(cloudId, java.nio.charset.StandardCharsets.UTF_8);
            Pager.each(ctx, site.url(), base + (scope.isEmpty() ? "?size=100" : scope + "&size=100"), c, page -> {
                JsonNode entities = Json.array(page, "entities", "teams");
                for (JsonNode t : entities) {
                    String id = Json.text(t, "teamId");
                    if (!seen.add(id)) {
                        continue;
                    }
                    teams.offer(new TeamData(id, Json.text(t, "displayName"), Json.text(t, "description"),
                            Json.text(t, "state"), Json.text(t, "teamType")));
                    List<String> members = teamMembers(ctx, site, c, base + "/" + id + "/members" + scope);
                    List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(members));
                    String snapshot = java.util.UUID.randomUUID().toString();
                    List<List<String>> parts = Emitters.parts(sorted, DirectorySync.MEMBERS_PER_PART);
                    List<TeamMembershipData> events = new ArrayList<>();
                    for (int i = 0; i < parts.size(); i++) {
                        events.add(new TeamMembershipData(id, snapshot, i, parts.size(), parts.get(i)));
                    }
                    memberships.offer(id, Hashes.ofText(String.join(",", sorted)), null, events);
                }
                ctx.countEntities("teams", entities.size());
                teams.flush();
                memberships.flush();
            }, page -> Json.text(page, "cursor"));
        }
        Emitters.sweepEntities(ctx, teams);
        Emitters.sweepSilently(memberships);
    }

    /**
     * The site's cloud id from the unauthenticated {@code /_edge/tenant_info}; the configured site id only when that
     * call fails (a configured id may be a display name, e.g. the launcher's simulated sites); null if neither.
     */
    private static String cloudId(RunContext ctx, Connection.Site site) {
        String id = ctx.tenantInfo(site).cloudId();
        if (id != null && !id.isBlank()) {
            return id;
        }
        return site.siteId() != null && !site.siteId().isBlank() ? site.siteId() : null;
    }

    private static List<String> teamMembers(RunContext ctx, Connection.Site site, Credentials c, String url) {
        List<String> members = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> body = new HashMap<>();
            body.put("first", 100);
            if (after != null) {
                body.put("after", after);
            }
            JsonNode page = ctx.api().postJson(site.url(), url, c, body);
            for (JsonNode m : Json.array(page, "results", "team members")) {
                members.add(Json.text(m, "accountId"));
            }
            JsonNode info = page.path("pageInfo");
            after = info.path("hasNextPage").asBoolean(false) ? Json.text(info, "endCursor") : null;
        } while (after != null);
        return members;
    }
}
