package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.IneligibleReplicaException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.StaleBrokerEpochException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * AlterPartition as Kafka's controller decides it: a partition leader asks to change the ISR of a
 * partition it leads, naming the leader epoch and partition epoch it knows. The change is
 * accepted only from the current leader, at the current leader epoch and partition epoch (so two
 * changes decided on one ISR cannot both apply), for an ISR made of the partition's replicas that
 * keeps the leader; a replica added must be a live (unfenced) broker. An accepted change bumps the
 * partition epoch and keeps leader and leader epoch, unless it completes a reassignment
 * ({@link Reassignments#completeIfReady}). Pure functions of the image.
 */
public final class IsrOperations {

    private IsrOperations() {}

    /**
     * The records that apply {@code request}, and the partition as it will be once committed.
     *
     * @throws org.apache.kafka.common.errors.ApiException STALE_BROKER_EPOCH, UNKNOWN_TOPIC_ID,
     *     UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
     *     UNKNOWN_LEADER_EPOCH, INVALID_UPDATE_VERSION, INVALID_REQUEST or INELIGIBLE_REPLICA
     */
    public static ControllerResult<PartitionImage> alterPartition(MetadataImage image,
            Controller.AlterPartition request) {
        BrokerImage broker = image.broker(request.brokerId()).orElse(null);
        if (broker == null || broker.epoch() != request.brokerEpoch()) {
            throw new StaleBrokerEpochException("Broker " + request.brokerId() + " epoch " + request.brokerEpoch()
                    + " is not the registered one");
        }
        TopicImage topic = image.topic(request.topicId()).orElseThrow(() -> new UnknownTopicIdException(
                "No topic with id " + request.topicId()));
        PartitionImage p = topic.partition(request.partition());
        if (p == null) {
            throw new UnknownTopicOrPartitionException("No partition " + request.partition() + " in " + topic.name());
        }
        String where = topic.name() + "-" + p.partition();
        if (request.leaderEpoch() < p.leaderEpoch()) {
            throw new FencedLeaderEpochException("Leader epoch " + request.leaderEpoch() + " of " + where
                    + " is older than the current " + p.leaderEpoch());
        }
        if (request.leaderEpoch() > p.leaderEpoch()) {
            throw new UnknownLeaderEpochException("Leader epoch " + request.leaderEpoch() + " of " + where
                    + " is newer than the current " + p.leaderEpoch());
        }
        if (p.leader() != request.brokerId()) {
            throw new NotLeaderOrFollowerException("Broker " + request.brokerId() + " does not lead " + where);
        }
        if (request.partitionEpoch() != p.partitionEpoch()) {
            throw new InvalidUpdateVersionException("Partition epoch " + request.partitionEpoch() + " of " + where
                    + " is not the current " + p.partitionEpoch());
        }
        List<Integer> isr = List.copyOf(request.isr());
        if (!isr.contains(p.leader()) || new HashSet<>(isr).size() != isr.size()
                || !p.replicas().containsAll(isr)) {
            throw new InvalidRequestException("ISR " + isr + " of " + where + " must be distinct replicas of "
                    + p.replicas() + " including the leader " + p.leader());
        }
        Set<Integer> live = BrokerLifecycle.liveBrokers(image);
        for (int id : isr) {
            if (!p.isr().contains(id) && !live.contains(id)) {
                throw new IneligibleReplicaException("Replica " + id + " of " + where
                        + " cannot join the ISR: its broker is fenced or not registered");
            }
        }
        if (isr.equals(p.isr())) {
            return ControllerResult.of(p);
        }
        PartitionImage changed = new PartitionImage(p.partition(), p.replicas(), isr, p.leader(), p.leaderEpoch(),
                p.partitionEpoch(), p.addingReplicas(), p.removingReplicas());
        PartitionRecord record = Reassignments.completeIfReady(topic, changed, live);
        if (record == null) {
            record = new PartitionRecord(topic.id(), p.partition(), p.replicas(), isr, p.leader(), p.leaderEpoch(),
                    p.partitionEpoch() + 1, p.addingReplicas(), p.removingReplicas());
        }
        PartitionImage next = new PartitionImage(p.partition(), record.replicas(), record.isr(), record.leader(),
                record.leaderEpoch(), record.partitionEpoch(), record.addingReplicas(), record.removingReplicas());
        return new ControllerResult<>(List.<MetadataRecord>of(record), next);
    }
}
