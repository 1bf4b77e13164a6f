package dev.canopy.connector.domain.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.connector.config.VerificationConfig;
import dev.canopy.connector.domain.ConnectionVerifier;
import dev.canopy.connector.domain.http.SyncInterruptedException;
import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.connector.store.ConnectionStore.VerificationClaim;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * This replica's verifier workers: a fixed number of threads (never one per request). Requests are rows in the
 * database (the connection's {@code verification_requested_at}), so the queue survives a replica and every replica's
 * workers share it: each worker claims the oldest request whose tenant is below its in-flight bound, under a lease of
 * deadline + margin ({@code for update skip locked}); a request whose replica died is claimed again once the lease
 * expires. A REST call only writes the request and nudges the workers. A newer request bumps the sequence: the result
 * of an older one is then discarded, and the older one is interrupted here (or stops at its next check elsewhere).
 */
@ApplicationScoped
public class VerificationWorkers {
    private static final Logger LOG = Logger.getLogger(VerificationWorkers.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String owner = "verifier-" + UUID.randomUUID().toString().substring(0, 8);
    private final VerificationConfig config;
    private final ConnectionStore connections;
    private final ConnectionVerifier verifier;
    private final AtomicInteger busy = new AtomicInteger();
    private final Object wake = new Object();
    /** What each busy worker thread is verifying, so that a newer request on this replica can interrupt it. */
    private final Map<Thread, VerificationClaim> inFlight = new HashMap<>();
    private ExecutorService pool;
    private volatile boolean stopping;

    public VerificationWorkers(VerificationConfig config, ConnectionStore connections, ConnectionVerifier verifier,
            MeterRegistry registry) {
        this.config = config;
        this.connections = connections;
        this.verifier = verifier;
        registry.gauge("canopy.verifications.active", busy);
    }

    void start(@Observes StartupEvent e) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "connection-verifier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < config.workers(); i++) {
            pool.submit(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent e) {
        stopping = true;
        nudge();
        pool.shutdownNow();
    }

    /** Wakes idle workers after a verification was requested. */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** A newer request (sequence {@code newSeq}) for the connection: stops an older verification running here. */
    public void supersede(UUID connectionId, long newSeq) {
        synchronized (inFlight) {
            inFlight.forEach((thread, claim) -> {
                if (claim.connectionId().equals(connectionId) && claim.seq() < newSeq) {
                    thread.interrupt();
                }
            });
        }
        nudge();
    }

    private void loop() {
        while (!stopping) {
            try {
                Optional<VerificationClaim> claimed = connections.claimVerification(owner, config.maxPerTenant(),
                        config.deadline().plus(config.leaseMargin()));
                if (claimed.isPresent()) {
                    run(claimed.get());
                    continue;
                }
                synchronized (wake) {
                    wake.wait(config.pollInterval().toMillis());
                }
            } catch (InterruptedException ie) {
                if (stopping) {
                    return;
                }
            } catch (RuntimeException ex) {
                if (stopping) {
                    return;
                }
                LOG.warnf("verification worker: %s", ex.getMessage());
                pause();
            }
        }
    }

    private void run(VerificationClaim claim) {
        synchronized (inFlight) {
            inFlight.put(Thread.currentThread(), claim);
        }
        busy.incrementAndGet();
        boolean interrupted = false;
        try {
            Optional<Connection> connection = connections.findForRun(claim.connectionId());
            if (connection.isEmpty()) {
                return;
            }
            ConnectionVerifier.Verification v = verifier.verify(connection.get(), Instant.now().plus(config.deadline()),
                    stillWanted(claim));
            if (!connections.completeVerification(claim, owner, v.status(), v.lastError(), json(v))) {
                LOG.debugf("verification %d of %s superseded; result discarded", claim.seq(), claim.connectionId());
            }
        } catch (ConnectionVerifier.SupersededException e) {
            LOG.debugf("verification %d of %s superseded", claim.seq(), claim.connectionId());
        } catch (SyncInterruptedException e) {
            interrupted = true;
        } catch (RuntimeException e) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                interrupted = true;
            } else {
                LOG.warnf("verification of %s failed: %s", claim.connectionId(), e.getClass().getSimpleName());
                connections.completeVerification(claim, owner, Connection.ERROR, "verification failed: internal error",
                        "[]");
            }
        } finally {
            busy.decrementAndGet();
            synchronized (inFlight) {
                inFlight.remove(Thread.currentThread());
                // an interrupt meant for this claim must not hit the next one
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            // superseded (the newer request already released the claim) or shutting down: give back a claim still
            // held, so that it is picked up again at once rather than after the lease
            try {
                connections.releaseVerification(claim, owner);
            } catch (RuntimeException e) {
                LOG.debugf("releasing verification of %s: %s", claim.connectionId(), e.getMessage());
            }
        }
    }

    /** Asks the database whether the claim is still the newest request, at most once a second. */
    private BooleanSupplier stillWanted(VerificationClaim claim) {
        long[] lastAsked = {System.nanoTime()};
        return () -> {
            if (stopping) {
                throw new SyncInterruptedException();
            }
            if (System.nanoTime() - lastAsked[0] < 1_000_000_000L) {
                return true;
            }
            lastAsked[0] = System.nanoTime();
            return connections.verificationCurrent(claim, owner);
        };
    }

    private static String json(ConnectionVerifier.Verification v) {
        try {
            return MAPPER.writeValueAsString(v.checks());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
