package dev.canopy.findings.domain.dlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.canopy.contracts.events.data.ContentData;

/**
 * Puts the chunks of a content version back together (the first step of the DLP path: consumer → assembler →
 * {@link DlpScanning} → lifecycle → outbox). Chunks of one version come in order on one partition, each starting at
 * {@code offset} in the whole text and overlapping its predecessor; the assembler keeps them until the last one is
 * there and then hands over the whole version, with the handles (the consumer's records) to acknowledge once it is
 * scanned. The text is held only in memory, never stored.
 *
 * <p>Per content item (tenant + entity id) one version is in flight at a time:
 * <ul>
 * <li>chunk 0 starts a version; it abandons an incomplete other version (rejected: "started before the previous one
 * was complete"); chunk 0 of the version already in flight (a redelivery) starts over and keeps the earlier handles,
 * so they are acknowledged with it;</li>
 * <li>a chunk already received (a redelivery) is held and its text ignored;</li>
 * <li>a chunk without its predecessors is rejected: alone when no chunk of its version is in flight, otherwise the whole
 * version (a chunk is missing), and so is a chunk whose offset leaves a gap or that changes the chunk count;</li>
 * <li>a version over {@code maxChars} characters is rejected when its size becomes known;</li>
 * <li>a version not complete within {@code timeout} of its first chunk is rejected by {@link #expire}.</li>
 * </ul>
 * After a version is rejected, its later chunks are rejected with the same reason (until its last chunk or the
 * timeout), so each record reaches the dead-letter topic with the cause. Thread-safe (the consumer and the sweep
 * call it).
 *
 * @param <H> the handle of a chunk's record (acknowledged or dead-lettered by the caller, never looked into)
 */
public final class ContentAssembler<H> {
    private final long maxChars;
    private final Duration timeout;
    private final Map<String, Version<H>> inFlight = new HashMap<>();

    public ContentAssembler(long maxChars, Duration timeout) {
        this.maxChars = maxChars;
        this.timeout = timeout;
    }

    /** A chunk's text from {@code offset} in the whole text (it may begin with text its predecessor ended with). */
    public record Part(long offset, String text) {
    }

    /** A whole content version: its parts in order, the time of its last chunk's event and how many chars it has. */
    public record Assembled(String tenantId, DlpDrafts.ContentRef ref, Instant observedAt, List<Part> parts, long chars) {
        /** The item this is a version of (tenant + content key): versions of one item are applied in order. */
        public String item() {
            return tenantId + "\0" + ref.key();
        }
    }

    /** Records to dead-letter, and why. */
    public record Rejected<H>(List<H> handles, String reason) {
    }

    /**
     * What a chunk brought: the version it completed (null while chunks are missing) with the handles to acknowledge
     * after the scan, and the records to dead-letter (this chunk's, or an abandoned version's).
     */
    public record Step<H>(Assembled complete, List<H> handles, List<Rejected<H>> rejected) {
        static <H> Step<H> waiting(List<Rejected<H>> rejected) {
            return new Step<>(null, List.of(), rejected);
        }
    }

    private static final class Version<H> {
        final int version;
        final int chunks;
        final Instant started;
        final List<H> handles = new ArrayList<>();
        final List<Part> parts = new ArrayList<>();
        long end;          // whole-text offset after the text received so far
        String rejected;   // set once the version was rejected: its later chunks follow it to the dead-letter topic

        Version(int version, int chunks, Instant started) {
            this.version = version;
            this.chunks = chunks;
            this.started = started;
        }
    }

