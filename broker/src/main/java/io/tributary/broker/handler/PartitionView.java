package io.tributary.broker.handler;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition as the metadata APIs (Metadata, DescribeTopicPartitions) show it to a client that
 * came in on one listener: its replicas that are offline, being on a broker that is unknown,
 * fenced or without that listener, and whether its leader is reachable. Immutable.
 *
 * @param offlineReplicas the offline replicas, in replica order
 */
public record PartitionView(PartitionImage partition, List<Integer> offlineReplicas) {

    public PartitionView {
        offlineReplicas = List.copyOf(offlineReplicas);
    }

    /** The view of {@code partition} in {@code image} from {@code listener}. */
    public static PartitionView of(MetadataImage image, PartitionImage partition, String listener) {
        List<Integer> offline = new ArrayList<>();
        for (int r : partition.replicas()) {
            BrokerImage b = image.broker(r).orElse(null);
            if (b == null || b.fenced() || b.endpoint(listener).isEmpty()) {
                offline.add(r);
            }
        }
        return new PartitionView(partition, offline);
    }

    /** True when the partition has a leader and it is not offline. */
    public boolean leaderAvailable() {
        return partition.leader() >= 0 && !offlineReplicas.contains(partition.leader());
    }

    /** The leader's id, or -1 when it is not available. */
    public int availableLeader() {
        return leaderAvailable() ? partition.leader() : -1;
    }
}
