package io.tributary.broker.fetch;

import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.PartitionState;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import java.util.Objects;

/**
 * Which replica a consumer should read from (KIP-392, {@code replica.selector.class}): with
 * Kafka's {@code RackAwareReplicaSelector}, an in-sync replica on a live broker in the consumer's
 * rack ({@code client.rack}), the leader first if it is one; otherwise, or with the default
 * (leader-only) selection, the leader. Stateless.
 */
public final class ReadReplicaSelector {

    /** Kafka's class names, the values of {@code replica.selector.class} served. */
    public static final String RACK_AWARE = "org.apache.kafka.common.replica.RackAwareReplicaSelector";
    public static final String LEADER = "org.apache.kafka.common.replica.LeaderSelector";

    private final boolean rackAware;

    private ReadReplicaSelector(boolean rackAware) {
        this.rackAware = rackAware;
    }

    /**
     * The selector configured by {@code className} (null or empty: the leader).
     *
     * @throws IllegalArgumentException for a class other than Kafka's two
     */
    public static ReadReplicaSelector of(String className) {
        if (className == null || className.isBlank() || className.trim().equals(LEADER)) {
            return new ReadReplicaSelector(false);
        }
        if (className.trim().equals(RACK_AWARE)) {
            return new ReadReplicaSelector(true);
        }
        throw new IllegalArgumentException("replica.selector.class " + className + " is not supported: use "
                + RACK_AWARE + " or leave it unset");
    }

    /** The broker a consumer in {@code clientRack} should fetch {@code p} (led here) from; -1 for the leader. */
    int select(Partition p, String clientRack, MetadataImage image) {
        if (!rackAware || clientRack == null || clientRack.isEmpty()
                || !(p.state() instanceof PartitionState.Leader leader)) {
            return -1;
        }
        if (inRack(image, p.localBrokerId(), clientRack)) {
            return -1;
        }
        for (int id : leader.isr()) {
            if (id != p.localBrokerId() && inRack(image, id, clientRack)) {
                return id;
            }
        }
        return -1;
    }

    private static boolean inRack(MetadataImage image, int brokerId, String rack) {
        BrokerImage b = image.broker(brokerId).orElse(null);
        return b != null && !b.fenced() && Objects.equals(b.rack(), rack);
    }
}
