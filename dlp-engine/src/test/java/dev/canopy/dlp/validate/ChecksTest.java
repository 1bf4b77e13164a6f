package dev.canopy.dlp.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void distinctCharsAtMostCountsAsAStreamWould() {
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int len = rnd.nextInt(12);
            int alphabet = 1 + rnd.nextInt(4);
            for (int j = 0; j < len; j++) {
                s.append((char) ('a' + rnd.nextInt(alphabet)));
            }
            long distinct = s.chars().distinct().count();
            for (int k = 1; k <= 3; k++) {
                assertThat(Checks.distinctCharsAtMost(s, k)).as("%s, %d", s, k).isEqualTo(distinct <= k);
            }
        }
    }
}
