package dev.canopy.testkit;

import java.util.Map;

import dev.canopy.simulator.AtlassianSimulator;
import dev.canopy.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The Atlassian simulator in the test JVM on a random port, seeded deterministically. Exposes its base URL as
 * {@code canopy.test.simulator.url} (config and system property).
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {
    private AtlassianSimulator simulator;
    private SimulatorConfig config = SimulatorConfig.testDefaults();

    @Override
    public void init(Map<String, String> initArgs) {
        config = SimulatorConfig.testDefaults().withOverrides(initArgs);
    }

    @Override
    public Map<String, String> start() {
        simulator = AtlassianSimulator.start(config.withPort(0));
        String url = simulator.baseUrl();
        System.setProperty("canopy.test.simulator.url", url);
        return Map.of("canopy.test.simulator.url", url);
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.stop();
        }
    }
}
