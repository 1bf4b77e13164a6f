package dev.canopy.contracts.rest;

/** Roles carried in the {@code groups} claim of a Canopy access token. */
public final class Roles {
    /** Manages a tenant's connections, subscriptions and configuration. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Reads a tenant's inventory and findings. */
    public static final String TENANT_READER = "tenant-reader";
    /** Operates the platform; still scoped to the tenant of its token for tenant data. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
