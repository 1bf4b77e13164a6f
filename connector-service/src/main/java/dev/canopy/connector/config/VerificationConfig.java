package dev.canopy.connector.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Asynchronous connection verification: this replica's bounded worker pool, fairness and deadlines. */
@ConfigMapping(prefix = "canopy.connector.verification")
public interface VerificationConfig {
    /** Verifications executed at once by this replica (fixed threads; requests beyond wait in the database). */
    @WithDefault("2")
    int workers();

    /** Verifications of one tenant executing at once across all replicas, so one tenant cannot take every worker. */
    @WithDefault("1")
    int maxPerTenant();

    /** Overall time of one verification (all capabilities); checks not done by then report the deadline. */
    @WithDefault("PT60S")
    Duration deadline();

    /** Added to the deadline for the claim's lease: a replica that dies holds a verification at most this long more. */
    @WithDefault("PT30S")
    Duration leaseMargin();

    /** How often idle workers look for requests queued by other replicas or abandoned by a dead one. */
    @WithDefault("PT2S")
    Duration pollInterval();
}
