package dev.canopy.findings.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.canopy.contracts.events.EventJson;
import dev.canopy.findings.domain.detect.DetectionRule;
import dev.canopy.findings.domain.detect.DetectionState;

/**
 * One tenant's view of the detection state store. Keys start with the tenant id and a separator that cannot occur
 * in a tenant id, so tenants never read each other's entries; values are small JSON documents.
 */
final class StoreDetectionState implements DetectionState {
    private static final char SEP = '\u001f';
    private final KeyValueStore<String, byte[]> store;
    private final String prefix;

    StoreDetectionState(KeyValueStore<String, byte[]> store, String tenantId) {
        this.store = store;
        this.prefix = tenantId + SEP;
    }

    @Override
    public Optional<Account> account(String accountId) {
        return read("account" + SEP + accountId, Account.class);
    }

    @Override
    public void putAccount(String accountId, Account account) {
        write("account" + SEP + accountId, account);
    }

    @Override
    public Optional<ActivityWindow> window(DetectionRule rule, String actorId) {
        return read("window" + SEP + rule.id() + SEP + actorId, ActivityWindow.class);
    }

    @Override
    public void putWindow(DetectionRule rule, String actorId, ActivityWindow window) {
        write("window" + SEP + rule.id() + SEP + actorId, window);
    }

    @Override
    public Optional<Instant> firstEventAt() {
        return read("first-event", Instant.class);
    }

    @Override
    public void putFirstEventAt(Instant at) {
        write("first-event", at);
    }

    @Override
    public Optional<AdminActor> adminActor(String actorId) {
        return read("admin-actor" + SEP + actorId, AdminActor.class);
    }

    @Override
    public void putAdminActor(String actorId, AdminActor actor) {
        write("admin-actor" + SEP + actorId, actor);
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        byte[] value = store.get(prefix + key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.mapper().readValue(value, type));
        } catch (IOException e) {
            throw new IllegalStateException("detection state " + key + " is unreadable", e);
        }
    }

    private void write(String key, Object value) {
        try {
            store.put(prefix + key, EventJson.mapper().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write detection state " + key, e);
        }
    }
}
