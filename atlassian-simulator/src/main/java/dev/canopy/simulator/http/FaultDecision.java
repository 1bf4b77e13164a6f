package dev.canopy.simulator.http;

/** What the fault injector decided for one request; {@code serverError} is 0 or the status to answer. */
public record FaultDecision(int latencyMs, int serverError, boolean reset, boolean truncateJson, boolean malformJson,
        boolean duplicateItem, boolean editBetweenPages) {
    public static final String KEY = "sim.fault";
}
