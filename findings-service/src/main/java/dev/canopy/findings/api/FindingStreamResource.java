package dev.canopy.findings.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.Roles;
import dev.canopy.support.rest.CurrentTenant;
import dev.canopy.contracts.topics.TopicProvisioner;
import dev.canopy.contracts.topics.Topics;
import dev.canopy.findings.domain.TenantStreams;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** The optional per-tenant copy of the findings stream, for a tenant's own SIEM. */
@Path("/api/v1/findings-stream")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.TENANT_READER, Roles.TENANT_ADMIN })
public class FindingStreamResource {

    @Inject
    CurrentTenant tenant;

    @Inject
    TenantStreams streams;

    @Inject
    Vertx vertx;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    public record StreamView(boolean tenantTopicEnabled, String tenantTopic, String sharedTopic) {
    }

    public record StreamRequest(@NotNull Boolean tenantTopicEnabled) {
    }

    @GET
    @Operation(summary = "Where the tenant's findings are published")
    public Uni<StreamView> get() {
        String tenantId = tenant.id();
        return streams.enabled(tenantId)
                .map(enabled -> new StreamView(enabled, topicName(tenantId), Topics.FINDINGS.name()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Operation(summary = "Switch the per-tenant findings topic on or off", description = "When on, every finding "
            + "state change of the tenant from now on is also published to canopy.findings.tenant.<tenant>.v1 "
            + "(created on demand), so the tenant's SIEM can be granted read access with a Kafka ACL on that topic alone.")
    public Uni<StreamView> put(@Valid @NotNull StreamRequest request) {
        String tenantId = tenant.id();
        String topic = topicName(tenantId);
        Uni<Void> provision = request.tenantTopicEnabled()
                ? vertx.executeBlocking(Uni.createFrom().item(() -> {
                    TopicProvisioner.ensure(adminConfig(), List.of(Topics.tenantFindings(tenantId)));
                    return null;
                })).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return provision.chain(() -> streams.switchTo(tenantId, request.tenantTopicEnabled(), topic))
                .replaceWith(new StreamView(request.tenantTopicEnabled(), topic, Topics.FINDINGS.name()));
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> admin = new java.util.HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (v != null && !v.toString().isEmpty()) {
                admin.put(k, v);
            }
        });
        return admin;
    }

    private static String topicName(String tenantId) {
        try {
            return Topics.tenantFindings(tenantId).name();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(409, "Conflict", "the tenant id cannot be used in a topic name", List.of());
        }
    }
}
