package dev.canopy.support.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stores' one way to run a statement on the reactive PostgreSQL client (inventory, findings): {@code $n}
 * parameters in argument order (a null is a parameter too; an array is one parameter, a {@code text[]},
 * {@code uuid[]}, ...), on the connection or transaction the caller passes in. A query answers its rows, columns read
 * by name (the column name, or the alias given with {@code as} for an expression such as
 * {@code cast(evidence as text) as evidence}), never by position; a change answers the number of rows it changed.
 */
public final class Sql {
    private Sql() {
    }

    /** The rows of a query. */
    public static Uni<List<Row>> query(SqlClient client, String sql, List<?> params) {
        return query(client, sql, params, Function.identity());
    }

    /** The rows of a query, each mapped. */
    public static <T> Uni<List<T>> query(SqlClient client, String sql, List<?> params, Function<Row, T> mapper) {
        return client.preparedQuery(sql).execute(Tuple.from(new ArrayList<>(params))).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(mapper.apply(r)));
            return out;
        });
    }

    /** Runs an insert, update or delete; answers the number of rows it changed. */
    public static Uni<Integer> update(SqlClient client, String sql, Object... params) {
        return client.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).map(rows -> rows.rowCount());
    }
}
