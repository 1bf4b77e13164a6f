package dev.canopy.simulator;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulator started once for a test class and stopped after it:
 * {@code @RegisterExtension static final RunningSimulator running = new RunningSimulator(Map.of("issuesPerSite", "60"));}
 */
final class RunningSimulator implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides;
    AtlassianSimulator sim;
    SimClient client;

    RunningSimulator(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sim = AtlassianSimulator.start(SimulatorConfig.testDefaults().withOverrides(overrides).withPort(0));
        client = new SimClient(sim);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sim.stop();
    }
}
