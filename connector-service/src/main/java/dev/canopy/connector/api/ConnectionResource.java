package dev.canopy.connector.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.canopy.connector.domain.CredentialCipher;
import dev.canopy.connector.domain.UserSync;
import dev.canopy.connector.store.ConnectionEntity;
import dev.canopy.connector.store.ConnectionStore;
import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.contracts.rest.server.CurrentTenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class ConnectionResource {
    @Inject
    CurrentTenant tenant;
    @Inject
    ConnectionStore connections;
    @Inject
    CredentialCipher cipher;
    @Inject
    UserSync userSync;

    public record NewConnection(@NotBlank String name, @NotBlank String orgId, @NotBlank String orgApiKey,
            @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String adminBaseUrl) {
    }

    /** A connection as the API shows it: credentials never leave the service, only that they are set. */
    public record ConnectionView(UUID id, String name, String orgId, String adminBaseUrl, String orgApiKey,
            String status, String lastError, Instant createdAt) {
        static ConnectionView of(ConnectionEntity c) {
            return new ConnectionView(c.id, c.name, c.orgId, c.adminBaseUrl, "********", c.status, c.lastError,
                    c.createdAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<Response> create(@Valid NewConnection body) {
        ConnectionEntity c = new ConnectionEntity();
        c.id = UUID.randomUUID();
        c.tenantId = tenant.id();
        c.name = body.name();
        c.orgId = body.orgId();
        c.adminBaseUrl = body.adminBaseUrl().replaceAll("/+$", "");
        c.orgApiKeyEncrypted = cipher.encrypt(c.tenantId, body.orgApiKey());
        c.status = "connected";
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        return connections.persist(c).map(saved -> Response.created(URI.create("/api/v1/connections/" + saved.id))
                .entity(ConnectionView.of(saved)).build());
    }

    @GET
    @WithSession
    public Uni<List<ConnectionView>> list() {
        return connections.list(tenant.id()).map(l -> l.stream().map(ConnectionView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<ConnectionView> get(@PathParam("id") UUID id) {
        return load(id).map(ConnectionView::of);
    }

    @POST
    @Path("/{id}/syncs")
    @WithSession
    public Uni<UserSync.Result> sync(@PathParam("id") UUID id) {
        return load(id).flatMap(userSync::run);
    }

    private Uni<ConnectionEntity> load(UUID id) {
        return connections.find(tenant.id(), id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("connection", id.toString()));
    }
}
