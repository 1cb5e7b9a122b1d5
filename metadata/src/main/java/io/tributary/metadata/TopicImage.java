package io.tributary.metadata;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * One topic in a {@link MetadataImage}: its id, its partitions and its config overrides.
 * Immutable; partitions are numbered 0..n-1 without gaps.
 */
public record TopicImage(String name, Uuid id, SortedMap<Integer, PartitionImage> partitions,
        Map<String, String> configs) {

    public TopicImage {
        partitions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
        configs = Map.copyOf(configs);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public PartitionImage partition(int partition) {
        return partitions.get(partition);
    }
}
