package dev.canopy.connector.domain.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An Authorization header value; {@link #toString()} never shows it. */
public final class Credentials {
    private final String header;

    private Credentials(String header) {
        this.header = header;
    }

    public static Credentials bearer(String token) {
        return new Credentials("Bearer " + token);
    }

    public static Credentials basic(String email, String apiToken) {
        return new Credentials("Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8)));
    }

    String header() {
        return header;
    }

    @Override
    public String toString() {
        return "Credentials[****]";
    }
}
