package dev.canopy.simulator.jira;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.canopy.simulator.http.ApiUser;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimSite;

/**
 * The subset of JQL an integration needs to list changes: {@code project = X | in (…)}, {@code key|id = … | in (…)},
 * {@code updated|created >=|>|<=|< <date>} joined by {@code AND}, and {@code ORDER BY} up to 7 of
 * {@code updated, created, key, id} with {@code ASC|DESC}. As on Cloud:
 * <ul>
 * <li>dates are {@code "yyyy-MM-dd HH:mm"}, {@code "yyyy/MM/dd HH:mm"}, a day, {@code now()} or relative
 * ({@code -5m}, {@code -2h}, {@code -1d}, {@code -1w}); minute-granular and read in the calling user's profile time zone (Atlassian's JQL
 * reference: date values are interpreted in the user's time zone), the same zone as CQL here;</li>
 * <li>the enhanced search needs a bounded query: without a restriction it answers 400 "Unbounded JQL queries are not
 * allowed here. Please add a search restriction to your query." (reported verbatim in raycast/extensions#21425);</li>
 * <li>a project the caller cannot browse does not exist for JQL: "The value 'X' does not exist for the field
 * 'project'.";</li>
 * <li>anything else the simulator does not implement is a 400 "Error in the JQL Query: …", never silently ignored.</li>
 * </ul>
 */
