package dev.canopy.simulator;

import java.util.HashMap;
import java.util.Map;

/** {@code java -jar atlassian-simulator-runner.jar [--port=8090] [--seed=42] ...} */
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
        AtlassianSimulator sim = AtlassianSimulator.start(config);
        System.out.println("Atlassian simulator listening on " + sim.baseUrl());
        sim.state().orgs().forEach(o -> System.out.println("  org " + o.id() + " (" + o.name() + ") api key " + o.apiKey()));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::stop));
    }
}
