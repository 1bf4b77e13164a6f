package dev.canopy.contracts.events.data;

import java.time.Instant;

/** A user API token known to the organization (api-access admin API). */
public record ApiTokenData(String tokenId, String ownerAccountId, String label, String status, Instant createdAt,
        Instant expiresAt, Instant lastActiveAt) implements EntityData {
    public ApiTokenData {
        Required.text("tokenId", tokenId);
    }

    @Override
    public String entityId() {
        return tokenId;
    }
}
