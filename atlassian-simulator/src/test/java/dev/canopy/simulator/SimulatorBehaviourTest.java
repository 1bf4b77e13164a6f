package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.canopy.simulator.SimulatorConfig.Faults;
import dev.canopy.simulator.SimulatorConfig.RateLimit;
import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class SimulatorBehaviourTest {
    static AtlassianSimulator sim;
    static SimClient client;
    static SimOrg org;
    static SimSite site;

    @BeforeAll
    static void start() {
        sim = AtlassianSimulator.start(SimulatorConfig.testDefaults().withOverrides(Map.of("pagesPerSite", "120")).withPort(0));
        client = new SimClient(sim);
        org = sim.state().orgs().get(0);
        site = org.sites.values().iterator().next();
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    /**
     * Cloud is HTTPS only and never takes a cleartext HTTP/2 upgrade; the JDK client asks for one by default on plain
     * http, and a big answer after an accepted upgrade once broke a CI run (see {@code AtlassianSimulator}).
     */
    @Test
    void aCleartextHttp2UpgradeIsAnsweredInHttp11() throws Exception {
        java.net.http.HttpClient http2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        String url = sim.siteUrl(site.name) + "/rest/api/3/users/search?maxResults=100";
        for (int attempt = 1; attempt <= 2; attempt++) { // the second goes over the pooled connection
            HttpResponse<String> r = http2.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (site.adminEmail + ":" + site.adminToken).getBytes(StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).as("protocol, request " + attempt).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        }
    }

    /**
     * Space permissions and roles answer as the v2 description says: the anonymous space's role assignment to the
     * {@code anonymous-users} access class, a 400 for half a principal filter, 404 on a site without the experimental
     * role endpoints, and the v1 permissions expansion switched off on request; Jira {@code user/groups} needs its
     * required {@code accountId}.
     */
    @Test
    void spacePermissionsRolesAndTheirFallbacksBehaveAsDescribed() {
        long anonymous = site.spaces.values().stream().filter(s -> s.anonymousRead).findFirst().orElseThrow().id;
        long closed = site.spaces.values().stream().filter(s -> !s.anonymousRead && !s.unlicensedRead).findFirst().orElseThrow().id;
        String filter = "/role-assignments?principal-type=ACCESS_CLASS&principal-id=anonymous-users";
        assertThat(new JsonObject(client.site(site, true, "/wiki/api/v2/spaces/" + anonymous + filter).body())
                .getJsonArray("results")).hasSize(1);
        assertThat(new JsonObject(client.site(site, true, "/wiki/api/v2/spaces/" + closed + filter).body())
                .getJsonArray("results")).isEmpty();
        assertThat(client.site(site, true, "/wiki/api/v2/spaces/" + anonymous + "/role-assignments?principal-type=USER")
                .statusCode()).isEqualTo(400);
        JsonObject perms = new JsonObject(client.site(site, true, "/wiki/api/v2/spaces/" + anonymous + "/permissions").body());
        assertThat(perms.getJsonArray("results").stream().map(o -> ((JsonObject) o).getJsonObject("principal").getString("type")))
                .isNotEmpty().allMatch(t -> t.equals("user") || t.equals("group") || t.equals("role"));
        try {
            site.spaceRolesAvailable = false;
            site.v1SpacePermissionsAvailable = false;
            assertThat(client.site(site, true, "/wiki/api/v2/space-roles").statusCode()).isEqualTo(404);
            assertThat(client.site(site, true, "/wiki/api/v2/spaces/" + anonymous + filter).statusCode()).isEqualTo(404);
            assertThat(client.site(site, true, "/wiki/rest/api/space?expand=permissions").statusCode()).isEqualTo(404);
            assertThat(client.site(site, true, "/wiki/rest/api/space").statusCode()).isEqualTo(200);
        } finally {
            site.spaceRolesAvailable = true;
            site.v1SpacePermissionsAvailable = true;
        }
        assertThat(client.site(site, true, "/rest/api/3/user/groups").statusCode()).isEqualTo(400);
    }

    @Test
    void generationIsDeterministicBySeed() {
        SimulatorConfig c = SimulatorConfig.testDefaults();
        var a = dev.canopy.simulator.model.SimState.generate(c).orgs().get(0);
        var b = dev.canopy.simulator.model.SimState.generate(c).orgs().get(0);
        assertThat(a.id).isEqualTo(b.id);
        assertThat(a.users.keySet()).isEqualTo(b.users.keySet());
        assertThat(a.planted).isEqualTo(b.planted);
        var other = dev.canopy.simulator.model.SimState.generate(c.withOverrides(Map.of("seed", "7"))).orgs().get(0);
        assertThat(other.users.keySet()).isNotEqualTo(a.users.keySet());
    }

    @Test
    void adminCredentialsAreCheckedWithAtlassianStatusCodes() {
        assertThat(client.bearer("nope", "/admin/v1/orgs/" + org.id + "/users").statusCode()).isEqualTo(401);
        HttpResponse<String> limited = client.bearer(org.limitedApiKey, "/admin/v1/orgs/" + org.id + "/users");
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(limited.body()).getInteger("code")).isEqualTo(403);
        assertThat(client.admin(org, "/admin/v1/orgs/00000000-0000-4000-8000-000000000000/users").statusCode()).isEqualTo(404);
        SimOrg other = sim.state().orgs().get(1);
        assertThat(client.admin(org, "/admin/v1/orgs/" + other.id + "/users").statusCode()).isEqualTo(403);
    }

    @Test
    void siteCredentialsAndAdminOnlyEndpoints() {
        assertThat(client.basic(site, site.adminEmail, "wrong", "/wiki/api/v2/pages").statusCode()).isEqualTo(401);
        assertThat(client.site(site, false, "/wiki/api/v2/pages").statusCode()).isEqualTo(200);
        assertThat(client.site(site, false, "/rest/plugins/1.0/").statusCode()).isEqualTo(403);
        assertThat(client.site(site, true, "/rest/plugins/1.0/").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = client.site(site, true, "/wiki/api/v2/pages/999999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getJsonArray("errors").getJsonObject(0).getInteger("status")).isEqualTo(404);
        SimSite foreign = sim.state().orgs().get(1).sites.values().iterator().next();
        assertThat(client.basic(foreign, site.adminEmail, site.adminToken, "/wiki/api/v2/pages").statusCode()).isEqualTo(401);
    }

    @Test
    void v1ManagedAccountsFollowLinksNextThroughAllUsers() {
        Set<String> seen = new HashSet<>();
        String url = sim.baseUrl() + "/admin/v1/orgs/" + org.id + "/users";
        while (url != null) {
            JsonObject page = new JsonObject(client.admin(org, url.substring(sim.baseUrl().length())).body());
            page.getJsonArray("data").forEach(u -> seen.add(((JsonObject) u).getString("account_id")));
            url = page.getJsonObject("links").getString("next");
        }
        Set<String> managed = new HashSet<>();
        org.users.values().stream().filter(SimUser::managed).forEach(u -> managed.add(u.accountId));
        assertThat(managed).hasSizeLessThan(org.users.size());
        assertThat(seen).as("admin v1 lists managed accounts only").isEqualTo(managed);
    }

    @Test
    void unmanagedAndExternalUsersAppearOnlyInTheV2DirectoryWithTheirClaimStatus() {
        JsonObject page = new JsonObject(client.adminPost(org.apiKey, "/admin/v2/orgs/" + org.id + "/directories/-/users/search",
                "{\"limit\":100,\"expand\":[\"productAccess\"]}").body());
        Map<String, JsonObject> byId = new HashMap<>();
        page.getJsonArray("data").forEach(u -> byId.put(((JsonObject) u).getString("accountId"), (JsonObject) u));
        assertThat(byId.keySet()).isEqualTo(org.users.keySet());
        for (SimUser u : org.users.values()) {
            JsonObject json = byId.get(u.accountId);
            assertThat(json.getString("claimStatus")).isEqualTo(u.managed() ? "managed" : "unmanaged");
            assertThat(json.containsKey("lastActive")).as("no top-level lastActive in the v2 user object").isFalse();
            if (u.lastActive != null) {
                assertThat(json.getJsonArray("productAccess")).isNotEmpty().allSatisfy(a -> assertThat(((JsonObject) a)
                        .getString("lastActiveTimestamp")).isNotBlank());
            }
        }
        assertThat(org.users.values()).anyMatch(u -> !u.managed() && u.email.endsWith(".example.net"));
    }

    @Test
    void siteScopedTeamsAreListedOnlyWithTheirSiteId() {
        SimSite site = org.sites.values().iterator().next();
        String teams = "/gateway/api/public/teams/v1/org/" + org.id + "/teams?size=300";
        long scoped = org.teams.values().stream().filter(t -> t.siteCloudId != null).count();
        assertThat(scoped).isPositive();
        JsonArray without = new JsonObject(client.site(site, true, teams).body()).getJsonArray("entities");
        JsonArray with = new JsonObject(client.site(site, true, teams + "&siteId=" + site.cloudId).body()).getJsonArray("entities");
        assertThat(without.size()).isEqualTo(org.teams.size() - scoped);
        assertThat(with.size()).isEqualTo(org.teams.size());
    }

    @Test
    void attachmentsDownloadThroughTheRestRedirectToTheMediaHostNotTheServletPath() {
        SimSite s = org.sites.values().iterator().next();
        SimContent a = s.content.values().stream().filter(c -> c.kind == dev.canopy.simulator.model.ContentKind.ATTACHMENT)
                .findFirst().orElseThrow();
        JsonObject meta = new JsonObject(client.site(s, true, "/wiki/api/v2/attachments/" + a.id).body());
        var servlet = client.site(s, true, "/wiki" + meta.getString("downloadLink"));
        assertThat(servlet.statusCode()).isEqualTo(401);
        assertThat(servlet.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("OAuth");
        var redirect = client.site(s, true, "/wiki/rest/api/content/" + a.containerId + "/child/attachment/att" + a.id + "/download");
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(sim.mediaBaseUrl() + "/file/" + a.fileId + "/binary?token=");
        assertThat(client.raw(location).body()).isEqualTo(new String(dev.canopy.simulator.generate.Bodies.attachment(42L, a),
                StandardCharsets.UTF_8));
        assertThat(client.raw(location.replaceAll("token=[^&]+", "token=forged")).statusCode()).isEqualTo(401);
        assertThat(client.site(s, true, "/wiki/rest/api/content/" + a.containerId + "/child/attachment/att" + a.id
                + "/download?version=99").statusCode()).isEqualTo(400);
        assertThat(client.site(s, true, "/wiki/rest/api/content/1/child/attachment/att" + a.id + "/download").statusCode())
                .isEqualTo(404);
        assertThat(sim.media().authorizationHeadersSeen()).isZero();
    }

    @Test
    void v2UserSearchPagesByCursorAndFiltersByGroup() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            String body = cursor == null ? "{\"limit\":7}" : "{\"cursor\":\"" + cursor + "\"}";
            JsonObject page = new JsonObject(client.adminPost(org.apiKey, "/admin/v2/orgs/" + org.id + "/directories/-/users/search", body).body());
            assertThat(page.getJsonArray("data").size()).isLessThanOrEqualTo(7);
            page.getJsonArray("data").forEach(u -> seen.add(((JsonObject) u).getString("accountId")));
            cursor = page.getJsonObject("links").getString("next");
        } while (cursor != null);
        assertThat(seen).isEqualTo(org.users.keySet());
        var admins = org.groups.values().stream().filter(g -> g.name.equals("org-admins")).findFirst().orElseThrow();
        JsonObject filtered = new JsonObject(client.adminPost(org.apiKey, "/admin/v2/orgs/" + org.id
                + "/directories/-/users/search", "{\"groupIds\":[\"" + admins.id + "\"]}").body());
        assertThat(filtered.getJsonArray("data").stream().map(u -> ((JsonObject) u).getString("accountId")).toList())
                .containsExactlyInAnyOrderElementsOf(admins.members);
        assertThat(client.adminPost(org.apiKey, "/admin/v2/orgs/" + org.id + "/directories/-/users/search",
                "{\"searchTerm\":\"a\",\"emails\":[\"x@y\"]}").statusCode()).isEqualTo(400);
    }

    @Test
    void confluencePagesPageThroughLinkHeaderWithoutGapsOrRepeats() {
        List<String> ids = new ArrayList<>();
        String next = "/wiki/api/v2/pages?limit=13&sort=-modified-date";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = client.site(site, true, next);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject body = new JsonObject(r.body());
            body.getJsonArray("results").forEach(p -> ids.add(((JsonObject) p).getString("id")));
            next = body.getJsonObject("_links").getString("next");
            if (next != null) {
                assertThat(r.headers().firstValue("Link").orElseThrow()).contains("<" + next + ">; rel=\"next\"");
            }
            pages++;
        }
        long expected = site.content.values().stream().filter(c -> c.kind == dev.canopy.simulator.model.ContentKind.PAGE
                && (c.status.equals("current") || c.status.equals("archived"))).count();
        assertThat(pages).isGreaterThan(1);
        assertThat(ids).doesNotHaveDuplicates().hasSize((int) expected);
        JsonObject trashed = new JsonObject(client.site(site, true, "/wiki/api/v2/pages?status=trashed&limit=250").body());
        assertThat(trashed.getJsonArray("results")).isNotEmpty()
                .allSatisfy(p -> assertThat(((JsonObject) p).getString("status")).isEqualTo("trashed"));
    }

    @Test
    void plantedStringsAreInTheServedBodiesAndAttachments() {
        GroundTruth truth = sim.groundTruth(org.id);
        assertThat(truth.secrets()).extracting(Planted::detector).contains("aws-access-key-id", "github-pat",
                "slack-bot-token", "atlassian-api-token", "private-key-pem");
        assertThat(truth.pii()).extracting(Planted::detector).contains("credit-card", "us-ssn", "iban", "email");
        for (Planted p : truth.secrets()) {
            if (p.jira()) {
                continue; // JiraContentTest reads Jira plants back
            }
            SimSite s = org.sites.get(p.site());
            SimContent c = s.content.get(p.contentId());
            String served = switch (c.kind) {
                case PAGE -> client.site(s, true, "/wiki/api/v2/pages/" + c.id + "?body-format=storage").body();
                case BLOGPOST -> client.site(s, true, "/wiki/api/v2/blogposts/" + c.id + "?body-format=storage").body();
                case FOOTER_COMMENT -> client.site(s, true, "/wiki/api/v2/footer-comments/" + c.id + "?body-format=storage").body();
                case INLINE_COMMENT -> client.site(s, true, "/wiki/api/v2/inline-comments/" + c.id + "?body-format=storage").body();
                case ATTACHMENT -> client.raw(client.site(s, true, "/wiki/rest/api/content/" + c.containerId
                        + "/child/attachment/att" + c.id + "/download").headers().firstValue("Location").orElseThrow()).body();
            };
            String firstLine = p.value().split("\n")[0];
            assertThat(served).as(p.detector() + " in " + c.kind).contains(c.kind == dev.canopy.simulator.model.ContentKind.ATTACHMENT
                    ? firstLine : new JsonObject().put("v", firstLine).encode().replace("{\"v\":\"", "").replace("\"}", ""));
        }
    }

    @Test
    void plantedSecretsHaveValidChecksums() {
        GroundTruth truth = sim.groundTruth(org.id);
        for (Planted p : truth.pii()) {
            if (p.detector().equals("credit-card")) {
                String digits = p.value().replace(" ", "");
                assertThat(dev.canopy.simulator.generate.Secrets.luhnCheckDigit(digits.substring(0, 15)))
                        .isEqualTo(digits.charAt(15) - '0');
            }
            if (p.detector().equals("iban")) {
                String iban = p.value().replace(" ", "");
                String rearranged = iban.substring(4) + "1314" + iban.substring(2, 4);
                assertThat(dev.canopy.simulator.generate.Secrets.mod97(rearranged)).isEqualTo(1);
            }
        }
        assertThat(truth.secrets()).filteredOn(p -> p.detector().equals("github-pat"))
                .allSatisfy(p -> assertThat(p.value()).matches("ghp_[A-Za-z0-9]{36}"));
    }

    @Test
    void groundTruthListsEveryPlantedRiskAndTheApiShowsThem() {
        GroundTruth truth = sim.groundTruth(org.id);
        assertThat(truth.risks()).extracting(GroundTruth.Risk::riskId).contains("ip-allowlist-missing",
                "space-anonymous-access", "api-token-stale", "user-dormant", "admin-without-mfa",
                "jira-anyone-grant").doesNotContain("app-user-installed-broad-scopes");
        JsonObject schemes = new JsonObject(client.site(org.sites.get(truth.risks("jira-anyone-grant").get(0).site()), true,
                "/rest/api/3/permissionscheme?expand=permissions").body());
        assertThat(schemes.encode()).contains("\"type\":\"anyone\"");
        GroundTruth.Risk anon = truth.risks("space-anonymous-access").get(0);
        JsonArray spaces = new JsonObject(client.site(org.sites.get(anon.site()), true, "/wiki/rest/api/space?expand=permissions").body())
                .getJsonArray("results");
        JsonObject space = spaces.stream().map(JsonObject.class::cast).filter(s -> String.valueOf(s.getLong("id")).equals(anon.entityId()))
                .findFirst().orElseThrow();
        assertThat(space.getJsonArray("permissions").stream().map(JsonObject.class::cast)
                .anyMatch(p -> p.getBoolean("anonymousAccess"))).isTrue();
        JsonObject http = new JsonObject(client.raw(sim.baseUrl() + "/_sim/ground-truth?orgId=" + org.id).body());
        assertThat(http.getJsonArray("risks").size()).isEqualTo(truth.risks().size());
        assertThat(http.getJsonObject("counts").getInteger("users")).isEqualTo(org.users.size());
    }

    @Test
    void controlApiProducesDeltasVisibleThroughTheApis() {
        SimContent page = sim.control().createPage(site.name, null, "Delta page", "<p>hello</p>");
        Planted planted = sim.control().plantSecret(site.name, page.id, "slack-bot-token", null);
        String body = client.site(site, true, "/wiki/api/v2/pages/" + page.id + "?body-format=storage").body();
        assertThat(body).contains(planted.value());
        assertThat(sim.groundTruth(org.id).secrets()).contains(planted);
        JsonObject newest = new JsonObject(client.site(site, true, "/wiki/api/v2/pages?sort=-modified-date&limit=1").body());
        assertThat(newest.getJsonArray("results").getJsonObject(0).getString("id")).isEqualTo(String.valueOf(page.id));
        sim.control().setStatus(site.name, page.id, "trashed");
        assertThat(client.site(site, true, "/wiki/api/v2/pages?status=trashed&limit=250").body()).contains("\"" + page.id + "\"");
        sim.control().purge(site.name, page.id);
        assertThat(client.site(site, true, "/wiki/api/v2/pages/" + page.id).statusCode()).isEqualTo(404);
        assertThat(sim.groundTruth(org.id).secrets()).doesNotContain(planted);
        assertThatThrownBy(() -> sim.control().purge(site.name, page.id)).isInstanceOf(IllegalArgumentException.class);

        var policy = org.policies.values().stream().filter(p -> p.type.equals("ip-allowlist")).findFirst().orElseThrow();
        HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl()
                + "/_sim/orgs/" + org.id + "/policies/" + policy.id)).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"enabled\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sim.groundTruth(org.id).risks("ip-allowlist-missing")).isEmpty();
        sim.control().setPolicyStatus(org.id, policy.id, "disabled");
        assertThat(sim.groundTruth(org.id).risks("ip-allowlist-missing")).hasSize(1);
    }

    @Test
    void cqlSearchFiltersByTypeAndLastModifiedAndPagesByCursorOnly() {
        String cql = "type = page and lastmodified >= \"2000-01-01 00:00\" order by lastmodified desc";
        List<String> ids = new ArrayList<>();
        String next = "/wiki/rest/api/content/search?limit=20&cql=" + java.net.URLEncoder.encode(cql, java.nio.charset.StandardCharsets.UTF_8);
        while (next != null) {
            JsonObject body = new JsonObject(client.site(site, true, next.startsWith("/wiki") ? next : "/wiki" + next).body());
            body.getJsonArray("results").forEach(c -> {
                assertThat(((JsonObject) c).getString("type")).isEqualTo("page");
                ids.add(((JsonObject) c).getString("id"));
            });
            next = body.getJsonObject("_links").getString("next");
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(20);
        String future = java.net.URLEncoder.encode("type = page and lastmodified >= \"2999-01-01 00:00\"", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new JsonObject(client.site(site, true, "/wiki/rest/api/search?cql=" + future).body()).getJsonArray("results")).isEmpty();
    }

    @Test
    void rateLimitAnswers429WithAtlassianHeaders() {
        SimSite other = org.sites.values().stream().skip(1).findFirst().orElseThrow();
        sim.control().setRateLimit(new RateLimit(1, 3, 2));
        try {
            HttpResponse<String> last = null;
            for (int i = 0; i < 6; i++) {
                last = client.site(other, false, "/rest/api/3/users/search");
                assertThat(last.headers().firstValue("X-RateLimit-Limit")).contains("3");
                if (last.statusCode() == 429) {
                    break;
                }
            }
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).contains("2");
            assertThat(last.headers().firstValue("RateLimit-Reason")).contains("jira-burst-based");
            assertThat(last.headers().firstValue("X-RateLimit-Remaining")).contains("0");
            // another credential has its own bucket
            assertThat(client.site(other, true, "/rest/api/3/users/search").statusCode()).isEqualTo(200);
        } finally {
            sim.control().setRateLimit(SimulatorConfig.testDefaults().rateLimit());
        }
    }

    @Test
    void faultsAreDeterministicAndAffectResponses() {
        Faults errors = new Faults(0, 0, 0.5, 0, 0, 0, 0, 0, 0);
        List<Integer> first = statuses(errors);
        List<Integer> second = statuses(errors);
        try {
            assertThat(first).isEqualTo(second).contains(200).anyMatch(s -> s >= 500);
            sim.control().setFaults(new Faults(0, 0, 0, 0, 0, 1, 0, 0, 0));
            String truncated = client.site(site, true, "/wiki/api/v2/spaces").body();
            assertThatThrownBy(() -> new JsonObject(truncated)).isInstanceOf(RuntimeException.class);
            sim.control().setFaults(new Faults(0, 0, 0, 0, 0, 0, 0, 1, 0));
            JsonObject p1 = new JsonObject(client.site(site, true, "/wiki/api/v2/pages?limit=5").body());
            JsonObject p2 = new JsonObject(client.site(site, true, p1.getJsonObject("_links").getString("next")).body());
            assertThat(p2.getJsonArray("results").getJsonObject(0).getString("id"))
                    .isEqualTo(p1.getJsonArray("results").getJsonObject(4).getString("id"));
        } finally {
            sim.control().setFaults(Faults.none());
        }
    }

    private List<Integer> statuses(Faults f) {
        sim.control().setFaults(f);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(client.site(site, true, "/wiki/api/v2/spaces").statusCode());
        }
        return out;
    }

    @Test
    void hostHeaderRoutingServesTheSameSite() throws Exception {
        // the JDK client refuses to set Host, so speak HTTP/1.1 over a socket
        try (java.net.Socket socket = new java.net.Socket("localhost", sim.port())) {
            socket.getOutputStream().write(("GET /_edge/tenant_info HTTP/1.1\r\nHost: " + site.name + ".atlassian.net\r\n"
                    + "Authorization: " + SimClient.basicHeader(site.adminEmail, site.adminToken) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"cloudId\":\"" + site.cloudId + "\"");
        }
    }
}
