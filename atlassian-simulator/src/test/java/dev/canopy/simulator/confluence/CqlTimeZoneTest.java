package dev.canopy.simulator.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;

/**
 * CQL date literals are read in the API user's profile time zone (west of UTC here), as on Cloud: a client that
 * writes "changed since" in UTC misses what changed in the last hours, one that writes it in the user's zone does not.
 */
class CqlTimeZoneTest {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Test
    void aBoundWrittenInUtcMissesARecentEditWhileTheUserZoneFindsIt() {
        Instant edited = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        SimContent page = new SimContent(1, ContentKind.PAGE, 1, 0, "someone", edited.minusSeconds(86_400), "a page");
        page.modifiedAt = edited;
        Instant since = edited.minusSeconds(600);

        String utc = MINUTE.format(since.atOffset(ZoneOffset.UTC));
        String userZone = MINUTE.format(since.atZone(Cql.API_USER_ZONE));
        assertThat(Cql.parse("type = page and lastmodified >= \"" + utc + "\"", null).filter().test(page))
                .as("a UTC bound is read as Los Angeles time: hours later than meant").isFalse();
        assertThat(Cql.parse("type = page and lastmodified >= \"" + userZone + "\"", null).filter().test(page)).isTrue();
        assertThat(Cql.parse("type in (page, blogpost) order by lastmodified desc", null).filter().test(page))
                .as("no date bound: nothing to get wrong").isTrue();
    }
}
