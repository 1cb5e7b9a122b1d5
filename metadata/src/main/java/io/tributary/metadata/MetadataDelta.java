package io.tributary.metadata;

import io.tributary.metadata.MetadataRecord.BrokerRecord;
import io.tributary.metadata.MetadataRecord.ClusterRecord;
import io.tributary.metadata.MetadataRecord.ConfigRecord;
import io.tributary.metadata.MetadataRecord.PartitionRecord;
import io.tributary.metadata.MetadataRecord.ProducerIdsRecord;
import io.tributary.metadata.MetadataRecord.RemoveTopicRecord;
import io.tributary.metadata.MetadataRecord.TopicRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * Applies metadata records to an image and builds the next one. Not thread-safe: used by one
 * thread (the controller, or the loader at start-up) for one batch at a time.
 */
public final class MetadataDelta {

    private final MetadataImage base;
    private String clusterId;
    private final Map<Integer, BrokerImage> brokers;
    private final Map<String, TopicImage> topicsByName;
    private final Map<Uuid, TopicImage> topicsById;
    private final Map<String, Map<String, String>> brokerConfigs;
    private long nextProducerId;
    private long offset;

    public MetadataDelta(MetadataImage base) {
        this.base = base;
        this.clusterId = base.clusterId();
        this.brokers = new HashMap<>(base.brokers());
        this.topicsByName = new HashMap<>(base.topics());
        this.topicsById = new HashMap<>(base.topicsById());
        this.brokerConfigs = new HashMap<>(base.allBrokerConfigs());
        this.nextProducerId = base.nextProducerId();
        this.offset = base.offset();
    }

    public MetadataImage base() {
        return base;
    }

    /** Applies {@code record}, written at metadata-log offset {@code recordOffset}. */
    public MetadataDelta apply(long recordOffset, MetadataRecord record) {
        switch (record) {
            case ClusterRecord r -> clusterId = r.clusterId();
            case BrokerRecord r -> applyBroker(recordOffset, r);
            case TopicRecord r -> putTopic(new TopicImage(r.name(), r.topicId(), new TreeMap<>(), Map.of()));
            case PartitionRecord r -> applyPartition(r);
            case RemoveTopicRecord r -> {
                TopicImage t = topicsById.remove(r.topicId());
                if (t != null) {
                    topicsByName.remove(t.name());
                }
            }
            case ConfigRecord r -> applyConfig(r);
            case ProducerIdsRecord r -> nextProducerId = Math.max(nextProducerId, r.nextProducerId());
        }
        offset = recordOffset;
        return this;
    }

    public MetadataImage build() {
        return new MetadataImage(offset, clusterId, brokers, new HashMap<>(topicsByName), new HashMap<>(topicsById),
                new HashMap<>(brokerConfigs), nextProducerId);
    }

    /** The topic as it stands in this delta (after the records applied so far). */
    public TopicImage topic(String name) {
        return topicsByName.get(name);
    }

    private void applyBroker(long recordOffset, BrokerRecord r) {
        BrokerImage old = brokers.get(r.brokerId());
        boolean sameIncarnation = old != null && java.util.Objects.equals(old.incarnationId(), r.incarnationId());
        long epoch = r.epoch() >= 0 ? r.epoch() : sameIncarnation && old.epoch() >= 0 ? old.epoch() : recordOffset;
        brokers.put(r.brokerId(), new BrokerImage(r.brokerId(), r.endpoints() == null ? java.util.List.of()
                : r.endpoints(), r.rack(), r.fenced(), epoch, r.incarnationId()));
    }

    private void applyPartition(PartitionRecord r) {
        TopicImage t = topicsById.get(r.topicId());
        if (t == null) {
            throw new IllegalStateException("partition record for unknown topic " + r.topicId());
        }
        TreeMap<Integer, PartitionImage> parts = new TreeMap<>(t.partitions());
        parts.put(r.partition(), new PartitionImage(r.partition(), r.replicas(), r.isr(), r.leader(),
                r.leaderEpoch(), r.partitionEpoch(), r.addingReplicas(), r.removingReplicas()));
        putTopic(new TopicImage(t.name(), t.id(), parts, t.configs()));
    }

    private void applyConfig(ConfigRecord r) {
        if ("topic".equals(r.resourceType())) {
            TopicImage t = topicsByName.get(r.resourceName());
            if (t == null) {
                return;
            }
            Map<String, String> configs = new HashMap<>(t.configs());
            if (r.value() == null) {
                configs.remove(r.name());
            } else {
                configs.put(r.name(), r.value());
            }
            putTopic(new TopicImage(t.name(), t.id(), t.partitions(), configs));
        } else {
            Map<String, String> configs = new HashMap<>(brokerConfigs.getOrDefault(r.resourceName(), Map.of()));
            if (r.value() == null) {
                configs.remove(r.name());
            } else {
                configs.put(r.name(), r.value());
            }
            brokerConfigs.put(r.resourceName(), Map.copyOf(configs));
        }
    }

    private void putTopic(TopicImage t) {
        topicsByName.put(t.name(), t);
        topicsById.put(t.id(), t);
    }
}
