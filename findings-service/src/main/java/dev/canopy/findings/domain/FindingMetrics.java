package dev.canopy.findings.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.canopy.findings.store.FindingStatus;
import dev.canopy.findings.store.FindingRow;

/** Counters and timers of the findings service (exposed on /q/metrics). */
@ApplicationScoped
public class FindingMetrics {
    private final MeterRegistry registry;
    private final AtomicLong outboxLagMillis = new AtomicLong();

    @Inject
    public FindingMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("canopy.findings.outbox.lag.seconds", outboxLagMillis, v -> v.get() / 1000.0);
    }

    public void transitioned(FindingRow f, FindingStatus from) {
        String event = switch (f.status()) {
            case OPEN -> from == null ? "opened" : "unsuppressed";
            case REOPENED -> "reopened";
            case RESOLVED -> "resolved";
            case SUPPRESSED -> "suppressed";
        };
        registry.counter("canopy.findings." + event, "kind", f.kind().label(), "severity", f.severity().label())
                .increment();
    }

    public void evaluation(Duration took, boolean complete) {
        Timer.builder("canopy.posture.evaluation").tag("complete", String.valueOf(complete)).register(registry)
                .record(took);
    }

    public void scan(Duration took, long chars) {
        Timer.builder("canopy.dlp.scan").register(registry).record(took);
        registry.counter("canopy.dlp.scanned.chars").increment(chars);
    }

    public void published(int records) {
        registry.counter("canopy.findings.outbox.published").increment(records);
    }

    public void outboxLag(double seconds) {
        outboxLagMillis.set(Math.round(seconds * 1000));
    }
}