    /** Takes one chunk of {@code tenantId}'s content. */
    public synchronized Step<H> accept(String tenantId, ContentData d, Instant observedAt, H handle, Instant now) {
        String key = tenantId + "/" + d.entityId();
        List<Rejected<H>> rejected = new ArrayList<>();
        Version<H> v = inFlight.get(key);
        if (d.chunk() == 0) {
            Version<H> fresh = new Version<>(d.version(), d.chunks(), now);
            if (v != null && v.version == d.version() && v.rejected == null) {
                fresh.handles.addAll(v.handles); // redelivered from its start: the earlier records go with it
            } else if (v != null && v.rejected == null) {
                rejected.add(new Rejected<>(List.copyOf(v.handles), "content " + key + " version " + v.version
                        + " abandoned: version " + d.version() + " started before the previous one was complete"));
            }
            v = fresh;
            inFlight.put(key, v);
        } else if (v == null || v.version != d.version()) {
            rejected.add(new Rejected<>(List.of(handle), "chunk " + d.chunk() + " of " + d.entityId() + " version "
                    + d.version() + " arrived without its earlier chunks"));
            return Step.waiting(rejected);
        }
        boolean last = d.chunk() == d.chunks() - 1;
        if (v.rejected != null) {
            if (last) {
                inFlight.remove(key);
            }
            rejected.add(new Rejected<>(List.of(handle), v.rejected));
            return Step.waiting(rejected);
        }
        v.handles.add(handle);
        String problem = problem(v, d);
        if (problem == null && d.chunk() < v.parts.size()) {
            return Step.waiting(rejected); // a redelivered chunk: held, its text is in already
        }
        if (problem == null) {
            v.parts.add(new Part(d.offset(), d.text()));
            v.end = Math.max(v.end, d.offset() + d.text().length());
            if (v.end > maxChars) {
                problem = "larger than " + maxChars + " characters";
            }
        }
        if (problem != null) {
            v.rejected = "content " + key + " version " + v.version + " rejected: " + problem;
            rejected.add(new Rejected<>(List.copyOf(v.handles), v.rejected));
            v.handles.clear();
            v.parts.clear();
            if (last) {
                inFlight.remove(key);
            }
            return Step.waiting(rejected);
        }
        if (!last) {
            return Step.waiting(rejected);
        }
        inFlight.remove(key);
        var ref = new DlpDrafts.ContentRef(d.siteId(), d.contentId(), d.contentType(), d.version(), d.title(), d.webUrl(),
                d.status(), d.authorAccountId(), d.lastModified(), d.spaceId(), d.projectKey());
        return new Step<>(new Assembled(tenantId, ref, observedAt, List.copyOf(v.parts), v.end), List.copyOf(v.handles),
                rejected);
    }

    /** Why the chunk cannot extend the version, or null. */
    private String problem(Version<H> v, ContentData d) {
        if (d.chunks() != v.chunks) {
            return "chunk " + d.chunk() + " says " + d.chunks() + " chunks, the first said " + v.chunks;
        }
        if (d.chunk() > v.parts.size()) {
            return "chunk " + d.chunk() + " arrived without its earlier chunks (chunk " + v.parts.size() + " is missing)";
        }
        if (d.chunk() == v.parts.size() && d.offset() > v.end) {
            return "gap before chunk " + d.chunk() + ": offset " + d.offset() + " after " + v.end;
        }
        if (d.totalLength() > maxChars) {
            return "larger than " + maxChars + " characters (" + d.totalLength() + ")";
        }
        return null;
    }

    /** Versions whose chunks did not all arrive within the timeout, to dead-letter; rejected versions are forgotten. */
    public synchronized List<Rejected<H>> expire(Instant now) {
        Instant limit = now.minus(timeout);
        List<Rejected<H>> expired = new ArrayList<>();
        for (Iterator<Map.Entry<String, Version<H>>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Version<H>> e = it.next();
            Version<H> v = e.getValue();
            if (v.started.isBefore(limit)) {
                it.remove();
                if (v.rejected == null) {
                    expired.add(new Rejected<>(List.copyOf(v.handles), "content " + e.getKey() + " version " + v.version
                            + " incomplete: only " + v.parts.size() + " of " + v.chunks + " chunk(s) arrived within "
                            + timeout));
                }
            }
        }
        return expired;
    }

    /** Drops the item's version in flight (the item was deleted); its records to dead-letter, if any. */
    public synchronized List<Rejected<H>> abandon(String tenantId, String entityId, String why) {
        String key = tenantId + "/" + entityId;
        Version<H> v = inFlight.remove(key);
        if (v == null || v.rejected != null) {
            return List.of();
        }
        return List.of(new Rejected<>(List.copyOf(v.handles), "content " + key + " version " + v.version
                + " abandoned: " + why));
    }

    /**
     * Forgets, without dead-lettering, every version holding a record {@code revoked} matches: their partition moved to
     * another replica (a rebalance), which reads them again from the last committed offset. Answers how many.
     */
    public synchronized int forget(java.util.function.Predicate<H> revoked) {
        int before = inFlight.size();
        inFlight.values().removeIf(v -> v.handles.stream().anyMatch(revoked));
        return before - inFlight.size();
    }

    /** Versions in flight (assembling or rejected), for tests and logs. */
    public synchronized int inFlight() {
        return inFlight.size();
    }
}
