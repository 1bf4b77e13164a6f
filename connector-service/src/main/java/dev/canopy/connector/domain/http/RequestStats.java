package dev.canopy.connector.domain.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Request figures of one run (or one verification): what was sent, throttled, retried and read. */
public final class RequestStats {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    void request() {
        requests.incrementAndGet();
    }

    void throttled() {
        rateLimited.incrementAndGet();
    }

    void retry() {
        retries.incrementAndGet();
    }

    void bytes(long n) {
        bytes.addAndGet(n);
    }

    void failure() {
        failures.incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long retries() {
        return retries.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long failures() {
        return failures.get();
    }

    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests());
        m.put("rateLimited", rateLimited());
        m.put("retries", retries());
        m.put("bytes", bytes());
        m.put("failedRequests", failures());
        return m;
    }
}
