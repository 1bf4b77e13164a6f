package dev.canopy.findings.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stores' one way to run a statement on the reactive PostgreSQL client ({@code $n} parameters, in argument
 * order; a null is a parameter too): a query answering its rows (columns read by name: the column name, or the alias
 * given with {@code as} for an expression such as {@code cast(evidence as text) as evidence}), or a change answering
 * the number of rows it changed. An array is one parameter (a {@code text[]}, {@code uuid[]}, ...).
 */
final class Sql {
    private Sql() {
    }

    /** The rows of a query. */
    static Uni<List<Row>> query(SqlClient client, String sql, List<?> params) {
        return client.preparedQuery(sql).execute(Tuple.from(new ArrayList<>(params))).map(rows -> {
            List<Row> out = new ArrayList<>(rows.size());
            rows.forEach(out::add);
            return out;
        });
    }

    /** Runs an insert, update or delete; answers the number of rows it changed. */
    static Uni<Integer> update(SqlClient client, String sql, Object... params) {
        return client.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).map(rows -> rows.rowCount());
    }

    /** A numeric column (bigint id, count) as a long; SQL null reads as 0. */
    static long longValue(Object column) {
        return column == null ? 0 : ((Number) column).longValue();
    }
}
