package dev.canopy.notifier.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.notifier.config.NotifierConfig;
import dev.canopy.notifier.domain.DeliveryAttempts;
import dev.canopy.notifier.domain.DeliveryDispatcher;
import dev.canopy.notifier.domain.SigningSecretCipher;
import dev.canopy.notifier.domain.SigningSecret;
import dev.canopy.notifier.domain.SubscriptionFilter;
import dev.canopy.notifier.domain.TargetChecker;
import dev.canopy.support.net.TargetRefusedException;
import dev.canopy.notifier.domain.WebhookPayload;
import dev.canopy.notifier.store.DeliveryJob;
import dev.canopy.notifier.store.DeliveryQueue;
import dev.canopy.notifier.store.DeliveryStore;
import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

@Path("/api/v1/webhooks/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class SubscriptionResource {
    private static final String WHAT = "subscription";

    @Inject
    CurrentTenant tenant;

    @Inject
    SubscriptionStore subscriptions;

    @Inject
    DeliveryStore deliveries;

    @Inject
    DeliveryQueue queue;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    TargetChecker targets;

    @Inject
    SigningSecretCipher cipher;

    @Inject
    NotifierConfig config;

    @Inject
    Pool pool;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a subscription", description = "The answer carries the whsec_ signing secret; it is never shown again.")
    public Uni<Response> create(@Valid @NotNull SubscriptionRequest request) {
        String tenantId = tenant.id();
        SubscriptionFilter filter = filter(request);
        return checkedUrl(request.url()).flatMap(url -> {
            UUID id = UUID.randomUUID();
            String secret = SigningSecret.generate();
            String enc = cipher.seal(tenantId, id.toString(), secret);
            var row = new SubscriptionStore.NewSubscription(id, url, request.description(), filter,
                    request.enabled() == null || request.enabled(), enc);
            return subscriptions.create(tenantId, row, Instant.now())
                    .map(s -> Response.status(201).entity(new SubscriptionView.Created(SubscriptionView.of(s), secret)).build());
        });
    }

    @GET
    @Operation(summary = "List the tenant's subscriptions")
    public Uni<List<SubscriptionView>> list() {
        return subscriptions.list(tenant.id()).map(all -> all.stream().map(SubscriptionView::of).toList());
    }

    @GET
    @Path("{id}")
    public Uni<SubscriptionView> get(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        return subscriptions.find(tenant.id(), Ids.parse(WHAT, id)).map(s -> SubscriptionView.of(Ids.found(s, WHAT, id)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace URL, description, filters and enabled flag", description = "Enabling again clears the failure history.")
    public Uni<SubscriptionView> update(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id,
            @Valid @NotNull SubscriptionRequest request) {
        String tenantId = tenant.id();
        UUID uuid = Ids.parse(WHAT, id);
        SubscriptionFilter filter = filter(request);
        return checkedUrl(request.url())
                .flatMap(url -> subscriptions.update(tenantId, uuid, url, request.description(), filter,
                        request.enabled() == null || request.enabled(), Instant.now()))
                .map(s -> SubscriptionView.of(Ids.found(s, WHAT, id)));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        return subscriptions.delete(tenant.id(), Ids.parse(WHAT, id))
                .map(deleted -> {
                    Ids.found(deleted ? Boolean.TRUE : null, WHAT, id);
                    return Response.noContent().build();
                });
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret",
            description = "Returns the new secret once; the previous one keeps signing (a second v1 signature) for the overlap period.")
    public Uni<SubscriptionView.Rotated> rotate(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        String tenantId = tenant.id();
        UUID uuid = Ids.parse(WHAT, id);
        String secret = SigningSecret.generate();
        String enc = cipher.seal(tenantId, uuid.toString(), secret);
        Instant now = Instant.now();
        Instant until = now.plus(config.rotationOverlap());
        return subscriptions.rotateSecret(tenantId, uuid, enc, until, now)
                .map(s -> {
                    Ids.found(s, WHAT, id);
                    return new SubscriptionView.Rotated(secret, until);
                });
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a signed test event now", description = "Answers 202 with the delivery; follow it under /api/v1/webhooks/deliveries/{id}.")
    public Uni<Response> test(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        String tenantId = tenant.id();
        UUID uuid = Ids.parse(WHAT, id);
        return subscriptions.find(tenantId, uuid).flatMap(found -> {
            Subscription s = Ids.found(found, WHAT, id);
            if (!s.enabled()) {
                throw ProblemException.conflict("subscription '" + id + "' is disabled");
            }
            Instant now = Instant.now();
            UUID deliveryId = UUID.randomUUID();
            String payload = WebhookPayload.test(tenantId, id, now);
            var row = new DeliveryQueue.NewDelivery(deliveryId, tenantId, uuid, "test-" + deliveryId, "webhook.test", null, payload);
            String owner = dispatcher.owner();
            return queue.insertLeased(pool, List.of(row), owner, now, now.plus(config.lease())).map(ids -> {
                dispatcher.submit(List.of(new DeliveryJob(deliveryId, tenantId, uuid, "webhook.test", payload, 0, 0,
                        s.url(), s.secretEnc(), s.previousSecretEnc(), s.previousSecretUntil(), true)));
                return Response.accepted(new TestSent(deliveryId, DeliveryJob.webhookId(deliveryId))).build();
            });
        });
    }

    public record TestSent(UUID deliveryId, String webhookId) {
    }

    @GET
    @Path("{id}/health")
    @Operation(summary = "Delivery health of one subscription endpoint")
    @RolesAllowed({ Roles.TENANT_ADMIN, Roles.TENANT_READER })
    public Uni<SubscriptionView.Health> health(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        String tenantId = tenant.id();
        UUID uuid = Ids.parse(WHAT, id);
        return subscriptions.find(tenantId, uuid).flatMap(found -> {
            Subscription s = Ids.found(found, WHAT, id);
            return deliveries.counts(tenantId, uuid, Instant.now()).map(c -> new SubscriptionView.Health(uuid,
                    !s.enabled() ? "disabled" : s.consecutiveFailures() > 0 ? "failing" : "healthy", s.enabled(),
                    s.disabledReason(), s.consecutiveFailures(), s.failingSince(), s.lastSuccessAt(), s.lastFailureAt(),
                    dispatcher.circuit(uuid).name().toLowerCase(java.util.Locale.ROOT), c.pending(), c.delivered(), c.dead(),
                    c.deliveredLastDay(), c.failedAttemptsLastDay(), c.p50LatencyMsLastDay()));
        });
    }

    private Uni<String> checkedUrl(String url) {
        return targets.check(url).map(t -> t.target().url())
                .onFailure(TargetRefusedException.class)
                .transform(e -> ProblemException.badParameter("url", e.getMessage()));
    }

    private static SubscriptionFilter filter(SubscriptionRequest r) {
        Set<String> kinds = r.kinds() == null ? Set.of() : r.kinds();
        for (String k : kinds) {
            if (k == null || !SubscriptionFilter.KINDS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                throw ProblemException.badParameter("kinds", "must be among " + SubscriptionFilter.KINDS);
            }
        }
        noSeparators("ruleIds", r.ruleIds());
        noSeparators("states", r.states());
        return new SubscriptionFilter(kinds, r.minSeverityId() == null ? 0 : r.minSeverityId(), r.ruleIds(), r.states());
    }

    private static void noSeparators(String field, Set<String> values) {
        if (values != null && values.stream().anyMatch(v -> v == null || v.isBlank() || v.contains(",") || v.length() > 200)) {
            throw ProblemException.badParameter(field, "entries must be non-blank, at most 200 characters and contain no comma");
        }
    }
}
