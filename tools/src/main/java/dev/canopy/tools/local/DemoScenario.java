package dev.canopy.tools.local;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.contracts.rest.Roles;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.tools.Args;
import dev.canopy.tools.CanopyHome;
import dev.canopy.tools.TokenCommand;

/**
 * What the local platform shows: a demo tenant connects the simulator's organization (or a real one given on the
 * command line), syncs it, and the summary prints the resulting inventory.
 */
public final class DemoScenario {
    static final String TENANT = "demo";

    private DemoScenario() {
    }

    public static void run(LocalPlatform platform, CanopyHome home, Args args, LocalPlatform.Progress progress) {
        String token = TokenCommand.mint(home, TENANT, "demo-operator", Set.of(Roles.TENANT_ADMIN, Roles.TENANT_READER),
                Duration.ofHours(12));
        ApiClient connector = new ApiClient(platform.serviceUrl("connector"), token);
        ApiClient inventory = new ApiClient(platform.serviceUrl("inventory"), token);

        Map<String, Object> connection = connectionRequest(platform, args);
        JsonNode created = connector.post("/api/v1/connections", connection);
        String connectionId = created.path("id").asText();
        progress.step("connection " + connectionId + " created for org " + connection.get("orgId"));

        JsonNode run = connector.post("/api/v1/connections/" + connectionId + "/syncs", null);
        progress.step("sync finished: " + run);

        JsonNode users = inventory.get("/api/v1/users?limit=5");
        System.out.println();
        System.out.println("=== Canopy local platform ===");
        System.out.println("inventory users (first page): " + users.path("items").size());
        for (String name : LocalPlatform.SERVICES) {
            System.out.printf("  %-18s %s/q/swagger-ui%n", name + "-service", platform.serviceUrl(name));
        }
        System.out.println("  bearer token (tenant 'demo'): java -jar tools/target/canopy-tools.jar token --tenant demo");
    }

    private static Map<String, Object> connectionRequest(LocalPlatform platform, Args args) {
        if (args.get("org-id", null) != null) {
            return Map.of("name", "real organization", "orgId", args.get("org-id", null),
                    "orgApiKey", args.get("org-api-key", ""), "adminBaseUrl", args.get("admin-url", "https://api.atlassian.com"));
        }
        SimOrg org = platform.simulator().state().orgs().get(0);
        return Map.of("name", "simulated " + org.name(), "orgId", org.id(), "orgApiKey", org.apiKey(),
                "adminBaseUrl", platform.simulator().baseUrl());
    }
}
