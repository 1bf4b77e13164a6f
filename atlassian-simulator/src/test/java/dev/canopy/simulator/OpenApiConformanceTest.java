package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import io.vertx.core.json.JsonObject;

/**
 * Validates every simulator response the connector uses against the official OpenAPI files (read from
 * {@code canopy.shared.dir}, never copied): the schema of each operation's 200 response, with {@code $ref}s resolved
 * inside the file. Admin APIs have no public file: their responses are checked against the field lists of the notes.
 */
class OpenApiConformanceTest {
    static AtlassianSimulator sim;
    static SimClient client;
    static SimOrg org;
    static SimSite site;
    static Path reference;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

    @BeforeAll
    static void start() {
        String shared = System.getProperty("canopy.shared.dir");
        reference = shared == null ? null : Path.of(shared, "reference", "atlassian");
        assumeTrue(reference != null && Files.isDirectory(reference),
                "shared reference directory (system property canopy.shared.dir) is absent: OpenAPI conformance not checked");
        sim = AtlassianSimulator.start(SimulatorConfig.testDefaults().withPort(0));
        client = new SimClient(sim);
        org = sim.state().orgs().get(0);
        site = org.sites.values().iterator().next();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.stop();
        }
    }

    private static List<String> violations(String file, String path, String status, String body) throws Exception {
        String pointer = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/responses/" + status
                + "/content/application~1json/schema";
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(reference.resolve(file).toUri() + pointer), config);
        Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(body));
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(path + ": " + e.getMessage()));
        return out;
    }

    private static void conforms(String file, String specPath, HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(specPath).isEqualTo(200);
        assertThat(violations(file, specPath, "200", response.body())).as(specPath).isEmpty();
    }

    private static long first(ContentKind kind) {
        return site.content.values().stream().filter(c -> c.kind == kind && c.status.equals("current")).mapToLong(c -> c.id)
                .findFirst().orElseThrow();
    }

    @Test
    void confluenceV2ResponsesMatchTheOfficialSchema() throws Exception {
        String f = "confluence-cloud-v2.openapi-v2.v3.json";
        long page = first(ContentKind.PAGE);
        long post = first(ContentKind.BLOGPOST);
        SimContent attachment = site.content.values().stream().filter(c -> c.kind == ContentKind.ATTACHMENT).findFirst().orElseThrow();
        long space = site.spaces.keySet().iterator().next();
        conforms(f, "/spaces", client.site(site, true, "/wiki/api/v2/spaces?limit=2"));
        conforms(f, "/spaces/{id}", client.site(site, true, "/wiki/api/v2/spaces/" + space));
        for (String format : List.of("storage", "atlas_doc_format")) {
            conforms(f, "/pages", client.site(site, true, "/wiki/api/v2/pages?limit=5&sort=-modified-date&body-format=" + format));
            conforms(f, "/blogposts", client.site(site, true, "/wiki/api/v2/blogposts?body-format=" + format));
            conforms(f, "/pages/{id}", client.site(site, true, "/wiki/api/v2/pages/" + page + "?body-format=" + format));
        }
        conforms(f, "/pages", client.site(site, true, "/wiki/api/v2/pages?status=trashed,deleted"));
        conforms(f, "/spaces/{id}/pages", client.site(site, true, "/wiki/api/v2/spaces/" + space + "/pages"));
        conforms(f, "/spaces/{id}/blogposts", client.site(site, true, "/wiki/api/v2/spaces/" + space + "/blogposts"));
        conforms(f, "/blogposts/{id}", client.site(site, true, "/wiki/api/v2/blogposts/" + post + "?body-format=storage"));
        conforms(f, "/footer-comments", client.site(site, true, "/wiki/api/v2/footer-comments?body-format=storage&sort=-modified-date"));
        conforms(f, "/inline-comments", client.site(site, true, "/wiki/api/v2/inline-comments?body-format=storage"));
        conforms(f, "/attachments", client.site(site, true, "/wiki/api/v2/attachments?sort=-modified-date"));
        conforms(f, "/attachments/{id}", client.site(site, true, "/wiki/api/v2/attachments/" + attachment.id));
        conforms(f, "/pages/{id}/footer-comments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/footer-comments?body-format=storage"));
        conforms(f, "/pages/{id}/inline-comments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/inline-comments"));
        conforms(f, "/pages/{id}/attachments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/attachments"));
        conforms(f, "/blogposts/{id}/footer-comments", client.site(site, true, "/wiki/api/v2/blogposts/" + post + "/footer-comments"));
        SimContent footer = site.content.values().stream().filter(c -> c.kind == ContentKind.FOOTER_COMMENT).findFirst().orElseThrow();
        conforms(f, "/footer-comments/{comment-id}", client.site(site, true, "/wiki/api/v2/footer-comments/" + footer.id + "?body-format=storage"));
    }

    @Test
    void confluenceV1ResponsesMatchTheOfficialSchema() throws Exception {
        String f = "confluence-cloud-v1.swagger.v3.2022-01.json";
        String cql = java.net.URLEncoder.encode("type in (page, blogpost, comment, attachment) and lastmodified >= \"2000-01-01 00:00\"",
                java.nio.charset.StandardCharsets.UTF_8);
        conforms(f, "/wiki/rest/api/search", client.site(site, true, "/wiki/rest/api/search?limit=50&cql=" + cql));
        conforms(f, "/wiki/rest/api/content/search", client.site(site, true,
                "/wiki/rest/api/content/search?limit=50&expand=body.storage,version,space&cql=" + cql));
        conforms(f, "/wiki/rest/api/space", client.site(site, true, "/wiki/rest/api/space?expand=permissions"));
    }

    @Test
    void jiraResponsesMatchTheOfficialSchema() throws Exception {
        String f = "jira-cloud-platform.swagger-v3.v3.json";
        conforms(f, "/rest/api/3/users/search", client.site(site, true, "/rest/api/3/users/search?maxResults=100"));
        conforms(f, "/rest/api/3/group/bulk", client.site(site, true, "/rest/api/3/group/bulk?maxResults=3"));
        String group = org.groups.keySet().iterator().next();
        conforms(f, "/rest/api/3/group/member", client.site(site, true, "/rest/api/3/group/member?groupId=" + group + "&includeInactiveUsers=true"));
        conforms(f, "/rest/api/3/permissionscheme", client.site(site, true, "/rest/api/3/permissionscheme?expand=permissions"));
    }

    @Test
    void theValidatorRejectsADriftedResponse() throws Exception {
        String drifted = new JsonObject().put("results", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("id", 12).put("status", "gone"))).encode();
        assertThat(violations("confluence-cloud-v2.openapi-v2.v3.json", "/pages", "200", drifted)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(violations("jira-cloud-platform.swagger-v3.v3.json", "/rest/api/3/group/bulk", "200",
                "{\"values\":[{\"groupId\":\"x\",\"name\":\"y\",\"extra\":1}]}")).isNotEmpty();
    }

    /** Admin APIs: no public OpenAPI file; fields from atlassian-api-notes.md section 1.3/1.4. */
    @Test
    void adminAndTeamsResponsesCarryTheDocumentedFields() {
        JsonObject v1 = new JsonObject(client.admin(org, "/admin/v1/orgs/" + org.id + "/users").body());
        assertThat(v1.fieldNames()).contains("data", "meta", "links");
        assertThat(v1.getJsonArray("data").getJsonObject(0).fieldNames()).contains("account_id", "account_type",
                "account_status", "name", "picture", "email", "access_billable", "last_active", "product_access", "links");
        JsonObject v2 = new JsonObject(client.admin(org, "/admin/v2/orgs/" + org.id + "/directories/-/users?limit=1").body());
        assertThat(v2.getJsonArray("data").getJsonObject(0).fieldNames()).contains("accountId", "accountType", "status",
                "accountStatus", "membershipStatus", "addedToOrg", "name", "nickname", "email", "emailVerified",
                "claimStatus", "platformRoles", "picture", "avatar", "managementSource", "mfaEnabled", "links");
        JsonObject groups = new JsonObject(client.admin(org, "/admin/v2/orgs/" + org.id + "/directories/-/groups").body());
        assertThat(groups.getJsonArray("data").getJsonObject(0).fieldNames()).contains("id", "name", "description",
                "directoryId", "managementAccess", "externalSynced", "managedBy", "counts", "links");
        JsonObject domains = new JsonObject(client.admin(org, "/admin/v1/orgs/" + org.id + "/domains").body());
        assertThat(domains.getJsonArray("data").getJsonObject(0).getJsonObject("attributes").getJsonObject("claim").fieldNames())
                .contains("type", "status");
        JsonObject policies = new JsonObject(client.admin(org, "/admin/v1/orgs/" + org.id + "/policies?type=ip-allowlist").body());
        assertThat(policies.getJsonArray("data").getJsonObject(0).getJsonObject("attributes").fieldNames())
                .contains("type", "name", "status", "rule", "resources", "createdAt", "updatedAt");
        JsonObject tokens = new JsonObject(client.admin(org, "/admin/api-access/v1/orgs/" + org.id + "/api-tokens").body());
        assertThat(tokens.getJsonArray("data").getJsonObject(0).fieldNames()).contains("id", "label", "status", "createdAt",
                "expiresAt", "lastActiveAt", "user");
        JsonObject events = new JsonObject(client.admin(org, "/admin/v1/orgs/" + org.id + "/events-stream?limit=5").body());
        assertThat(events.getJsonObject("meta").fieldNames()).contains("next", "page_size");
        assertThat(events.getJsonArray("data").getJsonObject(0).getJsonObject("attributes").fieldNames())
                .contains("time", "action", "actor", "context", "container", "location");
        JsonObject teams = new JsonObject(client.site(site, true, "/gateway/api/public/teams/v1/org/" + org.id + "/teams").body());
        assertThat(teams.fieldNames()).contains("cursor", "entities");
        assertThat(teams.getJsonArray("entities").getJsonObject(0).fieldNames()).contains("teamId", "displayName",
                "description", "organizationId", "creatorId", "state", "teamType");
        String teamId = teams.getJsonArray("entities").getJsonObject(0).getString("teamId");
        JsonObject members = new JsonObject(client.sitePost(site, "/gateway/api/public/teams/v1/org/" + org.id + "/teams/"
                + teamId + "/members", "{\"first\":2}").body());
        assertThat(members.getJsonObject("pageInfo").fieldNames()).contains("endCursor", "hasNextPage");
        assertThat(members.getJsonArray("results").getJsonObject(0).fieldNames()).containsExactly("accountId");
        JsonObject workspaces = new JsonObject(client.adminPost(org.apiKey, "/admin/v2/orgs/" + org.id + "/workspaces", "{}").body());
        assertThat(workspaces.getJsonArray("data").getJsonObject(0).getJsonObject("attributes").getString("hostUrl"))
                .isEqualTo(sim.siteUrl(site.name));
    }
}
