package dev.canopy.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The formatter-free instant reader and writer agree with Jackson's own on what they read and write. */
class IsoInstantsTest {
    /** The mapping before {@link IsoInstants}: JavaTimeModule alone. */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper OURS = EventJson.mapper();

    @Test
    void randomInstantsAreWrittenAndReadAsJacksonDoes() throws Exception {
        Random random = new Random(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long seconds = i % 2 == 0 ? 1_500_000_000L + random.nextInt(1_000_000_000)
                    : min + (long) (random.nextDouble() * (max - min));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            String json = OURS.writeValueAsString(t);
            assertThat(json).isEqualTo(JACKSON.writeValueAsString(t)).isEqualTo('"' + t.toString() + '"');
            assertThat(OURS.readValue(json, Instant.class)).isEqualTo(t);
        }
    }

    @Test
    void everyOtherFormGoesToJacksonsReader() throws Exception {
        for (String s : new String[] {"2026-11-27T10:15:30+01:00", "2026-11-27t10:15:30z", " 2026-11-27T10:15:30Z ",
                "2026-11-27T10:15:30.5Z", "2026-11-27T10:15:30.123456789Z", "+10000-01-01T00:00:00Z"}) {
            String json = '"' + s + '"';
            assertThat(OURS.readValue(json, Instant.class)).as(s).isEqualTo(JACKSON.readValue(json, Instant.class));
        }
        assertThat(OURS.readValue("1700000000", Instant.class)).isEqualTo(JACKSON.readValue("1700000000", Instant.class));
        assertThat(OURS.writeValueAsString(Instant.parse("+10000-01-01T00:00:00Z")))
                .isEqualTo(JACKSON.writeValueAsString(Instant.parse("+10000-01-01T00:00:00Z")));
    }

    @Test
    void oddAndInvalidInstantsAreTreatedAsBefore() {
        String[] odd = {"2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z", "2026-11-27T10:15:30.Z", "2026-11-27T10:15:3xZ",
            "2026-11-27T10:15:30.1234567890Z", "2026-11-27 10:15:30Z", "not an instant", ""};
        int rejected = 0;
        for (String s : odd) {
            String json = '"' + s + '"';
            Object jackson = outcome(JACKSON, json);
            assertThat(outcome(OURS, json)).as(s).isEqualTo(jackson);
            rejected += jackson instanceof Class<?> ? 1 : 0;
        }
        assertThat(rejected).as("strings Jackson rejects among them").isGreaterThanOrEqualTo(6);
    }

    /** The instant read, or the class of the exception reading it threw. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    @Test
    void theCanonicalFormIsReadWithoutTheFallback() {
        assertThat(IsoInstants.parse("2026-11-27T10:15:30Z")).isEqualTo(Instant.parse("2026-11-27T10:15:30Z"));
        assertThat(IsoInstants.parse("2026-11-27T10:15:30.120Z")).isEqualTo(Instant.parse("2026-11-27T10:15:30.12Z"));
        assertThat(IsoInstants.parse("2026-11-27T10:15:30+01:00")).isNull();
        assertThat(IsoInstants.format(Instant.parse("2026-11-27T10:15:30.000001Z"))).isEqualTo("2026-11-27T10:15:30.000001Z");
    }
}
