package dev.canopy.simulator.model;

import java.time.Instant;

/** A user's API token (api-access {@code api-tokens}) or an org API key ({@code api-keys}, ownerId = creator). */
public record SimApiToken(String id, String label, String ownerId, Instant createdAt, Instant expiresAt,
        Instant lastActiveAt, String status) {
}
