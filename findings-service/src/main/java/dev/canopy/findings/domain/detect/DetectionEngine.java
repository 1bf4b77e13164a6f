package dev.canopy.findings.domain.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.canopy.contracts.events.data.AuditEventData;
import dev.canopy.contracts.events.data.DetectionData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.findings.domain.detect.DetectionState.Account;
import dev.canopy.findings.domain.detect.DetectionState.ActivityWindow;
import dev.canopy.findings.domain.detect.DetectionState.AdminActor;
import dev.canopy.findings.domain.detect.DetectionState.Seen;

/**
 * Evaluates every detection rule on one audit event of one tenant, with that tenant's settings and remembered state.
 * Pure logic: no I/O, the caller supplies the state (Kafka Streams stores) and publishes what is returned.
 *
 * <p>Processing the same event twice (a replay after a crash) raises nothing new: windows and first-seen actors
 * remember event ids, and a detection's id is derived from the rule and its first triggering event, so a repeated
 * detection carries the same id and the findings lifecycle recognises it.
 *
 * <p>Action keys: {@code added_org_admin}, {@code user_granted_role}, {@code user_logged_in_as_user},
 * {@code user_login} are Atlassian's own keys (as seen in public detection rules for the organization audit log);
 * the others follow the display names of Atlassian's "Audit log activities" list and may need aliases once seen on
 * a real organization (README, known limitations).
 */
public final class DetectionEngine {
    /** Org-administration actions: the first-seen admin actor rule watches these. */
    public static final Set<String> ADMIN_ACTIONS = Set.of("added_org_admin", "removed_org_admin", "user_granted_role",
            "user_revoked_role", "user_added_to_group", "user_removed_from_group", "group_created", "group_deleted",
            "policy_created", "policy_updated", "policy_deleted", "authentication_policy_updated", "api_key_created",
            "api_key_revoked", "user_logged_in_as_user", "user_created", "user_deactivated", "domain_verified");
    public static final Set<String> PERMISSION_ACTIONS = Set.of("space_permission_added", "space_permission_removed",
            "space_permissions_updated", "page_restriction_added", "page_restriction_removed",
            "page_restrictions_updated", "project_role_actor_added", "project_role_actor_removed",
            "permission_scheme_updated");
    public static final Set<String> DELETION_ACTIONS = Set.of("page_trashed", "page_deleted", "page_purged",
            "blogpost_trashed", "blogpost_deleted", "space_trashed", "space_deleted", "issue_deleted",
            "attachment_deleted", "comment_deleted");
    /** App scopes that reach beyond reading: admin, acting as any user, administering projects or spaces. */
    static final Set<String> BROAD_SCOPES = Set.of("ADMIN", "ACT_AS_USER", "PROJECT_ADMIN", "SPACE_ADMIN",
            "manage:jira-configuration", "manage:confluence-configuration", "manage:org", "write:org");

