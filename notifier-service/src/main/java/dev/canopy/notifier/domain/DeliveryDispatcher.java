package dev.canopy.notifier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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

/**
 * Sends leased delivery jobs, endpoint by endpoint. Jobs arrive from the consumer right after its commit (attempt 1
 * without waiting for a poll) and from the poller, which leases due retries and jobs whose lease expired (another
 * instance died). Each endpoint has its own lane with a concurrency cap, a bounded queue and a circuit breaker.
 *
 * <p>Jobs that do not fit a lane's queue stay in the database (released) and are claimed back in batches. The claim
 * does not wait for the next poll when there is more to take: a claim that filled its batch, or a lane whose queue
 * overflowed, asks for the next claim as soon as the queues have room again (below half a claim batch). Without
 * that, a burst larger than the queue drained at one claim batch per poll interval (200/s with the defaults) while
 * the endpoint could take far more (the knee benchmark: 2,000 findings/s offered, 423/s delivered, p99 37 s).
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
    /** Jobs waiting in the lanes' queues (leased, not yet sent). */
    private final AtomicInteger queued = new AtomicInteger();
    /** Due jobs are (probably) left in the database: claim again as soon as the queues have room. */
    private final AtomicBoolean moreDue = new AtomicBoolean();
    private final AtomicBoolean claiming = new AtomicBoolean();
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
                    queued.incrementAndGet();
                }
            }
        }
        if (!overflow.isEmpty()) {
            moreDue.set(true);
            queue.release(overflow, owner, Instant.now()).subscribe().with(v -> { }, e -> LOG.warn("release failed", e));
        }
        jobs.stream().map(DeliveryJob::subscriptionId).distinct().forEach(id -> drain(lanes.get(id)));
    }

    @Scheduled(every = "${canopy.notifier.poll-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        // the queued jobs do not count here: one endpoint's full queue must not hold back the retries of the others
        claim(config.claimBatch() - inFlight.get());
    }

    /** Claims up to {@code room} due jobs; one claim at a time per instance. */
    private void claim(int room) {
        if (!running || room <= 0 || !claiming.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        queue.claimDue(owner, room, now, now.plus(config.lease())).subscribe().with(jobs -> {
            moreDue.set(jobs.size() >= room);
            submit(jobs);
            claiming.set(false);
            claimIfRoom();
        }, e -> {
            claiming.set(false);
            LOG.warn("claiming due deliveries failed", e);
        });
    }

    private void claimIfRoom() {
        int busy = inFlight.get() + Math.max(0, queued.get());
        if (moreDue.get() && !claiming.get() && busy < config.claimBatch() / 2) {
            claim(config.claimBatch() - busy);
        }
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
                queued.decrementAndGet();
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
        claimIfRoom();
    }

    /**
     * Stops sending as a crash would: queued and in-flight jobs keep their leases and nothing more is written for
     * them; after the lease they are due again. Used by operations tests; {@link #start()} resumes as a new owner.
     */
    public void halt() {
        running = false;
        generation.incrementAndGet();
        lanes.clear();
        queued.set(0);
    }

    public void start() {
        owner = newOwner();
        running = true;
    }

    /** Graceful shutdown: queued jobs are given back at once so another replica need not wait for their lease. */
    void onShutdown(@Observes ShutdownEvent ev) {
        running = false;
        List<UUID> given = new ArrayList<>();
        lanes.values().forEach(lane -> {
            synchronized (lane) {
                lane.queue.forEach(j -> given.add(j.id()));
                lane.queue.clear();
            }
        });
        if (!given.isEmpty()) {
            try {
                queue.release(given, owner, Instant.now()).await().atMost(java.time.Duration.ofSeconds(5));
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
