package dev.canopy.simulator.generate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.canopy.simulator.model.SimDetection;
import dev.canopy.simulator.model.SimEvent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimUser;

/**
 * Organization audit activity for threat detections (issue 16): benign noise and risky actions, each risky action with
 * the detection it must raise (recorded in {@link SimOrg#detections}).
 *
 * <p>Event shape follows the Organizations API event ({@code attributes.action/actor/context/container/location},
 * {@code message}); the {@code context[]} entries of type {@code users} with {@code accountType/email/name} and the
 * {@code message.content} "Logged in as ..." are those of a real {@code user_logged_in_as_user} record
 * (panther-labs/panther-analysis rules/atlassian_rules/user_logged_in_as_user.yml).
 *
 * <p>Action keys: {@code user_login}, {@code user_logout}, {@code user_created}, {@code group_created},
 * {@code user_granted_role}, {@code user_revoked_role}, {@code added_org_admin}, {@code user_logged_in_as_user} are
 * real keys (Panther's Atlassian data model, panther-analysis data_models/atlassian_data_model.py and the rule above).
 * All others are INFERRED: Atlassian publishes only the display names of activities ("Audit log activities database",
 * support.atlassian.com/security-and-access-policies/docs/audit-log-activities-database, e.g. "App successful
 * installation", "Created API key"), not their keys; we name them in the same snake_case style. The context attribute
 * names for policies, settings, apps, spaces and pages are inferred as well.
 *
 * <p>Thresholds the windowed rules are tested against (README): a permission-change burst is at least 20 changes by one
 * actor within 10 minutes, a mass deletion at least 25 trashed/deleted pages by one actor within 10 minutes,
 * impossible travel 2 or more countries for one account within 60 minutes, and a first-seen admin actor an account
 * whose first org-administration action comes after the first 7 days of the stream. The noise stays well below.
 */
public final class AuditActivity {
    /** Scenario name (control API path) to the detection it must raise. */
    public static final Map<String, String> SCENARIOS = scenarios();

    /** Org-administration actions: the ones a first-seen admin actor rule watches. */
    public static final Set<String> ADMIN_ACTIONS = Set.of("added_org_admin", "user_granted_role", "user_revoked_role",
            "user_added_to_group", "user_removed_from_group", "group_created", "group_deleted", "policy_updated",
            "policy_deleted", "policy_created", "authentication_policy_updated", "api_key_created", "user_logged_in_as_user",
            "user_created", "user_deactivated", "domain_verified");

    /** Learning period of the first-seen admin actor rule, from the oldest event of the stream. */
    public static final Duration FIRST_SEEN_LEARNING = Duration.ofDays(7);

    /** Where an actor acts from: documentation IP ranges (RFC 5737) only. */
    record Place(String country, String city, String ipPrefix) {
    }

    private static final Place BERLIN = new Place("Germany", "Berlin", "203.0.113.");
    private static final Place MUNICH = new Place("Germany", "Munich", "198.51.100.");
    private static final List<Place> ABROAD = List.of(new Place("United States", "New York", "192.0.2."),
            new Place("Singapore", "Singapore", "192.0.2."), new Place("Brazil", "Sao Paulo", "192.0.2."));

    private final SimOrg org;
    private final SplittableRandom r;

    public AuditActivity(SimOrg org, SplittableRandom r) {
        this.org = org;
        this.r = r;
    }

