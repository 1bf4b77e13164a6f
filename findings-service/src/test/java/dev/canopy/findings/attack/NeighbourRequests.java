package dev.canopy.findings.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.canopy.testkit.attack.RestAttacks;

/** Another tenant's requests sent in parallel while an attack runs, and how long each took to be answered. */
final class NeighbourRequests {
    private NeighbourRequests() {
    }

    /** Sends {@code n} GETs of {@code path} at once on {@code clients}; each must answer 200. */
    static List<Future<Duration>> send(ExecutorService clients, URL base, String path, String token, int n) {
        List<Future<Duration>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(clients.submit(() -> {
                long t0 = System.nanoTime();
                assertThat(RestAttacks.get(base, path, token).status()).isEqualTo(200);
                return Duration.ofNanos(System.nanoTime() - t0);
            }));
        }
        return answers;
    }

    /** The latencies of {@link #send}'s requests, waiting at most {@code seconds} for each. */
    static List<Duration> latencies(List<Future<Duration>> answers, int seconds) throws Exception {
        List<Duration> latencies = new ArrayList<>();
        for (Future<Duration> f : answers) {
            latencies.add(f.get(seconds, TimeUnit.SECONDS));
        }
        return latencies;
    }
}
