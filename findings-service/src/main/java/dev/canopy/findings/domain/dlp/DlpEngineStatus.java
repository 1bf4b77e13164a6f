package dev.canopy.findings.domain.dlp;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What each tenant's engine could not do, kept in memory per replica: rules that ran out of their time budget on a
 * text (REST scan or content version), newest first, at most {@value #KEEP} per tenant; and stored rules that no
 * longer pass the save-time limits (skipped when the engine is built). Counted in
 * {@code canopy_dlp_budget_exceeded_total} (tag {@code source}: scan or content).
 */
@ApplicationScoped
public class DlpEngineStatus {
    static final int KEEP = 50;

    @Inject
    MeterRegistry registry;

    /** One rule stopped on one text. {@code contentKey}/{@code version} are null for REST scans. */
    public record BudgetExceeded(String detector, String source, String contentKey, Integer version, Instant at) {
    }

    private final Map<String, Deque<BudgetExceeded>> exceeded = new ConcurrentHashMap<>();

    public void exceeded(String tenantId, List<String> detectors, String source, String contentKey, Integer version) {
        if (detectors.isEmpty()) {
            return;
        }
        Deque<BudgetExceeded> q = exceeded.computeIfAbsent(tenantId, t -> new ArrayDeque<>());
        synchronized (q) {
            for (String d : detectors) {
                q.addFirst(new BudgetExceeded(d, source, contentKey, version, Instant.now()));
                while (q.size() > KEEP) {
                    q.removeLast();
                }
            }
        }
        registry.counter("canopy.dlp.budget.exceeded", "source", source).increment(detectors.size());
    }

    public List<BudgetExceeded> exceeded(String tenantId) {
        Deque<BudgetExceeded> q = exceeded.get(tenantId);
        if (q == null) {
            return List.of();
        }
        synchronized (q) {
            return List.copyOf(q);
        }
    }
}
