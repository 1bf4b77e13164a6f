package dev.canopy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A tenant's page is attacker input: structures that make a detector read ahead (table headers whose column is read
 * row by row, unclosed cells and tables) must cost time linear in the page. Eight times the text may take about eight
 * times as long; a quadratic reader would take ~64 times. The bar (24×) leaves room for noise, not for a square.
 */
class AdversarialTextTest {
    private static final ScanEngine ENGINE = ScanEngine.builder().addAll(DetectorCatalog.builtIns()).build();

    @Test
    void manyPasswordHeadersWithUnclosedTablesScanInLinearTime() {
        // every block a header "Password" and rows whose cells never close, no </table>: each header's column would
        // run to the end of the text if nothing bounded it
        assertLinear(n -> repeat("<table><tbody><tr><th>System</th><th>Password</th></tr><tr><td>a<td>b<td "
                + "x".repeat(40) + "<tr><td>q</td><td>Zq8xK3mP2wLr4T</td></tr>", n));
    }

    @Test
    void proseFullOfSecretWordsAndNoTablesScansInLinearTime() {
        // a header cell is looked for before every "password": never further than the cell could start
        assertLinear(n -> repeat("The password policy and the token lifetime apply to every secret. ", n));
    }

    @Test
    void quoteEntitiesAndCellsWithoutEndsScanInLinearTime() {
        assertLinear(n -> repeat("<p>key=&quot;" + "v".repeat(30) + " <td>password</td><td " + "y".repeat(30), n));
    }

    private static String repeat(String block, int chars) {
        StringBuilder sb = new StringBuilder(chars + block.length());
        while (sb.length() < chars) {
            sb.append(block);
        }
        return sb.toString();
    }

    private static void assertLinear(IntFunction<String> text) {
        String small = text.apply(64 * 1024);
        String large = text.apply(512 * 1024);
        ENGINE.scan(small); // warm-up
        ENGINE.scan(large);
        double ratio = best(large) / best(small);
        assertThat(ratio).as("CPU time of 8x the text, relative").isLessThan(24.0);
    }

    private static double best(String text) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = mx.getCurrentThreadCpuTime();
            ENGINE.scan(text);
            best = Math.min(best, mx.getCurrentThreadCpuTime() - t);
        }
        return Math.max(best, 1);
    }
}
