package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.connector.store.SyncStateStore;
import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.EntityDeletedData;
import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link EntityEmitter}'s promise, against the real broker and database: a page is published and acknowledged first,
 * then its hashes and checkpoints are committed; a publish that fails commits nothing, so the checkpoint stays behind
 * and the next run emits the page again.
 */
@QuarkusTest
class EntityEmitterTest {
    private static final String TYPE = "domain";
    private static final String RESOURCE = "org.domains";

    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Inject
    SyncEvents kafka;
    @Inject
    SyncStateStore state;
    @Inject
    ConnectionStore connections;

    private String tenant;
    private Connection connection;

    @BeforeEach
    void connection() {
        tenant = TestEvents.uniqueTenant("emitter");
        Instant now = Instant.now();
        // never verified, polled or scheduled within the test: only its sync state is used
        connection = new Connection(UUID.randomUUID(), tenant, "emitter", "org-" + tenant, "https://admin.invalid",
                "not-encrypted", List.of(), Connection.PENDING, null, 1440, 1440, null, null, now, now, null, false, 0,
                null, null);
        connections.create(tenant, connection);
    }

    @Test
    void aPageIsCommittedOnlyAfterKafkaAcknowledgedItsEvents() {
        UUID runId = UUID.randomUUID();
        List<Optional<String>> checkpointWhilePublishing = new ArrayList<>();
        SyncEvents observing = (origin, observedAt, batch) -> {
            checkpointWhilePublishing.add(state.checkpoint(connection.id(), RESOURCE));
            kafka.publishAndAwait(origin, observedAt, batch);
            checkpointWhilePublishing.add(state.checkpoint(connection.id(), RESOURCE));
        };
        EntityEmitter emitter = new EntityEmitter(run(runId), observing, state, TYPE);

        assertThat(emitter.offer(domain("d1", "verified"))).isTrue();
        assertThat(emitter.offer(domain("d2", "unverified"))).isTrue();
        emitter.checkpoint(RESOURCE, "page-1");
        emitter.flush();

        assertThat(checkpointWhilePublishing).as("nothing committed before and until the acks")
                .containsExactly(Optional.empty(), Optional.empty());
        assertThat(state.checkpoint(connection.id(), RESOURCE)).contains("page-1");
        assertThat(state.hashes(connection.id(), TYPE)).containsOnlyKeys("d1", "d2");
        List<CanopyEvent<?>> published = events.awaitEvents(Topics.INVENTORY.name(), tenant, 2, Duration.ofSeconds(30));
        assertThat(published).extracting(e -> e.data().entityId()).containsExactlyInAnyOrder("d1", "d2");
        assertThat(published).allSatisfy(e -> {
            assertThat(e.syncRunId()).isEqualTo(runId.toString());
            assertThat(e.connectionId()).isEqualTo(connection.id().toString());
        });
    }

    @Test
    void aFailedPublishCommitsNothingSoTheNextRunEmitsThePageAgain() {
        SyncEvents failing = (origin, observedAt, batch) -> {
            throw new IllegalStateException("broker unavailable");
        };
        EntityEmitter emitter = new EntityEmitter(run(UUID.randomUUID()), failing, state, TYPE);
        emitter.offer(domain("d1", "verified"));
        emitter.checkpoint(RESOURCE, "page-1");

        assertThatThrownBy(emitter::flush).hasMessageContaining("broker unavailable");
        assertThat(state.checkpoint(connection.id(), RESOURCE)).as("checkpoint stays behind").isEmpty();
        assertThat(state.hashes(connection.id(), TYPE)).as("no hash for an unacknowledged event").isEmpty();

        List<List<? extends EntityData>> sent = new ArrayList<>();
        SyncEvents recording = (origin, observedAt, batch) -> sent.add(List.copyOf(batch));
        EntityEmitter retry = new EntityEmitter(run(UUID.randomUUID()), recording, state, TYPE);
        assertThat(retry.offer(domain("d1", "verified"))).as("the entity is new to the next run").isTrue();
        retry.checkpoint(RESOURCE, "page-1");
        retry.flush();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).extracting(EntityData::entityId).containsExactly("d1");
        assertThat(state.checkpoint(connection.id(), RESOURCE)).contains("page-1");
    }

    @Test
    void unchangedEntitiesAreNotEmittedAgainAndVanishedOnesAreSweptAsDeletions() {
        List<EntityData> sent = new ArrayList<>();
        SyncEvents recording = (origin, observedAt, batch) -> sent.addAll(batch);
        EntityEmitter first = new EntityEmitter(run(UUID.randomUUID()), recording, state, TYPE);
        first.offer(domain("d1", "verified"));
        first.offer(domain("d2", "verified"));
        first.flush();
        sent.clear();

        EntityEmitter second = new EntityEmitter(run(UUID.randomUUID()), recording, state, TYPE);
        assertThat(second.offer(domain("d1", "verified"))).as("same hash").isFalse();
        int gone = second.sweep(s -> new EntityDeletedData(TYPE, s.entityId(), "not-found-at-source"));

        assertThat(gone).isEqualTo(1);
        assertThat(sent).containsExactly(new EntityDeletedData(TYPE, "d2", "not-found-at-source"));
        assertThat(state.hashes(connection.id(), TYPE)).containsOnlyKeys("d1");
    }

    private RunContext run(UUID runId) {
        return new RunContext(connection, runId, SyncModes.FULL, null, null, Map.of(), () -> false);
    }

    private static DomainData domain(String id, String status) {
        return new DomainData(id, id + ".example", "dns", status);
    }
}
