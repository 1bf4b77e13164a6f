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

    /**
     * Short placeholder words (null, none, true, false, todo, fake) mark a value only as words of their own: inside
     * a random token ("…8snuLL-K…", "…xtOdOy…") they are chance, about one 40-char token in 5 000.
     */
    @Test
    void shortPlaceholderWordsCountOnlyAsWords() {
        for (String placeholder : new String[] {"null", "NULL", "None", "true", "todo-fill-me", "TODO", "my_fake_key",
            "value.false", "${DB_PASSWORD}", "xxxxxxxx", "changeme", "your-token-here", "1234567890abc"}) {
            assertThat(Checks.isPlaceholder(placeholder)).as(placeholder).isTrue();
        }
        for (String random : new String[] {"0017s5nymWoZhpYzl8EUe-8snuLL-K-0_kvArsfz7j", "Kq2xtOdOy9ZmP4w",
            "aTRUEb7Xk9mQ2zP", "q8NoNeQ2zP7wLr4", "zq8fakeq2zP7wLr4T"}) {
            assertThat(Checks.isPlaceholder(random)).as(random).isFalse();
        }
    }
}
