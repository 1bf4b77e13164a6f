package dev.canopy.findings.domain.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.findings.PostureFixtures;
import dev.canopy.findings.domain.FindingDraft;

/** The check logic alone (pure functions): every check fires on a risky input and stays quiet on a safe one. */
public class PostureCatalogTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Thresholds WITH_ALLOWLIST = Thresholds.of(Map.of("appVendorAllowlist",
            List.of(PostureFixtures.ALLOWED_VENDOR)));

    static PostureInventory inventory(List<EntityData> entities, boolean complete) {
        return inventoryAt(entities, complete, NOW);
    }

    public static PostureInventory inventoryAt(List<EntityData> entities, boolean complete, Instant now) {
        return new PostureInventory(now, complete, of(entities, UserData.class), of(entities, OrgPolicyData.class),
                of(entities, DomainData.class), of(entities, ApiTokenData.class), of(entities, OrgApiKeyData.class),
                of(entities, InstalledAppData.class), of(entities, JiraPermissionGrantData.class),
                of(entities, ConfluenceSpaceData.class));
    }

    private static <T> List<T> of(List<EntityData> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Stream<PostureCheck> checks() {
        return PostureCatalog.checks().stream();
    }

    @Test
    void theCatalogueHasAtLeast25DocumentedChecks() {
        assertThat(PostureCatalog.checks()).hasSizeGreaterThanOrEqualTo(25);
        for (PostureCheck c : PostureCatalog.checks()) {
            assertThat(c.id()).matches("[a-z0-9-]+");
            assertThat(List.of(c.title(), c.rationale(), c.remediation())).allSatisfy(t -> assertThat(t).isNotBlank());
        }
        assertThat(PostureCatalog.checks().stream().map(PostureCheck::id)).contains("ip-allowlist-missing",
                "space-anonymous-access", "api-token-stale", "user-dormant", "admin-without-mfa",
                "app-user-installed-broad-scopes", "jira-anyone-grant");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void firesOnTheRiskyInventoryAndStaysQuietOnTheSafeOne(PostureCheck check) {
        assertThat(check.evaluate(inventory(PostureFixtures.risky(NOW), true), WITH_ALLOWLIST))
                .as("%s on the risky inventory", check.id()).isNotEmpty();
        assertThat(check.evaluate(inventory(PostureFixtures.safe(NOW), true), WITH_ALLOWLIST))
                .as("%s on the safe inventory", check.id()).isEmpty();
    }

    @Test
    void absenceChecksWaitForACompleteInventory() {
        var result = PostureEvaluator.evaluate("t", inventory(PostureFixtures.risky(NOW), false), WITH_ALLOWLIST, Set.of());
        Set<String> rules = result.findings().stream().map(FindingDraft::ruleId).collect(Collectors.toSet());
        assertThat(rules).doesNotContain("ip-allowlist-missing", "no-verified-domain", "sso-not-enforced")
                .contains("space-anonymous-access", "admin-without-mfa");
        assertThat(result.evaluatedChecks()).doesNotContain("ip-allowlist-missing");
    }

    @Test
    void thresholdsAndMutesArePerTenant() {
        var inv = inventory(PostureFixtures.risky(NOW), true);
        var lenient = Thresholds.of(Map.of("dormantUserDays", 365, "maxOrgAdmins", 10));
        var result = PostureEvaluator.evaluate("t", inv, lenient, Set.of("jira-anyone-grant"));
        Set<String> rules = result.findings().stream().map(FindingDraft::ruleId).collect(Collectors.toSet());
        assertThat(rules).doesNotContain("user-dormant", "org-admins-too-many", "jira-anyone-grant", "app-vendor-not-allowed");
        assertThat(result.evaluatedChecks()).doesNotContain("jira-anyone-grant");
    }

    @Test
    void fingerprintsAreStablePerTenantCheckAndResource() {
        var inv = inventory(PostureFixtures.risky(NOW), true);
        List<String> first = fingerprints(PostureEvaluator.evaluate("t1", inv, WITH_ALLOWLIST, Set.of()));
        assertThat(fingerprints(PostureEvaluator.evaluate("t1", inv, WITH_ALLOWLIST, Set.of()))).isEqualTo(first);
        assertThat(fingerprints(PostureEvaluator.evaluate("t2", inv, WITH_ALLOWLIST, Set.of()))).doesNotContainAnyElementsOf(first);
        assertThat(new java.util.HashSet<>(first)).hasSameSizeAs(first);
    }

    @Test
    void aNeverRevokedOldTokenIsStaleEvenPastItsExpiryAndOnlyExactBroadScopesCount() {
        var expiredButAllowed = new ApiTokenData("tok-old", "u", "old", "ALLOWED", NOW.minus(java.time.Duration.ofDays(400)),
                NOW.minus(java.time.Duration.ofDays(200)), null);
        var spaceAdminApp = new InstalledAppData(PostureFixtures.SITE, "wf", "Workflow", "V", "1", true, true,
                List.of("READ", "WRITE", "SPACE_ADMIN"), null, NOW.minus(java.time.Duration.ofDays(30)));
        var rules = PostureEvaluator.evaluate("t", inventory(List.of(expiredButAllowed, spaceAdminApp), true),
                Thresholds.defaults(), Set.of()).findings().stream().map(FindingDraft::ruleId).collect(Collectors.toSet());
        assertThat(rules).contains("api-token-stale").doesNotContain("app-user-installed-broad-scopes");
    }

    @Test
    void badThresholdsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Thresholds.of(Map.of("dormantUserDays", "soon")))
                .isInstanceOfSatisfying(Thresholds.InvalidThresholdException.class, e -> assertThat(e.field()).isEqualTo("dormantUserDays"));
        assertThatThrownBy(() -> Thresholds.of(Map.of("nope", 1)))
                .isInstanceOfSatisfying(Thresholds.InvalidThresholdException.class, e -> assertThat(e.field()).isEqualTo("nope"));
    }

    private static List<String> fingerprints(PostureEvaluator.Result r) {
        return new ArrayList<>(r.findings().stream().map(FindingDraft::fingerprint).toList());
    }
}
