package dev.canopy.contracts.topics;

import java.util.Map;

/** A topic's name, partition count and topic-level configuration. */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

    /** Largest content record; the connector chunks text below it (text + envelope headroom). */
    public static final int CONTENT_MAX_MESSAGE_BYTES = 1_048_576;

    public TopicSpec {
        config = Map.copyOf(config);
    }
}
