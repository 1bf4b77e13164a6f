package dev.canopy.simulator;

import java.util.Map;

/**
 * How the simulator is started and what it generates. Every knob can be overridden by a key of
 * {@link #withOverrides(Map)} (the same names as the fields).
 */
public record SimulatorConfig(int port, long seed, int orgs, int usersPerOrg) {

    public static SimulatorConfig testDefaults() {
        return new SimulatorConfig(0, 42L, 2, 25);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, seed, orgs, usersPerOrg);
    }

    public SimulatorConfig withOverrides(Map<String, String> o) {
        return new SimulatorConfig(
                Integer.parseInt(o.getOrDefault("port", String.valueOf(port))),
                Long.parseLong(o.getOrDefault("seed", String.valueOf(seed))),
                Integer.parseInt(o.getOrDefault("orgs", String.valueOf(orgs))),
                Integer.parseInt(o.getOrDefault("usersPerOrg", String.valueOf(usersPerOrg))));
    }
}
