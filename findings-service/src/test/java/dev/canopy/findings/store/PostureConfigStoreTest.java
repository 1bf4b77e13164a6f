package dev.canopy.findings.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The posture settings entities on the real database: insert, overwrite, delete, and one tenant never sees another's. */
@QuarkusTest
class PostureConfigStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Inject
    PostureConfigStore store;
    @Inject
    Pool db;

    @Test
    void thresholdOverridesAreCreatedThenReplaced() {
        String tenant = TestEvents.uniqueTenant("posture-config");
        String other = TestEvents.uniqueTenant("posture-config-other");
        assertThat(overrides(tenant)).isEmpty();

        tx(s -> store.saveThresholdOverrides(s, tenant, Map.of("dormantUserDays", 365,
                "appVendorAllowlist", List.of("Acme")), "admin", T0));
        assertThat(overrides(tenant)).containsEntry("dormantUserDays", 365)
                .containsEntry("appVendorAllowlist", List.of("Acme"));

        tx(s -> store.saveThresholdOverrides(s, tenant, Map.of("staleTokenDays", 30), "admin", T0.plusSeconds(1)));
        assertThat(overrides(tenant)).isEqualTo(Map.of("staleTokenDays", 30));
        assertThat(overrides(other)).isEmpty();
    }

    @Test
    void mutesAreUpsertedListedInCheckOrderAndRemoved() {
        String tenant = TestEvents.uniqueTenant("posture-mute");
        String other = TestEvents.uniqueTenant("posture-mute-other");
        tx(s -> store.mute(s, tenant, "user-dormant", "seasonal staff", "alice", T0));
        tx(s -> store.mute(s, tenant, "api-token-stale", "rotated yearly", "alice", T0));
        tx(s -> store.mute(s, tenant, "user-dormant", "contractors", "bob", T0.plusSeconds(5)));
        tx(s -> store.mute(s, other, "user-dormant", "other tenant", "carol", T0));

        assertThat(mutes(tenant)).containsExactly(
                new PostureConfigStore.Mute("api-token-stale", "rotated yearly", "alice", T0),
                new PostureConfigStore.Mute("user-dormant", "contractors", "bob", T0.plusSeconds(5)));
        assertThat(unmute(tenant, "user-dormant")).isTrue();
        assertThat(unmute(tenant, "user-dormant")).isFalse();
        assertThat(mutes(tenant)).extracting(PostureConfigStore.Mute::checkId)
                .containsExactly("api-token-stale");
        assertThat(mutes(other)).extracting(PostureConfigStore.Mute::reason)
                .containsExactly("other tenant");
    }

    private Map<String, Object> overrides(String tenant) {
        return tx(s -> store.thresholdOverrides(s, tenant));
    }

    private List<PostureConfigStore.Mute> mutes(String tenant) {
        return tx(s -> store.mutes(s, tenant));
    }

    private boolean unmute(String tenant, String checkId) {
        return tx(s -> store.unmute(s, tenant, checkId));
    }

    private <T> T tx(Function<SqlConnection, Uni<T>> work) {
        return db.withTransaction(work).await().atMost(WAIT);
    }
}
