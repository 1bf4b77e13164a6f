package dev.canopy.findings.domain.detect;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.findings.store.DetectionSettingsStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every tenant's detection settings as the processor reads them: a snapshot reloaded from the database every few
 * seconds (and at once in the replica that saved a change), so the stream threads never wait on the database.
 * Settings are configuration, not detection state: the state lives in Kafka Streams stores.
 */
@ApplicationScoped
public class DetectionSettingsCache {
    private final Pool db;
    private final DetectionSettingsStore store;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile Map<String, DetectionSettings> byTenant = Map.of();

    public DetectionSettingsCache(Pool db, DetectionSettingsStore store) {
        this.db = db;
        this.store = store;
    }

    /** The tenant's settings in force (defaults when it never saved any). */
    public DetectionSettings settings(String tenantId) {
        return byTenant.getOrDefault(tenantId, DetectionSettings.DEFAULTS);
    }

    public Uni<Void> reload() {
        return db.withConnection(s -> store.all(s)).map(all -> {
            Map<String, DetectionSettings> next = new ConcurrentHashMap<>();
            all.forEach((tenant, json) -> next.put(tenant, fromJson(json)));
            byTenant = next;
            loaded.countDown();
            return null;
        });
    }

    void put(String tenantId, DetectionSettings settings) {
        Map<String, DetectionSettings> next = new ConcurrentHashMap<>(byTenant);
        next.put(tenantId, settings);
        byTenant = next;
    }

    /** Waits (bounded) for the first load, so the first events after a start use the tenants' own settings. */
    public boolean awaitFirstLoad(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static DetectionSettings fromJson(Map<String, Object> json) {
        return json.isEmpty() ? DetectionSettings.DEFAULTS : EventJson.mapper().convertValue(json, DetectionSettings.class);
    }
}
