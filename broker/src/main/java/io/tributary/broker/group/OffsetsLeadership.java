package io.tributary.broker.group;

import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.MetadataPublisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Turns each applied metadata image into elections and resignations of the group coordinator's
 * partitions: a partition of {@code __consumer_offsets} led by this broker at an epoch it has not
 * been told about is an election (a new epoch of a partition it already led included); one it was
 * told it leads and that the image gives to another broker, to none, or no longer has (topic
 * deleted or recreated) is a resignation. It runs on the metadata thread after the replicas have
 * taken their roles, so a loading coordinator finds its partition already leader.
 *
 * <p>Thread-confinement: {@link #publish} is called by one thread at a time, in image order.
 */
final class OffsetsLeadership implements MetadataPublisher {

    /** What is told (the {@link GroupCoordinator}). */
    interface Elections {
        void onElection(int partition, int leaderEpoch);

        /** {@code leaderEpoch} is the new leader's epoch, -1 when the partition is gone. */
        void onResignation(int partition, int leaderEpoch);

        void topicExists(boolean exists);
    }

    private final int localBrokerId;
    private final Elections coordinator;
    private final Map<Integer, Integer> ledEpochs = new HashMap<>(); // partition -> epoch told
    private Uuid topicId;

    OffsetsLeadership(int localBrokerId, Elections coordinator) {
        this.localBrokerId = localBrokerId;
        this.coordinator = coordinator;
    }

    @Override
    public void publish(MetadataImage previous, MetadataImage current) {
        TopicImage topic = current.topic(OffsetsTopic.NAME).orElse(null);
        if (topic == null || !topic.id().equals(topicId)) {
            for (int partition : List.copyOf(ledEpochs.keySet())) {
                ledEpochs.remove(partition);
                coordinator.onResignation(partition, -1);
            }
            topicId = topic == null ? null : topic.id();
        }
        if (topic == null) {
            coordinator.topicExists(false);
            return;
        }
        for (PartitionImage p : topic.partitions().values()) {
            Integer told = ledEpochs.get(p.partition());
            if (p.leader() == localBrokerId) {
                if (told == null || told != p.leaderEpoch()) {
                    ledEpochs.put(p.partition(), p.leaderEpoch());
                    coordinator.onElection(p.partition(), p.leaderEpoch());
                }
            } else if (told != null) {
                ledEpochs.remove(p.partition());
                coordinator.onResignation(p.partition(), p.leaderEpoch());
            }
        }
        for (int partition : List.copyOf(ledEpochs.keySet())) {
            if (topic.partition(partition) == null) {
                ledEpochs.remove(partition);
                coordinator.onResignation(partition, -1);
            }
        }
        // after the elections: a request let through from now on queues behind them on its shard
        coordinator.topicExists(true);
    }
}
