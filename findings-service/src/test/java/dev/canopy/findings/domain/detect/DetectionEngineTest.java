package dev.canopy.findings.domain.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.contracts.rest.ProblemException;

/**
 * Every rule fires on its risky action and stays quiet on the benign look-alike; windows count once per episode,
 * survive replays and out-of-order arrival; settings switch rules off, exclude accounts and move thresholds.
 * The state here is a plain map behind the engine's state port; the Kafka Streams store behind the same port is
 * exercised by DetectionFlowTest against a real broker.
 */
class DetectionEngineTest {
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    private static final DetectionSettings NO_FIRST_SEEN = new DetectionSettings(true,
            Set.of("first-seen-admin-actor"), Set.of(), "medium", Map.of());

    private final DetectionEngine engine = new DetectionEngine();
    private final MapState state = new MapState();
    private int seq;

    @Test
    void adminGrantsFireAndProductAccessDoesNot() {
        assertThat(rules(event("added_org_admin", "admin-1", T0, users("u-9"), roles("atlassian/org-admin"))))
                .containsExactly("org-admin-granted");
        assertThat(rules(event("user_granted_role", "admin-1", T0, users("u-9"), roles("atlassian/site-admin"))))
                .containsExactly("admin-role-granted");
        assertThat(rules(event("user_granted_role", "admin-1", T0, users("u-9"), roles("atlassian/org-admin"))))
                .containsExactly("org-admin-granted");
        assertThat(rules(event("user_granted_role", "admin-1", T0, users("u-9"), roles("confluence/user")))).isEmpty();
        assertThat(rules(event("user_granted_role", "admin-1", T0, users("u-9"), roles("jira-software/user")))).isEmpty();
        assertThat(rules(event("user_revoked_role", "admin-1", T0, users("u-9"), roles("atlassian/site-admin")))).isEmpty();
    }

    @Test
    void credentialsCreatedFireByWhoCreatedThem() {
        engine.onUser(user("member", true, List.of()), state);
        engine.onUser(user("guest", false, List.of()), state);
        assertThat(rules(event("api_key_created", "admin-1", T0, ctx("api-keys", "k-1", Map.of("name", "ci")))))
                .containsExactly("org-api-key-created");
        assertThat(rules(event("api_token_created", "member", T0, ctx("api-tokens", "t-1", Map.of("label", "s")))))
                .containsExactly("user-api-token-created");
        assertThat(rules(event("api_token_created", "guest", T0, ctx("api-tokens", "t-2", Map.of("label", "s")))))
                .containsExactly("external-user-api-token-created");
        // an account the directory does not know yet is not evidence of an external one
        assertThat(rules(event("api_token_created", "stranger", T0, ctx("api-tokens", "t-3", Map.of()))))
                .containsExactly("user-api-token-created");
        assertThat(rules(event("api_token_revoked", "guest", T0, ctx("api-tokens", "t-2", Map.of())))).isEmpty();
    }

    @Test
    void policiesFireOnlyWhenWeakened() {
        assertThat(rules(event("policy_updated", "admin-1", T0, policy("ip-allowlist", "enabled", "disabled"))))
                .containsExactly("ip-allowlist-policy-disabled");
        assertThat(rules(event("policy_updated", "admin-1", T0, policy("ip-allowlist", "enabled", "enabled")))).isEmpty();
        assertThat(rules(event("policy_updated", "admin-1", T0, policy("ip-allowlist", "disabled", "enabled")))).isEmpty();
        assertThat(rules(event("policy_deleted", "admin-1", T0, policy("data-security", "enabled", "deleted"))))
                .containsExactly("data-security-policy-deleted");
        assertThat(rules(event("policy_updated", "admin-1", T0, policy("authentication", "enabled", "disabled"))))
                .containsExactly("security-policy-disabled");
        assertThat(rules(event("authentication_policy_updated", "admin-1", T0, setting("ssoEnforced", "true", "false"))))
                .containsExactly("sso-enforcement-removed");
        assertThat(rules(event("authentication_policy_updated", "admin-1", T0, setting("ssoEnforced", "false", "true"))))
                .isEmpty();
        assertThat(rules(event("authentication_policy_updated", "admin-1", T0,
                setting("twoStepVerification", "required", "optional")))).containsExactly("two-step-enforcement-removed");
        assertThat(rules(event("authentication_policy_updated", "admin-1", T0,
                setting("twoStepVerification", "optional", "required")))).isEmpty();
        assertThat(rules(event("authentication_policy_updated", "admin-1", T0, setting("sessionDuration", "24h", "8h"))))
                .isEmpty();
    }

