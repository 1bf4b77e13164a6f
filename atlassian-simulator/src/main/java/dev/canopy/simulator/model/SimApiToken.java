package dev.canopy.simulator.model;

import java.time.Instant;

import java.util.List;

/**
 * A user's API token (api-access {@code api-tokens}) or an org API key ({@code api-keys}, ownerId = creator). An empty
 * {@code scopes} list is an unscoped (classic) token or an "API key without scopes".
 */
public record SimApiToken(String id, String label, String ownerId, Instant createdAt, Instant expiresAt,
        Instant lastActiveAt, String status, List<String> scopes) {
}
