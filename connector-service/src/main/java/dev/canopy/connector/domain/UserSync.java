package dev.canopy.connector.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.connector.messaging.EventPublisher;
import dev.canopy.connector.store.ConnectionEntity;
import dev.canopy.contracts.events.EventCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Reads the directory's users and publishes one user event each. */
@ApplicationScoped
public class UserSync {
    @Inject
    AdminDirectoryClient directory;
    @Inject
    EventPublisher publisher;
    @Inject
    CredentialCipher cipher;

    public record Result(String runId, int users) {
    }

    public Uni<Result> run(ConnectionEntity connection) {
        String runId = UUID.randomUUID().toString();
        String source = "/canopy/connector/" + connection.id;
        String apiKey = cipher.decrypt(connection.tenantId, connection.orgApiKeyEncrypted);
        Instant observedAt = Instant.now();
        return directory.firstUsersPage(connection.adminBaseUrl, connection.orgId, apiKey)
                .onItem().transformToUni(users -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(u -> publisher.publish(EventCodec.encode(
                                connection.tenantId, source, connection.id.toString(), runId, observedAt, u)))
                        .collect().last()
                        .replaceWith(new Result(runId, users.size())));
    }
}
