package dev.canopy.simulator.confluence;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimSite;

/**
 * The subset of CQL the connector uses: {@code type = x}, {@code type in (a, b)}, {@code space = KEY},
 * {@code lastmodified >=|>|<=|< "yyyy-MM-dd HH:mm"} (or {@code yyyy-MM-dd}), joined by {@code and}, optional
 * {@code order by lastmodified|created asc|desc}. CQL dates are minute-granular and, as on Cloud, read in the calling
 * user's profile time zone, not UTC: "search results involving the lastModified field are relative to your configured
 * timezone" (Atlassian's CQL field reference, as quoted in infiniflow/ragflow PR #18501's review of a Confluence
 * connector that formatted its bound in UTC; Onyx's connector carries a {@code timezone_offset} setting for the same
 * reason). Every simulated API user lives in {@link #API_USER_ZONE}, west of UTC, so a client that writes its bound in
 * UTC misses recent changes here exactly as it would on a real site.
 */
record Cql(Predicate<SimContent> filter, String orderField, boolean desc) {
    private static final Pattern TYPE_EQ = Pattern.compile("(?i)^type\\s*=\\s*\"?(\\w+)\"?$");
    private static final Pattern TYPE_IN = Pattern.compile("(?i)^type\\s+in\\s*\\(([^)]*)\\)$");
    private static final Pattern SPACE = Pattern.compile("(?i)^space(?:\\.key)?\\s*=\\s*\"?([\\w~-]+)\"?$");
    private static final Pattern MODIFIED = Pattern.compile("(?i)^(lastmodified|created)\\s*(>=|<=|>|<|=)\\s*[\"']([^\"']+)[\"']$");
    private static final Pattern ORDER = Pattern.compile("(?i)\\s+order\\s+by\\s+(\\w+)(?:\\s+(asc|desc))?\\s*$");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    /** The profile time zone of the simulated API users (an integration's user is rarely in UTC). */
    static final java.time.ZoneId API_USER_ZONE = dev.canopy.simulator.http.ApiUser.ZONE;

    static Cql parse(String cql, SimSite site) {
        if (cql == null || cql.isBlank()) {
            throw new IllegalArgumentException("cql is required");
        }
        String text = cql.trim();
        String orderField = "lastmodified";
        boolean desc = true;
        Matcher order = ORDER.matcher(text);
        if (order.find()) {
            orderField = order.group(1).toLowerCase(Locale.ROOT);
            desc = order.group(2) == null || order.group(2).equalsIgnoreCase("desc");
            text = text.substring(0, order.start()).trim();
        }
        Predicate<SimContent> filter = c -> true;
        for (String clause : text.split("(?i)\\s+and\\s+")) {
            String c = clause.trim();
            if (c.startsWith("(") && c.endsWith(")")) {
                c = c.substring(1, c.length() - 1).trim();
            }
            filter = filter.and(clause(c, site));
        }
        return new Cql(filter, orderField, desc);
    }

    private static Predicate<SimContent> clause(String clause, SimSite site) {
        Matcher m;
        if ((m = TYPE_EQ.matcher(clause)).matches()) {
            String type = m.group(1).toLowerCase(Locale.ROOT);
            return c -> c.kind.v1Type.equals(type);
        }
        if ((m = TYPE_IN.matcher(clause)).matches()) {
            List<String> types = new ArrayList<>();
            for (String t : m.group(1).split(",")) {
                types.add(t.trim().replace("\"", "").toLowerCase(Locale.ROOT));
            }
            return c -> types.contains(c.kind.v1Type);
        }
        if ((m = SPACE.matcher(clause)).matches()) {
            String key = m.group(1);
            return c -> site.spaces.containsKey(c.spaceId) && site.spaces.get(c.spaceId).key.equals(key);
        }
        if ((m = MODIFIED.matcher(clause)).matches()) {
            boolean created = m.group(1).equalsIgnoreCase("created");
            String op = m.group(2);
            long bound = parseDate(m.group(3).trim());
            return c -> {
                // CQL compares at minute granularity
                long t = (created ? c.createdAt : c.modifiedAt).toEpochMilli() / 60_000 * 60_000;
                return switch (op) {
                    case ">=" -> t >= bound;
                    case ">" -> t > bound;
                    case "<=" -> t <= bound;
                    case "<" -> t < bound;
                    default -> t == bound;
                };
            };
        }
        throw new IllegalArgumentException("Could not parse cql : " + clause);
    }

    private static long parseDate(String v) {
        if (v.length() > 10) {
            return LocalDateTime.parse(v, MINUTE).atZone(API_USER_ZONE).toInstant().toEpochMilli();
        }
        return java.time.LocalDate.parse(v, DAY).atStartOfDay(API_USER_ZONE).toInstant().toEpochMilli();
    }
}
