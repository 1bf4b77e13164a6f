package dev.canopy.findings.domain.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the detection engine remembers about one tenant between audit events. Implemented over Kafka Streams state
 * stores backed by changelog topics, so it survives restarts and moves with its partition.
 */
public interface DetectionState {

    /** What the directory says about an account: an admin role, a managed (verified-domain) account. */
    record Account(boolean admin, Boolean managed) {
    }

    /** One event in a window: its id, time and country (null when the record carries none). */
    record Seen(String id, Instant at, String country) {
    }

    /**
     * The recent events of one actor for one windowed rule, oldest first, and the episode already reported (its
     * detection id and the time of its latest event), which absorbs the rest of a burst instead of alerting again.
     */
    record ActivityWindow(List<Seen> events, String episodeId, Instant episodeLastAt) {
        public ActivityWindow {
            events = events == null ? List.of() : List.copyOf(events);
        }

        static final ActivityWindow EMPTY = new ActivityWindow(List.of(), null, null);
    }

    /** The first administration action of an actor and the detection it raised (null inside the learning period). */
    record AdminActor(String firstEventId, Instant firstAt, String detectionId) {
    }

    Optional<Account> account(String accountId);

    void putAccount(String accountId, Account account);

    Optional<ActivityWindow> window(DetectionRule rule, String actorId);

    void putWindow(DetectionRule rule, String actorId, ActivityWindow window);

    /** The time of the tenant's oldest audit event seen: the start of the first-seen learning period. */
    Optional<Instant> firstEventAt();

    void putFirstEventAt(Instant at);

    Optional<AdminActor> adminActor(String actorId);

    void putAdminActor(String actorId, AdminActor actor);
}
