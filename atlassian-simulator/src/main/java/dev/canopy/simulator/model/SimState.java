package dev.canopy.simulator.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.canopy.simulator.SimulatorConfig;

/** All simulated organizations, generated deterministically from the seed. */
public final class SimState {
    private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");
    private final Map<String, SimOrg> orgs = new LinkedHashMap<>();

    public static SimState generate(SimulatorConfig config) {
        SimState state = new SimState();
        Random random = new Random(config.seed());
        for (int o = 1; o <= config.orgs(); o++) {
            String orgId = String.format("%08x-0000-4000-8000-%012d", o, o);
            List<SimUser> users = new ArrayList<>();
            for (int u = 1; u <= config.usersPerOrg(); u++) {
                String accountId = String.format("712020:%08x-%04x-4%03x-8000-%012d", o, u, u % 4096, u);
                users.add(new SimUser(accountId, "User " + o + "-" + u, "user" + u + "@org" + o + ".example",
                        "atlassian", random.nextInt(20) == 0 ? "inactive" : "active",
                        EPOCH.minus(random.nextInt(200), ChronoUnit.DAYS)));
            }
            state.orgs.put(orgId, new SimOrg(orgId, "Org " + o, "sim-org-key-" + o, users));
        }
        return state;
    }

    public SimOrg org(String id) {
        return orgs.get(id);
    }

    public List<SimOrg> orgs() {
        return List.copyOf(orgs.values());
    }
}
