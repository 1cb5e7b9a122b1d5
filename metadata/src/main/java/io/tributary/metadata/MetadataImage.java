package io.tributary.metadata;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * The cluster metadata as of one offset of the metadata log: brokers, topics with their
 * partitions and configs, broker configs and the producer-id high-water mark. Immutable; a new
 * image is made by {@link MetadataDelta} for every committed batch of records. Handlers read the
 * current image and never mutate it.
 */
public final class MetadataImage {

    public static final MetadataImage EMPTY = new MetadataImage(
            -1, "", Map.of(), Map.of(), Map.of(), Map.of(), 0L);

    private final long offset;
    private final String clusterId;
    private final Map<Integer, BrokerImage> brokers;
    private final Map<String, TopicImage> topicsByName;
    private final Map<Uuid, TopicImage> topicsById;
    private final Map<String, Map<String, String>> brokerConfigs;
    private final long nextProducerId;

    MetadataImage(
            long offset,
            String clusterId,
            Map<Integer, BrokerImage> brokers,
            Map<String, TopicImage> topicsByName,
            Map<Uuid, TopicImage> topicsById,
            Map<String, Map<String, String>> brokerConfigs,
            long nextProducerId) {
        this.offset = offset;
        this.clusterId = clusterId;
        this.brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        this.topicsByName = Collections.unmodifiableMap(topicsByName);
        this.topicsById = Collections.unmodifiableMap(topicsById);
        this.brokerConfigs = Collections.unmodifiableMap(brokerConfigs);
        this.nextProducerId = nextProducerId;
    }

    /** Offset of the last metadata record this image includes, -1 for the empty image. */
    public long offset() {
        return offset;
    }

    public String clusterId() {
        return clusterId;
    }

    public Map<Integer, BrokerImage> brokers() {
        return brokers;
    }

    public Optional<BrokerImage> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    public Map<String, TopicImage> topics() {
        return topicsByName;
    }

    public Optional<TopicImage> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicImage> topic(Uuid id) {
        return Optional.ofNullable(topicsById.get(id));
    }

    /** Dynamic broker configs by resource name ("" = cluster-wide default, else the broker id). */
    public Map<String, String> brokerConfigs(String resourceName) {
        return brokerConfigs.getOrDefault(resourceName, Map.of());
    }

    public long nextProducerId() {
        return nextProducerId;
    }

    Map<String, Map<String, String>> allBrokerConfigs() {
        return brokerConfigs;
    }

    /** Every dynamic broker config by resource name ("" = cluster-wide default), for snapshots. */
    public Map<String, Map<String, String>> allBrokerConfigsView() {
        return brokerConfigs;
    }

    Map<Uuid, TopicImage> topicsById() {
        return topicsById;
    }

    /** Topic names sorted, for stable listings. */
    public SortedMap<String, TopicImage> sortedTopics() {
        return new TreeMap<>(topicsByName);
    }
}