    @Test
    void impersonationAppsAndExports() {
        engine.onUser(user("admin-1", true, List.of("atlassian/org-admin")), state);
        engine.onUser(user("member", true, List.of()), state);
        assertThat(rules(event("user_logged_in_as_user", "admin-1", T0, users("u-3")))).containsExactly("user-impersonation");
        assertThat(rules(event("user_login", "admin-1", T0, users("admin-1")))).isEmpty();
        assertThat(rules(event("app_installed", "admin-1", T0, app(List.of("READ", "WRITE", "ADMIN", "ACT_AS_USER")))))
                .containsExactly("app-installed-broad-scopes");
        assertThat(rules(event("app_installed", "admin-1", T0, app(List.of("READ"))))).isEmpty();
        assertThat(rules(event("app_installed", "member", T0, app(List.of("READ"))))).containsExactly("app-installed-by-non-admin");
        assertThat(rules(event("app_installed", "member", T0, app(List.of("READ", "ADMIN")))))
                .containsExactlyInAnyOrder("app-installed-broad-scopes", "app-installed-by-non-admin");
        assertThat(rules(event("app_installed", "unknown-actor", T0, app(List.of("READ"))))).isEmpty();
        assertThat(rules(event("site_exported", "admin-1", T0, ctx("exports", "x-1", Map.of())))).containsExactly("site-export");
        assertThat(rules(event("space_exported", "member", T0, ctx("spaces", "98", Map.of("key", "ENG")))))
                .containsExactly("space-export");
        assertThat(rules(event("page_updated", "member", T0, ctx("pages", "65", Map.of())))).isEmpty();
    }

    @Test
    void permissionBurstFiresOncePerEpisodeWithTheWindowsEvents() {
        List<DetectionData> raised = new ArrayList<>();
        List<AuditEventData> burst = burst("space_permission_added", "member", T0, 30, Duration.ofSeconds(4));
        burst.forEach(e -> raised.addAll(run(e)));
        assertThat(raised).hasSize(1);
        DetectionData d = raised.get(0);
        assertThat(d.ruleId()).isEqualTo("permission-change-burst");
        assertThat(d.eventIds()).hasSize(20).containsExactlyElementsOf(burst.subList(0, 20).stream().map(AuditEventData::eventId).toList());
        assertThat(d.detectionId()).isEqualTo("permission-change-burst:" + burst.get(0).eventId());
        // a second burst after a quiet window is a second episode
        burst("page_restriction_added", "member", T0.plus(Duration.ofHours(2)), 20, Duration.ofSeconds(2))
                .forEach(e -> raised.addAll(run(e)));
        assertThat(raised).hasSize(2);
    }

    @Test
    void spreadOutChangesAndAnotherActorsChangesDoNotAddUp() {
        List<DetectionData> raised = new ArrayList<>();
        // 19 within ten minutes: one below the threshold
        burst("space_permission_added", "member", T0, 19, Duration.ofSeconds(30)).forEach(e -> raised.addAll(run(e)));
        // a 20th, but eleven minutes after the first: the window moved on
        raised.addAll(run(event("space_permission_added", "member", T0.plus(Duration.ofMinutes(11)))));
        // another actor's 5 changes in the same minutes count for that actor only
        burst("space_permission_added", "other", T0, 5, Duration.ofSeconds(10)).forEach(e -> raised.addAll(run(e)));
        // one change every five days, as the benign noise does
        for (int i = 0; i < 6; i++) {
            raised.addAll(run(event("space_permission_added", "member", T0.plus(Duration.ofDays(5L * i + 1)))));
        }
        assertThat(raised).isEmpty();
    }

    @Test
    void massDeletionCountsTrashedAndDeletedPages() {
        List<DetectionData> raised = new ArrayList<>();
        List<AuditEventData> events = burst("page_trashed", "member", T0, 24, Duration.ofSeconds(5));
        events.forEach(e -> raised.addAll(run(e)));
        assertThat(raised).isEmpty();
        raised.addAll(run(event("page_deleted", "member", T0.plus(Duration.ofMinutes(3)))));
        assertThat(raised).extracting(DetectionData::ruleId).containsExactly("mass-deletion");
        assertThat(raised.get(0).eventCount()).isEqualTo(25);
    }

