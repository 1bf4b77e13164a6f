package dev.canopy.connector.domain.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.canopy.connector.domain.http.ApiClient;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.SyncModes;

/**
 * Everything one run shares between its resource syncs: the connection with decrypted credentials, the HTTP client,
 * what was seen and emitted so far, errors, and the cancel signal checked at every page boundary.
 */
public final class RunContext {
    private final Connection connection;
    private final UUID runId;
    private final String mode;
    private final Instant observedAt;
    private final ApiClient api;
    private final Credentials admin;
    private final Map<String, Credentials> siteCredentials;
    private final SyncEvents.Origin origin;
    private final Map<String, AtomicLong> entityCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> eventCounts = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Boolean> licensed = new ConcurrentHashMap<>();
    private final Map<String, TenantInfo> tenantInfo = new ConcurrentHashMap<>();
    private final BooleanSupplier progress;
    private volatile String currentResource = "";

    public RunContext(Connection connection, UUID runId, String mode, ApiClient api, Credentials admin,
            Map<String, Credentials> siteCredentials, BooleanSupplier progress) {
        this.connection = connection;
        this.runId = runId;
        this.mode = mode;
        this.observedAt = Instant.now();
        this.api = api;
        this.admin = admin;
        this.siteCredentials = siteCredentials;
        this.progress = progress;
        this.origin = new SyncEvents.Origin(connection.tenantId(), connection.id().toString(), runId.toString());
    }

    public Connection connection() {
        return connection;
    }

    public UUID runId() {
        return runId;
    }

    public String mode() {
        return mode;
    }

    public boolean full() {
        return SyncModes.FULL.equals(mode);
    }

    /** A poll: only the change feeds are asked, and only what they say changed is read. */
    public boolean poll() {
        return SyncModes.POLL.equals(mode);
    }

    /** Whether this run emitted any event so far. */
    public boolean emittedAny() {
        return !eventCounts.isEmpty();
    }

    public Instant observedAt() {
        return observedAt;
    }

    public ApiClient api() {
        return api;
    }

    public Credentials admin() {
        return admin;
    }

    public Credentials site(Connection.Site site) {
        return siteCredentials.get(site.url());
    }

    public SyncEvents.Origin origin() {
        return origin;
    }

    public String adminApi() {
        return connection.adminBaseUrl();
    }

    /** Page boundary: records progress, renews the lease and stops the run if it was cancelled. */
    public void checkpointReached() {
        if (progress.getAsBoolean()) {
            throw new RunCancelledException("cancelled");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RunCancelledException("interrupted");
        }
    }

    void resource(String name) {
        this.currentResource = name;
    }

    public String currentResource() {
        return currentResource;
    }

    public void countEntities(String resource, long n) {
        entityCounts.computeIfAbsent(resource, k -> new AtomicLong()).addAndGet(n);
    }

    public void countEvents(List<? extends EntityData> events) {
        for (EntityData e : events) {
            eventCounts.computeIfAbsent(EventType.of(e.getClass()).entity(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    public void error(String message) {
        errors.add(message);
    }

    public void skipped(String message) {
        skipped.add(message);
    }

    /** What {@code /_edge/tenant_info} answered: the cloud id, or the HTTP status it failed with. */
    public record TenantInfo(String cloudId, Integer failedStatus) {
    }

    /**
     * The site's {@code /_edge/tenant_info} (unauthenticated), asked once per run: the site resource reads its
     * reachability from it and the Teams API its cloud id.
     */
    public TenantInfo tenantInfo(Connection.Site site) {
        return tenantInfo.computeIfAbsent(site.url(), k -> {
            try {
                return new TenantInfo(Json.text(api.getJson(site.url(), site.url() + "/_edge/tenant_info", site(site)),
                        "cloudId"), null);
            } catch (dev.canopy.connector.domain.http.AtlassianApiException e) {
                return new TenantInfo(null, e.status());
            }
        });
    }

    /**
     * Whether the site has the product ({@code jira} or {@code confluence}), asked once per run with the cheapest call
     * of that product. A site without it answers 404 there (a Confluence-only or Jira-only site): its resources for
     * that product are then skipped with a note, not failed. Any other answer counts as licensed, so a real error
     * surfaces in the resource that meets it.
     */
    public boolean licensed(Connection.Site site, String product) {
        return licensed.computeIfAbsent(site.url() + "|" + product, k -> {
            String probe = "jira".equals(product) ? "/rest/api/3/serverInfo" : "/wiki/api/v2/spaces?limit=1";
            try {
                api.getJson(site.url(), site.url() + probe, site(site));
                return true;
            } catch (dev.canopy.connector.domain.http.AtlassianApiException e) {
                if (e.status() == 404) {
                    skipped("site " + site.effectiveId() + ": " + product + " not licensed (404), its resources skipped");
                    return false;
                }
                return true;
            }
        });
    }

    public Map<String, Long> entityCounts() {
        return snapshot(entityCounts);
    }

    public Map<String, Long> eventCounts() {
        return snapshot(eventCounts);
    }

    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    public List<String> skippedItems() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