    /** A user record updates what the directory says about the account (admin role, managed). */
    public void onUser(UserData user, DetectionState state) {
        boolean admin = user.platformRoles().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains("admin"));
        state.putAccount(user.accountId(), new Account(admin, user.managed()));
    }

    /**
     * Every detection the event raises. {@code at} is the event's time (its {@code created}, else when it was
     * observed).
     */
    public List<DetectionData> onAuditEvent(AuditEventData e, Instant at, DetectionSettings settings,
            DetectionState state) {
        Instant first = state.firstEventAt().orElse(null);
        if (first == null || at.isBefore(first)) {
            state.putFirstEventAt(at);
            first = at;
        }
        List<DetectionData> out = new ArrayList<>();
        if (!settings.enabled() || settings.excluded(e.actorAccountId())) {
            return out;
        }
        AuditFacts facts = new AuditFacts(e);
        single(e, facts, state).forEach((rule, d) -> {
            if (settings.ruleEnabled(rule)) {
                out.add(d);
            }
        });
        String actor = e.actorAccountId();
        if (actor == null || actor.isBlank()) {
            return out;
        }
        if (PERMISSION_ACTIONS.contains(e.action()) && settings.ruleEnabled(DetectionRule.PERMISSION_CHANGE_BURST)) {
            window(DetectionRule.PERMISSION_CHANGE_BURST, e, at, settings.threshold("permissionBurstCount"),
                    settings.minutes("permissionBurstMinutes"), state).ifPresent(out::add);
        }
        if (DELETION_ACTIONS.contains(e.action()) && settings.ruleEnabled(DetectionRule.MASS_DELETION)) {
            window(DetectionRule.MASS_DELETION, e, at, settings.threshold("massDeletionCount"),
                    settings.minutes("massDeletionMinutes"), state).ifPresent(out::add);
        }
        if (e.location() != null && !e.location().isBlank() && settings.ruleEnabled(DetectionRule.IMPOSSIBLE_TRAVEL)) {
            window(DetectionRule.IMPOSSIBLE_TRAVEL, e, at, settings.threshold("travelCountries"),
                    settings.minutes("travelMinutes"), state).ifPresent(out::add);
        }
        if (ADMIN_ACTIONS.contains(e.action()) && settings.ruleEnabled(DetectionRule.FIRST_SEEN_ADMIN_ACTOR)) {
            firstSeen(e, at, first, Duration.ofDays(settings.threshold("firstSeenLearningDays")), state)
                    .ifPresent(out::add);
        }
        return out;
    }

    /** Rules decided by the event alone (and the directory). */
    private Map<DetectionRule, DetectionData> single(AuditEventData e, AuditFacts facts, DetectionState state) {
        Map<DetectionRule, DetectionData> out = new LinkedHashMap<>();
        Optional<Account> actor = e.actorAccountId() == null ? Optional.empty() : state.account(e.actorAccountId());
        switch (e.action()) {
            case "added_org_admin" -> out.put(DetectionRule.ORG_ADMIN_GRANTED, single(DetectionRule.ORG_ADMIN_GRANTED, e,
                    target(facts, "users", "user"), Map.of("role", "atlassian/org-admin")));
            case "user_granted_role" -> {
                String role = facts.first("roles").map(r -> r.attribute("role") != null ? r.attribute("role") : r.id())
                        .orElse("");
                DetectionData.Target user = target(facts, "users", "user");
                if (role.equals("atlassian/org-admin")) {
                    out.put(DetectionRule.ORG_ADMIN_GRANTED, single(DetectionRule.ORG_ADMIN_GRANTED, e, user,
                            Map.of("role", role)));
                } else if (role.toLowerCase(Locale.ROOT).contains("admin")) {
                    out.put(DetectionRule.ADMIN_ROLE_GRANTED, single(DetectionRule.ADMIN_ROLE_GRANTED, e, user,
                            Map.of("role", role)));
                }
            }
            case "api_key_created" -> out.put(DetectionRule.ORG_API_KEY_CREATED, single(DetectionRule.ORG_API_KEY_CREATED,
                    e, target(facts, "api-keys", "org-api-key"), Map.of()));
            case "api_token_created" -> {
                boolean external = actor.map(a -> Boolean.FALSE.equals(a.managed())).orElse(false);
                DetectionRule rule = external ? DetectionRule.EXTERNAL_USER_API_TOKEN_CREATED
                        : DetectionRule.USER_API_TOKEN_CREATED;
                out.put(rule, single(rule, e, target(facts, "api-tokens", "api-token"),
                        Map.of("actorManaged", actor.map(a -> String.valueOf(a.managed())).orElse("unknown"))));
            }
            case "policy_updated", "policy_deleted", "policy_disabled" -> facts.first("policies").ifPresent(p -> {
                String type = String.valueOf(p.attribute("policyType"));
                String before = p.attribute("oldStatus");
                String after = "policy_deleted".equals(e.action()) ? "deleted"
                        : "policy_disabled".equals(e.action()) ? "disabled" : p.attribute("newStatus");
                boolean weakened = ("disabled".equals(after) || "deleted".equals(after)) && !after.equals(before);
                if (weakened) {
                    DetectionRule rule = switch (type) {
                        case "ip-allowlist" -> DetectionRule.IP_ALLOWLIST_POLICY_DISABLED;
                        case "data-security" -> DetectionRule.DATA_SECURITY_POLICY_DELETED;
                        default -> DetectionRule.SECURITY_POLICY_DISABLED;
                    };
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("policyType", type);
                    f.put("newStatus", after);
                    if (before != null) {
                        f.put("oldStatus", before);
                    }
                    out.put(rule, single(rule, e, new DetectionData.Target("policy", p.id(), p.label()), f));
                }
            });
            case "authentication_policy_updated" -> facts.first("authentication-policies").ifPresent(p -> {
                String setting = String.valueOf(p.attribute("setting"));
                String before = String.valueOf(p.attribute("oldValue")).toLowerCase(Locale.ROOT);
                String after = String.valueOf(p.attribute("newValue")).toLowerCase(Locale.ROOT);
                Map<String, Object> f = Map.of("setting", setting, "oldValue", before, "newValue", after);
                DetectionData.Target policy = new DetectionData.Target("authentication-policy", p.id(), p.label());
                if (setting.equals("ssoEnforced") && before.equals("true") && !after.equals("true")) {
                    out.put(DetectionRule.SSO_ENFORCEMENT_REMOVED, single(DetectionRule.SSO_ENFORCEMENT_REMOVED, e,
                            policy, f));
                } else if (setting.equals("twoStepVerification") && before.equals("required") && !after.equals("required")) {
                    out.put(DetectionRule.TWO_STEP_ENFORCEMENT_REMOVED, single(DetectionRule.TWO_STEP_ENFORCEMENT_REMOVED,
                            e, policy, f));
                }
            });
            case "authentication_policy_deleted" -> out.put(DetectionRule.SECURITY_POLICY_DISABLED,
                    single(DetectionRule.SECURITY_POLICY_DISABLED, e, target(facts, "authentication-policies",
                            "authentication-policy"), Map.of("policyType", "authentication", "newStatus", "deleted")));
            case "user_logged_in_as_user" -> out.put(DetectionRule.USER_IMPERSONATION,
                    single(DetectionRule.USER_IMPERSONATION, e, target(facts, "users", "user"), Map.of()));
            case "app_installed" -> facts.first("apps").ifPresent(app -> {
                List<String> scopes = app.list("scopes");
                List<String> broad = scopes.stream().filter(BROAD_SCOPES::contains).toList();
                DetectionData.Target target = new DetectionData.Target("app", app.id(), app.label());
                if (!broad.isEmpty()) {
                    out.put(DetectionRule.APP_INSTALLED_BROAD_SCOPES, single(DetectionRule.APP_INSTALLED_BROAD_SCOPES, e,
                            target, Map.of("scopes", scopes, "broadScopes", broad)));
                }
                // only when the directory knows the actor: an unknown actor is not evidence of a non-admin
                if (actor.isPresent() && !actor.get().admin()) {
                    out.put(DetectionRule.APP_INSTALLED_BY_NON_ADMIN, single(DetectionRule.APP_INSTALLED_BY_NON_ADMIN, e,
                            target, Map.of("scopes", scopes)));
                }
            });
            case "site_exported" -> out.put(DetectionRule.SITE_EXPORT, single(DetectionRule.SITE_EXPORT, e,
                    target(facts, "exports", "export"), Map.of()));
            case "space_exported" -> out.put(DetectionRule.SPACE_EXPORT, single(DetectionRule.SPACE_EXPORT, e,
                    target(facts, "spaces", "space"), Map.of()));
            default -> {
                // not a single-event rule
            }
        }
        return out;
    }

    /**
     * Adds the event to the actor's window for {@code rule}; raises the rule once when the events (or, for travel,
     * the distinct countries) inside one window of length {@code length} reach {@code threshold}. Later events of
     * the same episode (less than a window after its latest event) are absorbed.
     */
    private Optional<DetectionData> window(DetectionRule rule, AuditEventData e, Instant at, int threshold,
            Duration length, DetectionState state) {
        String actor = e.actorAccountId();
        ActivityWindow w = state.window(rule, actor).orElse(ActivityWindow.EMPTY);
        if (w.events().stream().anyMatch(s -> s.id().equals(e.eventId()))) {
            return Optional.empty(); // a replay of an event already counted
        }
        List<Seen> events = new ArrayList<>(w.events());
        events.add(new Seen(e.eventId(), at, e.location()));
        events.sort(Comparator.comparing(Seen::at).thenComparing(Seen::id));
        Instant latest = events.get(events.size() - 1).at();
        events.removeIf(s -> s.at().isBefore(latest.minus(length)));
        while (events.size() > DetectionSettings.MAX_WINDOW_EVENTS) {
            events.remove(0);
        }
        if (w.episodeId() != null && w.episodeLastAt() != null && !at.isAfter(w.episodeLastAt().plus(length))) {
            Instant last = at.isAfter(w.episodeLastAt()) ? at : w.episodeLastAt();
            state.putWindow(rule, actor, new ActivityWindow(events, w.episodeId(), last));
            return Optional.empty();
        }
        List<Seen> members = crossing(events, at, length, threshold, rule.shape() == DetectionRule.Shape.WINDOW_COUNTRIES);
        if (members.isEmpty()) {
            state.putWindow(rule, actor, new ActivityWindow(events, null, null));
            return Optional.empty();
        }
        String id = rule.id() + ":" + members.get(0).id();
        Instant last = members.get(members.size() - 1).at();
        state.putWindow(rule, actor, new ActivityWindow(events, id, last));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("threshold", threshold);
        facts.put("windowMinutes", length.toMinutes());
        if (rule.shape() == DetectionRule.Shape.WINDOW_COUNTRIES) {
            facts.put("countries", new ArrayList<>(countries(members)));
        }
        List<String> ids = members.stream().map(Seen::id).limit(DetectionData.MAX_EVENT_IDS).toList();
        return Optional.of(new DetectionData(id, rule.id(), actor, e.actorName(), e.action(), members.get(0).at(), last,
                ids, members.size(), e.ipAddress(), e.location(), null, facts));
    }

    /**
     * The events of the earliest window (of the given length) that contains {@code at} and reaches the threshold,
     * or none.
     */
    private static List<Seen> crossing(List<Seen> events, Instant at, Duration length, int threshold,
            boolean countCountries) {
        // two pointers over the time-sorted events: [i, j) is the window starting at event i
        Map<String, Integer> countries = new HashMap<>();
        int j = 0;
        for (int i = 0; i < events.size(); i++) {
            Instant start = events.get(i).at();
            if (start.isAfter(at)) {
                break;
            }
            while (j < events.size() && !events.get(j).at().isAfter(start.plus(length))) {
                if (events.get(j).country() != null) {
                    countries.merge(events.get(j).country(), 1, Integer::sum);
                }
                j++;
            }
            if (!start.isBefore(at.minus(length))) {
                int measure = countCountries ? countries.size() : j - i;
                if (measure >= threshold) {
                    return events.subList(i, j);
                }
            }
            if (events.get(i).country() != null) {
                countries.computeIfPresent(events.get(i).country(), (c, n) -> n > 1 ? n - 1 : null);
            }
        }
        return List.of();
    }

    private static Set<String> countries(List<Seen> members) {
        Set<String> c = new LinkedHashSet<>();
        members.stream().map(Seen::country).filter(x -> x != null && !x.isBlank()).forEach(c::add);
        return c;
    }

    /** The first administration action of an actor after the learning period raises a detection. */
    private Optional<DetectionData> firstSeen(AuditEventData e, Instant at, Instant tenantStart, Duration learning,
            DetectionState state) {
        String actor = e.actorAccountId();
        Optional<AdminActor> known = state.adminActor(actor);
        if (known.isPresent()) {
            return Optional.empty();
        }
        boolean learningPeriod = at.isBefore(tenantStart.plus(learning));
        DetectionData d = learningPeriod ? null : single(DetectionRule.FIRST_SEEN_ADMIN_ACTOR, e, null,
                Map.of("learningDays", learning.toDays()));
        state.putAdminActor(actor, new AdminActor(e.eventId(), at, d == null ? null : d.detectionId()));
        return Optional.ofNullable(d);
    }

    private static DetectionData single(DetectionRule rule, AuditEventData e, DetectionData.Target target,
            Map<String, Object> facts) {
        Instant at = e.created();
        return new DetectionData(rule.id() + ":" + e.eventId(), rule.id(), e.actorAccountId(), e.actorName(), e.action(),
                at, at, List.of(e.eventId()), 1, e.ipAddress(), e.location(), target, new TreeMap<>(facts));
    }

    private static DetectionData.Target target(AuditFacts facts, String contextType, String targetType) {
        return facts.first(contextType).map(c -> new DetectionData.Target(targetType, c.id(), c.label())).orElse(null);
    }
}
