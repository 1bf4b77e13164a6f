package dev.canopy.connector.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How syncs are scheduled, run and paced. */
@ConfigMapping(prefix = "canopy.sync")
public interface SyncConfig {
    /** Sync runs executed at once by this replica. */
    @WithDefault("4")
    int workers();

    /** Runs of one tenant executing at once across all replicas, so one tenant cannot take every worker. */
    @WithDefault("1")
    int maxRunsPerTenant();

    /** A run's lease; renewed while it runs, taken over by another replica once expired. */
    @WithDefault("PT2M")
    Duration leaseTtl();

    @WithDefault("1440")
    int defaultFullIntervalMinutes();

    @WithDefault("60")
    int defaultIncrementalIntervalMinutes();

    /**
     * Seconds between polls of a connection's change feeds (content changes, audit events), the continuous detection
     * path; 0 switches polling off for new connections. A poll costs one request per Confluence site plus one for the
     * audit stream when nothing changed.
     */
    @WithDefault("60")
    int defaultPollIntervalSeconds();

    /**
     * How often due scheduled runs are queued and abandoned runs detected (read by the scheduler annotation); it
     * bounds how late a poll starts, so keep it well below the poll interval.
     */
    @WithDefault("10s")
    String schedulerTick();

    /** Scheduled syncs can be switched off (tests trigger them over REST). */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Content modified this long before the checkpoint is listed again (clock skew, eventual consistency). */
    @WithDefault("PT10M")
    Duration contentOverlap();

    /**
     * Earlier versions of a page or blog post scanned from its history, newest first: on the first full sync every
     * page's history up to this many versions, afterwards each version a page leaves behind. 0 switches history off.
     */
    @WithDefault("50")
    int historyMaxVersions();

    /** Items per Confluence v2 listing page (Atlassian's maximum is 250; tests use small pages to cross boundaries). */
    @WithDefault("250")
    int contentPageSize();

    /** Attachments larger than this are reported as skipped instead of downloaded. */
    @WithDefault("26214400")
    long attachmentMaxBytes();

    /** Extracted text kept per attachment; beyond it the attachment is skipped with that reason. */
    @WithDefault("4000000")
    int attachmentMaxTextChars();

    /** Longest text extraction of one attachment; a slower one is abandoned and the attachment skipped. */
    @WithDefault("PT60S")
    Duration attachmentParseTimeout();

    /**
     * Attachment bytes downloaded or being parsed at once by this replica (all runs together); a download waits for
     * room. Bounds memory in flight whatever the number of download threads.
     */
    @WithDefault("67108864")
    long attachmentBytesInFlight();

    /** Characters repeated at the start of each content chunk after the first. */
    @WithDefault("2048")
    int chunkOverlapChars();

    Http http();

    interface Http {
        @WithDefault("4")
        int maxConcurrencyPerSite();

        @WithDefault("5")
        int maxRetries();

        @WithDefault("PT0.5S")
        Duration backoffBase();

        @WithDefault("PT30S")
        Duration backoffMax();

        /** Longest Retry-After honoured for one wait; longer waits fail the request. */
        @WithDefault("PT5M")
        Duration maxRetryAfter();

        @WithDefault("PT10S")
        Duration connectTimeout();

        @WithDefault("PT60S")
        Duration requestTimeout();

        /** Consecutive failed requests of a connection that open its circuit. */
        @WithDefault("8")
        int circuitFailureThreshold();

        @WithDefault("PT30S")
        Duration circuitOpenFor();

        /** Fraction of X-RateLimit-Limit left at which requests are spread over the rest of the window. */
        @WithDefault("0.2")
        double slowDownBelow();
    }
}
