package dev.canopy.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the simulator is started and what it generates. Every knob can be overridden through
 * {@link #withOverrides(Map)} with the key names listed in {@link #asMap()} (e.g. {@code usersPerOrg},
 * {@code rateLimit.perSecond}, {@code faults.serverErrorRate}).
 */
public record SimulatorConfig(int port, long seed, Instant now, Sizes sizes, RateLimit rateLimit, Faults faults) {

    /** What the generator produces per organization and per site. */
    public record Sizes(int orgs, int sitesPerOrg, int usersPerOrg, int groupsPerOrg, int teamsPerOrg, int appsPerSite,
            int spacesPerSite, int pagesPerSite, int blogpostsPerSite, int issuesPerSite) {

        /** Sizes with as many Jira issues per site as pages (about two comments each). */
        public Sizes(int orgs, int sitesPerOrg, int usersPerOrg, int groupsPerOrg, int teamsPerOrg, int appsPerSite,
                int spacesPerSite, int pagesPerSite, int blogpostsPerSite) {
            this(orgs, sitesPerOrg, usersPerOrg, groupsPerOrg, teamsPerOrg, appsPerSite, spacesPerSite, pagesPerSite,
                    blogpostsPerSite, pagesPerSite);
        }
    }

    /** Token bucket per (credential, endpoint family). {@code perSecond <= 0} disables limiting. */
    public record RateLimit(double perSecond, int burst, int retryAfterSeconds) {
    }

    /** Probabilities (0..1) per request of each fault kind; all 0 by default. */
    public record Faults(double latencyRate, int latencyMs, double serverErrorRate, double unavailableRate,
            double connectionResetRate, double truncatedJsonRate, double malformedJsonRate, double duplicateItemRate,
            double editBetweenPagesRate) {
        public static Faults none() {
            return new Faults(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * The generation day of {@link #testDefaults()}, fixed once per JVM. Tests start a simulator from the defaults and
     * later regenerate the same state to compare with what was synced; both must see the same day, also when a run
     * crosses midnight (a CI run at 00:05 UTC once compared a simulator generated on one day with a state generated on
     * the next, and every "last active" was a day apart).
     */
    private static final Instant TEST_DAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    public static SimulatorConfig testDefaults() {
        return new SimulatorConfig(0, 42L, TEST_DAY,
                new Sizes(2, 2, 25, 6, 4, 6, 3, 15, 3, 12), new RateLimit(200, 400, 1), Faults.none());
    }

    public int orgs() {
        return sizes.orgs();
    }

    public int usersPerOrg() {
        return sizes.usersPerOrg();
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, seed, now, sizes, rateLimit, faults);
    }

    public SimulatorConfig withFaults(Faults newFaults) {
        return new SimulatorConfig(port, seed, now, sizes, rateLimit, newFaults);
    }

    public SimulatorConfig withRateLimit(RateLimit newLimit) {
        return new SimulatorConfig(port, seed, now, sizes, newLimit, faults);
    }

    public SimulatorConfig withSizes(Sizes newSizes) {
        return new SimulatorConfig(port, seed, now, newSizes, rateLimit, faults);
    }

    /** Every knob by its override key. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("port", String.valueOf(port));
        m.put("seed", String.valueOf(seed));
        m.put("now", now.toString());
        m.put("orgs", String.valueOf(sizes.orgs()));
        m.put("sitesPerOrg", String.valueOf(sizes.sitesPerOrg()));
        m.put("usersPerOrg", String.valueOf(sizes.usersPerOrg()));
        m.put("groupsPerOrg", String.valueOf(sizes.groupsPerOrg()));
        m.put("teamsPerOrg", String.valueOf(sizes.teamsPerOrg()));
        m.put("appsPerSite", String.valueOf(sizes.appsPerSite()));
        m.put("spacesPerSite", String.valueOf(sizes.spacesPerSite()));
        m.put("pagesPerSite", String.valueOf(sizes.pagesPerSite()));
        m.put("blogpostsPerSite", String.valueOf(sizes.blogpostsPerSite()));
        m.put("issuesPerSite", String.valueOf(sizes.issuesPerSite()));
        m.put("rateLimit.perSecond", String.valueOf(rateLimit.perSecond()));
        m.put("rateLimit.burst", String.valueOf(rateLimit.burst()));
        m.put("rateLimit.retryAfterSeconds", String.valueOf(rateLimit.retryAfterSeconds()));
        m.putAll(faultsAsMap(faults));
        return m;
    }

    public static Map<String, String> faultsAsMap(Faults f) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("faults.latencyRate", String.valueOf(f.latencyRate()));
        m.put("faults.latencyMs", String.valueOf(f.latencyMs()));
        m.put("faults.serverErrorRate", String.valueOf(f.serverErrorRate()));
        m.put("faults.unavailableRate", String.valueOf(f.unavailableRate()));
        m.put("faults.connectionResetRate", String.valueOf(f.connectionResetRate()));
        m.put("faults.truncatedJsonRate", String.valueOf(f.truncatedJsonRate()));
        m.put("faults.malformedJsonRate", String.valueOf(f.malformedJsonRate()));
        m.put("faults.duplicateItemRate", String.valueOf(f.duplicateItemRate()));
        m.put("faults.editBetweenPagesRate", String.valueOf(f.editBetweenPagesRate()));
        return m;
    }

    public static Faults faultsFrom(Map<String, String> m, Faults base) {
        Map<String, String> all = faultsAsMap(base);
        m.forEach((k, v) -> all.put(k.startsWith("faults.") ? k : "faults." + k, v));
        return new Faults(d(all, "faults.latencyRate"), i(all, "faults.latencyMs"), d(all, "faults.serverErrorRate"),
                d(all, "faults.unavailableRate"), d(all, "faults.connectionResetRate"),
                d(all, "faults.truncatedJsonRate"), d(all, "faults.malformedJsonRate"),
                d(all, "faults.duplicateItemRate"), d(all, "faults.editBetweenPagesRate"));
    }

    public SimulatorConfig withOverrides(Map<String, String> overrides) {
        Map<String, String> m = asMap();
        overrides.forEach((k, v) -> {
            if (m.containsKey(k)) {
                m.put(k, v);
            }
        });
        return new SimulatorConfig(i(m, "port"), Long.parseLong(m.get("seed")), Instant.parse(m.get("now")),
                new Sizes(i(m, "orgs"), i(m, "sitesPerOrg"), i(m, "usersPerOrg"), i(m, "groupsPerOrg"),
                        i(m, "teamsPerOrg"), i(m, "appsPerSite"), i(m, "spacesPerSite"), i(m, "pagesPerSite"),
                        i(m, "blogpostsPerSite"), i(m, "issuesPerSite")),
                new RateLimit(d(m, "rateLimit.perSecond"), i(m, "rateLimit.burst"), i(m, "rateLimit.retryAfterSeconds")),
                faultsFrom(m, faults));
    }

    private static int i(Map<String, String> m, String k) {
        return (int) Double.parseDouble(m.get(k));
    }

    private static double d(Map<String, String> m, String k) {
        return Double.parseDouble(m.get(k));
    }
}
