package dev.canopy.notifier.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.notifier.domain.Deliveries;
import dev.canopy.notifier.store.DeliveryView;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.support.rest.Page;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/webhooks/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.TENANT_READER })
public class DeliveryResource {
    private static final String WHAT = "delivery";

    @Inject
    CurrentTenant tenant;

    @Inject
    Deliveries deliveries;

    public record Replayed(int replayed) {
    }

    @GET
    @Operation(summary = "List deliveries, newest first", description = "Filter by subscriptionId and state (pending, delivered, dead); pass nextCursor back as cursor.")
    public Uni<Page<DeliveryView>> list(@QueryParam("subscriptionId") @Size(max = Ids.MAX_LENGTH) String subscriptionId,
            @QueryParam("state") @Size(max = 32) String state, @QueryParam("cursor") @Size(max = 128) String cursor, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        UUID sub = subscriptionId == null ? null : uuidParam("subscriptionId", subscriptionId);
        if (state != null && !Deliveries.STATES.contains(state)) {
            throw ProblemException.badParameter("state", "must be one of " + Deliveries.STATES);
        }
        Instant beforeTime = null;
        UUID beforeId = null;
        if (cursor != null) {
            int sep = cursor.indexOf('_');
            try {
                beforeTime = Instant.parse(cursor.substring(0, sep));
                beforeId = UUID.fromString(cursor.substring(sep + 1));
            } catch (RuntimeException e) {
                throw ProblemException.badParameter("cursor", "not a cursor returned by this API");
            }
        }
        return deliveries.list(tenant.id(), sub, state, beforeTime, beforeId, limit + 1).map(rows -> Page.of(rows, limit, view -> view,
                last -> last.createdAt() + "_" + last.id()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One delivery with all its attempts (status, response code, latency, error)")
    public Uni<DeliveryView> get(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        return deliveries.find(tenant.id(), Ids.parse(WHAT, id)).map(d -> Ids.found(d, WHAT, id));
    }

    @POST
    @Path("{id}/replay")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Send a dead or delivered delivery again", description = "Same webhook-id; the retry schedule starts over.")
    public Uni<Response> replay(@PathParam("id") @Size(max = Ids.MAX_LENGTH) String id) {
        return deliveries.replay(tenant.id(), Ids.parse(WHAT, id)).map(outcome -> switch (outcome) {
            case REPLAYED -> Response.accepted(new Replayed(1)).build();
            case STILL_PENDING -> throw ProblemException.conflict("delivery '" + id + "' is still pending");
            case NOT_FOUND -> throw ProblemException.notFound(WHAT, id);
        });
    }

    @POST
    @Path("replay")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Replay every dead delivery since a time", description = "since: ISO-8601 instant; optionally one subscription.")
    public Uni<Replayed> replaySince(@QueryParam("since") @Size(max = 64) String since,
            @QueryParam("subscriptionId") @Size(max = Ids.MAX_LENGTH) String subscriptionId) {
        if (since == null) {
            throw ProblemException.badParameter("since", "is required (ISO-8601 instant)");
        }
        Instant from;
        try {
            from = Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter("since", "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        UUID sub = subscriptionId == null ? null : uuidParam("subscriptionId", subscriptionId);
        return deliveries.replayDeadSince(tenant.id(), from, sub).map(Replayed::new);
    }

    private static UUID uuidParam(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(name, "must be a UUID");
        }
    }
}
