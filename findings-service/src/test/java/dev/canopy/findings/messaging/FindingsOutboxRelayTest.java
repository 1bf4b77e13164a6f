package dev.canopy.findings.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.canopy.contracts.events.CanopyEvent;
import dev.canopy.contracts.events.EventCodec;
import dev.canopy.contracts.ocsf.OcsfFinding;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.domain.FindingLifecycle;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.store.OutboxStore;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox row holds the Kafka record as it is sent (encoded when the change is written), and rows written before
 * it did (only the OCSF JSON in {@code payload}, migration V6) are still relayed, in id order, as the same record.
 */
@QuarkusTest
class FindingsOutboxRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestEvents events = new TestEvents();

    @Inject
    FindingLifecycle lifecycle;
    @Inject
    OutboxStore outbox;
    @Inject
    Pool db;

    @Test
    void aChangeIsSentAsTheRecordStoredWithItAndThenLeavesTheOutbox() {
        String tenant = TestEvents.uniqueTenant("outbox");
        // the row as the change's own transaction wrote it (read before it commits: the relay deletes it once sent)
        Map<String, Object> row = open(tenant, "a");
        ConsumerRecord<String, byte[]> sent = awaitSent(tenant);

        assertThat(TestEvents.header(sent, "ce_id")).isEqualTo(row.get("event_id").toString());
        assertThat(row.get("payload")).as("new rows carry no separate OCSF copy").isNull();
        assertThat(sent.topic()).isEqualTo(row.get("topic"));
        assertThat(sent.key()).isEqualTo(row.get("record_key")).startsWith(tenant + "/finding/");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo(row.get("record_value"));
        CanopyEvent<?> event = EventCodec.decode(sent.headers(), sent.value());
        assertThat(event.tenantId()).isEqualTo(tenant);
        assertThat(event.dataAs(OcsfFinding.class).findingInfo().title()).isEqualTo("Rule a");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(outboxRows(tenant))
                .as("a sent change is deleted from the outbox (it is on the topic and in the history)").isZero());
    }

    @Test
    void rowsWrittenBeforeTheRecordColumnsAreStillRelayedAsTheSameRecord() {
        String tenant = TestEvents.uniqueTenant("outbox-legacy");
        ConsumerRecord<String, byte[]> current = openAndAwait(tenant, "b");
        // a pre-V6 row: the OCSF record in payload only, as the former code wrote it
        UUID eventId = UUID.randomUUID();
        UUID findingId = UUID.fromString(current.key().substring(current.key().lastIndexOf('/') + 1));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.preparedQuery("""
                insert into finding_outbox (event_id, tenant_id, finding_id, payload, created_at)
                values ($1, $2, $3, cast(cast($4 as text) as jsonb), $5)""").execute(Tuple.of(eventId, tenant, findingId,
                new String(current.value(), StandardCharsets.UTF_8), at.atOffset(java.time.ZoneOffset.UTC)))
                .await().atMost(WAIT);

        ConsumerRecord<String, byte[]> legacy = events.awaitRecords(Topics.FINDINGS.name(),
                r -> eventId.toString().equals(TestEvents.header(r, "ce_id")), 1, WAIT).get(0);
        assertThat(legacy.key()).isEqualTo(current.key());
        assertThat(legacy.partition()).as("same key, same partition: in order with the finding's other changes")
                .isEqualTo(current.partition());
        CanopyEvent<?> event = EventCodec.decode(legacy.headers(), legacy.value());
        assertThat(event.tenantId()).isEqualTo(tenant);
        assertThat(event.time()).isEqualTo(at);
        assertThat(event.data()).isEqualTo(EventCodec.decode(current.headers(), current.value()).data());
        assertThat(TestEvents.header(legacy, "ce_type")).isEqualTo(TestEvents.header(current, "ce_type"));
        assertThat(TestEvents.header(legacy, "ce_source")).isEqualTo(TestEvents.header(current, "ce_source"));
    }

    @Test
    void headersSurviveTheDatabaseWhateverTheirCharacters() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_subject", "quote \" backslash \\ comma , braces {} NULL");
        headers.put("ce_id", "");
        headers.put("ce_tenantid", "ü 😀 'single'");
        var entry = new OutboxStore.Entry(UUID.randomUUID(), TestEvents.uniqueTenant("outbox-headers"), UUID.randomUUID(),
                "t", "k", headers, "{}", Instant.now());
        // written and read back in one transaction that is rolled back, so the relay never sees the row
        List<OutboxStore.Pending> read = db.withConnection(c -> c.begin().chain(tx -> outbox.append(c, List.of(entry))
                .chain(() -> outbox.nextBatch(c, 100_000)).call(tx::rollback))).await().atMost(WAIT);
        OutboxStore.Pending row = read.stream().filter(p -> p.eventId().equals(entry.eventId())).findFirst().orElseThrow();
        assertThat(row.headers()).containsExactlyEntriesOf(headers);
        assertThat(row.legacyPayload()).isNull();
    }

    /** Opens one posture finding through the lifecycle and waits for its record on the findings topic. */
    private ConsumerRecord<String, byte[]> openAndAwait(String tenant, String name) {
        open(tenant, name);
        return awaitSent(tenant);
    }

    /**
     * Opens one posture finding through the lifecycle; returns its outbox row as that transaction wrote it (read in the
     * transaction, so the relay cannot have sent and deleted it yet).
     */
    private Map<String, Object> open(String tenant, String name) {
        var draft = new FindingDraft("fp-" + tenant + "-" + name, FindingKind.POSTURE, "rule-" + name, "Rule " + name,
                FindingSeverity.HIGH, "user", "acc-" + name, "Account " + name, "description", "remediation",
                Map.of("n", name), null);
        return db.withTransaction(s -> lifecycle.reconcile(s, tenant, FindingKind.POSTURE, null, List.of(draft), f -> true,
                Instant.now()).chain(() -> s.preparedQuery("select event_id, topic, record_key, record_value, "
                        + "cast(payload as text) as payload from finding_outbox where tenant_id = $1")
                        .execute(Tuple.of(tenant))).map(rows -> {
                            Row t = rows.iterator().next();
                            Map<String, Object> m = new java.util.HashMap<>();
                            for (int i = 0; i < t.size(); i++) {
                                m.put(t.getColumnName(i), t.getValue(i));
                            }
                            return m;
                        })).await().atMost(WAIT);
    }

    private ConsumerRecord<String, byte[]> awaitSent(String tenant) {
        return events.awaitRecords(Topics.FINDINGS.name(), r -> tenant.equals(TestEvents.header(r, "ce_tenantid")), 1,
                WAIT).get(0);
    }

    private long outboxRows(String tenant) {
        return db.preparedQuery("select count(*) as n from finding_outbox where tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> rows.iterator().next().getLong("n")).await().atMost(WAIT);
    }
}
