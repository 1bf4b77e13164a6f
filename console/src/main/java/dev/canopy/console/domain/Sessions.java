package dev.canopy.console.domain;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.console.config.ConsoleConfig;

/**
 * Server-side sessions, in this replica's memory: a session id is 256 random bits and only its holder (the cookie)
 * can use the session. Several console replicas need sticky sessions (README "Console").
 */
@ApplicationScoped
public class Sessions {
    /** Upper bound of live sessions, so a flood of sign-ins cannot exhaust memory; the oldest are dropped. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(ConsoleSession session, Instant lastUsed) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ConsoleConfig config;
    private final Clock clock;

    @Inject
    public Sessions(ConsoleConfig config) {
        this(config, Clock.systemUTC());
    }

    Sessions(ConsoleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public ConsoleSession create(String tenant, String subject, String displayName, Set<String> roles, String via) {
        evictExpired();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min((a, b) -> a.getValue().session().createdAt()
                    .compareTo(b.getValue().session().createdAt())).ifPresent(e -> sessions.remove(e.getKey()));
        }
        Instant now = clock.instant();
        ConsoleSession s = new ConsoleSession(randomToken(), tenant, subject, displayName, Set.copyOf(roles),
                randomToken(), via, now);
        sessions.put(s.id(), new Entry(s, now));
        return s;
    }

    /** The live session of this id, touching it; empty when unknown, idle too long or older than the maximum age. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Entry e = sessions.get(id);
        if (e == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(e, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        sessions.put(id, new Entry(e.session(), now));
        return Optional.of(e.session());
    }

    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Constant-time comparison of a submitted CSRF token with the session's. */
    public static boolean csrfMatches(ConsoleSession session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrf().getBytes(), submitted.getBytes());
    }

    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private boolean expired(Entry e, Instant now) {
        return e.lastUsed().plus(config.session().idleTimeout()).isBefore(now)
                || e.session().createdAt().plus(config.session().maxAge()).isBefore(now);
    }

    private void evictExpired() {
        Instant now = clock.instant();
        sessions.entrySet().removeIf(e -> expired(e.getValue(), now));
    }
}
