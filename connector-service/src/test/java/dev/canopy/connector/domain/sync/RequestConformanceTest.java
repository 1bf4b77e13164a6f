package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every request the connector sends to the Confluence and Jira site APIs during a full sync and a poll names an operation of
 * Atlassian's official descriptions ({@code canopy.shared.dir}/reference/atlassian, never copied) and only query
 * parameters that operation declares. The simulator logs the distinct requests it served ({@code GET /_sim/requests}).
 * Not checked against a file, because Atlassian publishes none we hold: the Admin and Teams APIs (their fields are
 * checked against documentation in the simulator's conformance test) and the undocumented endpoints listed in
 * {@link #UNDOCUMENTED}. Skipped with the reason when the reference directory is absent.
 */
@QuarkusTest
class RequestConformanceTest {
    /** Endpoints outside the published descriptions the connector uses on purpose (see the connector README). */
    static final Set<String> UNDOCUMENTED = Set.of("GET /rest/plugins/1.0/", "GET /wiki/rest/plugins/1.0/",
            "GET /_edge/tenant_info");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everySiteRequestOfAFullSyncIsADescribedOperationWithDescribedParameters() throws IOException {
        String shared = System.getProperty("canopy.shared.dir");
        Path reference = shared == null ? null : Path.of(shared, "reference", "atlassian");
        assumeTrue(reference != null && Files.isDirectory(reference),
                "shared reference directory (system property canopy.shared.dir) is absent: request parameters not checked");
        Map<String, JsonNode> files = Map.of(
                "CONFLUENCE_V2", MAPPER.readTree(reference.resolve("confluence-cloud-v2.openapi-v2.v3.json").toFile()),
                "CONFLUENCE_V1", MAPPER.readTree(reference.resolve("confluence-cloud-v1.swagger.v3.2022-01.json").toFile()),
                "JIRA", MAPPER.readTree(reference.resolve("jira-cloud-platform.swagger-v3.v3.json").toFile()));

        // the check can fail: an undeclared parameter and an unknown path are told apart from declared ones
        JsonNode v2 = files.get("CONFLUENCE_V2");
        assertThat(queryParameters(v2, v2.path("paths").path(template(v2, "/spaces/7/role-assignments")).path("get")
                .path("parameters"))).contains("principal-type", "principal-id", "cursor", "limit").doesNotContain("expand");
        assertThat(template(v2, "/spaces/7/anonymous")).isNull();

        Map<String, Object> org = SimSync.org(0);
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("requests"));
        String connection = SimSync.connect(token, org);
        JsonPath run = SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120));
        assertThat(run.getString("status")).isEqualTo("succeeded");
        // a poll too: its change search is the request the connector sends most often
        SimSync.awaitFinishedOrDiscarded(token, SimSync.trigger(token, connection, "poll"), Duration.ofSeconds(60));

        JsonPath log = SimSync.control("GET", "/_sim/requests", null);
        List<Map<String, Object>> requests = log.getList("requests");
        Set<String> problems = new TreeSet<>();
        Set<String> checked = new TreeSet<>();
        for (Map<String, Object> r : requests) {
            String family = (String) r.get("family");
            String method = (String) r.get("method");
            String path = (String) r.get("path");
            if (!files.containsKey(family) || UNDOCUMENTED.contains(method + " " + path)) {
                continue;
            }
            JsonNode spec = files.get(family);
            String specPath = "CONFLUENCE_V2".equals(family) ? path.substring("/wiki/api/v2".length()) : path;
            String template = template(spec, specPath);
            if (template == null) {
                problems.add(method + " " + path + ": no such path in the " + family + " description");
                continue;
            }
            JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
            if (operation.isMissingNode()) {
                problems.add(method + " " + template + ": the " + family + " description has no " + method);
                continue;
            }
            Set<String> declared = queryParameters(spec, spec.path("paths").path(template).path("parameters"));
            declared.addAll(queryParameters(spec, operation.path("parameters")));
            @SuppressWarnings("unchecked")
            List<String> sent = (List<String>) r.get("params");
            for (String p : sent) {
                if (!declared.contains(p)) {
                    problems.add(method + " " + template + ": query parameter '" + p + "' is not in the description "
                            + declared);
                }
            }
            checked.add(method + " " + template);
        }
        System.out.println("site operations checked against the descriptions: " + checked);
        assertThat(checked).as("operations checked").contains("GET /spaces/{id}/permissions",
                "GET /spaces/{id}/role-assignments", "GET /space-roles", "GET /rest/api/3/users/search",
                "GET /wiki/rest/api/content/search");
        assertThat(problems).as("requests outside the official descriptions").isEmpty();
    }

    /** The description's path template matching a concrete path ({@code {x}} matches one segment). */
    static String template(JsonNode spec, String path) {
        if (spec.path("paths").has(path)) {
            return path;
        }
        for (Iterator<String> it = spec.path("paths").fieldNames(); it.hasNext();) {
            String t = it.next();
            if (!t.contains("{")) {
                continue;
            }
            String regex = Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (Pattern.matches(regex, path)) {
                return t;
            }
        }
        return null;
    }

    /** Names of the {@code in: query} parameters of a parameter list, {@code $ref}s resolved inside the file. */
    static Set<String> queryParameters(JsonNode spec, JsonNode parameters) {
        Set<String> out = new TreeSet<>();
        for (JsonNode p : parameters) {
            JsonNode resolved = p;
            if (p.has("$ref")) {
                resolved = spec.at(p.get("$ref").asText().substring(1));
            }
            if ("query".equals(resolved.path("in").asText())) {
                out.add(resolved.path("name").asText());
            }
        }
        return out;
    }
}
