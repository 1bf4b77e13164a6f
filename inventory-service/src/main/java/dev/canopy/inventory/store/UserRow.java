package dev.canopy.inventory.store;

import java.time.Instant;
import java.util.List;

/** One user of a tenant's inventory as stored. */
public record UserRow(String accountId, String email, String displayName, String status, String accountStatus,
        String accountType, Boolean managed, Boolean mfaEnabled, List<String> platformRoles, Instant lastActive,
        Instant firstSeen, Instant lastChanged, Instant deletedAt) {
}
