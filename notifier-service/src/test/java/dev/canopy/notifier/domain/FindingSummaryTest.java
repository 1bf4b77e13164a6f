package dev.canopy.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.canopy.notifier.store.SubscriptionFilter;

class FindingSummaryTest {
    private static final FindingSummary HIGH_DLP = new FindingSummary("f-1", FindingSummary.KIND_DLP, 4, "High", 1,
            "new", "aws-access-key", "AWS key", 1, "Create", Instant.parse("2026-11-01T00:00:00Z"));

    @Test
    void anEmptyFilterWantsEveryFinding() {
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(null, 0, null, null))).isTrue();
    }

    @Test
    void everyGivenPartOfTheFilterMustMatch() {
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(Set.of("DLP"), 4, Set.of("aws-access-key"), Set.of("NEW"))))
                .as("kinds and states compare case-insensitively; severity at the minimum passes").isTrue();
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(Set.of("posture"), 0, null, null))).isFalse();
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(null, 5, null, null))).isFalse();
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(null, 0, Set.of("github-pat"), null))).isFalse();
        assertThat(HIGH_DLP.wantedBy(new SubscriptionFilter(null, 0, null, Set.of("resolved")))).isFalse();
    }

    @Test
    void aFindingWithoutRuleIsNotWantedByARuleFilter() {
        FindingSummary posture = new FindingSummary("f-2", FindingSummary.KIND_POSTURE, 3, "Medium", 1, "new", null,
                "MFA off", 1, "Create", Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(posture.wantedBy(new SubscriptionFilter(null, 0, Set.of("mfa"), null))).isFalse();
        assertThat(posture.wantedBy(new SubscriptionFilter(Set.of("posture"), 3, null, null))).isTrue();
    }
}
