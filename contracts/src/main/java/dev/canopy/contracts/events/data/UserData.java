package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;

/**
 * A user of the organization directory (or an app user found on a site).
 * {@code managed} is true for accounts whose email domain the organization has verified (claimStatus=managed).
 */
public record UserData(String accountId, String email, String displayName, String status, String accountStatus,
        String accountType, Boolean managed, Boolean mfaEnabled, List<String> platformRoles, Instant lastActive,
        Instant addedToOrg) implements EntityData {
    public UserData {
        Required.text("accountId", accountId);
        platformRoles = Required.list(platformRoles);
    }

    @Override
    public String entityId() {
        return accountId;
    }
}
