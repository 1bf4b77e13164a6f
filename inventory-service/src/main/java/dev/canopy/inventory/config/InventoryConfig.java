package dev.canopy.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * Everything under {@code inventory.*}. The default and the environment variable of each setting are in
 * {@code application.properties} only (as {@code ${INVENTORY_...:default}}), so they are written once; the service
 * README lists them. Batch size and consumer count are Kafka channel settings ({@code mp.messaging.*}), not read
 * by the code, so they are not here.
 */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    StoreRetry storeRetry();

    /**
     * How a batch the database failed to store for another reason than its data (e.g. the database unreachable) is
     * retried before the channel fails and the service turns unhealthy.
     */
    interface StoreRetry {
        /** Retries after the first attempt. */
        int attempts();

        /** Wait before the first retry; it doubles (with jitter) up to {@link #maxBackoff()}. */
        Duration initialBackoff();

        Duration maxBackoff();
    }
}
