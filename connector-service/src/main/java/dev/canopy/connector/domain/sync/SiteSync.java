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
import dev.canopy.contracts.events.data.JiraProjectData;
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
                resource("jira-permission-grants", this::jiraGrants), resource("jira-projects", this::jiraProjects),
                resource("confluence-spaces", this::spaces),
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

    /**
     * Installed apps per licensed product, from the plugin manager (UPM) listing: Jira's at {@code /rest/plugins/1.0/},
     * Confluence's at {@code /wiki/rest/plugins/1.0/}. UPM is not in Atlassian's published REST descriptions; the
     * fields read ({@code plugins[].key, name, version, enabled, userInstalled, vendor.name}) are those other
     * integrations read from it on Cloud (Salto's Jira adapter, AtlassianHound). It carries neither granted scopes nor
     * an installation time, so apps are emitted without them. App users ({@code accountType: app}) come from Jira's
     * documented {@code GET /rest/api/3/users/search}, so a Confluence-only site's apps have no app account. A listing
     * that answers 401/403/404 (no site-admin rights, or the undocumented endpoint moved) is skipped with a note and
     * that site's known apps are kept rather than swept as deleted.
     */
    private void apps(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "installed-app");
        java.util.Set<String> incompleteSites = new java.util.HashSet<>();
        for (Connection.Site site : ctx.connection().sites()) {
            Credentials c = ctx.site(site);
            Map<String, String> appUsers = ctx.licensed(site, "jira") ? appUsers(ctx, site, c) : Map.of();
            int count = 0;
            for (String product : List.of("jira", "confluence")) {
                if (!ctx.licensed(site, product)) {
                    continue;
                }
                String path = "jira".equals(product) ? "/rest/plugins/1.0/" : "/wiki/rest/plugins/1.0/";
                JsonNode listing;
                try {
                    listing = ctx.api().getJson(site.url(), site.url() + path, c);
                } catch (dev.canopy.connector.domain.http.AtlassianApiException e) {
                    if (e.status() != 401 && e.status() != 403 && e.status() != 404) {
                        throw e;
                    }
                    incompleteSites.add(site.effectiveId());
                    ctx.skipped("site " + site.effectiveId() + ": " + product + " apps not listed, " + path + " answered "
                            + dev.canopy.connector.domain.http.AtlassianApiException.describe(e.status())
                            + " (undocumented plugin manager listing; needs a site admin)");
                    continue;
                }
                for (JsonNode p : Json.array(listing, "plugins", "plugin manager listing")) {
                    // bundled apps too, flagged: the listing is the site's complete app inventory
                    String name = Json.text(p, "name");
                    emitter.offer(new InstalledAppData(site.effectiveId(), Json.text(p, "key"), name,
                            Json.text(p.path("vendor"), "name"), Json.text(p, "version"),
                            p.path("enabled").asBoolean(false), p.path("userInstalled").asBoolean(false), List.of(),
                            appUsers.get(String.valueOf(name)), null));
                    count++;
                }
            }
            ctx.countEntities("installed-apps", count);
            emitter.flush();
        }
        Emitters.sweepEntities(ctx, emitter,
                seen -> incompleteSites.stream().noneMatch(id -> seen.entityId().startsWith(id + ":")));
    }

    /** Jira's app users by display name ({@code accountType: app}), the join key UPM offers. */
    private static Map<String, String> appUsers(RunContext ctx, Connection.Site site, Credentials c) {
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
                return appUsers;
            }
        }
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

    /**
     * Projects the credentials can browse ({@code GET /rest/api/3/project/search?expand=lead}, offset paging with
     * {@code isLast}), each with its permission scheme ({@code /project/{id}/permissionscheme}; a project whose scheme
     * we may not read keeps the field empty with a note).
     */
    private void jiraProjects(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "jira-project");
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "jira")) {
                continue;
            }
            int count = 0;
            for (int startAt = 0;; startAt += 50) {
                JsonNode page = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/project/search?expand=lead&maxResults=50"
                        + "&startAt=" + startAt, ctx.site(site));
                JsonNode values = Json.array(page, "values", "jira projects");
                for (JsonNode p : values) {
                    String id = Json.text(p, "id");
                    String schemeId = null;
                    String schemeName = null;
                    try {
                        JsonNode scheme = ctx.api().getJson(site.url(), site.url() + "/rest/api/3/project/" + id
                                + "/permissionscheme", ctx.site(site));
                        schemeId = Json.text(scheme, "id");
                        schemeName = Json.text(scheme, "name");
                    } catch (dev.canopy.connector.domain.http.AtlassianApiException e) {
                        ctx.skipped("jira project " + site.effectiveId() + ":" + Json.text(p, "key")
                                + ": permission scheme not readable (HTTP " + e.status() + ")");
                    }
                    emitter.offer(new JiraProjectData(site.effectiveId(), id, Json.text(p, "key"), Json.text(p, "name"),
                            Json.text(p, "projectTypeKey"), Json.text(p.path("lead"), "accountId"), schemeId, schemeName));
                    count++;
                }
                emitter.flush();
                if (values.isEmpty() || page.path("isLast").asBoolean(true)) {
                    break;
                }
            }
            ctx.countEntities("jira-projects", count);
        }
        Emitters.sweepEntities(ctx, emitter);
    }

    /**
     * Spaces from the v2 listing ({@code GET /wiki/api/v2/spaces}, cursor paging), each with its v2 permissions and
     * access-class role assignments ({@link SpacePermissions}).
     */
    private void spaces(RunContext ctx) {
        EntityEmitter emitter = emitters.open(ctx, "confluence-space");
        for (Connection.Site site : ctx.connection().sites()) {
            if (!ctx.licensed(site, "confluence")) {
                continue;
            }
            SpacePermissions permissions = new SpacePermissions(ctx, site);
            Pager.each(ctx, site.url(), site.url() + "/wiki/api/v2/spaces?limit=250", ctx.site(site), page -> {
                JsonNode results = Json.array(page, "results", "confluence spaces");
                int count = 0;
                for (JsonNode s : results) {
                    ConfluenceSpaceData space = permissions.space(s);
                    if (space != null) {
                        emitter.offer(space);
                        count++;
                    }
                }
                ctx.countEntities("confluence-spaces", count);
                emitter.flush();
            }, page -> Json.text(page.path("_links"), "next"));
        }
        Emitters.sweepEntities(ctx, emitter);
    }

    /**
     * A space read from the deprecated v1 {@code space?expand=permissions} shape: {@code permissions[]} with
     * {@code subjects.user/group}, {@code operation {operation, targetType}}, {@code anonymousAccess} and
     * {@code unlicensedAccess}; {@code s} gives id, key, name, type and status.
     */
    static ConfluenceSpaceData legacySpace(String siteId, JsonNode s, JsonNode v1Permissions) {
        List<ConfluenceSpaceData.SpacePermission> permissions = new ArrayList<>();
        boolean anonymous = false;
        boolean unlicensed = false;
        for (JsonNode p : v1Permissions) {
            JsonNode op = p.path("operation");
            String operation = SpacePermissions.operation(Json.text(op, "operation"), Json.text(op, "targetType"));
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
