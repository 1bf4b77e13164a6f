package dev.canopy.simulator.http;

import java.time.ZoneId;

/** Facts about the simulated API users that several APIs depend on. */
public final class ApiUser {
    /**
     * The profile time zone of every simulated API user (an integration's user is rarely in UTC). CQL and JQL read date
     * values in it, and Jira writes timestamps with its offset.
     */
    public static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

    private ApiUser() {
    }
}
