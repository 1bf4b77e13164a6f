package dev.canopy.findings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData.SpacePermission;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.UserData;

/**
 * Two inventories: a risky one that fails every check of the catalogue, and a safe one that passes them all
 * (with the vendor allowlist {@link #ALLOWED_VENDOR}).
 */
public final class PostureFixtures {
    public static final String ALLOWED_VENDOR = "Trusted Inc";
    public static final String SITE = "site-1";

    private PostureFixtures() {
    }

    static Instant days(Instant now, long d) {
        return now.plus(Duration.ofDays(d));
    }

    public static UserData user(String id, List<String> roles, Boolean managed, Boolean mfa, String status,
            Instant lastActive) {
        return new UserData(id, id + "@acme.example", "User " + id, status, "active", "atlassian", managed, mfa, roles,
                lastActive, lastActive);
    }

    public static OrgPolicyData authentication(boolean sso, String twoStep, long idleMinutes) {
        return new OrgPolicyData("auth-1", "authentication", "Default", "enabled", List.of(),
                Map.of("ssoEnforced", sso, "twoStepVerification", twoStep, "idleSessionDurationMinutes", idleMinutes));
    }

    public static ConfluenceSpaceData space(String id, boolean anonymous, boolean unlicensed, SpacePermission... perms) {
        return new ConfluenceSpaceData(SITE, id, id.toUpperCase(), "Space " + id, "global", "current", anonymous,
                unlicensed, List.of(perms));
    }

    public static List<EntityData> risky(Instant now) {
        List<String> orgAdmin = List.of("org-admin");
        return List.of(
                authentication(false, "optional", 10080),
                new DomainData("dom-1", "acme-unverified.example", "dns", "unverified"),
                user("admin-nomfa", orgAdmin, true, false, "active", now),
                user("admin-external", List.of("site-admin"), false, true, "active", now),
                user("admin-2", orgAdmin, true, true, "active", now),
                user("admin-3", orgAdmin, true, true, "active", now),
                user("admin-4", orgAdmin, true, true, "active", now),
                user("admin-5", orgAdmin, true, true, "active", now),
                user("admin-6", orgAdmin, true, true, "active", now),
                user("dormant", List.of(), true, false, "active", days(now, -200)),
                user("guest", List.of(), false, true, "active", now),
                user("leaver", List.of(), true, true, "suspended", days(now, -10)),
                new ApiTokenData("tok-stale", "admin-2", "old script", "active", days(now, -300), days(now, 200), days(now, -120)),
                new ApiTokenData("tok-noexp", "admin-3", "forever", "active", days(now, -30), null, days(now, -1)),
                new ApiTokenData("tok-soon", "admin-4", "soon", "active", days(now, -300), days(now, 5), now),
                new ApiTokenData("tok-leaver", "leaver", "leaver's", "active", days(now, -30), days(now, 100), days(now, -11)),
                new OrgApiKeyData("key-old", "old key", "admin-2", List.of("read"), days(now, -400), days(now, 30), days(now, -1)),
                new OrgApiKeyData("key-noexp", "no expiry", "admin-2", List.of("read"), days(now, -10), null, now),
                new OrgApiKeyData("key-stale", "stale", "admin-2", List.of("read"), days(now, -100), days(now, 100), days(now, -100)),
                new InstalledAppData(SITE, "app-broad", "Broad App", "Shady Vendor", "1.0", true, true,
                        List.of("READ", "ACT_AS_USER"), "app-broad-user", days(now, -30)),
                new InstalledAppData(SITE, "app-new", "New App", ALLOWED_VENDOR, "1.0", true, false, List.of("READ"),
                        null, days(now, -1)),
                new InstalledAppData(SITE, "app-disabled", "Disabled App", ALLOWED_VENDOR, "1.0", false, false,
                        List.of("READ"), null, days(now, -60)),
                space("anon", true, false, new SpacePermission("anonymous", null, "read:space")),
                space("anonedit", false, false, new SpacePermission("anonymous", null, "create:page")),
                space("unlic", false, true),
                space("team", false, false, new SpacePermission("user", "guest", "create:page"),
                        new SpacePermission("group", "staff", "read:space")),
                new JiraPermissionGrantData(SITE, "10000", "Default scheme", "g-anyone", "BROWSE_PROJECTS", "anyone", null),
                new JiraPermissionGrantData(SITE, "10000", "Default scheme", "g-loggedin", "ADMINISTER_PROJECTS",
                        "applicationRole", null));
    }

    public static List<EntityData> safe(Instant now) {
        return List.of(
                new OrgPolicyData("ip-1", "ip-allowlist", "Office", "enabled", List.of("jira", "confluence"), Map.of()),
                new OrgPolicyData("ds-1", "data-security", "Block public", "enabled", List.of(), Map.of()),
                authentication(true, "required", 60),
                new DomainData("dom-1", "acme.example", "dns", "verified"),
                user("admin-1", List.of("org-admin"), true, true, "active", now),
                user("member", List.of(), true, true, "active", days(now, -3)),
                user("guest", List.of(), false, true, "active", now),
                user("bot", List.of(), null, null, "active", days(now, -400)),
                new ApiTokenData("tok-ok", "member", "ci", "active", days(now, -10), days(now, 100), now),
                new ApiTokenData("tok-revoked", "member", "old", "revoked", days(now, -400), null, days(now, -300)),
                new OrgApiKeyData("key-ok", "sync", "admin-1", List.of("read"), days(now, -10), days(now, 100), now),
                new InstalledAppData(SITE, "app-ok", "Good App", ALLOWED_VENDOR, "2.0", true, false,
                        List.of("READ", "WRITE"), null, days(now, -60)),
                space("team", false, false, new SpacePermission("user", "guest", "read:space"),
                        new SpacePermission("group", "staff", "create:page")),
                new JiraPermissionGrantData(SITE, "10000", "Default scheme", "g-admins", "ADMINISTER_PROJECTS", "group",
                        "jira-admins"));
    }
}
