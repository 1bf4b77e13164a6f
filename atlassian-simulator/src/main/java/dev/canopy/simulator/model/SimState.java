package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.generate.OrgGenerator;

/**
 * All simulated organizations and sites. Mutations (control API, fault "edits between pages") and HTTP reads
 * synchronize on this object.
 */
public final class SimState {
    private final Map<String, SimOrg> orgs = new LinkedHashMap<>();
    private final Map<String, SimSite> sites = new LinkedHashMap<>();
    public final long seed;
    public final Instant now;
    /** Attachment binaries served by the media host, and those requested with an Authorization header (see MediaApi). */
    public final java.util.concurrent.atomic.AtomicLong mediaDownloads = new java.util.concurrent.atomic.AtomicLong();
    /** Distinct API requests served (method, path, parameter names): {@code GET /_sim/requests}. */
    public final dev.canopy.simulator.http.RequestLog requests = new dev.canopy.simulator.http.RequestLog();
    public final java.util.concurrent.atomic.AtomicLong mediaAuthorizationHeaders = new java.util.concurrent.atomic.AtomicLong();

    public SimState(long seed, Instant now) {
        this.seed = seed;
        this.now = now;
    }

    public static SimState generate(SimulatorConfig config) {
        return OrgGenerator.generate(config);
    }

    public void add(SimOrg org) {
        orgs.put(org.id, org);
        sites.putAll(org.sites);
    }

    public SimOrg org(String id) {
        return orgs.get(id);
    }

    public SimSite site(String name) {
        return sites.get(name);
    }

    public List<SimOrg> orgs() {
        return List.copyOf(orgs.values());
    }

    public List<SimSite> sites() {
        return List.copyOf(sites.values());
    }

    /** The org whose admin key (full or limited) this is, or null. */
    public SimOrg orgByApiKey(String key) {
        for (SimOrg o : orgs.values()) {
            if (o.apiKey.equals(key) || o.limitedApiKey.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** The simulated wall clock: real time, but never before the generation time {@code now}. */
    public Instant clock() {
        Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return t.isBefore(now) ? now.plusSeconds(1) : t;
    }
}
