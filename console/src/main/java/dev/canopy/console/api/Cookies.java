package dev.canopy.console.api;

import java.time.Duration;

import jakarta.ws.rs.core.NewCookie;

/** The console's cookies: HttpOnly, SameSite=Strict, Path=/, Secure unless configured off for plain-http local runs. */
final class Cookies {
    private Cookies() {
    }

    static NewCookie of(String name, String value, Duration maxAge, boolean secure) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge.toSeconds()).build();
    }

    static NewCookie expired(String name, boolean secure) {
        return new NewCookie.Builder(name).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
