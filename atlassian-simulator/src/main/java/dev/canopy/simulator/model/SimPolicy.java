package dev.canopy.simulator.model;

import java.time.Instant;

/** An organization policy ({@code ip-allowlist}, {@code data-security}, {@code data-residency}, ...). */
public final class SimPolicy {
    public final String id;
    public final String type;
    public String name;
    public String status;
    public final Instant createdAt;
    public Instant updatedAt;

    public SimPolicy(String id, String type, String name, String status, Instant createdAt) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