    @Test
    void impossibleTravelNeedsTwoCountriesWithinTheWindow() {
        List<DetectionData> raised = new ArrayList<>();
        raised.addAll(run(located("member", T0, "Germany")));
        raised.addAll(run(located("member", T0.plus(Duration.ofMinutes(20)), "Germany")));
        raised.addAll(run(located("member", T0.plus(Duration.ofHours(3)), "United States")));
        assertThat(raised).as("Berlin and Munich are one country; the US three hours later is out of the window")
                .isEmpty();
        raised.addAll(run(located("member", T0.plus(Duration.ofHours(3).plusMinutes(10)), "Singapore")));
        raised.addAll(run(located("member", T0.plus(Duration.ofHours(3).plusMinutes(20)), "Brazil")));
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).facts().get("countries")).isEqualTo(List.of("United States", "Singapore"));
    }

    @Test
    void firstSeenAdminActorLearnsThenReportsOnce() {
        DetectionSettings s = DetectionSettings.DEFAULTS;
        List<String> raised = new ArrayList<>();
        raised.addAll(rules(engine.onAuditEvent(event("user_login", "anyone", T0), T0, s, state)));
        raised.addAll(rules(engine.onAuditEvent(event("user_added_to_group", "admin-1", T0.plus(Duration.ofDays(1))),
                T0.plus(Duration.ofDays(1)), s, state)));
        assertThat(raised).as("inside the 7-day learning period").isEmpty();
        Instant later = T0.plus(Duration.ofDays(12));
        raised.addAll(rules(engine.onAuditEvent(event("user_added_to_group", "admin-1", later), later, s, state)));
        assertThat(raised).as("a known admin").isEmpty();
        raised.addAll(rules(engine.onAuditEvent(event("user_added_to_group", "newcomer", later), later, s, state)));
        raised.addAll(rules(engine.onAuditEvent(event("group_created", "newcomer", later.plusSeconds(60)),
                later.plusSeconds(60), s, state)));
        raised.addAll(rules(engine.onAuditEvent(event("page_updated", "reader", later), later, s, state)));
        assertThat(raised).containsExactly("first-seen-admin-actor");
    }

    @Test
    void replayedAndShuffledEventsRaiseTheSameSingleDetection() {
        List<AuditEventData> burst = new ArrayList<>(burst("page_trashed", "member", T0, 50, Duration.ofMillis(50)));
        Collections.shuffle(burst, new Random(7));
        List<DetectionData> raised = new ArrayList<>();
        burst.forEach(e -> raised.addAll(run(e)));
        burst.forEach(e -> raised.addAll(run(e))); // the whole burst again, as after a crash before a commit
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).eventCount()).isGreaterThanOrEqualTo(25);
        // single-event rules are stateless: a replay raises the same detection id, which the lifecycle absorbs
        AuditEventData grant = event("added_org_admin", "admin-1", T0, users("u-1"));
        assertThat(run(grant).get(0).detectionId()).isEqualTo(run(grant).get(0).detectionId());
    }

    @Test
    void settingsDisableExcludeAndMoveThresholds() {
        DetectionSettings off = new DetectionSettings(true, Set.of("org-admin-granted", "first-seen-admin-actor"),
                Set.of("break-glass"), "medium", Map.of());
        assertThat(engine.onAuditEvent(event("added_org_admin", "admin-1", T0, users("u-1")), T0, off, state)).isEmpty();
        assertThat(engine.onAuditEvent(event("site_exported", "break-glass", T0), T0, off, state)).isEmpty();
        assertThat(engine.onAuditEvent(event("site_exported", "admin-1", T0), T0, off, state)).hasSize(1);
        DetectionSettings disabled = new DetectionSettings(false, Set.of(), Set.of(), "medium", Map.of());
        assertThat(engine.onAuditEvent(event("site_exported", "admin-1", T0), T0, disabled, state)).isEmpty();

        DetectionSettings high = new DetectionSettings(true, Set.of("first-seen-admin-actor"), Set.of(), "high", Map.of());
        assertThat(high.threshold("permissionBurstCount")).isEqualTo(10);
        assertThat(new DetectionSettings(true, Set.of(), Set.of(), "low", Map.of()).threshold("massDeletionCount")).isEqualTo(50);
        List<DetectionData> raised = new ArrayList<>();
        burst("space_permission_added", "member", T0, 10, Duration.ofSeconds(5))
                .forEach(e -> raised.addAll(engine.onAuditEvent(e, e.created(), high, state)));
        assertThat(raised).hasSize(1);
        DetectionSettings explicit = new DetectionSettings(true, Set.of(), Set.of(), "high",
                Map.of("permissionBurstCount", 40));
        assertThat(explicit.threshold("permissionBurstCount")).as("an override wins over sensitivity").isEqualTo(40);
    }

    @Test
    void settingsAreBounded() {
        assertThatThrownBy(() -> new DetectionSettings(true, Set.of("no-such-rule"), Set.of(), "medium", Map.of()).validated())
                .isInstanceOf(ProblemException.class).hasMessageContaining("disabledRules");
        assertThatThrownBy(() -> new DetectionSettings(true, Set.of(), Set.of(), "medium",
                Map.of("permissionBurstCount", 1_000_000)).validated()).hasMessageContaining("between 2 and 1000");
        assertThatThrownBy(() -> new DetectionSettings(true, Set.of(), Set.of(), "medium",
                Map.of("windowForever", 5)).validated()).hasMessageContaining("unknown threshold");
        assertThatThrownBy(() -> new DetectionSettings(true, Set.of(), Set.of("'; drop table x"), "medium", Map.of())
                .validated()).hasMessageContaining("excludedAccounts");
        assertThatThrownBy(() -> new DetectionSettings(true, Set.of(), Set.of(), "paranoid", Map.of()).validated())
                .hasMessageContaining("sensitivity");
    }

    @Test
    void aWindowKeepsAtMostTheBoundedNumberOfEvents() {
        DetectionSettings s = new DetectionSettings(true, Set.of("first-seen-admin-actor"), Set.of(), "medium",
                Map.of("permissionBurstCount", 1000, "permissionBurstMinutes", 1440));
        for (AuditEventData e : burst("space_permission_removed", "member", T0, 1200, Duration.ofMillis(10))) {
            engine.onAuditEvent(e, e.created(), s, state);
        }
        assertThat(state.window(DetectionRule.PERMISSION_CHANGE_BURST, "member").orElseThrow().events())
                .hasSizeLessThanOrEqualTo(DetectionSettings.MAX_WINDOW_EVENTS);
    }

    // ---- helpers ----

    private List<DetectionData> run(AuditEventData e) {
        return engine.onAuditEvent(e, e.created(), NO_FIRST_SEEN, state);
    }

    private List<String> rules(AuditEventData e) {
        return rules(run(e));
    }

    private static List<String> rules(List<DetectionData> detections) {
        return detections.stream().map(DetectionData::ruleId).toList();
    }

    private List<AuditEventData> burst(String action, String actor, Instant start, int n, Duration spacing) {
        List<AuditEventData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(action, actor, start.plus(spacing.multipliedBy(i)), ctx("spaces", "98", Map.of("key", "ENG"))));
        }
        return out;
    }

    @SafeVarargs
    private AuditEventData event(String action, String actor, Instant at, Map<String, Object>... context) {
        return new AuditEventData("ev-" + (++seq), action, at, actor, actor + " name", "203.0.113." + (seq % 250),
                null, Map.of("context", List.of(context)));
    }

    private AuditEventData located(String actor, Instant at, String country) {
        return new AuditEventData("ev-" + (++seq), "user_login", at, actor, actor, "192.0.2." + (seq % 250), country,
                Map.of());
    }

    private static UserData user(String id, boolean managed, List<String> roles) {
        return new UserData(id, id + "@example.com", id, "active", "active", "atlassian", managed, true, roles, null, null);
    }

    private static Map<String, Object> ctx(String type, String id, Map<String, Object> attributes) {
        return Map.of("type", type, "id", id, "attributes", attributes);
    }

    private static Map<String, Object> users(String id) {
        return ctx("users", id, Map.of("email", id + "@example.com"));
    }

    private static Map<String, Object> roles(String role) {
        return ctx("roles", role, Map.of("role", role));
    }

    private static Map<String, Object> policy(String type, String before, String after) {
        return ctx("policies", "p-1", Map.of("name", "Office", "policyType", type, "oldStatus", before, "newStatus", after));
    }

    private static Map<String, Object> setting(String name, String before, String after) {
        return ctx("authentication-policies", "a-1", Map.of("setting", name, "oldValue", before, "newValue", after));
    }

    private static Map<String, Object> app(List<String> scopes) {
        return ctx("apps", "com.example.app", Map.of("name", "app", "scopes", scopes));
    }

    /** The engine's state port over plain maps. */
    static final class MapState implements DetectionState {
        private final Map<String, Object> values = new HashMap<>();

        @Override
        public Optional<Account> account(String accountId) {
            return Optional.ofNullable((Account) values.get("a/" + accountId));
        }

        @Override
        public void putAccount(String accountId, Account account) {
            values.put("a/" + accountId, account);
        }

        @Override
        public Optional<ActivityWindow> window(DetectionRule rule, String actorId) {
            return Optional.ofNullable((ActivityWindow) values.get("w/" + rule + "/" + actorId));
        }

        @Override
        public void putWindow(DetectionRule rule, String actorId, ActivityWindow window) {
            values.put("w/" + rule + "/" + actorId, window);
        }

        @Override
        public Optional<Instant> firstEventAt() {
            return Optional.ofNullable((Instant) values.get("first"));
        }

        @Override
        public void putFirstEventAt(Instant at) {
            values.put("first", at);
        }

        @Override
        public Optional<AdminActor> adminActor(String actorId) {
            return Optional.ofNullable((AdminActor) values.get("admin/" + actorId));
        }

        @Override
        public void putAdminActor(String actorId, AdminActor actor) {
            values.put("admin/" + actorId, actor);
        }
    }
}
