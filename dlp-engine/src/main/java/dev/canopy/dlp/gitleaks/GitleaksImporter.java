package dev.canopy.dlp.gitleaks;

import com.google.re2j.PatternSyntaxException;
import dev.canopy.dlp.Category;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.LinearPattern;
import dev.canopy.dlp.Severity;
import dev.canopy.dlp.limits.RuleLimits;
import dev.canopy.dlp.prefilter.PrefixDfa;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Loads a gitleaks (v8) TOML rule set as detectors. Regexes are Go RE2 syntax and are compiled with RE2J (linear
 * time); rules RE2J can't compile, or that can't apply to page text, are reported in {@link Result#rejected()}
 * with a reason instead of failing the import.
 *
 * <p>Mapping: {@code keywords} feed the prefilter (the regex is confirmed within a window around each keyword hit;
 * rules without keywords run over the whole text), {@code secretGroup} selects the secret, {@code entropy} is a
 * minimum Shannon entropy of the secret (dropped when {@code <=}), rule {@code allowlists} / legacy
 * {@code allowlist} and the global {@code [allowlist]} are honoured for {@code regexes} (targets secret, match,
 * line), {@code stopwords} and {@code condition}; path and commit allowlists don't apply to page text.
 */
public final class GitleaksImporter {
    private GitleaksImporter() {
    }

    public record Rejected(String ruleId, String reason) {
    }

    public record Result(List<Detector> detectors, List<Rejected> rejected, int ruleCount) {
    }

    /** Window around a keyword hit for single-line rules, and for rules that can span lines. */
    static final int WINDOW = 320;
    static final int MULTILINE_WINDOW = 8192;

    public static Result load(String tomlText) {
        return load(tomlText, true, RuleLimits.DEFAULTS);
    }

    /** Loads with the given limits (program size, keyword-less cost, keywords, rules per set). */
    public static Result load(String tomlText, RuleLimits limits) {
        return load(tomlText, true, limits);
    }

    public static Result load(String tomlText, boolean anchor) {
        return load(tomlText, anchor, RuleLimits.DEFAULTS);
    }

    /**
     * @param anchor try rules as anchored matches at keyword hits when {@link AnchorAnalysis} shows that finds the
     *               same secrets (much faster); false runs every rule in windows around keyword hits
     */
    public static Result load(String tomlText, boolean anchor, RuleLimits limits) {
        // the gates are built from tenant-supplied regexes: their total construction time is bounded per import
        return load(tomlText, anchor, limits, PrefixDfa.Budget.of(limits.gateBuildCpu()));
    }

    /**
     * Same, building the DFA gates within {@code gateBudget} (shared with whatever else the caller compiles, e.g. all
     * of a tenant's sets in one engine build); rules past it run without a gate: the same findings, slower.
     */
    public static Result load(String tomlText, RuleLimits limits, PrefixDfa.Budget gateBudget) {
        return load(tomlText, true, limits, gateBudget);
    }

    private static Result load(String tomlText, boolean anchor, RuleLimits limits, PrefixDfa.Budget gateBudget) {
        TomlParseResult toml = Toml.parse(tomlText);
        if (toml.hasErrors()) {
            throw new IllegalArgumentException("not valid TOML: " + toml.errors().get(0));
        }
        List<Rejected> rejected = new ArrayList<>();
        Predicate<Candidate> global = null;
        TomlTable g = toml.getTable("allowlist");
        try {
            if (g != null) {
                global = allowlist(g, "global", limits, gateBudget);
            }
            TomlArray globals = toml.getArray("allowlists");
            if (globals != null) {
                for (int i = 0; i < globals.size(); i++) {
                    global = or(global, allowlist(globals.getTable(i), "global", limits, gateBudget));
                }
            }
        } catch (PatternSyntaxException | RejectedRegex e) {
            throw new IllegalArgumentException("global allowlist: " + e.getMessage());
        }
        List<Detector> detectors = new ArrayList<>();
        TomlArray rules = toml.getArray("rules");
        int count = rules == null ? 0 : rules.size();
        for (int i = 0; i < count; i++) {
            TomlTable r = rules.getTable(i);
            String id = r.getString("id");
            if (id == null || id.isBlank()) {
                rejected.add(new Rejected("#" + i, "rule has no id"));
                continue;
            }
            if (id.length() > 128) {
                id = id.substring(0, 128);
            }
            if (detectors.size() >= limits.maxImportedRules()) {
                rejected.add(new Rejected(id, "the rule set has more than " + limits.maxImportedRules()
                        + " rules; the rest are not imported"));
                continue;
            }
            String regex = r.getString("regex");
            if (regex == null || regex.isEmpty()) {
                rejected.add(new Rejected(id, r.getString("path") != null
                        ? "path-only rule (matches file names, not content)" : "rule has no regex"));
                continue;
            }
            if (r.getString("path") != null) {
                rejected.add(new Rejected(id, "rule also requires a file path match (path = " + r.getString("path")
                        + "); page text has no path"));
                continue;
            }
            List<String> keywordErrors = limits.checkKeywords(r.getArray("keywords") == null ? List.of()
                    : r.getArray("keywords").toList().stream().map(String::valueOf).toList());
            boolean hasKeywords = r.getArray("keywords") != null && !r.getArray("keywords").isEmpty();
            List<String> regexErrors = limits.checkRegex(regex, hasKeywords);
            if (!regexErrors.isEmpty() || !keywordErrors.isEmpty()) {
                List<String> all = new ArrayList<>(regexErrors);
                all.addAll(keywordErrors);
                rejected.add(new Rejected(id, String.join("; ", all)));
                continue;
            }
            LinearPattern p;
            try {
                p = LinearPattern.re2(regex);
            } catch (PatternSyntaxException e) {
                rejected.add(new Rejected(id, "regex not supported by RE2J: " + e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                rejected.add(new Rejected(id, "regex failed to compile: " + e));
                continue;
            }
            List<String> keywords = new ArrayList<>();
            TomlArray kw = r.getArray("keywords");
            boolean badKeyword = false;
            if (kw != null) {
                for (int k = 0; k < kw.size(); k++) {
                    String s = kw.getString(k).toLowerCase(Locale.ROOT);
                    if (!s.chars().allMatch(c -> c < 128)) {
                        badKeyword = true;
                    }
                    keywords.add(s);
                }
            }
            if (badKeyword) {
                rejected.add(new Rejected(id, "non-ASCII keyword " + keywords));
                continue;
            }
            Predicate<Candidate> allow = global;
            try {
                TomlArray als = r.getArray("allowlists");
                if (als != null) {
                    for (int a = 0; a < als.size(); a++) {
                        allow = or(allow, allowlist(als.getTable(a), id, limits, gateBudget));
                    }
                }
                TomlTable legacy = r.getTable("allowlist");
                if (legacy != null) {
                    allow = or(allow, allowlist(legacy, id, limits, gateBudget));
                }
            } catch (PatternSyntaxException e) {
                rejected.add(new Rejected(id, "allowlist regex not supported by RE2J: " + e.getMessage()));
                continue;
            } catch (RejectedRegex e) {
                rejected.add(new Rejected(id, "allowlist " + e.getMessage()));
                continue;
            }
            boolean multiline = regex.contains("[\\s\\S]") || regex.contains("(?s") || regex.contains("\\n")
                    || regex.contains("[\\r\\n]");
            int window = multiline ? MULTILINE_WINDOW : WINDOW;
            Long sg = r.get("secretGroup") instanceof Number n ? n.longValue() : null;
            Double entropy = r.get("entropy") instanceof Number n ? n.doubleValue() : null;
            Predicate<Candidate> finalAllow = allow;
            Detector.Builder b = Detector.builder("gitleaks:" + id).category(Category.SECRET)
                    .type(id.toUpperCase(Locale.ROOT).replace('-', '_'))
                    .title(r.getString("description") == null ? id : r.getString("description"))
                    .severity(Severity.HIGH).confidence(0.8).keywords(keywords).pattern(p)
                    .secretGroup(sg == null ? -1 : sg.intValue()).window(window, window)
                    .minEntropy(entropy == null ? 0 : entropy);
            AnchorAnalysis.Anchored anchored = AnchorAnalysis.analyse(regex, keywords);
            boolean anchoredForm = false;
            if (anchored != null && anchor) {
                try {
                    int maxLen = multiline ? 16_384 : 1024;
                    b.pattern(LinearPattern.re2(anchored.regex())).anchored(maxLen)
                            .boundaryBefore(anchored.boundaryBefore());
                    b.precheck(anchored::mayMatchAt);
                    // a DFA of the whole (over-approximated) regex rejects most hits in linear time and bounds
                    // the RE2J attempt for the rest
                    PrefixDfa dfa = PrefixDfa.forRe2(anchored.regex(), gateBudget);
                    if (dfa != null) {
                        b.reach(dfa::reach);
                    }
                    anchoredForm = true;
                } catch (PatternSyntaxException e) {
                    // keep the windowed form
                }
            }
            if (!anchoredForm) {
                // the windowed form runs RE2J's NFA over every window around a keyword ("test_" of lob-api-key's
                // "(live|test)_[a-f0-9]{35}" opens one on most runbooks); a DFA of the whole regex rules most out
                PrefixDfa gate = PrefixDfa.forFind(regex, gateBudget);
                if (gate != null) {
                    b.windowGate(gate::occursIn);
                }
            }
            if (finalAllow != null) {
                b.allowlist(c -> finalAllow.test(new Candidate(c.secret(), c.match(), c.line())));
            }
            detectors.add(b.build());
        }
        return new Result(List.copyOf(detectors), List.copyOf(rejected), count);
    }

    private record Candidate(String secret, String match, String line) {
    }

    private static Predicate<Candidate> or(Predicate<Candidate> a, Predicate<Candidate> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.or(b);
    }

    /** Null when the allowlist has nothing that applies to page text (paths/commits only). */
    /** An allowlist regex over the limits (its message starts with "regex: "). */
    private static final class RejectedRegex extends RuntimeException {
        RejectedRegex(String message) {
            super(message, null, false, false);
        }
    }

    private static Predicate<Candidate> allowlist(TomlTable t, String owner, RuleLimits limits,
            PrefixDfa.Budget gateBudget) {
        List<LinearPattern> regexes = new ArrayList<>();
        TomlArray rs = t.getArray("regexes");
        if (rs != null) {
            for (int i = 0; i < rs.size(); i++) {
                // allowlist regexes run on every candidate: the same program-size limit as rules (they only see a
                // candidate, so the keyword-less whole-text cost doesn't apply)
                List<String> errors = limits.checkRegex(rs.getString(i), true);
                if (!errors.isEmpty()) {
                    throw new RejectedRegex(String.join("; ", errors));
                }
                regexes.add(LinearPattern.re2(rs.getString(i)));
            }
        }
        List<String> stopwords = new ArrayList<>();
        TomlArray sw = t.getArray("stopwords");
        if (sw != null) {
            for (int i = 0; i < sw.size(); i++) {
                stopwords.add(sw.getString(i).toLowerCase(Locale.ROOT));
            }
        }
        boolean hasPaths = t.getArray("paths") != null || t.getArray("commits") != null;
        String target = t.getString("regexTarget") == null ? "secret" : t.getString("regexTarget");
        boolean and = "AND".equalsIgnoreCase(t.getString("condition"));
        if (regexes.isEmpty() && stopwords.isEmpty()) {
            return null;
        }
        if (and && hasPaths) {
            return null; // an AND with a path condition can never hold for page text
        }
        Stopwords sws = new Stopwords(stopwords);
        LinearPattern[] res = regexes.toArray(new LinearPattern[0]);
        // one DFA gate per regex (null: none could be built, RE2J decides alone)
        PrefixDfa[] gates = new PrefixDfa[res.length];
        for (int i = 0; i < res.length; i++) {
            gates[i] = PrefixDfa.forFind(res[i].source(), gateBudget);
        }
        // stopwords first: one pass over the secret, which often decides without the regexes
        return c -> {
            boolean stopHit = sws.occurIn(c.secret());
            if (!and && stopHit) {
                return true; // OR: a stopword is enough
            }
            if (and && !sws.isEmpty() && !stopHit) {
                return false; // AND: a stopword is required
            }
            if (res.length == 0) {
                return stopHit;
            }
            String v = switch (target) {
                case "match" -> c.match();
                case "line" -> c.line();
                default -> c.secret();
            };
            for (int i = 0; i < res.length; i++) {
                if ((gates[i] == null || gates[i].occursIn(v)) && res[i].find(v)) {
                    return true;
                }
            }
            return false;
        };
    }
}
