package dev.canopy.notifier.api;

import java.util.List;
import java.util.Locale;
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
import dev.canopy.notifier.domain.FindingSummary;
import dev.canopy.notifier.domain.Subscriptions;
import dev.canopy.notifier.store.Subscription;
import dev.canopy.notifier.store.SubscriptionFilter;
import dev.canopy.support.net.TargetRefusedException;
import dev.canopy.support.rest.CurrentTenant;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/webhooks/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class SubscriptionResource {
    private static final String WHAT = "subscription";

    @Inject
    CurrentTenant tenant;

    @Inject
    Subscriptions subscriptions;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a subscription", description = "The answer carries the whsec_ signing secret; it is never shown again.")
    public Uni<Response> create(@Valid @NotNull SubscriptionRequest request) {
        SubscriptionFilter filter = filter(request);
        return urlChecked(subscriptions.create(tenant.id(), request.url(), request.description(), filter,
                        request.enabled() == null || request.enabled()))
                .map(c -> Response.status(201)
                        .entity(new SubscriptionView.Created(SubscriptionView.of(c.subscription()), c.secret())).build());
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
        UUID uuid = Ids.parse(WHAT, id);
        SubscriptionFilter filter = filter(request);
        return urlChecked(subscriptions.update(tenant.id(), uuid, request.url(), request.description(), filter,
                        request.enabled() == null || request.enabled()))
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
        return subscriptions.rotateSecret(tenant.id(), Ids.parse(WHAT, id)).map(r -> {
            Ids.found(r, WHAT, id);
            return new SubscriptionView.Rotated(r.secret(), r.previousSecretUntil());
        });
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a signed test event now", description = "Answers 202 with the delivery; follow it under /api/v1/webhooks/deliveries/{id}.")
    public Uni<Response> test(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        return subscriptions.sendTest(tenant.id(), Ids.parse(WHAT, id))
                .onFailure(Subscriptions.DisabledException.class)
                .transform(e -> ProblemException.conflict("subscription '" + id + "' is disabled"))
                .map(sent -> {
                    Ids.found(sent, WHAT, id);
                    return Response.accepted(new TestSent(sent.deliveryId(), sent.webhookId())).build();
                });
    }

    public record TestSent(UUID deliveryId, String webhookId) {
    }

    @GET
    @Path("{id}/health")
    @Operation(summary = "Delivery health of one subscription endpoint")
    @RolesAllowed({ Roles.TENANT_ADMIN, Roles.TENANT_READER })
    public Uni<SubscriptionView.Health> health(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        UUID uuid = Ids.parse(WHAT, id);
        return subscriptions.health(tenant.id(), uuid).map(found -> {
            Subscriptions.Health h = Ids.found(found, WHAT, id);
            Subscription s = h.subscription();
            var c = h.counts();
            return new SubscriptionView.Health(uuid,
                    !s.enabled() ? "disabled" : s.consecutiveFailures() > 0 ? "failing" : "healthy", s.enabled(),
                    s.disabledReason(), s.consecutiveFailures(), s.failingSince(), s.lastSuccessAt(), s.lastFailureAt(),
                    h.circuit().name().toLowerCase(Locale.ROOT), c.pending(), c.delivered(), c.dead(),
                    c.deliveredLastDay(), c.failedAttemptsLastDay(), c.p50LatencyMsLastDay());
        });
    }

    /** A refused endpoint URL answers 400 naming the field. */
    private static <T> Uni<T> urlChecked(Uni<T> call) {
        return call.onFailure(TargetRefusedException.class)
                .transform(e -> ProblemException.badParameter("url", e.getMessage()));
    }

    private static SubscriptionFilter filter(SubscriptionRequest r) {
        Set<String> kinds = r.kinds() == null ? Set.of() : r.kinds();
        for (String k : kinds) {
            if (k == null || !FindingSummary.KINDS.contains(k.toLowerCase(Locale.ROOT))) {
                throw ProblemException.badParameter("kinds", "must be among " + FindingSummary.KINDS);
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
