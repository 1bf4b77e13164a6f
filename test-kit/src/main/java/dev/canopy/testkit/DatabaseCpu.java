package dev.canopy.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU that PostgreSQL (a separate process tree, so not in the test JVM's figure) used during a benchmark step,
 * by process type: read from {@code /proc} for every process {@code pg_stat_activity} lists (client backends,
 * autovacuum workers, walwriter, checkpointer, ...) of the service's database server, over a short connection of its
 * own ({@link PostgresResource#serviceDatabase()}). On a 2-core machine the database is often half of the story.
 */
public final class DatabaseCpu {
    /** CPU time so far by {@code "<pid> <backend type>"}. */
    public record Snapshot(Map<String, Long> byProcess) {
    }

    /** CPU used between two snapshots, by backend type, in nanoseconds, over processes present in both. */
    public record Used(Map<String, Long> byType, long wallNanos) {
        public double totalPercent() {
            return 100.0 * byType.values().stream().mapToLong(Long::longValue).sum() / wallNanos;
        }

        /** {@code "client backend 71%, walwriter 3%"}: the types that used at least 2 % of one core. */
        public String shares() {
            return byType.entrySet().stream().filter(e -> e.getValue() * 50 >= wallNanos)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / wallNanos))
                    .collect(Collectors.joining(", "));
        }
    }

    private DatabaseCpu() {
    }

    public static Snapshot snapshot() throws SQLException {
        Map<String, Long> cpu = new HashMap<>();
        try (Connection db = PostgresResource.serviceDatabase();
                var st = db.prepareStatement("select pid, backend_type from pg_stat_activity");
                var rs = st.executeQuery()) {
            while (rs.next()) {
                cpu.put(rs.getLong(1) + " " + rs.getString(2), BenchmarkMachine.processCpuNanos(rs.getLong(1)));
            }
        }
        return new Snapshot(cpu);
    }

    public static Used since(Snapshot before, long wallNanos) throws SQLException {
        Map<String, Long> byType = new TreeMap<>();
        for (var e : snapshot().byProcess().entrySet()) {
            Long then = before.byProcess().get(e.getKey());
            if (then != null && then >= 0 && e.getValue() >= 0) {
                byType.merge(e.getKey().substring(e.getKey().indexOf(' ') + 1), e.getValue() - then, Long::sum);
            }
        }
        return new Used(byType, wallNanos);
    }
}
