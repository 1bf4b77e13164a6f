package dev.canopy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.simulator.control.GroundTruth;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Confluence keeps every published version of a page until someone deletes it from the history: the v2 version list
 * shows them and {@code GET /pages/{id}?version=N} returns what version N said, so a secret removed by an edit is still
 * readable. The generator seeds such history-only secrets and the ground truth lists them.
 */
class PageHistoryTest {
    @RegisterExtension
    static final RunningSimulator running = new RunningSimulator(Map.of("pagesPerSite", "60"));
    static AtlassianSimulator sim;
    static SimClient client;
    static SimOrg org;
    static SimSite site;

    @BeforeAll
    static void pick() {
        sim = running.sim;
        client = running.client;
        org = sim.state().orgs().get(1);
        site = org.sites.values().stream().filter(s -> s.products.contains("confluence")).findFirst().orElseThrow();
    }

    @Test
    void aSecretRemovedByAnEditIsStillReadableInTheEarlierVersionUntilThatVersionIsDeleted() {
        SimContent page = sim.control().createPage(site.name, null, "Runbook", "<p>deploy steps</p>");
        String secret = sim.control().plantSecret(site.name, page.id, "github-pat", null).value();
        assertThat(storage(page.id, null)).contains(secret);

        assertThat(sim.control().removeSecrets(site.name, page.id, secret)).isEqualTo(1);
        assertThat(storage(page.id, null)).doesNotContain(secret);
        assertThat(storage(page.id, 2)).as("version 2 still has it").contains(secret);
        assertThat(storage(page.id, 1)).doesNotContain(secret);

        JsonArray versions = new JsonObject(client.site(site, true, "/wiki/api/v2/pages/" + page.id + "/versions").body())
                .getJsonArray("results");
        assertThat(versions.stream().map(v -> ((JsonObject) v).getInteger("number"))).containsExactly(3, 2, 1);
        JsonObject old = new JsonObject(client.site(site, true, "/wiki/api/v2/pages/" + page.id + "?version=2").body());
        assertThat(old.getString("status")).isEqualTo("historical");
        assertThat(old.getJsonObject("version").getInteger("number")).isEqualTo(2);

        GroundTruth truth = sim.groundTruth(org.id);
        assertThat(truth.secrets()).noneMatch(p -> p.value().equals(secret));
        assertThat(truth.history()).anySatisfy(h -> {
            assertThat(h.planted().value()).isEqualTo(secret);
            assertThat(h.versions()).containsExactly(2);
        });

        sim.control().purgeVersion(site.name, page.id, 2);
        assertThat(client.site(site, true, "/wiki/api/v2/pages/" + page.id + "?version=2&body-format=storage").statusCode())
                .isEqualTo(404);
        assertThat(sim.groundTruth(org.id).history()).noneMatch(h -> h.planted().value().equals(secret));
        assertThat(new JsonObject(client.site(site, true, "/wiki/api/v2/pages/" + page.id + "/versions").body())
                .getJsonArray("results").stream().map(v -> ((JsonObject) v).getInteger("number"))).containsExactly(3, 1);
    }

    @Test
    void theGeneratorSeedsSecretsThatOnlyThePageHistoryStillHas() {
        GroundTruth truth = sim.groundTruth(org.id);
        List<GroundTruth.HistoryPlant> seeded = truth.history().stream()
                .filter(h -> h.planted().site().equals(site.name)).toList();
        assertThat(seeded).hasSizeGreaterThanOrEqualTo(3);
        assertThat(seeded).anyMatch(h -> h.planted().category().equals("pii"));
        for (GroundTruth.HistoryPlant h : seeded) {
            long id = h.planted().contentId();
            assertThat(storage(id, null)).doesNotContain(h.planted().value());
            assertThat(storage(id, h.versions().get(0))).contains(h.planted().value().contains("\n")
                    ? h.planted().value().substring(0, h.planted().value().indexOf('\n')) : escapeXml(h.planted().value()));
        }
        assertThat(sim.groundTruth(org.id).toJson().getJsonArray("history")).hasSize(truth.history().size());
    }

    private String storage(long id, Integer version) {
        SimContent c = site.content.get(id);
        String kind = c.kind.name().equals("BLOGPOST") ? "blogposts" : "pages";
        String path = "/wiki/api/v2/" + kind + "/" + id + "?body-format=storage" + (version == null ? "" : "&version=" + version);
        var response = client.site(site, true, path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("body").getJsonObject("storage").getString("value");
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
