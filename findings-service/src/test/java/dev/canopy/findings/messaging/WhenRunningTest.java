package dev.canopy.findings.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scheduled jobs run only between start-up and the beginning of shutdown. */
class WhenRunningTest {
    @Test
    void skipsBeforeStartAndFromShutdownOn() {
        WhenRunning predicate = new WhenRunning();
        assertThat(predicate.test(null)).as("skipped before start-up").isTrue();
        predicate.onStart(null);
        assertThat(predicate.test(null)).as("runs once started").isFalse();
        predicate.onShutdown(null);
        assertThat(predicate.test(null)).as("skipped once shutdown began (the database pool is closing)").isTrue();
    }
}
