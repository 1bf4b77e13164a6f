package dev.canopy.connector.domain.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.domain.CredentialCipher;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.domain.http.HttpGateway;
import dev.canopy.connector.domain.http.RequestStats;
import dev.canopy.connector.domain.http.SyncInterruptedException;
import dev.canopy.connector.store.Connection;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.connector.store.RunStore;
import dev.canopy.connector.store.SyncRun;
import dev.canopy.contracts.events.data.SyncRunCompletedData;
import dev.canopy.contracts.events.data.SyncRunStartedData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Executes one claimed run: announces it, syncs every resource (a failing resource is recorded and the others go
 * on), and closes it with a sync-run-completed event carrying per-type event counts, published only after every
 * other event of the run was acknowledged.
 */
@ApplicationScoped
public class SyncEngine {
    private static final Logger LOG = Logger.getLogger(SyncEngine.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<ResourceSync> resources = new ArrayList<>();
    private final ConnectionStore connections;
    private final RunStore runs;
    private final HttpGateway http;
    private final CredentialCipher cipher;
    @jakarta.inject.Inject
    dev.canopy.connector.domain.CredentialMigration migration;
    private final SyncEvents publisher;
    private final SyncConfig config;
    private final MeterRegistry registry;
    private final ScheduledExecutorService leaseRenewal = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-lease-renewal");
        t.setDaemon(true);
        return t;
    });

    public SyncEngine(DirectorySync directory, OrgSettingsSync settings, SiteSync sites, AuditSync audit,
            ContentSync content, JiraContentSync jiraContent, ConnectionStore connections, RunStore runs, HttpGateway http, CredentialCipher cipher,
            SyncEvents publisher, SyncConfig config, MeterRegistry registry) {
        resources.addAll(sites.resources().subList(0, 1));
        resources.add(directory);
        resources.addAll(settings.resources());
        resources.addAll(sites.resources().subList(1, sites.resources().size()));
        resources.add(audit);
        resources.add(content);
        resources.add(jiraContent);
        this.connections = connections;
        this.runs = runs;
        this.http = http;
        this.cipher = cipher;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    public List<String> resourceNames() {
        return resources.stream().map(ResourceSync::name).toList();
    }

    public void execute(SyncRun run, String owner) {
        Connection stored = connections.findForRun(run.connectionId()).orElse(null);
        if (stored == null) {
            runs.finish(run.id(), run.connectionId(), owner, SyncRun.FAILED, "{}", "[\"connection deleted\"]");
            return;
        }
        Instant started = Instant.now();
        RequestStats stats = new RequestStats();
        Map<String, Credentials> siteCredentials = new HashMap<>();
        Connection connection;
        Credentials admin;
        try {
            connection = migration.rebindIfNeeded(stored);
            for (Connection.Site s : connection.sites()) {
                siteCredentials.put(s.url(), Credentials.basic(s.adminEmail(), cipher.siteToken(connection, s)));
            }
            admin = Credentials.bearer(cipher.orgKey(connection));
        } catch (CredentialCipher.UnreadableCredentialException e) {
            runs.finish(run.id(), stored.id(), owner, SyncRun.FAILED, "{}", toJson(List.of(e.getMessage())));
            connections.setStatus(stored.tenantId(), stored.id(), Connection.ERROR, e.getMessage());
            return;
        }
        RunContext[] holder = new RunContext[1];
        AtomicBoolean stop = new AtomicBoolean();
        BooleanSupplier heartbeat = () -> {
            boolean stopNow = runs.heartbeat(run.id(), connection.id(), owner, config.leaseTtl(),
                    metricsJson(holder[0], stats, started));
            stop.compareAndSet(false, stopNow);
            return stop.get();
        };
        RunContext ctx = new RunContext(connection, run.id(), run.mode(), http.forRun(connection.id(), stats), admin,
                siteCredentials, heartbeat);
        holder[0] = ctx;
        // the lease must outlive long waits inside one page (Retry-After pauses, slow downloads): renew it on a timer too
        long every = Math.max(200, config.leaseTtl().toMillis() / 3);
        ScheduledFuture<?> renewal = leaseRenewal.scheduleWithFixedDelay(() -> {
            try {
                heartbeat.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warnf("sync run %s: lease renewal failed: %s", run.id(), e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            runWithLease(run, owner, connection, ctx, stats, started);
        } finally {
            renewal.cancel(false);
        }
    }

    private void runWithLease(SyncRun run, String owner, Connection connection, RunContext ctx, RequestStats stats,
            Instant started) {
        Timer.Sample timer = Timer.start(registry);
        boolean poll = ctx.poll();
        if (!poll) {
            connections.setStatus(connection.tenantId(), connection.id(), Connection.SYNCING, connection.lastError());
        }
        String status;
        try {
            if (!poll) {
                publisher.publishAndAwait(ctx.origin(), ctx.observedAt(), List.of(new SyncRunStartedData(
                        run.id().toString(), connection.id().toString(), run.mode(), started, resourceNames())));
            }
            status = syncAll(ctx);
        } catch (RunCancelledException | SyncInterruptedException e) {
            status = SyncRun.CANCELLED;
        } catch (RuntimeException e) {
            ctx.error("run: " + e.getMessage());
            status = SyncRun.FAILED;
        }
        if (poll) {
            connections.polled(connection.id(), stats.rateLimited() > 0 || !ctx.errors().isEmpty());
            boolean idle = SyncRun.SUCCEEDED.equals(status) && !ctx.emittedAny();
            // what continuous detection costs the tenant's Atlassian rate budget, per poll
            registry.summary("canopy.sync.poll.requests", "outcome", idle ? "idle" : "changed").record(stats.requests());
            if (idle) {
                // the usual poll: nothing changed, nothing to announce or keep
                runs.discard(run.id(), connection.id(), owner);
                timer.stop(registry.timer("canopy.sync.run.duration", "mode", run.mode(), "status", "idle"));
                registry.counter("canopy.sync.runs", "mode", run.mode(), "status", "idle").increment();
                return;
            }
        }
        try {
            // every other event of the run is acknowledged by now: the completed event closes the run
            publisher.publishAndAwait(ctx.origin(), ctx.observedAt(), List.of(new SyncRunCompletedData(
                    run.id().toString(), connection.id().toString(), run.mode(), status, started, Instant.now(),
                    ctx.entityCounts(), ctx.eventCounts(), ctx.errors())));
        } catch (RuntimeException e) {
            ctx.error("sync-run-completed not published: " + e.getMessage());
            status = SyncRun.FAILED;
        }
        runs.finish(run.id(), connection.id(), owner, status, metricsJson(ctx, stats, started), toJson(ctx.errors()));
        boolean credentialsRejected = ctx.errors().stream().anyMatch(e -> e.contains("401"));
        boolean failed = credentialsRejected || SyncRun.FAILED.equals(status);
        if (!poll || failed) {
            // a poll that worked leaves the status to the runs that read everything
            connections.setStatus(connection.tenantId(), connection.id(), failed ? Connection.ERROR : Connection.CONNECTED,
                    ctx.errors().isEmpty() ? null : ctx.errors().get(0));
        }
        timer.stop(registry.timer("canopy.sync.run.duration", "mode", run.mode(), "status", status));
        registry.counter("canopy.sync.runs", "mode", run.mode(), "status", status).increment();
        LOG.infof("sync run %s of connection %s (%s) finished %s in %d ms: %d requests, %d throttled, events %s",
                run.id(), connection.id(), run.mode(), status, Duration.between(started, Instant.now()).toMillis(),
                stats.requests(), stats.rateLimited(), ctx.eventCounts());
    }

    private String syncAll(RunContext ctx) {
        List<ResourceSync> selected = ctx.poll() ? resources.stream().filter(ResourceSync::polled).toList() : resources;
        int failed = 0;
        for (ResourceSync resource : selected) {
            ctx.resource(resource.name());
            ctx.checkpointReached();
            try {
                resource.sync(ctx);
            } catch (RunCancelledException | SyncInterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                failed++;
                ctx.error(resource.name() + ": " + e.getMessage());
                LOG.warnf("sync run %s: resource %s failed: %s", ctx.runId(), resource.name(), e.getMessage());
            }
        }
        ctx.resource("");
        return failed == 0 ? SyncRun.SUCCEEDED : failed == selected.size() ? SyncRun.FAILED : SyncRun.PARTIAL;
    }

    static String metricsJson(RunContext ctx, RequestStats stats, Instant started) {
        Map<String, Object> m = new LinkedHashMap<>(stats.asMap());
        m.put("durationMs", Duration.between(started, Instant.now()).toMillis());
        if (ctx != null) {
            m.put("currentResource", ctx.currentResource());
            m.put("entities", ctx.entityCounts());
            m.put("events", ctx.eventCounts());
            List<String> skipped = ctx.skippedItems();
            m.put("skippedCount", skipped.size());
            m.put("skipped", skipped.subList(0, Math.min(100, skipped.size())));
        }
        return toJson(m);
    }

    private static String toJson(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
