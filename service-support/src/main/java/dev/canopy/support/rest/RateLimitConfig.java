package dev.canopy.support.rest;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-tenant REST limits of one service replica (see README "Security model"): a token bucket per tenant for all its
 * requests, a token bucket per caller IP for requests without a valid token (missing, forged, expired), and named
 * tighter buckets per tenant for endpoints marked {@link RateLimited}.
 */
@ConfigMapping(prefix = "canopy.rate-limit")
public interface RateLimitConfig {
    @WithDefault("true")
    boolean enabled();

    /** Burst size of a tenant's bucket. */
    @WithDefault("200")
    int tenantCapacity();

    /** Sustained requests per second of a tenant. */
    @WithDefault("50")
    double tenantPerSecond();

    /** Burst size of an IP's bucket for unauthenticated requests. */
    @WithDefault("30")
    int anonymousCapacity();

    @WithDefault("2")
    double anonymousPerSecond();

    /** Named buckets for {@link RateLimited} endpoints. */
    Map<String, Bucket> buckets();

    /** Buckets kept in memory before idle (full) ones are dropped; callers past it share one bucket. */
    @WithDefault("100000")
    int maxTrackedKeys();

    interface Bucket {
        @WithDefault("10")
        int capacity();

        @WithDefault("0.2")
        double perSecond();
    }
}
