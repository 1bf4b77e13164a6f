package dev.canopy.support.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts an expensive endpoint (or every endpoint of a resource class) under a named, tighter per-tenant token bucket
 * in addition to the service-wide one: {@code canopy.rate-limit.buckets.<name>.capacity} and {@code .per-second}.
 * A name without configuration gets the named-bucket defaults (10 requests, 0.2 per second).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface RateLimited {
    /** Bucket name, e.g. {@code dlp-scan}. */
    String value();
}
