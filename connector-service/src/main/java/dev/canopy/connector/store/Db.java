package dev.canopy.connector.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Blocking access to this service's PostgreSQL over the reactive pool, for worker threads only (REST methods with
 * plain return types, sync workers, the scheduler). Native SQL throughout; every tenant-owned query in the stores
 * filters on the tenant id they are given.
 */
@ApplicationScoped
public class Db {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    public <T> List<T> query(String sql, Tuple args, Function<Row, T> mapper) {
        return query(pool, sql, args, mapper);
    }

    public int update(String sql, Tuple args) {
        return update(pool, sql, args);
    }

    /** Runs {@code work} in one transaction on one connection. */
    public <T> T inTransaction(Function<SqlConnection, T> work) {
        SqlConnection conn = pool.getConnection().await().atMost(TIMEOUT);
        try {
            var tx = conn.begin().await().atMost(TIMEOUT);
            try {
                T result = work.apply(conn);
                tx.commit().await().atMost(TIMEOUT);
                return result;
            } catch (RuntimeException e) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(TIMEOUT);
                throw e;
            }
        } finally {
            conn.close().await().atMost(TIMEOUT);
        }
    }

    public static <T> List<T> query(SqlClient client, String sql, Tuple args, Function<Row, T> mapper) {
        RowSet<Row> rows = client.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
        List<T> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(mapper.apply(r));
        }
        return out;
    }

    public static int update(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).await().atMost(TIMEOUT).rowCount();
    }

    public static void batch(SqlClient client, String sql, List<Tuple> args) {
        if (!args.isEmpty()) {
            client.preparedQuery(sql).executeBatch(args).await().atMost(TIMEOUT);
        }
    }

    /** Statement arguments; unlike {@code Tuple.from(List.of(...))} nulls are allowed. */
    public static Tuple args(Object... values) {
        Tuple t = Tuple.tuple();
        for (Object v : values) {
            t.addValue(v);
        }
        return t;
    }
}
