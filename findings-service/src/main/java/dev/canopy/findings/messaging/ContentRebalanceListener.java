package dev.canopy.findings.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tells the content consumer which partitions moved to another replica, so it lets go of their held chunks. With the
 * eager protocol every partition is revoked and the ones this replica keeps are assigned again (reading on from where
 * it was), so only partitions revoked and not assigned back count. Runs on the Kafka polling thread: in-memory work
 * only, no database calls.
 */
@ApplicationScoped
@Identifier("content-in-rebalance")
public class ContentRebalanceListener implements KafkaConsumerRebalanceListener {
    private final Set<TopicPartition> revoked = new HashSet<>();

    @Inject
    ContentEventConsumer consumer;

    @Override
    public synchronized void onPartitionsRevoked(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
        revoked.addAll(partitions);
    }

    @Override
    public synchronized void onPartitionsAssigned(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
        Set<TopicPartition> moved = new HashSet<>(revoked);
        moved.removeAll(partitions);
        revoked.clear();
        if (!moved.isEmpty()) {
            consumer.partitionsMoved(moved);
        }
    }

    @Override
    public synchronized void onPartitionsLost(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
        revoked.removeAll(partitions);
        consumer.partitionsMoved(partitions);
    }
}
