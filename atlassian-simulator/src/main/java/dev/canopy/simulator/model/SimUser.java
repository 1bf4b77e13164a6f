package dev.canopy.simulator.model;

import java.time.Instant;

public record SimUser(String accountId, String name, String email, String accountType, String accountStatus,
        Instant lastActive) {
}
