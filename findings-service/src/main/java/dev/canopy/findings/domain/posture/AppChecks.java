package dev.canopy.findings.domain.posture;

import static dev.canopy.findings.store.FindingSeverity.HIGH;
import static dev.canopy.findings.store.FindingSeverity.INFO;
import static dev.canopy.findings.store.FindingSeverity.LOW;
import static dev.canopy.findings.store.FindingSeverity.MEDIUM;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.findings.store.FindingSeverity;

/** Third-party apps installed on the organization's sites. */
final class AppChecks {
    private AppChecks() {
    }

    static List<PostureCheck> all() {
        return List.of(
                new PostureCheck("app-user-installed-broad-scopes", "User-installed app with admin or act-as-user scopes",
                        HIGH, "apps",
                        "An app installed by a user rather than reviewed by an admin, holding admin or impersonation "
                                + "scopes, can read and change everything on the site.",
                        "Review the app in the product's Manage apps page; uninstall it or replace it with an "
                                + "admin-approved app; restrict app installation to admins (Security > User-installed apps).",
                        List.of(Thresholds.BROAD_APP_SCOPES), false,
                        (inv, t) -> inv.apps().stream().filter(a -> a.userInstalled() && a.enabled())
                                .filter(a -> !broadScopes(a, t.lowerCaseList(Thresholds.BROAD_APP_SCOPES)).isEmpty())
                                .map(a -> app(a, Map.of("broadScopes", broadScopes(a, t.lowerCaseList(Thresholds.BROAD_APP_SCOPES)))))
                                .toList()),
                new PostureCheck("app-vendor-not-allowed", "App from a vendor outside the allowlist", MEDIUM, "apps",
                        "Apps process the site's data on the vendor's infrastructure; only vetted vendors should.",
                        "Uninstall the app from the product's Manage apps page, or add the vendor to the tenant's "
                                + "allowlist (posture configuration 'appVendorAllowlist') after a vendor review.",
                        List.of(Thresholds.APP_VENDOR_ALLOWLIST), false,
                        (inv, t) -> {
                            List<String> allowed = t.lowerCaseList(Thresholds.APP_VENDOR_ALLOWLIST);
                            if (allowed.isEmpty()) {
                                return List.of();
                            }
                            return inv.apps().stream().filter(a -> !isAtlassian(a) && (a.vendor() == null
                                    || !allowed.contains(a.vendor().toLowerCase(Locale.ROOT))))
                                    .map(a -> app(a, Map.of("vendor", String.valueOf(a.vendor())))).toList();
                        }),
                new PostureCheck("app-newly-installed", "Newly installed app", INFO, "apps",
                        "New apps get access to data immediately; a security review should follow every installation.",
                        "Review the app's scopes, vendor and data residency in the product's Manage apps page.",
                        List.of(Thresholds.NEW_APP_DAYS), false,
                        (inv, t) -> inv.apps().stream().filter(a -> a.installedAt() != null
                                && !Accounts.olderThan(a.installedAt(), inv.now(), t.number(Thresholds.NEW_APP_DAYS))
                                && !a.installedAt().isAfter(inv.now().plusSeconds(3600)))
                                .map(a -> app(a, Map.of("installedAt", a.installedAt().toString()))).toList()),
                new PostureCheck("app-installed-disabled", "Installed but disabled app", LOW, "apps",
                        "A disabled app keeps its installation, credentials and stored data; it can be re-enabled silently.",
                        "Uninstall the app from the product's Manage apps page if it is no longer needed.",
                        List.of(), false,
                        (inv, t) -> inv.apps().stream().filter(a -> !a.enabled())
                                .map(a -> app(a, Map.of("enabled", false))).toList()));
    }

    private static boolean isAtlassian(InstalledAppData a) {
        return a.vendor() != null && a.vendor().toLowerCase(Locale.ROOT).startsWith("atlassian");
    }

    private static List<String> broadScopes(InstalledAppData a, List<String> broad) {
        return a.scopes().stream().filter(s -> broad.contains(s.toLowerCase(Locale.ROOT))).toList();
    }

    private static Violation app(InstalledAppData a, Map<String, Object> facts) {
        Map<String, Object> all = new java.util.HashMap<>(facts);
        all.put("siteId", a.siteId());
        all.put("appKey", a.appKey());
        return new Violation("installed-app", a.entityId(), a.name() != null ? a.name() : a.appKey(), all);
    }
}
