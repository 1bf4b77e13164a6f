package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.List;

/** One earlier version of a page or blog post as it was published: who published it, when, and what it said. */
public record SimVersion(int number, String authorId, Instant publishedAt, String title, String explicitBody,
        List<String> planted) {
}
