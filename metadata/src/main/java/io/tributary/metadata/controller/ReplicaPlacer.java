package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses replicas for new partitions: round-robin over the unfenced brokers sorted by id,
 * starting each topic at a broker derived from its name so that leaders spread across topics.
 * Stateless.
 */
final class ReplicaPlacer {

    private ReplicaPlacer() {}

    /** Brokers that can take replicas, sorted by id. */
    static List<Integer> usableBrokers(MetadataImage image) {
        List<Integer> ids = new ArrayList<>();
        for (BrokerImage b : image.brokers().values()) {
            if (!b.fenced()) {
                ids.add(b.id());
            }
        }
        return ids;
    }

    /** Replicas of partition {@code partition} of a topic; requires {@code rf <= brokers.size()}. */
    static List<Integer> place(List<Integer> brokers, String topic, int partition, int rf) {
        int n = brokers.size();
        int start = Math.floorMod(topic.hashCode() + partition, n);
        List<Integer> replicas = new ArrayList<>(rf);
        for (int i = 0; i < rf; i++) {
            replicas.add(brokers.get((start + i) % n));
        }
        return replicas;
    }
}
