package dev.canopy.connector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL-style numbered parameters become JDBC's {@code ?} with the arguments repeated in order; the pool-size
 * check at start-up.
 */
class DbStatementTest {

    @Test
    void repeatedNumbersBindTheSameArgumentAgain() {
        Db.Statement st = Db.translate("update t set a=$2, b=now() + make_interval(mins => $1), c=$1 where id=$3");
        assertThat(st.jdbcSql()).isEqualTo("update t set a=?, b=now() + make_interval(mins => ?), c=? where id=?");
        assertThat(st.order()).containsExactly(2, 1, 1, 3);
        assertThat(st.parameterCount()).isEqualTo(3);
    }

    @Test
    void literalsIdentifiersAndCommentsAreCopiedUnchanged() {
        Db.Statement st = Db.translate("select '$1 costs ?' as \"$2?\", x::text -- $9 ?\nfrom t where y=$1");
        assertThat(st.jdbcSql()).isEqualTo("select '$1 costs ?' as \"$2?\", x::text -- $9 ?\nfrom t where y=?");
        assertThat(st.order()).containsExactly(1);
    }

    @Test
    void aQuestionMarkOperatorIsRefusedRatherThanReadAsAParameter() {
        assertThatThrownBy(() -> Db.translate("select 1 from t where doc ? 'key' and id=$1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?' operators");
    }

    @Test
    void aPoolTooSmallForTheWorkersAndRestFailsStartUp() {
        Db.checkPoolSize(20, 4, 2);
        Db.checkPoolSize(12, 4, 2);
        assertThatThrownBy(() -> Db.checkPoolSize(11, 4, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DB_POOL_SIZE 11 is too small").hasMessageContaining("need 8");
    }
}
