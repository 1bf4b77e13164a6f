package dev.canopy.connector.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.canopy.connector.config.SyncConfig;
import dev.canopy.connector.config.VerificationConfig;
import dev.canopy.support.time.UtcTimes;

/**
 * This service's PostgreSQL over plain JDBC (the Agroal pool). Every caller is blocking already — sync and
 * verification workers on their own threads, the scheduler, REST methods with plain return types on worker threads —
 * so a reactive pool would only be waited on. Native SQL throughout; every tenant-owned query in the stores filters
 * on the tenant id it is given.
 *
 * <p>Statements keep PostgreSQL's numbered parameters ({@code $1}, a number may repeat); they are translated once to
 * JDBC's {@code ?} with the arguments repeated in order. Arguments may be null. Result rows are read by column name or
 * alias only ({@link Row}), never by position.
 */
@ApplicationScoped
public class Db {
    /** Longest a statement may run (the server cancels it), as the reactive pool's await bound was before. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 60;
    private static final Map<String, Statement> TRANSLATED = new ConcurrentHashMap<>();
    private final DataSource dataSource;

    /** Connections left for REST requests at the least, beyond the service's own threads. */
    static final int MIN_FOR_REST = 4;

    public Db(DataSource dataSource, SyncConfig sync, VerificationConfig verification,
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int poolSize) {
        this.dataSource = dataSource;
        checkPoolSize(poolSize, sync.workers(), verification.workers());
    }

    /** Fails start-up when the pool cannot serve every background thread at once and still leave room for REST. */
    static void checkPoolSize(int poolSize, int syncWorkers, int verifiers) {
        // every thread holds at most one connection at a time: sync workers, verifiers, lease renewal, scheduler tick
        int background = syncWorkers + verifiers + 2;
        if (poolSize < background + MIN_FOR_REST) {
            throw new IllegalStateException("DB_POOL_SIZE " + poolSize + " is too small: " + syncWorkers
                    + " sync workers + " + verifiers + " verifiers + lease renewal + scheduler need " + background
                    + ", plus at least " + MIN_FOR_REST + " for REST requests");
        }
    }

    /** A database failure; the SQL state is kept in the cause. */
    public static final class DbException extends RuntimeException {
        DbException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage() + " (SQL state " + cause.getSQLState() + ")", cause);
        }
    }

    /** Maps the current row of a result (read it by column name only). */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** Work done in one transaction on one connection. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** The current row of a result, by column name or alias. SQL NULL reads as null (never as 0 or false). */
    public static final class Row {
        private final ResultSet rs;

        private Row(ResultSet rs) {
            this.rs = rs;
        }

        public String getString(String column) throws SQLException {
            return rs.getString(column);
        }

        public UUID getUUID(String column) throws SQLException {
            return rs.getObject(column, UUID.class);
        }

        public Long getLong(String column) throws SQLException {
            return rs.getObject(column, Long.class);
        }

        public Integer getInteger(String column) throws SQLException {
            return rs.getObject(column, Integer.class);
        }

        public Boolean getBoolean(String column) throws SQLException {
            return rs.getObject(column, Boolean.class);
        }

        /** A {@code timestamptz} column. */
        public Instant getInstant(String column) throws SQLException {
            return UtcTimes.instant(rs.getObject(column, OffsetDateTime.class));
        }
    }

    /** Statements on the one connection of a transaction. */
    public static final class Tx {
        private final java.sql.Connection conn;

        private Tx(java.sql.Connection conn) {
            this.conn = conn;
        }

        public <T> List<T> query(String sql, List<?> args, RowMapper<T> mapper) throws SQLException {
            return Db.query(conn, sql, args, mapper);
        }

        public int update(String sql, List<?> args) throws SQLException {
            return Db.update(conn, sql, args);
        }

        /** One statement executed for every argument list, in one round trip (nothing when the list is empty). */
        public void batch(String sql, List<List<?>> argLists) throws SQLException {
            if (argLists.isEmpty()) {
                return;
            }
            Statement st = translate(sql);
            try (PreparedStatement ps = prepare(conn, st)) {
                for (List<?> args : argLists) {
                    bind(conn, ps, st, args);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    public <T> List<T> query(String sql, List<?> args, RowMapper<T> mapper) {
        try (java.sql.Connection conn = dataSource.getConnection()) {
            return query(conn, sql, args, mapper);
        } catch (SQLException e) {
            throw new DbException("query failed", e);
        }
    }

    public int update(String sql, List<?> args) {
        try (java.sql.Connection conn = dataSource.getConnection()) {
            return update(conn, sql, args);
        } catch (SQLException e) {
            throw new DbException("update failed", e);
        }
    }

    /** Runs {@code work} in one transaction on one connection: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(TransactionWork<T> work) {
        try (java.sql.Connection conn = dataSource.getConnection()) {
            boolean autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                T result = work.run(new Tx(conn));
                conn.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    conn.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                conn.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DbException("transaction failed", e);
        }
    }

    /** Statement arguments in parameter order; unlike {@code List.of(...)} nulls are allowed. */
    public static List<Object> args(Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static <T> List<T> query(java.sql.Connection conn, String sql, List<?> args, RowMapper<T> mapper)
            throws SQLException {
        Statement st = translate(sql);
        try (PreparedStatement ps = prepare(conn, st)) {
            bind(conn, ps, st, args);
            try (ResultSet rs = ps.executeQuery()) {
                Row row = new Row(rs);
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                return out;
            }
        }
    }

    private static int update(java.sql.Connection conn, String sql, List<?> args) throws SQLException {
        Statement st = translate(sql);
        try (PreparedStatement ps = prepare(conn, st)) {
            bind(conn, ps, st, args);
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(java.sql.Connection conn, Statement st) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(st.jdbcSql());
        ps.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        return ps;
    }

    private static void bind(java.sql.Connection conn, PreparedStatement ps, Statement st, List<?> args)
            throws SQLException {
        if (args.size() != st.parameterCount()) {
            throw new IllegalArgumentException(st.parameterCount() + " parameters, " + args.size() + " arguments");
        }
        for (int i = 0; i < st.order().length; i++) {
            Object v = args.get(st.order()[i] - 1);
            if (v instanceof Instant instant) {
                v = UtcTimes.utc(instant);
            } else if (v instanceof String[] texts) {
                v = conn.createArrayOf("text", texts);
            }
            ps.setObject(i + 1, v);
        }
    }

    /**
     * A statement in JDBC form: {@code order[i]} is the {@code $n} number of the i-th {@code ?}. Quoted literals,
     * quoted identifiers and comments are copied unchanged.
     */
    record Statement(String jdbcSql, int[] order, int parameterCount) {
    }

    static Statement translate(String sql) {
        return TRANSLATED.computeIfAbsent(sql, Db::parse);
    }

    private static Statement parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Integer> order = new ArrayList<>();
        int max = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                // a JSON operator such as ?| would be read as a parameter by the driver
                throw new IllegalArgumentException("write '?' operators as functions (jsonb_exists...): " + sql);
            } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int n = Integer.parseInt(sql.substring(i + 1, end));
                order.add(n);
                max = Math.max(max, n);
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        int[] ord = order.stream().mapToInt(Integer::intValue).toArray();
        return new Statement(out.toString(), ord, max);
    }
}
