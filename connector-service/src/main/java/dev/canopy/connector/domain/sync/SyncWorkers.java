package dev.canopy.connector.domain.sync;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.connector.store.RunStore;
import dev.canopy.connector.store.SyncRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * This replica's sync workers. Runs are queued in the database; each worker claims the oldest queued run whose
 * tenant is below its concurrency bound (so one busy tenant cannot starve the others) and whose connection lease is
 * free (so a connection never runs twice, whatever the number of replicas). Scheduled runs are queued here too.
 */
@ApplicationScoped
public class SyncWorkers {
    private static final Logger LOG = Logger.getLogger(SyncWorkers.class);
    private final String owner = "connector-" + UUID.randomUUID().toString().substring(0, 8);
    private final SyncConfig config;
    private final RunStore runs;
    private final ConnectionStore connections;
    private final SyncEngine engine;
    private final AtomicInteger busy = new AtomicInteger();
    private final Object wake = new Object();
    private ExecutorService pool;
    private volatile boolean stopping;

    public SyncWorkers(SyncConfig config, RunStore runs, ConnectionStore connections, SyncEngine engine,
            MeterRegistry registry) {
        this.config = config;
        this.runs = runs;
        this.connections = connections;
        this.engine = engine;
        registry.gauge("canopy.sync.runs.active", busy);
    }

    void start(@Observes StartupEvent e) {
        pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "sync-worker");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < config.workers(); i++) {
            pool.submit(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent e) {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        pool.shutdownNow();
    }

    /** Wakes idle workers after a run was queued. */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                Optional<SyncRun> claimed = runs.claim(owner, config.maxRunsPerTenant(), config.leaseTtl());
                if (claimed.isPresent()) {
                    busy.incrementAndGet();
                    try {
                        engine.execute(claimed.get(), owner);
                    } finally {
                        busy.decrementAndGet();
                    }
                    continue;
                }
                synchronized (wake) {
                    wake.wait(1000);
                }
            } catch (InterruptedException ie) {
                return;
            } catch (RuntimeException ex) {
                if (stopping) {
                    return;
                }
                LOG.warnf("sync worker: %s", ex.getMessage());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.SECONDS.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues due scheduled runs and fails runs whose replica died. */
    @Scheduled(every = "${canopy.sync.scheduler-tick:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (SyncRun abandoned : runs.failAbandoned()) {
            LOG.warnf("sync run %s of connection %s was abandoned by its replica; marked failed", abandoned.id(),
                    abandoned.connectionId());
        }
        if (!config.schedulerEnabled()) {
            return;
        }
        Instant now = Instant.now();
        Map<UUID, String> due = connections.due(now);
        // every replica ticks: only the one whose claim moves the schedule on queues the run (else a replica that read
        // the schedule before another queued and finished the run would queue it a second time). A replica dying
        // between claim and enqueue skips that one scheduled run; the next comes at the following interval.
        due.forEach((id, mode) -> connections.findForRun(id).filter(c -> connections.claimDue(id, mode, now))
                .ifPresent(c -> runs.enqueue(c.tenantId(), id, mode, "schedule")));
        if (!due.isEmpty()) {
            nudge();
        }
    }
}
