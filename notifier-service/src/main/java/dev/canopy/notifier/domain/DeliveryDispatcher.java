package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.support.resilience.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Sends leased delivery jobs, endpoint by endpoint. Jobs arrive from the consumer right after its commit (attempt 1
 * without waiting for a poll) and from the poller, which leases due retries and jobs whose lease expired (another
 * instance died). Each endpoint has its own lane with a concurrency cap, a bounded queue and a circuit breaker.
 */
@ApplicationScoped
public class DeliveryDispatcher {
    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    @Inject
    NotifierConfig config;

    @Inject
    DeliveryQueue queue;

    @Inject
    DeliveryAttempts attempts;

    @Inject
    MeterRegistry metrics;

    private final Map<UUID, EndpointLane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean running = true;
    private volatile String owner = newOwner();

    void registerGauges(@Observes io.quarkus.runtime.StartupEvent ev) {
        metrics.gauge("canopy.notifier.deliveries.in.flight", inFlight);
    }

    /** The lease owner id of this instance (changes when the dispatcher is restarted). */
    public String owner() {
        return owner;
    }

    public boolean running() {
        return running;
    }

    /** Hands over jobs this instance has leased. */
    public void submit(List<DeliveryJob> jobs) {
        if (!running) {
            return; // the leases expire and the poller (here after a restart, or another replica) takes the jobs
        }
        List<UUID> overflow = new ArrayList<>();
        for (DeliveryJob job : jobs) {
            EndpointLane lane = lanes.computeIfAbsent(job.subscriptionId(),
                    id -> new EndpointLane(id, new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenFor())));
            synchronized (lane) {
                if (lane.queue.size() >= config.endpointQueue()) {
                    overflow.add(job.id());
                } else {
                    lane.queue.add(job);
                }
            }
        }
        if (!overflow.isEmpty()) {
            queue.release(overflow, owner, Instant.now()).subscribe().with(v -> { }, e -> LOG.warn("release failed", e));
        }
        jobs.stream().map(DeliveryJob::subscriptionId).distinct().forEach(id -> drain(lanes.get(id)));
    }

    @Scheduled(every = "${canopy.notifier.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!running) {
            return Uni.createFrom().voidItem();
        }
        int room = Math.max(0, config.claimBatch() - inFlight.get());
        if (room == 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return queue.claimDue(owner, room, now, now.plus(config.lease()))
                .invoke(this::submit)
                .onFailure().invoke(e -> LOG.warn("claiming due deliveries failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void drain(EndpointLane lane) {
        List<DeliveryJob> held = new ArrayList<>();
        Instant heldUntil = null;
        while (true) {
            DeliveryJob job;
            synchronized (lane) {
                if (!running || lane.inFlight >= config.endpointConcurrency() || lane.queue.isEmpty()) {
                    break;
                }
                job = lane.queue.poll();
                Instant now = Instant.now();
                if (!lane.breaker.tryAcquire(now)) {
                    held.add(job);
                    heldUntil = lane.breaker.retryAt(now);
                    continue;
                }
                lane.inFlight++;
            }
            inFlight.incrementAndGet();
            long gen = generation.get();
            String leaseOwner = owner;
            attempts.attempt(job, leaseOwner, lane, () -> gen == generation.get())
                    .subscribe().with(v -> finished(lane), e -> {
                        LOG.errorf(e, "delivery %s: unexpected failure", job.id());
                        finished(lane);
                    });
        }
        if (!held.isEmpty()) {
            metrics.counter("canopy.notifier.deliveries.held.back").increment(held.size());
            queue.release(held.stream().map(DeliveryJob::id).toList(), owner, heldUntil)
                    .subscribe().with(v -> { }, e -> LOG.warn("release failed", e));
        }
    }

    private void finished(EndpointLane lane) {
        synchronized (lane) {
            lane.inFlight--;
        }
        inFlight.decrementAndGet();
        drain(lane);
    }

    /**
     * Stops sending as a crash would: queued and in-flight jobs keep their leases and nothing more is written for
     * them; after the lease they are due again. Used by operations tests; {@link #start()} resumes as a new owner.
     */
    public void halt() {
        running = false;
        generation.incrementAndGet();
        lanes.clear();
    }

    public void start() {
        owner = newOwner();
        running = true;
    }

    /** Graceful shutdown: queued jobs are given back at once so another replica need not wait for their lease. */
    void onShutdown(@Observes ShutdownEvent ev) {
        running = false;
        List<UUID> queued = new ArrayList<>();
        lanes.values().forEach(lane -> {
            synchronized (lane) {
                lane.queue.forEach(j -> queued.add(j.id()));
                lane.queue.clear();
            }
        });
        if (!queued.isEmpty()) {
            try {
                queue.release(queued, owner, Instant.now()).await().atMost(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("could not release queued deliveries on shutdown; their leases will expire", e);
            }
        }
    }

    /** Circuit state of an endpoint as this instance sees it. */
    public CircuitBreaker.State circuit(UUID subscriptionId) {
        EndpointLane lane = lanes.get(subscriptionId);
        return lane == null ? CircuitBreaker.State.CLOSED : lane.breaker.state();
    }

    private static String newOwner() {
        return "notifier-" + UUID.randomUUID();
    }
}
