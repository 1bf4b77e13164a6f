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
import org.junit.jupiter.api.BeforeEach;
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
 * inside the file, made strict: every object schema that lists {@code properties} and says nothing about
 * {@code additionalProperties} rejects properties it does not list (schemas composed with {@code allOf} excepted, where
 * strictness would reject the other parts' properties). Jira error bodies are validated against the description's
 * {@code ErrorCollection}; Confluence descriptions declare error responses without content, so their error bodies are
 * checked to be JSON in the shape Cloud answers. Paging headers ({@code Link} next to {@code _links.next}) and the
 * rate-limit headers are checked against the documented formats. Admin APIs have no public file: their responses are
 * checked against the field lists of the notes. Skipped, with the reason, when the reference directory is absent.
 */
class OpenApiConformanceTest {
    static AtlassianSimulator sim;
    static SimClient client;
    static SimOrg org;
    static SimSite site;
    static Path reference;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final java.util.Map<String, Path> STRICT = new java.util.concurrent.ConcurrentHashMap<>();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

    @BeforeAll
    static void start() {
        String shared = System.getProperty("canopy.shared.dir");
        reference = shared == null ? null : Path.of(shared, "reference", "atlassian");
        if (reference == null || !Files.isDirectory(reference)) {
            return; // every test is reported skipped, with the reason, by present()
        }
        sim = AtlassianSimulator.start(SimulatorConfig.testDefaults().withPort(0));
        client = new SimClient(sim);
        org = sim.state().orgs().get(0);
        site = org.sites.values().iterator().next();
    }

    /**
     * An assumption per test (not in {@code @BeforeAll}, where a failed assumption reports zero tests): without the
     * reference directory each test shows as skipped with this reason.
     */
    @BeforeEach
    void present() {
        assumeTrue(reference != null && Files.isDirectory(reference),
                "shared reference directory (system property canopy.shared.dir) is absent: OpenAPI conformance not checked");
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
        return validate(file, pointer, path, body);
    }

    private static List<String> validate(String file, String pointer, String path, String body) throws Exception {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(strict(file).toUri() + pointer), config);
        Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(body));
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(path + ": " + e.getMessage()));
        return out;
    }

    /** The description with {@code additionalProperties: false} added to object schemas that list their properties. */
    static Path strict(String file) throws Exception {
        Path existing = STRICT.get(file);
        if (existing != null) {
            return existing;
        }
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER
                .readTree(reference.resolve(file).toFile());
        // allOf parts are merged into one schema first, so that a property listed by one part is allowed by all
        for (int round = 0; round < 10 && !doc.findParents("allOf").isEmpty(); round++) {
            for (JsonNode n : doc.findParents("allOf")) {
                mergeAllOf(doc, (com.fasterxml.jackson.databind.node.ObjectNode) n);
            }
        }
        if (file.startsWith("jira")) {
            // Jira writes timestamps as 2021-01-17T12:34:00.000+0000 (the description's own examples), which is not the
            // RFC 3339 its "format: date-time" names: check that exact form instead, so a drift either way fails
            for (JsonNode n : doc.findParents("format")) {
                if ("date-time".equals(n.path("format").asText())) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("format");
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("pattern",
                            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}$");
                }
            }
        }
        doc.path("components").path("schemas").forEach(schema -> tighten(schema, false));
        doc.path("paths").forEach(item -> item.forEach(op -> op.path("responses").forEach(r -> r.path("content")
                .forEach(media -> tighten(media.path("schema"), false)))));
        Path out = Files.createTempFile("strict-", "-" + file);
        out.toFile().deleteOnExit();
        MAPPER.writeValue(out.toFile(), doc);
        STRICT.put(file, out);
        return out;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        for (int i = 0; i < 20 && schema.has("$ref") && schema.get("$ref").asText().startsWith("#/"); i++) {
            schema = doc.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private static void mergeAllOf(JsonNode doc, com.fasterxml.jackson.databind.node.ObjectNode n) {
        JsonNode parts = n.remove("allOf");
        if (parts == null || !parts.isArray()) {
            return;
        }
        for (JsonNode part : parts) {
            merge(doc, n, resolve(doc, part), 0);
        }
    }

    /** Deep merge of {@code from} into {@code into}: properties united (same-named object properties merged too). */
    private static void merge(JsonNode doc, com.fasterxml.jackson.databind.node.ObjectNode into, JsonNode from, int depth) {
        from.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (k.equals("properties") && e.getValue().isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode props = into.has("properties")
                        ? (com.fasterxml.jackson.databind.node.ObjectNode) into.get("properties") : into.putObject("properties");
                e.getValue().fields().forEachRemaining(p -> {
                    JsonNode existing = props.get(p.getKey());
                    if (existing == null) {
                        props.set(p.getKey(), p.getValue().deepCopy());
                    } else if (depth < 6 && !resolve(doc, existing).equals(resolve(doc, p.getValue()))) {
                        com.fasterxml.jackson.databind.node.ObjectNode merged = resolve(doc, existing).deepCopy();
                        merge(doc, merged, resolve(doc, p.getValue()), depth + 1);
                        props.set(p.getKey(), merged);
                    }
                });
            } else if (k.equals("required") && e.getValue().isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode req = into.has("required")
                        ? (com.fasterxml.jackson.databind.node.ArrayNode) into.get("required") : into.putArray("required");
                e.getValue().forEach(r -> {
                    if (!req.toString().contains("\"" + r.asText() + "\"")) {
                        req.add(r);
                    }
                });
            } else if (k.equals("allOf")) {
                e.getValue().forEach(part -> merge(doc, into, resolve(doc, part), depth + 1));
            } else if (!into.has(k) && !k.equals("$ref")) {
                into.set(k, e.getValue().deepCopy());
            }
        });
    }

    private static void tighten(JsonNode schema, boolean inComposition) {
        if (!(schema instanceof com.fasterxml.jackson.databind.node.ObjectNode o) || o.has("$ref")) {
            return;
        }
        boolean composite = o.has("allOf") || o.has("oneOf") || o.has("anyOf");
        if (o.path("properties").isObject() && !o.has("additionalProperties") && !composite && !inComposition) {
            o.put("additionalProperties", false);
        }
        o.path("properties").forEach(p -> tighten(p, false));
        tighten(o.path("items"), false);
        tighten(o.path("additionalProperties"), false);
        for (String k : List.of("allOf", "oneOf", "anyOf")) {
            o.path(k).forEach(p -> tighten(p, true));
        }
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
        HttpResponse<String> attachments = client.site(site, true, "/wiki/api/v2/attachments?sort=-modified-date");
        conforms(f, "/attachments", attachments);
        // Cloud's attachment ids carry the att prefix (v2 and v1); requests accept both forms
        assertThat(new JsonObject(attachments.body()).getJsonArray("results").stream()
                .map(o -> ((JsonObject) o).getString("id"))).isNotEmpty().allMatch(id -> id.matches("att\\d+"));
        conforms(f, "/attachments/{id}", client.site(site, true, "/wiki/api/v2/attachments/" + attachment.id));
        conforms(f, "/pages/{id}/footer-comments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/footer-comments?body-format=storage"));
        conforms(f, "/pages/{id}/inline-comments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/inline-comments"));
        conforms(f, "/pages/{id}/attachments", client.site(site, true, "/wiki/api/v2/pages/" + page + "/attachments"));
        conforms(f, "/blogposts/{id}/footer-comments", client.site(site, true, "/wiki/api/v2/blogposts/" + post + "/footer-comments"));
        SimContent footer = site.content.values().stream().filter(c -> c.kind == ContentKind.FOOTER_COMMENT).findFirst().orElseThrow();
        conforms(f, "/footer-comments/{comment-id}", client.site(site, true, "/wiki/api/v2/footer-comments/" + footer.id + "?body-format=storage"));
        conforms(f, "/spaces/{id}/permissions", client.site(site, true, "/wiki/api/v2/spaces/" + space + "/permissions?limit=250"));
        conforms(f, "/spaces/{id}/permissions", client.site(site, true, "/wiki/api/v2/spaces/" + space + "/permissions?limit=2"));
        conforms(f, "/spaces/{id}/role-assignments", client.site(site, true, "/wiki/api/v2/spaces/" + space + "/role-assignments"));
        long anonymous = site.spaces.values().stream().filter(x -> x.anonymousRead).findFirst().orElseThrow().id;
        HttpResponse<String> anon = client.site(site, true, "/wiki/api/v2/spaces/" + anonymous
                + "/role-assignments?principal-type=ACCESS_CLASS&principal-id=anonymous-users&limit=250");
        conforms(f, "/spaces/{id}/role-assignments", anon);
        assertThat(new JsonObject(anon.body()).getJsonArray("results")).hasSize(1);
        conforms(f, "/space-roles", client.site(site, true, "/wiki/api/v2/space-roles?limit=250"));
        SimContent inline = site.content.values().stream().filter(c -> c.kind == ContentKind.INLINE_COMMENT).findFirst().orElseThrow();
        conforms(f, "/pages/{id}/versions", client.site(site, true, "/wiki/api/v2/pages/" + page + "/versions?limit=1"));
        conforms(f, "/blogposts/{id}/versions", client.site(site, true, "/wiki/api/v2/blogposts/" + post + "/versions?sort=modified-date"));
        conforms(f, "/attachments/{id}/versions", client.site(site, true, "/wiki/api/v2/attachments/" + attachment.id + "/versions"));
        conforms(f, "/footer-comments/{id}/versions", client.site(site, true, "/wiki/api/v2/footer-comments/" + footer.id + "/versions"));
        conforms(f, "/inline-comments/{id}/versions", client.site(site, true, "/wiki/api/v2/inline-comments/" + inline.id + "/versions"));
    }

    /** {@code _links.next} and the {@code Link} header name the same next page (v2 description of {@code cursor}). */
    @Test
    void v2PagingLinksAgreeWithTheLinkHeader() {
        long space = site.spaces.keySet().iterator().next();
        for (String path : List.of("/wiki/api/v2/spaces?limit=1", "/wiki/api/v2/pages?limit=2",
                "/wiki/api/v2/spaces/" + space + "/permissions?limit=2")) {
            HttpResponse<String> r = client.site(site, true, path);
            String next = new JsonObject(r.body()).getJsonObject("_links").getString("next");
            assertThat(next).as(path).startsWith("/wiki/api/v2/").contains("cursor=");
            assertThat(r.headers().firstValue("Link").orElseThrow()).as(path).contains("<" + next + ">; rel=\"next\"")
                    .contains("rel=\"base\"");
        }
    }

    /**
     * {@code X-RateLimit-Reset} is an ISO-8601 timestamp {@code yyyy-MM-ddTHH:mmZ} (Jira and Confluence rate-limiting
     * pages: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/).
     */
    @Test
    void rateLimitHeadersHaveTheDocumentedFormats() {
        HttpResponse<String> r = client.site(site, true, "/rest/api/3/serverInfo");
        assertThat(r.headers().firstValue("X-RateLimit-Reset").orElseThrow()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z");
        assertThat(r.headers().firstValue("X-RateLimit-Limit").orElseThrow()).matches("\\d+");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining").orElseThrow()).matches("\\d+");
    }

    /**
     * Error bodies are JSON. Jira's validate against the description's {@code ErrorCollection}; the Confluence
     * descriptions declare error responses without content, so the v2 body is checked for the {@code errors[]} of
     * {@code status, code, title, detail} and v1's for {@code statusCode, message} that Cloud answers.
     */
    @Test
    void errorBodiesAreJsonInTheDocumentedShapes() throws Exception {
        HttpResponse<String> jira = client.site(site, true, "/rest/api/3/user/groups?accountId=no-such-account");
        assertThat(jira.statusCode()).isEqualTo(404);
        assertThat(jira.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(validate("jira-cloud-platform.swagger-v3.v3.json", "#/components/schemas/ErrorCollection",
                "ErrorCollection", jira.body())).isEmpty();
        assertThat(validate("jira-cloud-platform.swagger-v3.v3.json", "#/components/schemas/ErrorCollection",
                "ErrorCollection", "{\"errorMessages\":[],\"detail\":\"x\"}")).as("strictness").isNotEmpty();
        HttpResponse<String> v2 = client.site(site, true, "/wiki/api/v2/spaces/999999999/permissions");
        assertThat(v2.statusCode()).isEqualTo(404);
        assertThat(v2.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonObject v2Error = new JsonObject(v2.body()).getJsonArray("errors").getJsonObject(0);
        assertThat(v2Error.fieldNames()).containsExactlyInAnyOrder("status", "code", "title", "detail");
        // an unknown path is JSON too, in the family's shape, never the web framework's HTML page
        HttpResponse<String> unknown = client.site(site, true, "/rest/api/3/no-such-resource");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(validate("jira-cloud-platform.swagger-v3.v3.json", "#/components/schemas/ErrorCollection",
                "ErrorCollection", unknown.body())).isEmpty();
        HttpResponse<String> unknownV2 = client.site(site, true, "/wiki/api/v2/no-such-resource");
        assertThat(unknownV2.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(new JsonObject(unknownV2.body()).getJsonArray("errors")).hasSize(1);
        HttpResponse<String> unknownAdmin = client.admin(org, "/admin/v1/orgs/" + org.id + "/no-such-resource");
        assertThat(unknownAdmin.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknownAdmin.body()).getJsonArray("errors")).hasSize(1);
        HttpResponse<String> v1 = client.site(site, true, "/wiki/rest/api/content/1/child/attachment/att1/download");
        assertThat(v1.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(v1.body()).fieldNames()).contains("statusCode", "message");
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
        conforms(f, "/wiki/rest/api/group", client.site(site, true, "/wiki/rest/api/group?limit=3"));
    }

    /**
     * The plugin manager (UPM) listings are in no published description: the fields are those integrations read from
     * them on Cloud (atlassian-api-notes.md section 3.1: Salto's Jira adapter, AtlassianHound), and the listing must
     * not carry what Cloud does not send ({@code scopes}, {@code installedAt}).
     */
    @Test
    void pluginManagerListingsCarryWhatCloudSends() {
        for (String path : List.of("/rest/plugins/1.0/", "/wiki/rest/plugins/1.0/")) {
            JsonObject listing = new JsonObject(client.site(site, true, path).body());
            assertThat(listing.getJsonArray("plugins")).as(path).isNotEmpty();
            for (Object o : listing.getJsonArray("plugins")) {
                JsonObject p = (JsonObject) o;
                assertThat(p.fieldNames()).as(path).contains("key", "name", "version", "enabled", "userInstalled",
                        "vendor", "links").doesNotContain("scopes", "installedAt");
                assertThat(p.getJsonObject("vendor").fieldNames()).contains("name");
            }
        }
        assertThat(client.site(site, false, "/wiki/rest/plugins/1.0/").statusCode()).as("non-admin").isEqualTo(403);
    }

    @Test
    void jiraResponsesMatchTheOfficialSchema() throws Exception {
        String f = "jira-cloud-platform.swagger-v3.v3.json";
        conforms(f, "/rest/api/3/users/search", client.site(site, true, "/rest/api/3/users/search?maxResults=100"));
        conforms(f, "/rest/api/3/group/bulk", client.site(site, true, "/rest/api/3/group/bulk?maxResults=3"));
        String group = org.groups.keySet().iterator().next();
        conforms(f, "/rest/api/3/group/member", client.site(site, true, "/rest/api/3/group/member?groupId=" + group + "&includeInactiveUsers=true"));
        conforms(f, "/rest/api/3/permissionscheme", client.site(site, true, "/rest/api/3/permissionscheme?expand=permissions"));
        conforms(f, "/rest/api/3/groups/picker", client.site(site, true, "/rest/api/3/groups/picker?query=users&maxResults=5"));
        conforms(f, "/rest/api/3/project/search", client.site(site, true, "/rest/api/3/project/search?maxResults=1"));
        String member = org.groups.values().stream().filter(g -> !g.members.isEmpty()).findFirst().orElseThrow().members
                .iterator().next();
        HttpResponse<String> groups = client.site(site, true, "/rest/api/3/user/groups?accountId=" + member);
        conforms(f, "/rest/api/3/user/groups", groups);
        assertThat(new io.vertx.core.json.JsonArray(groups.body())).isNotEmpty();
    }

    /** Jira work items: enhanced search, issue, comment and worklog pages, fields, a project's permission scheme. */
    @Test
    void jiraWorkItemResponsesMatchTheOfficialSchema() throws Exception {
        String f = "jira-cloud-platform.swagger-v3.v3.json";
        var issue = site.issues.values().stream().filter(i -> site.projects.get(i.projectId).browsable
                && !i.comments.isEmpty() && !i.attachments.isEmpty()).findFirst()
                .or(() -> site.issues.values().stream().filter(i -> site.projects.get(i.projectId).browsable).findFirst())
                .orElseThrow();
        String project = site.projects.get(issue.projectId).key;
        conforms(f, "/rest/api/3/search/jql", client.site(site, true, "/rest/api/3/search/jql?jql="
                + java.net.URLEncoder.encode("project = " + project + " order by updated asc", java.nio.charset.StandardCharsets.UTF_8)
                + "&fields=*all&maxResults=5"));
        conforms(f, "/rest/api/3/search/jql", client.site(site, true, "/rest/api/3/search/jql?jql=project%20%3D%20" + project));
        conforms(f, "/rest/api/3/issue/{issueIdOrKey}", client.site(site, true, "/rest/api/3/issue/" + issue.key));
        conforms(f, "/rest/api/3/issue/{issueIdOrKey}/comment", client.site(site, true, "/rest/api/3/issue/" + issue.id + "/comment"));
        conforms(f, "/rest/api/3/issue/{issueIdOrKey}/worklog", client.site(site, true, "/rest/api/3/issue/" + issue.id + "/worklog"));
        conforms(f, "/rest/api/3/field", client.site(site, true, "/rest/api/3/field"));
        conforms(f, "/rest/api/3/project/{projectKeyOrId}/permissionscheme",
                client.site(site, true, "/rest/api/3/project/" + project + "/permissionscheme"));
        conforms(f, "/rest/api/3/project/search", client.site(site, true, "/rest/api/3/project/search?expand=lead"));
    }

    @Test
    void theValidatorRejectsADriftedResponse() throws Exception {
        String drifted = new JsonObject().put("results", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("id", 12).put("status", "gone"))).encode();
        assertThat(violations("confluence-cloud-v2.openapi-v2.v3.json", "/pages", "200", drifted)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(violations("jira-cloud-platform.swagger-v3.v3.json", "/rest/api/3/group/bulk", "200",
                "{\"values\":[{\"groupId\":\"x\",\"name\":\"y\",\"extra\":1}]}")).isNotEmpty();
        // strictness added by this test: properties the description does not list are rejected, allOf parts merged
        assertThat(violations("confluence-cloud-v2.openapi-v2.v3.json", "/spaces/{id}/permissions", "200",
                "{\"results\":[{\"id\":\"1\",\"principal\":{\"type\":\"user\",\"id\":\"a\"},\"anonymousAccess\":true}]}"))
                .anyMatch(v -> v.contains("anonymousAccess"));
        assertThat(violations("confluence-cloud-v2.openapi-v2.v3.json", "/spaces/{id}", "200",
                "{\"id\":\"1\",\"_links\":{\"webui\":\"/x\",\"base\":\"http://b\"},\"scopes\":[]}"))
                .singleElement().asString().contains("scopes");
    }

    /**
     * Admin and Teams APIs: no public OpenAPI file in the reference directory. Field lists from Atlassian's
     * documentation where we read it — v1 users: https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/
     * (example {@code UserPage}); team members ({@code results[].accountId}, {@code pageInfo}):
     * https://developer.atlassian.com/platform/teams/rest/v1/api-group-teams-members-public-api/ ; teams list
     * ({@code siteId}, {@code size}, {@code cursor}): https://developer.atlassian.com/platform/teams/teams.1.postman.json —
     * the rest from atlassian-api-notes.md sections 1.3/1.4 (spec-generated jira.js admin/teams models).
     */
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
        JsonObject event = events.getJsonArray("data").getJsonObject(0).getJsonObject("attributes");
        assertThat(event.getJsonObject("actor").fieldNames()).contains("id", "name", "email", "auth");
        assertThat(event.getJsonObject("location").fieldNames()).contains("ip", "countryName");
        assertThat(event.getJsonArray("container").getJsonObject(0).fieldNames()).contains("id", "type", "attributes", "links");
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
