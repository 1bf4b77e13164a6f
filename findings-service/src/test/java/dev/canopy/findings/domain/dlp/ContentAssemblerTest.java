package dev.canopy.findings.domain.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.ContentData;

/** The chunk-assembly state machine of the DLP path, without Kafka: handles are plain strings here. */
class ContentAssemblerTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String TENANT = "acme";

    private final ContentAssembler<String> assembler = new ContentAssembler<>(10_000, Duration.ofMinutes(2));

    /** Chunk {@code chunk} of {@code chunks} of page p-1, {@code length} chars from {@code offset}. */
    private static ContentData chunk(int version, int chunk, int chunks, long offset, String text, long total) {
        return new ContentData("site-1", "p-1", "page", "S", null, "Title", version, "current", null, T0,
                "https://example.test/p-1", "text/plain", chunk, chunks, offset, chunk == 0 ? 0 : 2, total, text);
    }

    private ContentAssembler.Step<String> accept(ContentData d, String handle) {
        return assembler.accept(TENANT, d, T0, handle, T0);
    }

    @Test
    void chunksInOrderCompleteTheVersionWithAllTheirRecords() {
        assertThat(accept(chunk(3, 0, 3, 0, "abcdef", 14), "r0").complete()).isNull();
        assertThat(accept(chunk(3, 1, 3, 4, "efghij", 14), "r1").complete()).isNull();
        var done = accept(chunk(3, 2, 3, 8, "ijklmn", 14), "r2");

        assertThat(done.rejected()).isEmpty();
        assertThat(done.handles()).containsExactly("r0", "r1", "r2");
        assertThat(done.complete().parts()).extracting(ContentAssembler.Part::offset).containsExactly(0L, 4L, 8L);
        assertThat(done.complete().chars()).isEqualTo(14);
        assertThat(done.complete().ref().key()).isEqualTo("site-1:p-1");
        assertThat(done.complete().ref().version()).isEqualTo(3);
        assertThat(assembler.inFlight()).isZero();
    }

    @Test
    void versionsOfAPartitionThatMovedAreForgottenNotDeadLettered() {
        accept(chunk(3, 0, 3, 0, "abcdef", 14), "partition-1/r0");
        assertThat(assembler.forget(h -> h.startsWith("partition-2/"))).isZero();
        assertThat(assembler.inFlight()).isOne();

        assertThat(assembler.forget(h -> h.startsWith("partition-1/"))).isOne();
        assertThat(assembler.inFlight()).isZero();
        // nothing left to expire into the dead-letter topic: the new owner re-reads the version
        assertThat(assembler.expire(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void aSingleChunkVersionIsCompleteAtOnce() {
        var done = accept(chunk(1, 0, 1, 0, "all of it", 9), "r0");
        assertThat(done.complete().parts()).hasSize(1);
        assertThat(done.handles()).containsExactly("r0");
    }

    @Test
    void aChunkWithoutItsPredecessorsIsRejectedAlone() {
        var step = accept(chunk(2, 1, 2, 1000, "x".repeat(100), 1100), "r1");
        assertThat(step.complete()).isNull();
        assertThat(step.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("r1");
            assertThat(r.reason()).contains("without its earlier chunks");
        });
        assertThat(assembler.inFlight()).isZero();
    }

    @Test
    void outOfOrderChunksRejectTheWholeVersionAndItsLaterChunksFollow() {
        accept(chunk(1, 0, 4, 0, "aaaa", 16), "r0");
        var gap = accept(chunk(1, 2, 4, 8, "cccc", 16), "r2");
        assertThat(gap.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("r0", "r2");
            assertThat(r.reason()).contains("chunk 1 is missing");
        });
        // the late chunk 1 and the last chunk go to the dead-letter topic with the same reason, then it is forgotten
        var late = accept(chunk(1, 1, 4, 4, "bbbb", 16), "r1");
        assertThat(late.complete()).isNull();
        assertThat(late.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("chunk 1 is missing"));
        var last = accept(chunk(1, 3, 4, 12, "dddd", 16), "r3");
        assertThat(last.complete()).isNull();
        assertThat(last.rejected()).singleElement().satisfies(r -> assertThat(r.handles()).containsExactly("r3"));
        assertThat(assembler.inFlight()).isZero();
    }

    @Test
    void aDuplicateChunkIsHeldAndItsTextCountedOnce() {
        accept(chunk(1, 0, 2, 0, "aaaa", 8), "r0");
        var dup = accept(chunk(1, 0, 2, 0, "aaaa", 8), "r0-again");
        assertThat(dup.rejected()).isEmpty();
        // each part once: the stitcher would take a repeated part for a chunk out of order
        assertThat(accept(chunk(1, 1, 2, 4, "bbbb", 8), "r1").complete().parts()).hasSize(2);

        accept(chunk(2, 0, 3, 0, "aaaa", 12), "s0");
        accept(chunk(2, 1, 3, 4, "bbbb", 12), "s1");
        assertThat(accept(chunk(2, 1, 3, 4, "bbbb", 12), "s1-again").rejected()).isEmpty();
        var done = accept(chunk(2, 2, 3, 8, "cccc", 12), "s2");
        assertThat(done.complete().parts()).hasSize(3);
        assertThat(done.handles()).containsExactly("s0", "s1", "s1-again", "s2");
    }

    @Test
    void aRedeliveredFirstChunkStartsOverAndKeepsTheEarlierRecords() {
        accept(chunk(1, 0, 2, 0, "aaaa", 8), "r0");
        var again = accept(chunk(1, 0, 2, 0, "aaaa", 8), "r0-again");
        assertThat(again.rejected()).isEmpty();
        var done = accept(chunk(1, 1, 2, 4, "bbbb", 8), "r1");
        assertThat(done.complete().parts()).hasSize(2);
        assertThat(done.handles()).containsExactly("r0", "r0-again", "r1");
    }

    @Test
    void aNewVersionAbandonsAnIncompleteOne() {
        accept(chunk(1, 0, 2, 0, "aaaa", 8), "v1-0");
        var v2 = accept(chunk(2, 0, 1, 0, "new", 3), "v2-0");
        assertThat(v2.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("v1-0");
            assertThat(r.reason()).contains("started before the previous one was complete");
        });
        assertThat(v2.complete().ref().version()).isEqualTo(2);
        assertThat(v2.handles()).containsExactly("v2-0");
    }

    @Test
    void aMissingChunkTimesOut() {
        accept(chunk(1, 0, 3, 0, "aaaa", 12), "r0");
        accept(chunk(1, 1, 3, 4, "bbbb", 12), "r1");
        assertThat(assembler.expire(T0.plus(Duration.ofMinutes(1)))).isEmpty();
        var expired = assembler.expire(T0.plus(Duration.ofMinutes(3)));
        assertThat(expired).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("r0", "r1");
            assertThat(r.reason()).contains("incomplete: only 2 of 3 chunk(s)");
        });
        assertThat(assembler.inFlight()).isZero();
        // the last chunk, arriving after the timeout, has no predecessors any more
        assertThat(accept(chunk(1, 2, 3, 8, "cccc", 12), "r2").rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("without its earlier chunks"));
    }

    @Test
    void anOversizedVersionIsRejectedByItsDeclaredOrActualLength() {
        var declared = accept(chunk(1, 0, 2, 0, "aaaa", 20_000), "r0");
        assertThat(declared.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("r0");
            assertThat(r.reason()).contains("larger than 10000 characters");
        });
        assertThat(accept(chunk(1, 1, 2, 4, "bbbb", 20_000), "r1").rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("larger than 10000"));

        // a total length that understates the text does not get past the bound either
        String big = "x".repeat(6_000);
        accept(chunk(2, 0, 2, 0, big, 100), "s0");
        var actual = accept(chunk(2, 1, 2, 5_000, big, 100), "s1");
        assertThat(actual.complete()).isNull();
        assertThat(actual.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("s0", "s1");
            assertThat(r.reason()).contains("larger than 10000 characters");
        });
        assertThat(assembler.inFlight()).isZero();
    }

    @Test
    void aGapInTheOffsetsRejectsTheVersion() {
        accept(chunk(1, 0, 2, 0, "aaaa", 20), "r0");
        var gap = accept(chunk(1, 1, 2, 10, "bbbb", 20), "r1");
        assertThat(gap.rejected()).singleElement().satisfies(r -> {
            assertThat(r.handles()).containsExactly("r0", "r1");
            assertThat(r.reason()).contains("gap before chunk 1");
        });
    }

    @Test
    void deletingAnItemAbandonsItsVersionInFlight() {
        accept(chunk(1, 0, 2, 0, "aaaa", 8), "r0");
        assertThat(assembler.abandon(TENANT, "site-1:p-1", "content was deleted")).singleElement()
                .satisfies(r -> assertThat(r.handles()).containsExactly("r0"));
        assertThat(assembler.abandon(TENANT, "site-1:p-1", "again")).isEmpty();
        assertThat(assembler.inFlight()).isZero();
    }

    @Test
    void tenantsDoNotShareVersions() {
        accept(chunk(1, 0, 2, 0, "aaaa", 8), "acme-0");
        var other = assembler.accept("other", chunk(1, 1, 2, 4, "bbbb", 8), T0, "other-1", T0);
        assertThat(other.rejected()).singleElement().satisfies(r -> assertThat(r.handles()).containsExactly("other-1"));
        assertThat(accept(chunk(1, 1, 2, 4, "bbbb", 8), "acme-1").handles()).containsExactly("acme-0", "acme-1");
        assertThat(assembler.inFlight()).isZero();
    }
}
