package dev.canopy.inventory.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stores' one way to run a statement on the reactive client ({@code $n} parameters, in argument order): a query
 * whose rows are mapped in order, or a change whose count of rows is answered.
 */
final class Sql {
    private Sql() {
    }

    /** The rows of a query, each mapped (columns read by name). */
    static <T> Uni<List<T>> query(SqlClient client, String sql, Tuple params, Function<Row, T> mapper) {
        return client.preparedQuery(sql).execute(params).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(mapper.apply(r)));
            return out;
        });
    }

    /**
     * Runs an insert, update or delete; answers the rows it changed. Parameters may be null; an array is one
     * parameter (a {@code text[]}), so pass at least two or wrap a lone array yourself.
     */
    static Uni<Integer> update(SqlClient client, String sql, Object... params) {
        return client.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).map(rows -> rows.rowCount());
    }
}
