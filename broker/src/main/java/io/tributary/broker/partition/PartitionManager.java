package io.tributary.broker.partition;

import io.tributary.broker.TopicConfigResolver;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.LogManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, kept in step with the metadata image: a new image creates
 * logs for new local replicas, applies changed topic configs and leadership, and deletes the logs
 * of removed topics (and stray logs whose topic id no longer matches).
 *
 * <p>Thread-safety: {@link #publish} runs on the controller thread only; lookups are concurrent
 * reads of a concurrent map.
 */
public final class PartitionManager implements MetadataPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final int localBrokerId;
    private final LogManager logManager;
    private final TopicConfigResolver logConfigs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * @param logConfigs the effective log config of a topic (static and dynamic broker defaults
     *     with its overrides)
     */
    public PartitionManager(int localBrokerId, LogManager logManager, TopicConfigResolver logConfigs) {
        this.localBrokerId = localBrokerId;
        this.logManager = logManager;
        this.logConfigs = logConfigs;
    }

    public Optional<Partition> get(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Map<TopicPartition, Partition> all() {
        return partitions;
    }

    @Override
    public void publish(MetadataImage previous, MetadataImage current) {
        if (previous == MetadataImage.EMPTY) {
            deleteStrayLogs(current);
        }
        boolean brokerDefaultsChanged = logConfigs.dynamicConfigsChanged(previous, current);
        for (TopicImage topic : current.topics().values()) {
            TopicImage before = previous.topic(topic.name()).orElse(null);
            boolean configChanged = before != null
                    && (brokerDefaultsChanged || !before.configs().equals(topic.configs()));
            LogConfig config = null;
            for (PartitionImage p : topic.partitions().values()) {
                if (!p.replicas().contains(localBrokerId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                Partition existing = partitions.get(tp);
                if (existing != null && existing.topicId().equals(topic.id())) {
                    if (!existing.state().equals(p)) {
                        existing.updateState(p);
                    }
                    if (configChanged) {
                        config = config != null ? config : logConfigOf(current, topic);
                        if (config != null && !existing.log().config().equals(config)) {
                            existing.log().updateConfig(config);
                        }
                    }
                    continue;
                }
                config = config != null ? config : logConfigOf(current, topic);
                partitions.put(tp, open(tp, topic.id(), config, p));
            }
        }
        for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
            TopicPartition tp = e.getKey();
            TopicImage t = current.topic(tp.topic()).orElse(null);
            if (t == null || !t.id().equals(e.getValue().topicId()) || t.partition(tp.partition()) == null) {
                partitions.remove(tp);
                delete(tp);
            }
        }
    }

    /** The effective log config; null (config left as it is) when the overrides cannot be applied. */
    private LogConfig logConfigOf(MetadataImage image, TopicImage topic) {
        try {
            return logConfigs.logConfig(image, topic);
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring unusable configs of topic {}: {}", topic.name(), e.getMessage());
            return null;
        }
    }

    private Partition open(TopicPartition tp, Uuid topicId, LogConfig config, PartitionImage state) {
        try {
            Optional<Uuid> onDisk = logManager.topicId(tp);
            if (onDisk.isPresent() && !onDisk.get().equals(topicId)) {
                LOG.info("Deleting log of {} left by an earlier topic {}", tp, onDisk.get());
                logManager.delete(tp);
            }
            Log log = logManager.getOrCreate(tp, topicId, config == null ? logConfigs.brokerLogDefaults() : config);
            if (config != null && !log.config().equals(config)) {
                log.updateConfig(config);
            }
            return new Partition(tp, topicId, localBrokerId, log, state);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the log of " + tp, e);
        }
    }

    private void deleteStrayLogs(MetadataImage current) {
        for (TopicPartition tp : Map.copyOf(logManager.all()).keySet()) {
            TopicImage t = current.topic(tp.topic()).orElse(null);
            PartitionImage p = t == null ? null : t.partition(tp.partition());
            if (p == null || !p.replicas().contains(localBrokerId)) {
                LOG.info("Deleting stray log {}", tp);
                delete(tp);
            }
        }
    }

    private void delete(TopicPartition tp) {
        try {
            logManager.delete(tp);
        } catch (IOException e) {
            LOG.error("Could not delete the log of {}", tp, e);
        }
    }
}
