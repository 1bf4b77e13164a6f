package dev.canopy.findings.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.SyncModes;
import dev.canopy.findings.store.SyncRunStore.CompletedRun;

/** Which completed runs are worth a posture evaluation: polls run every minute and rarely carry posture inputs. */
class PostureEvaluationRunsTest {

    @Test
    void aPollWithOnlyContentAndAuditEventsIsNotEvaluated() {
        assertThat(PostureEvaluation.changesPosture(run(SyncModes.POLL, Map.of("content", 4L, "audit-event", 2L))))
                .isFalse();
        assertThat(PostureEvaluation.changesPosture(run(SyncModes.POLL, Map.of()))).isFalse();
    }

    @Test
    void aPollCarryingAPostureInputIsEvaluated() {
        assertThat(PostureEvaluation.changesPosture(run(SyncModes.POLL, Map.of("content", 4L, "user", 1L)))).isTrue();
    }

    @Test
    void fullAndIncrementalRunsAreAlwaysEvaluatedSoTimeBasedChecksMoveOn() {
        assertThat(PostureEvaluation.changesPosture(run(SyncModes.INCREMENTAL, Map.of()))).isTrue();
        assertThat(PostureEvaluation.changesPosture(run(SyncModes.FULL, Map.of("content", 1L)))).isTrue();
    }

    private static CompletedRun run(String mode, Map<String, Long> counts) {
        return new CompletedRun("t", "r", false, counts, Instant.now(), Instant.now(), mode);
    }
}
