package dev.canopy.findings.domain.detect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.canopy.contracts.rest.ProblemException;

/**
 * One tenant's detection settings: on/off, rules switched off, accounts excluded (service accounts, break-glass
 * admins), sensitivity and threshold overrides. Everything a tenant sends is bounded here, so a tenant cannot make
 * the processor keep unbounded state (a window holds at most {@link #MAX_WINDOW_EVENTS} events).
 */
public record DetectionSettings(boolean enabled, Set<String> disabledRules, Set<String> excludedAccounts,
        String sensitivity, Map<String, Integer> thresholds) {

    public static final int MAX_WINDOW_EVENTS = 1000;
    public static final int MAX_EXCLUDED_ACCOUNTS = 500;
    public static final List<String> SENSITIVITIES = List.of("low", "medium", "high");

    /** A threshold: its default (the simulator README's and Guard-like values) and the allowed range. */
    public record Threshold(String key, int defaultValue, int min, int max, boolean scalesWithSensitivity,
            String description) {
    }

    public static final Map<String, Threshold> THRESHOLDS = thresholds(
            new Threshold("permissionBurstCount", 20, 2, MAX_WINDOW_EVENTS, true,
                    "permission changes by one account within the burst window"),
            new Threshold("permissionBurstMinutes", 10, 1, 1440, false, "burst window in minutes"),
            new Threshold("massDeletionCount", 25, 2, MAX_WINDOW_EVENTS, true,
                    "deletions or trashings by one account within the deletion window"),
            new Threshold("massDeletionMinutes", 10, 1, 1440, false, "deletion window in minutes"),
            new Threshold("travelCountries", 2, 2, 20, true, "distinct countries of one account within the travel window"),
            new Threshold("travelMinutes", 60, 1, 1440, false, "travel window in minutes"),
            new Threshold("firstSeenLearningDays", 7, 0, 90, false,
                    "days from the tenant's first audit event during which admin actors are learnt, not reported"));

    public static final DetectionSettings DEFAULTS = new DetectionSettings(true, Set.of(), Set.of(), "medium", Map.of());

    public DetectionSettings {
        disabledRules = disabledRules == null ? Set.of() : Set.copyOf(new TreeSet<>(disabledRules));
        excludedAccounts = excludedAccounts == null ? Set.of() : Set.copyOf(new TreeSet<>(excludedAccounts));
        sensitivity = sensitivity == null ? "medium" : sensitivity.toLowerCase(Locale.ROOT);
        thresholds = thresholds == null ? Map.of() : Map.copyOf(new TreeMap<>(thresholds));
    }

    /** Checks what a tenant sent; a 400 problem names the first bad field. */
    public DetectionSettings validated() {
        for (String rule : disabledRules) {
            if (DetectionRule.byId(rule).isEmpty()) {
                throw ProblemException.badParameter("disabledRules", "unknown rule '" + abbreviate(rule) + "'");
            }
        }
        if (excludedAccounts.size() > MAX_EXCLUDED_ACCOUNTS) {
            throw ProblemException.badParameter("excludedAccounts", "at most " + MAX_EXCLUDED_ACCOUNTS + " accounts");
        }
        for (String account : excludedAccounts) {
            if (account == null || !account.matches("[A-Za-z0-9:._-]{1,128}")) {
                throw ProblemException.badParameter("excludedAccounts", "'" + abbreviate(account)
                        + "' is not an Atlassian account id");
            }
        }
        if (!SENSITIVITIES.contains(sensitivity)) {
            throw ProblemException.badParameter("sensitivity", "use one of " + SENSITIVITIES);
        }
        for (Map.Entry<String, Integer> e : thresholds.entrySet()) {
            Threshold t = THRESHOLDS.get(e.getKey());
            if (t == null) {
                throw ProblemException.badParameter("thresholds", "unknown threshold '" + abbreviate(e.getKey())
                        + "'; known: " + THRESHOLDS.keySet());
            }
            if (e.getValue() == null || e.getValue() < t.min() || e.getValue() > t.max()) {
                throw ProblemException.badParameter("thresholds." + t.key(), "must be between " + t.min() + " and "
                        + t.max());
            }
        }
        return this;
    }

    public boolean ruleEnabled(DetectionRule rule) {
        return enabled && !disabledRules.contains(rule.id());
    }

    public boolean excluded(String accountId) {
        return accountId != null && excludedAccounts.contains(accountId);
    }

    /**
     * The value in force: the tenant's override, else the default scaled by sensitivity (high halves count
     * thresholds, low doubles them; never below the threshold's minimum).
     */
    public int threshold(String key) {
        Threshold t = THRESHOLDS.get(key);
        if (t == null) {
            throw new IllegalArgumentException("unknown threshold " + key);
        }
        Integer override = thresholds.get(key);
        if (override != null) {
            return override;
        }
        if (!t.scalesWithSensitivity()) {
            return t.defaultValue();
        }
        int scaled = switch (sensitivity) {
            case "high" -> t.key().equals("travelCountries") ? t.defaultValue() : t.defaultValue() / 2;
            case "low" -> t.key().equals("travelCountries") ? t.defaultValue() + 1 : t.defaultValue() * 2;
            default -> t.defaultValue();
        };
        return Math.max(t.min(), Math.min(t.max(), scaled));
    }

    public Duration minutes(String key) {
        return Duration.ofMinutes(threshold(key));
    }

    /** Every threshold in force, for the REST view. */
    public Map<String, Integer> effectiveThresholds() {
        Map<String, Integer> m = new LinkedHashMap<>();
        THRESHOLDS.keySet().forEach(k -> m.put(k, threshold(k)));
        return m;
    }

    private static Map<String, Threshold> thresholds(Threshold... all) {
        Map<String, Threshold> m = new LinkedHashMap<>();
        for (Threshold t : all) {
            m.put(t.key(), t);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
