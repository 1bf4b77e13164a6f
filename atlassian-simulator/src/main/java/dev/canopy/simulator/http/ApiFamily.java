package dev.canopy.simulator.http;

/** Endpoint families: each has its own rate-limit bucket per credential and its own error body shape. */
public enum ApiFamily {
    ADMIN("admin-burst-based"), TEAMS("teams-burst-based"), CONFLUENCE_V2("confluence-burst-based"),
    CONFLUENCE_V1("confluence-burst-based"), JIRA("jira-burst-based");

    /** Value of {@code RateLimit-Reason} on a 429 ({@code jira-burst-based} is documented; the others follow it). */
    public final String rateLimitReason;

    ApiFamily(String rateLimitReason) {
        this.rateLimitReason = rateLimitReason;
    }

    public static ApiFamily ofSitePath(String rest) {
        if (rest.startsWith("/wiki/api/v2/")) {
            return CONFLUENCE_V2;
        }
        if (rest.startsWith("/wiki/")) {
            return CONFLUENCE_V1;
        }
        if (rest.startsWith("/gateway/api/public/teams/")) {
            return TEAMS;
        }
        return JIRA;
    }
}