    private static Map<String, String> scenarios() {
        String[][] table = {
            {"org-admin-granted", "org-admin-granted"},
            {"admin-role-granted", "admin-role-granted"},
            {"org-api-key-created", "org-api-key-created"},
            {"api-token-created", "user-api-token-created"},
            {"external-api-token-created", "external-user-api-token-created"},
            {"ip-allowlist-disabled", "ip-allowlist-policy-disabled"},
            {"data-security-policy-deleted", "data-security-policy-deleted"},
            {"sso-enforcement-removed", "sso-enforcement-removed"},
            {"two-step-enforcement-removed", "two-step-enforcement-removed"},
            {"impersonation", "user-impersonation"},
            {"app-installed-broad-scopes", "app-installed-broad-scopes"},
            {"app-installed-by-non-admin", "app-installed-by-non-admin"},
            {"site-export", "site-export"},
            {"space-export", "space-export"},
            {"permission-burst", "permission-change-burst"},
            {"mass-deletion", "mass-deletion"},
            {"impossible-travel", "impossible-travel"},
            {"first-seen-admin", "first-seen-admin-actor"}};
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] row : table) {
            m.put(row[0], row[1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Default generation: benign noise over the last 30 days (known admins acting from the first days on, so they are
     * baseline for the first-seen rule), then each risky scenario once between 20 and 2 days ago.
     */
    public void generate(Instant now) {
        noise(now);
        Instant start = now.minus(20, ChronoUnit.DAYS);
        int i = 0;
        for (String scenario : SCENARIOS.keySet()) {
            Instant at = start.plus(i++, ChronoUnit.DAYS).plus(8 + r.nextInt(9), ChronoUnit.HOURS)
                    .plus(r.nextInt(60), ChronoUnit.MINUTES);
            // in history bursts spread as they would: seconds apart
            trigger(scenario, null, at, 4_000);
        }
    }

    /**
     * Appends the events of one risky scenario from {@code start} on ({@code spacingMs} between the events of a burst)
     * and records the detections they must raise; the actor is the given account or the scenario's default.
     */
    public List<SimDetection> trigger(String scenario, String actorAccountId, Instant start, long spacingMs) {
        return trigger(scenario, actorAccountId, start, spacingMs, null);
    }

    /**
     * As {@link #trigger(String, String, Instant, long)}; {@code burstEvents} (permission-burst and mass-deletion
     * only) replaces the scenario's 30 / 50 events, e.g. half a burst now and the rest later. The detection is then
     * recorded only once the actor's events of that kind within one window reach the threshold (counting the earlier
     * ones), and only once per burst.
     */
    public List<SimDetection> trigger(String scenario, String actorAccountId, Instant start, long spacingMs,
            Integer burstEvents) {
        String detection = SCENARIOS.get(scenario);
        if (detection == null) {
            throw new IllegalArgumentException("unknown scenario " + scenario + " (known: " + SCENARIOS.keySet() + ")");
        }
        SimUser actor = actorAccountId != null ? user(actorAccountId) : defaultActor(scenario);
        List<SimEvent> events = new ArrayList<>();
        Instant t = start;
        Place home = BERLIN;
        switch (scenario) {
            case "org-admin-granted" -> events.add(event(t, "added_org_admin", actor, home, List.of(userContext(regular(1)),
                    role("atlassian/org-admin")), null));
            case "admin-role-granted" -> events.add(event(t, "user_granted_role", actor, home, List.of(userContext(regular(2)),
                    role("atlassian/site-admin")), null));
            case "org-api-key-created" -> events.add(event(t, "api_key_created", actor, home, List.of(ctx("api-keys",
                    Ids.uuid(r), Map.of("name", "automation " + r.nextInt(100), "scopes", List.of()))), null));
            case "api-token-created", "external-api-token-created" -> events.add(event(t, "api_token_created", actor, home,
                    List.of(ctx("api-tokens", Ids.uuid(r), Map.of("label", "script " + r.nextInt(100)))), null));
            case "ip-allowlist-disabled" -> events.add(event(t, "policy_updated", actor, home,
                    List.of(policy("ip-allowlist", "Office networks", "enabled", "disabled")), null));
            case "data-security-policy-deleted" -> events.add(event(t, "policy_deleted", actor, home,
                    List.of(policy("data-security", "Block anonymous access", "enabled", "deleted")), null));
            case "sso-enforcement-removed" -> events.add(event(t, "authentication_policy_updated", actor, home,
                    List.of(setting("ssoEnforced", "true", "false")), null));
            case "two-step-enforcement-removed" -> events.add(event(t, "authentication_policy_updated", actor, home,
                    List.of(setting("twoStepVerification", "required", "optional")), null));
            case "impersonation" -> {
                SimUser target = regular(3);
                events.add(event(t, "user_logged_in_as_user", actor, home, List.of(userContext(target)),
                        "Logged in as " + target.email));
            }
            case "app-installed-broad-scopes" -> events.add(event(t, "app_installed", actor, home,
                    List.of(app("com.example.sync-everything", List.of("READ", "WRITE", "DELETE", "ADMIN", "ACT_AS_USER"))), null));
            case "app-installed-by-non-admin" -> events.add(event(t, "app_installed", actor, home,
                    List.of(app("com.example.team-polls", List.of("READ"))), null));
            case "site-export" -> events.add(event(t, "site_exported", actor, home, List.of(ctx("exports", Ids.uuid(r),
                    Map.of("includeAttachments", true))), null));
            case "space-export" -> events.add(event(t, "space_exported", actor, home, List.of(space(), ctx("exports",
                    Ids.uuid(r), Map.of("format", "xml"))), null));
            case "permission-burst" -> {
                for (int i = 0; i < burst(burstEvents, 30); i++) {
                    events.add(event(t, i % 3 == 2 ? "page_restriction_added" : "space_permission_added", actor, home,
                            List.of(space(), ctx("groups", Ids.uuid(r), Map.of("name", "contractors-" + i))), null));
                    t = t.plusMillis(spacingMs);
                }
            }
            case "mass-deletion" -> {
                for (int i = 0; i < burst(burstEvents, 50); i++) {
                    events.add(event(t, "page_trashed", actor, home, List.of(space(), page()), null));
                    t = t.plusMillis(spacingMs);
                }
            }
            case "impossible-travel" -> {
                events.add(event(t, "user_login", actor, home, List.of(), null));
                t = t.plusMillis(spacingMs * 30);
                events.add(event(t, "user_login", actor, ABROAD.get(0), List.of(), null));
                t = t.plusMillis(spacingMs * 30);
                events.add(event(t, "user_login", actor, ABROAD.get(1), List.of(), null));
            }
            case "first-seen-admin" -> events.add(event(t, "user_added_to_group", actor, home,
                    List.of(userContext(regular(4)), ctx("groups", Ids.uuid(r), Map.of("name", "org-admins"))), null));
            default -> throw new IllegalStateException(scenario);
        }
        List<SimDetection> raised = new ArrayList<>();
        if (burstEvents != null && BURSTS.containsKey(scenario)) {
            org.events.addAll(events);
            burstDetection(detection, BURSTS.get(scenario), actor.accountId, events).ifPresent(raised::add);
            org.detections.addAll(raised);
            return raised;
        }
        if (!"first-seen-admin".equals(scenario) && !continuesEpisode(scenario, detection, actor.accountId, events)) {
            raised.add(new SimDetection(detection, actor.accountId, events.stream().map(SimEvent::id).toList()));
        }
        raised.addAll(firstSeen(events));
        org.events.addAll(events);
        org.detections.addAll(raised);
        return raised;
    }

    /** Burst scenarios: the action keys they count and the threshold within {@link #BURST_WINDOW} (README). */
    private static final Map<String, Map.Entry<Set<String>, Integer>> BURSTS = Map.of(
            "permission-burst", Map.entry(Set.of("space_permission_added", "page_restriction_added"), 20),
            "mass-deletion", Map.entry(Set.of("page_trashed"), 25));
    private static final Duration BURST_WINDOW = Duration.ofMinutes(10);

    /** Windowed scenarios: a repeat less than a window after the previous one's last event is the same episode. */
    private static final Map<String, Duration> EPISODE_WINDOWS = Map.of("permission-burst", BURST_WINDOW,
            "mass-deletion", BURST_WINDOW, "impossible-travel", Duration.ofMinutes(60));

    /**
     * True when a windowed scenario repeats for the same actor within the window of its previous detection's last
     * event: the rule reports a burst (or a trip) once, so the repeat raises nothing new (README: once per episode).
     */
    private boolean continuesEpisode(String scenario, String detection, String actor, List<SimEvent> added) {
        Duration window = EPISODE_WINDOWS.get(scenario);
        if (window == null || added.isEmpty()) {
            return false;
        }
        Set<String> earlier = new HashSet<>();
        org.detections.stream().filter(d -> d.detectionId().equals(detection) && d.actorAccountId().equals(actor))
                .forEach(d -> earlier.addAll(d.eventIds()));
        Instant start = added.get(0).time();
        return org.events.stream().filter(e -> earlier.contains(e.id()))
                .anyMatch(e -> !e.time().isBefore(start.minus(window)));
    }

    private static int burst(Integer requested, int scenarioDefault) {
        if (requested == null) {
            return scenarioDefault;
        }
        if (requested < 1 || requested > 500) {
            throw new IllegalArgumentException("events must be between 1 and 500");
        }
        return requested;
    }

    /**
     * The detection a partial burst completes: the actor's events of the burst's kind within the window ending at the
     * last new event reach the threshold, and no detection of this kind was recorded for the actor within the window.
     */
    private java.util.Optional<SimDetection> burstDetection(String detection, Map.Entry<Set<String>, Integer> burst,
            String actor, List<SimEvent> added) {
        if (added.isEmpty()) {
            return java.util.Optional.empty();
        }
        Instant end = added.get(added.size() - 1).time();
        List<SimEvent> window = org.events.stream().filter(e -> actor.equals(e.actorId())
                && burst.getKey().contains(e.action()) && !e.time().isBefore(end.minus(BURST_WINDOW))
                && !e.time().isAfter(end)).sorted(java.util.Comparator.comparing(SimEvent::time)).toList();
        Set<String> inWindow = new HashSet<>(window.stream().map(SimEvent::id).toList());
        boolean reported = org.detections.stream().anyMatch(d -> d.detectionId().equals(detection)
                && d.actorAccountId().equals(actor) && d.eventIds().stream().anyMatch(inWindow::contains));
        if (window.size() < burst.getValue() || reported) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new SimDetection(detection, actor, window.stream().map(SimEvent::id).toList()));
    }

    /** First org-administration action of an account after the learning period: the first-seen admin actor detection. */
    private List<SimDetection> firstSeen(List<SimEvent> events) {
        Instant oldest = org.events.stream().map(SimEvent::time).min(Instant::compareTo).orElse(Instant.MAX);
        Set<String> seen = new HashSet<>();
        org.events.stream().filter(e -> ADMIN_ACTIONS.contains(e.action())).forEach(e -> seen.add(e.actorId()));
        List<SimDetection> out = new ArrayList<>();
        for (SimEvent e : events) {
            if (ADMIN_ACTIONS.contains(e.action()) && seen.add(e.actorId())
                    && !e.time().isBefore(oldest.plus(FIRST_SEEN_LEARNING))) {
                out.add(new SimDetection("first-seen-admin-actor", e.actorId(), List.of(e.id())));
            }
        }
        return out;
    }

    /**
     * Benign look-alikes over the last 30 days: logins from German cities and several IPs, group changes and product
     * role grants by the org admins, page edits, a few permission changes and trashed pages hours apart, an IP
     * allowlist edited but left enabled, a read-only app installed by an admin.
     */
    private void noise(Instant now) {
        List<SimUser> admins = org.users().stream().filter(u -> u.isOrgAdmin() && u.active()).toList();
        List<SimUser> all = org.users().stream().filter(SimUser::active).toList();
        if (admins.isEmpty() || all.isEmpty()) {
            return;
        }
        Instant begin = now.minus(29, ChronoUnit.DAYS);
        // known admins act in the first days: they are the baseline of the first-seen admin actor rule
        for (int i = 0; i < admins.size(); i++) {
            Instant t = begin.plus(2 + i, ChronoUnit.HOURS);
            SimUser admin = admins.get(i);
            org.events.add(event(t, "user_added_to_group", admin, BERLIN, List.of(userContext(pick(all)),
                    ctx("groups", Ids.uuid(r), Map.of("name", "confluence-users"))), null));
        }
        long span = Duration.between(begin, now.minus(1, ChronoUnit.HOURS)).toMillis();
        for (int i = 0; i < 40; i++) {
            SimUser u = pick(all);
            org.events.add(event(at(begin, span), i % 4 == 3 ? "user_logout" : "user_login", u, i % 3 == 0 ? MUNICH : BERLIN,
                    List.of(), null));
        }
        for (int i = 0; i < 12; i++) {
            SimUser admin = admins.get(i % admins.size());
            org.events.add(event(at(begin, span), i % 3 == 2 ? "user_removed_from_group" : "user_added_to_group", admin, BERLIN,
                    List.of(userContext(pick(all)), ctx("groups", Ids.uuid(r), Map.of("name", "jira-software-users"))), null));
        }
        for (int i = 0; i < 4; i++) {
            // product access, not an admin role: a look-alike of admin-role-granted
            org.events.add(event(at(begin, span), "user_granted_role", admins.get(i % admins.size()), BERLIN,
                    List.of(userContext(pick(all)), role(i % 2 == 0 ? "confluence/user" : "jira-software/user")), null));
        }
        for (int i = 0; i < 30; i++) {
            org.events.add(event(at(begin, span), "page_updated", pick(all), BERLIN, List.of(space(), page()), null));
        }
        // a few permission changes and trashed pages, one every ~5 days: far from any burst threshold
        for (int i = 0; i < 6; i++) {
            Instant day = begin.plus(1 + i * 5L, ChronoUnit.DAYS).plus(r.nextInt(8 * 60), ChronoUnit.MINUTES);
            org.events.add(event(day, "space_permission_added", pick(all), BERLIN,
                    List.of(space(), ctx("groups", Ids.uuid(r), Map.of("name", "confluence-users"))), null));
            org.events.add(event(day.plus(3, ChronoUnit.HOURS), "page_trashed", pick(all), BERLIN, List.of(space(), page()), null));
        }
        org.events.add(event(begin.plus(3, ChronoUnit.DAYS), "policy_updated", admins.get(0), BERLIN,
                List.of(policy("ip-allowlist", "Office networks", "enabled", "enabled")), null));
        org.events.add(event(begin.plus(4, ChronoUnit.DAYS), "app_installed", admins.get(0), BERLIN,
                List.of(app("com.example.read-only-reports", List.of("READ"))), null));
    }

    private Instant at(Instant begin, long span) {
        return begin.plusMillis(r.nextLong(span));
    }

    private SimUser pick(List<SimUser> users) {
        return users.get(r.nextInt(users.size()));
    }

    /**
     * Default actors: a known org admin for admin actions; for the rest the first active external (unmanaged) user, a
     * regular member or a site admin, so that each rule has its own look-alike-free actor.
     */
    private SimUser defaultActor(String scenario) {
        return switch (scenario) {
            case "external-api-token-created" -> org.users().stream().filter(u -> u.active() && !u.managed()).findFirst()
                    .orElse(regular(0));
            case "api-token-created", "app-installed-by-non-admin", "space-export" -> regular(0);
            case "permission-burst" -> regular(5);
            case "mass-deletion" -> regular(6);
            case "impossible-travel" -> regular(7);
            case "first-seen-admin" -> newAdminActor();
            default -> org.users().stream().filter(u -> u.active() && u.isOrgAdmin()).findFirst().orElse(org.users().get(0));
        };
    }

    /** An active managed account (site admins first) that has no org-administration action in the stream yet. */
    private SimUser newAdminActor() {
        Set<String> seen = new HashSet<>();
        org.events.stream().filter(e -> ADMIN_ACTIONS.contains(e.action())).forEach(e -> seen.add(e.actorId()));
        return org.users().stream().filter(u -> u.active() && u.managed() && !u.isOrgAdmin() && !seen.contains(u.accountId))
                .sorted(java.util.Comparator.comparing((SimUser u) -> !u.platformRoles.contains("atlassian/site-admin")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no account left that never acted as admin"));
    }

    /** The n-th (modulo) active managed member without admin roles. */
    private SimUser regular(int n) {
        List<SimUser> members = org.users().stream().filter(u -> u.active() && u.managed() && u.platformRoles.isEmpty()).toList();
        return members.isEmpty() ? org.users().get(0) : members.get(n % members.size());
    }

    private SimUser user(String accountId) {
        SimUser u = org.users.get(accountId);
        if (u == null) {
            throw new IllegalArgumentException("unknown user " + accountId);
        }
        return u;
    }

    private SimEvent event(Instant t, String action, SimUser actor, Place place, List<Map<String, Object>> context, String message) {
        String container = org.sites.isEmpty() ? org.id : org.sites.values().iterator().next().cloudId;
        // a sign-in names the account in its context, as the user_login sample of panther-analysis does
        List<Map<String, Object>> c = context.isEmpty() && action.startsWith("user_log") ? List.of(userContext(actor)) : context;
        return new SimEvent(Ids.uuid(r), t, action, actor.accountId, actor.name, actor.email, "container-token",
                place.ipPrefix() + (1 + r.nextInt(250)), container, place.country(), place.city(), c, message);
    }

    private static Map<String, Object> ctx(String type, String id, Map<String, Object> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("attributes", attributes);
        return m;
    }

    private static Map<String, Object> userContext(SimUser u) {
        return ctx("users", u.accountId, Map.of("accountType", u.accountType, "email", u.email, "name", u.name));
    }

    private Map<String, Object> role(String role) {
        return ctx("roles", role, Map.of("role", role));
    }

    private Map<String, Object> policy(String type, String name, String oldStatus, String newStatus) {
        String id = org.policies.values().stream().filter(p -> p.type.equals(type)).map(p -> p.id).findFirst().orElse(Ids.uuid(r));
        return ctx("policies", id, Map.of("name", name, "policyType", type, "oldStatus", oldStatus, "newStatus", newStatus));
    }

    private Map<String, Object> setting(String name, String oldValue, String newValue) {
        return ctx("authentication-policies", Ids.uuid(r), Map.of("name", "Default policy", "setting", name,
                "oldValue", oldValue, "newValue", newValue));
    }

    private Map<String, Object> app(String key, List<String> scopes) {
        return ctx("apps", key, Map.of("name", key.substring(key.lastIndexOf('.') + 1), "scopes", scopes));
    }

    private Map<String, Object> space() {
        return ctx("spaces", String.valueOf(100 + r.nextInt(50)), Map.of("key", "SP" + r.nextInt(50)));
    }

    private Map<String, Object> page() {
        return ctx("pages", String.valueOf(65_537L + r.nextInt(100_000)), Map.of("title", Names.pick(Names.TOPICS, r)));
    }
}
