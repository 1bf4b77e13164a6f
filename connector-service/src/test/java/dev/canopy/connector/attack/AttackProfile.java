package dev.canopy.connector.attack;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The production egress policy (Atlassian hosts only, no internal addresses), widened only as far as the attack tests
 * need: host names under {@code canopy.test} are allowed by name, and only {@code sim.canopy.test} and
 * {@code media.canopy.test} (both {@link TestResolver}-mapped to 127.0.0.1, where {@link FakeAtlassian} listens) may
 * resolve to an internal address. Plain http is allowed because the fake has no TLS certificate. Every other test
 * name maps to a private, link-local, metadata or special address and must be refused by the guard's decision.
 */
public class AttackProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "canopy.connector.egress.allowed-hosts", "*.canopy.test",
                "canopy.connector.egress.allow-internal-addresses", "false",
                "canopy.connector.egress.internal-hosts", "sim.canopy.test,media.canopy.test",
                "canopy.connector.egress.allow-http", "true");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
