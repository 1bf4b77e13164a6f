package dev.canopy.simulator;

import java.util.HashMap;
import java.util.Map;

import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;

/**
 * {@code java -jar atlassian-simulator-runner.jar [--port=8090] [--seed=42] [--usersPerOrg=10000] ...}: every key of
 * {@link SimulatorConfig#asMap()} can be given as {@code --key=value}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("port", System.getenv().getOrDefault("SIMULATOR_PORT", "8090"));
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        SimulatorConfig config = SimulatorConfig.testDefaults().withOverrides(overrides);
        long t0 = System.nanoTime();
        AtlassianSimulator sim = AtlassianSimulator.start(config);
        System.out.printf("Atlassian simulator listening on %s (seeded in %d ms)%n", sim.baseUrl(), (System.nanoTime() - t0) / 1_000_000);
        System.out.println("  credentials and ground truth: " + sim.baseUrl() + "/_sim/orgs, /_sim/ground-truth?orgId=...");
        for (SimOrg o : sim.state().orgs()) {
            System.out.println("  org " + o.id + " (" + o.name + ") admin API key " + o.apiKey);
            for (SimSite s : o.sites.values()) {
                System.out.println("    site " + sim.siteUrl(s.name) + "  admin " + s.adminEmail + ":" + s.adminToken);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sim::stop));
    }
}
