package io.tributary.metadata;

import java.util.List;

/**
 * The state of one partition in a {@link MetadataImage}. Immutable.
 *
 * <p>During a reassignment (KIP-455) {@code replicas} holds the old and the new replicas:
 * {@link #addingReplicas} are being added, {@link #removingReplicas} will go once every target
 * replica is in the ISR; outside one both are empty.
 */
public record PartitionImage(
        int partition,
        List<Integer> replicas,
        List<Integer> isr,
        int leader,
        int leaderEpoch,
        int partitionEpoch,
        List<Integer> addingReplicas,
        List<Integer> removingReplicas) {

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = addingReplicas == null ? List.of() : List.copyOf(addingReplicas);
        removingReplicas = removingReplicas == null ? List.of() : List.copyOf(removingReplicas);
    }

    public PartitionImage(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
            int partitionEpoch) {
        this(partition, replicas, isr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    /** Whether a reassignment is in progress. */
    public boolean reassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replicas once a reassignment in progress completes (else the replicas). */
    public List<Integer> targetReplicas() {
        return replicas.stream().filter(r -> !removingReplicas.contains(r)).toList();
    }

    /** The replicas before a reassignment in progress began (else the replicas). */
    public List<Integer> originalReplicas() {
        return replicas.stream().filter(r -> !addingReplicas.contains(r)).toList();
    }
}
