package dev.canopy.connector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PostgreSQL-style numbered parameters become JDBC's {@code ?} with the arguments repeated in order. */
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
}
