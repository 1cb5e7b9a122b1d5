package io.tributary.metadata;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * One change to the cluster metadata. The metadata log is a sequence of these; replaying it from
 * the start over an empty image yields the current {@link MetadataImage}. Records are immutable
 * and their serialized form is versioned by the type name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MetadataRecord.ClusterRecord.class, name = "cluster"),
    @JsonSubTypes.Type(value = MetadataRecord.BrokerRecord.class, name = "broker"),
    @JsonSubTypes.Type(value = MetadataRecord.TopicRecord.class, name = "topic"),
    @JsonSubTypes.Type(value = MetadataRecord.PartitionRecord.class, name = "partition"),
    @JsonSubTypes.Type(value = MetadataRecord.RemoveTopicRecord.class, name = "remove-topic"),
    @JsonSubTypes.Type(value = MetadataRecord.ConfigRecord.class, name = "config"),
    @JsonSubTypes.Type(value = MetadataRecord.ProducerIdsRecord.class, name = "producer-ids"),
})
public sealed interface MetadataRecord {

    /** The cluster's identity, written once when the metadata log is created. */
    record ClusterRecord(String clusterId) implements MetadataRecord {}

    /**
     * A broker registration: its id, the endpoints clients reach it on, its rack, whether it is
     * fenced, and the incarnation (process start) that registered. A record with a new incarnation
     * starts a new broker epoch (the offset of that record); {@code epoch} is given (not -1) only by
     * snapshots, which carry each broker's epoch as it was.
     */
    record BrokerRecord(int brokerId, List<BrokerEndpoint> endpoints, String rack, boolean fenced,
            String incarnationId, long epoch) implements MetadataRecord {

        public BrokerRecord(int brokerId, List<BrokerEndpoint> endpoints, String rack, boolean fenced) {
            this(brokerId, endpoints, rack, fenced, null, -1L);
        }

        public BrokerRecord(int brokerId, List<BrokerEndpoint> endpoints, String rack, boolean fenced,
                String incarnationId) {
            this(brokerId, endpoints, rack, fenced, incarnationId, -1L);
        }
    }

    record TopicRecord(String name, Uuid topicId) implements MetadataRecord {}

    /**
     * The full state of one partition; a later record for the same partition replaces it.
     *
     * @param partitionEpoch bumped on every change to replicas, ISR or leader
     * @param addingReplicas replicas a reassignment in progress adds (among {@code replicas}), null
     *     or empty when none
     * @param removingReplicas replicas a reassignment in progress removes (among {@code replicas})
     */
    record PartitionRecord(
            Uuid topicId,
            int partition,
            List<Integer> replicas,
            List<Integer> isr,
            int leader,
            int leaderEpoch,
            int partitionEpoch,
            List<Integer> addingReplicas,
            List<Integer> removingReplicas)
            implements MetadataRecord {

        public PartitionRecord(Uuid topicId, int partition, List<Integer> replicas, List<Integer> isr, int leader,
                int leaderEpoch, int partitionEpoch) {
            this(topicId, partition, replicas, isr, leader, leaderEpoch, partitionEpoch, null, null);
        }
    }

    record RemoveTopicRecord(Uuid topicId) implements MetadataRecord {}

    /**
     * Sets ({@code value != null}) or removes one config of a resource.
     *
     * @param resourceType "topic" or "broker"
     * @param resourceName topic name, broker id, or empty for the cluster-wide broker default
     */
    record ConfigRecord(String resourceType, String resourceName, String name, String value)
            implements MetadataRecord {}

    /** The next producer id not yet handed out; ids below it are taken. */
    record ProducerIdsRecord(int brokerId, long nextProducerId) implements MetadataRecord {}
}
