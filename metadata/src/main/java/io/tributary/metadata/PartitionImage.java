package io.tributary.metadata;

import java.util.List;

/** The state of one partition in a {@link MetadataImage}. Immutable. */
public record PartitionImage(
        int partition,
        List<Integer> replicas,
        List<Integer> isr,
        int leader,
        int leaderEpoch,
        int partitionEpoch) {

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
