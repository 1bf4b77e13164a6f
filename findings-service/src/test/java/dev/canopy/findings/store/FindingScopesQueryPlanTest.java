package dev.canopy.findings.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.PostgresResource;
import dev.canopy.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The content consumer reads the findings of a batch of pages with {@link FindingStore#IN_SCOPES}; its plan must be one
 * index look-up per page even when the table's statistics are stale — as they are while a tenant's first sync fills
 * the table faster than autovacuum analyses it. (The former plain join was planned, in exactly this state, as a
 * sequential scan of all tenants' findings of the kind, each compared with the 64 pages.)
 */
@QuarkusTest
class FindingScopesQueryPlanTest {

    @Test
    void theFindingsOfManyPagesAreLookedUpPageByPageWhateverTheStatistics() throws Exception {
        String tenant = TestEvents.uniqueTenant("plan");
        try (Connection db = PostgresResource.serviceDatabase(); Statement st = db.createStatement()) {
            // statistics taken while the table holds posture findings only, then 3,000 DLP findings of 50 other tenants
            // arrive before the next analyse: the planner believes almost no row is of kind 'dlp'
            st.execute(insertFindings(tenant + "-posture-", "posture", 500));
            st.execute("analyze finding");
            st.execute(insertFindings(tenant + "-other-", "dlp", 3000));
            List<String> tenants = new ArrayList<>();
            List<String> pages = new ArrayList<>();
            for (int p = 0; p < 64; p++) {
                tenants.add("'" + tenant + "'");
                pages.add("'c" + p + "'");
            }
            st.execute("prepare in_scopes(text, text[], text[]) as " + FindingStore.IN_SCOPES);
            StringBuilder plan = new StringBuilder();
            // the first executions of a prepared statement are planned with their values, as the service's are
            try (ResultSet rs = st.executeQuery("explain execute in_scopes('dlp', array[" + String.join(",", tenants)
                    + "], array[" + String.join(",", pages) + "])")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            st.execute("deallocate in_scopes");
            assertThat(plan.toString())
                    .as("plan of the findings of 64 pages")
                    .contains("Index Scan using finding_tenant_resource on finding")
                    .contains("tenant_id = u.tenant")
                    .doesNotContain("Bitmap Heap Scan")
                    .doesNotContain("Seq Scan on finding")
                    .doesNotContain("Hash Join");
        }
    }

    private static String insertFindings(String tenantPrefix, String kind, int count) {
        return "insert into finding (id, tenant_id, fingerprint, kind, rule_id, title, severity, severity_rank, status, "
                + "resource_type, resource_id, first_seen, last_seen, status_changed_at) "
                + "select gen_random_uuid(), '" + tenantPrefix + "' || (g % 50), 'fp-' || g, '" + kind + "', 'rule', "
                + "'title', 'high', 4, 'open', 'page', 'c' || g, now(), now(), now() from generate_series(1, " + count + ") g";
    }
}
