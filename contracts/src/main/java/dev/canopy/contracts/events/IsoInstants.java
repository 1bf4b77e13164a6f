package dev.canopy.contracts.events;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Instants on the wire in their one canonical form, {@code 2026-11-27T10:15:30.123Z} (what {@link Instant#toString}
 * writes), read and written without {@code DateTimeFormatter}. Why: every event carries several instants, and in the
 * inventory consumer's profile Jackson's formatter-based instant parsing alone was ≈ 10 % of the service's CPU and
 * writing ≈ 5 %. Anything that is not exactly the canonical UTC form (offsets, numbers, leap seconds, years beyond
 * 9999, invalid dates) goes to Jackson's own {@link InstantDeserializer} / {@link InstantSerializer}, so what is
 * accepted, rejected and written is unchanged ({@code IsoInstantsTest} compares both on random instants).
 */
final class IsoInstants {
    private IsoInstants() {
    }

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("canopy-iso-instants");
        m.addSerializer(Instant.class, new Writer());
        m.addDeserializer(Instant.class, new Reader());
        return m;
    }

    /** The canonical form's instant, or null when {@code s} is not exactly in it (the caller falls back). */
    static Instant parse(String s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm:ssZ (20) up to yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ (30)
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // February 30th and the like: the fallback reports it as before
        }
    }

    /** The decimal value of {@code s[from, to)}, or -1 unless all of them are ASCII digits. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** {@link Instant#toString}'s text for years 0–9999 (null otherwise): fraction in groups of three digits. */
    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return null;
        }
        int nanos = t.getNano();
        char[] out = new char[30];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, d.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, d.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, d.getHour(), 2);
        out[13] = ':';
        put(out, 14, d.getMinute(), 2);
        out[16] = ':';
        put(out, 17, d.getSecond(), 2);
        int n = 19;
        if (nanos != 0) {
            out[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1_000 == 0) {
                put(out, n, nanos / 1_000, 6);
                n += 6;
            } else {
                put(out, n, nanos, 9);
                n += 9;
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static final class Reader extends StdScalarDeserializer<Instant> {
        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parse(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String text = format(value);
            if (text == null) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
            } else {
                gen.writeString(text);
            }
        }
    }
}
