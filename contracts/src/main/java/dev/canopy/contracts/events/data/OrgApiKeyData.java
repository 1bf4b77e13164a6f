package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;

/** An organization API key (admin API key). */
public record OrgApiKeyData(String keyId, String name, String createdBy, List<String> scopes, Instant createdAt,
        Instant expiresAt, Instant lastActiveAt) implements EntityData {
    public OrgApiKeyData {
        Required.text("keyId", keyId);
        scopes = Required.list(scopes);
    }

    @Override
    public String entityId() {
        return keyId;
    }
}
