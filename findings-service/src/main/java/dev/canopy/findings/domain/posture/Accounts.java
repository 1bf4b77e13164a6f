package dev.canopy.findings.domain.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.canopy.contracts.events.data.UserData;

/** How checks read user accounts: who is active, human, managed, an admin. */
final class Accounts {
    private Accounts() {
    }

    static boolean active(UserData u) {
        return u.status() == null || "active".equalsIgnoreCase(u.status());
    }

    /** People, not app or customer accounts. */
    static boolean human(UserData u) {
        return u.accountType() == null || "atlassian".equalsIgnoreCase(u.accountType());
    }

    static boolean managed(UserData u) {
        return Boolean.TRUE.equals(u.managed());
    }

    static boolean external(UserData u) {
        return Boolean.FALSE.equals(u.managed());
    }

    static boolean mfa(UserData u) {
        return Boolean.TRUE.equals(u.mfaEnabled());
    }

    static boolean orgAdmin(UserData u) {
        return u.platformRoles().stream().map(Accounts::norm).anyMatch(r -> r.contains("org") && r.contains("admin"));
    }

    /** Organization, site or product administrator. */
    static boolean admin(UserData u) {
        return u.platformRoles().stream().map(Accounts::norm).anyMatch(r -> r.contains("admin"));
    }

    static boolean activeHuman(UserData u) {
        return active(u) && human(u);
    }

    static String name(UserData u) {
        return u.displayName() != null ? u.displayName() : u.email() != null ? u.email() : u.accountId();
    }

    static boolean olderThan(Instant t, Instant now, long days) {
        return t != null && Duration.between(t, now).toDays() >= days;
    }

    /** No activity for {@code days}; never active counts from when the account joined (or always, if unknown). */
    static boolean inactiveFor(UserData u, Instant now, long days) {
        Instant since = u.lastActive() != null ? u.lastActive() : u.addedToOrg();
        return since == null || olderThan(since, now, days);
    }

    private static String norm(String role) {
        return role.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