public final class Jql {
    private static final Pattern ORDER = Pattern.compile("(?i)\\border\\s+by\\s+(.+)$");
    private static final Pattern CLAUSE = Pattern.compile(
            "(?i)^\\s*(project|key|issuekey|id|updated|created)\\s*(>=|<=|!=|=|>|<|\\s+in\\s+)\\s*(.+?)\\s*$");
    private static final Pattern RELATIVE = Pattern.compile("^([-+]?)(\\d+)([mhdw])$");
    private static final DateTimeFormatter[] MINUTE = {DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm")};
    private static final DateTimeFormatter[] DAY = {DateTimeFormatter.ofPattern("yyyy-MM-dd"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd")};

    /** A parsed query: which issues match (among those the caller can see) and in which order. */
    public record Query(Predicate<SimIssue> filter, Comparator<SimIssue> order) {
    }

    /** Thrown for a query Jira would answer 400 to; the message is Jira's. */
    public static final class JqlException extends RuntimeException {
        public JqlException(String message) {
            super(message);
        }
    }

    private Jql() {
    }

    public static Query parse(String jql, SimSite site, Instant now) {
        String text = jql == null ? "" : jql.trim();
        Comparator<SimIssue> order = Comparator.comparing((SimIssue i) -> i.createdAt).reversed();
        Matcher m = ORDER.matcher(text);
        if (m.find()) {
            order = order(m.group(1));
            text = text.substring(0, m.start()).trim();
        }
        if (text.isEmpty()) {
            throw new JqlException("Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        if (Pattern.compile("(?i)\\s(or|not)\\s").matcher(" " + text + " ").find()) {
            throw new JqlException("Error in the JQL Query: OR and NOT are not supported by this simulator.");
        }
        Predicate<SimIssue> filter = i -> true;
        for (String clause : text.split("(?i)\\s+and\\s+")) {
            filter = filter.and(clause(clause, site, now));
        }
        return new Query(filter, order);
    }

    private static Predicate<SimIssue> clause(String clause, SimSite site, Instant now) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            throw new JqlException("Error in the JQL Query: Expecting a field, an operator and a value but got '" + clause.trim() + "'.");
        }
        String field = m.group(1).toLowerCase(Locale.ROOT);
        String op = m.group(2).trim().toLowerCase(Locale.ROOT);
        String value = m.group(3);
        switch (field) {
            case "project" -> {
                List<Long> ids = new ArrayList<>();
                for (String v : values(op, value)) {
                    SimProject p = site.projects.values().stream().filter(x -> x.browsable
                            && (x.key.equalsIgnoreCase(v) || String.valueOf(x.id).equals(v) || x.name.equalsIgnoreCase(v)))
                            .findFirst().orElse(null);
                    if (p == null) {
                        throw new JqlException("The value '" + v + "' does not exist for the field 'project'.");
                    }
                    ids.add(p.id);
                }
                return negate(op, i -> ids.contains(i.projectId));
            }
            case "key", "issuekey", "id" -> {
                List<String> values = values(op, value);
                return negate(op, i -> values.contains(i.key) || values.contains(String.valueOf(i.id)));
            }
            default -> {
                if (op.equals("in") || op.equals("!=") || op.equals("=")) {
                    throw new JqlException("Error in the JQL Query: the simulator supports only >=, >, <= and < on '" + field + "'.");
                }
                Instant bound = date(unquote(value), now, field);
                boolean updated = field.equals("updated");
                return i -> {
                    Instant t = updated ? i.updatedAt : i.createdAt;
                    return switch (op) {
                        case ">=" -> !t.isBefore(bound);
                        case ">" -> t.isAfter(bound);
                        case "<=" -> !t.isAfter(bound);
                        default -> t.isBefore(bound);
                    };
                };
            }
        }
    }

    private static Predicate<SimIssue> negate(String op, Predicate<SimIssue> p) {
        return op.equals("!=") ? p.negate() : p;
    }

    private static List<String> values(String op, String value) {
        if (op.equals("in")) {
            String v = value.trim();
            if (!v.startsWith("(") || !v.endsWith(")")) {
                throw new JqlException("Error in the JQL Query: Expecting '(' after 'in'.");
            }
            List<String> out = new ArrayList<>();
            for (String part : v.substring(1, v.length() - 1).split(",")) {
                out.add(unquote(part.trim()));
            }
            return out;
        }
        return List.of(unquote(value.trim()));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    static Instant date(String v, Instant now, String field) {
        if (v.trim().equalsIgnoreCase("now()")) {
            return now;
        }
        Matcher rel = RELATIVE.matcher(v.trim());
        if (rel.matches()) {
            long n = Long.parseLong(rel.group(2)) * ("-".equals(rel.group(1)) ? -1 : 1);
            Duration unit = switch (rel.group(3)) {
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.plus(unit.multipliedBy(n));
        }
        for (DateTimeFormatter f : MINUTE) {
            try {
                return LocalDateTime.parse(v.trim(), f).atZone(ApiUser.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        for (DateTimeFormatter f : DAY) {
            try {
                return LocalDate.parse(v.trim(), f).atStartOfDay(ApiUser.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        throw new JqlException("Date value '" + v + "' for field '" + field + "' is invalid. Valid formats include: "
                + "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
    }

    private static Comparator<SimIssue> order(String spec) {
        String[] parts = spec.split(",");
        if (parts.length > 7) {
            throw new JqlException("Error in the JQL Query: The ORDER BY clause can contain at most 7 fields.");
        }
        Comparator<SimIssue> c = null;
        for (String part : parts) {
            String[] words = part.trim().split("\\s+");
            Comparator<SimIssue> one = switch (words[0].toLowerCase(Locale.ROOT)) {
                case "updated" -> Comparator.comparing((SimIssue i) -> i.updatedAt);
                case "created" -> Comparator.comparing((SimIssue i) -> i.createdAt);
                // keys sort by project, then by number (PROJ-9 before PROJ-10)
                case "key", "issuekey" -> Comparator.comparing((SimIssue i) -> i.key.substring(0, i.key.indexOf('-')))
                        .thenComparingLong(i -> Long.parseLong(i.key.substring(i.key.indexOf('-') + 1)));
                case "id" -> Comparator.comparingLong((SimIssue i) -> i.id);
                default -> throw new JqlException("Error in the JQL Query: the simulator cannot order by '" + words[0] + "'.");
            };
            if (words.length > 1 && words[1].equalsIgnoreCase("desc")) {
                one = one.reversed();
            } else if (words.length > 1 && !words[1].equalsIgnoreCase("asc")) {
                throw new JqlException("Error in the JQL Query: Expecting either 'ASC' or 'DESC' but got '" + words[1] + "'.");
            }
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }
}
