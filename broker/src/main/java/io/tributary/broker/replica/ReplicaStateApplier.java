package io.tributary.broker.replica;

import io.tributary.broker.TopicConfigResolver;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.LogManager;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the {@link ReplicaManager}'s replicas in line with each new metadata image: opens the log
 * of a new local replica, moves every replica to the role the image gives it (leader, follower, or
 * deleted with its log when the topic or the local replica is gone), applies changed topic configs,
 * and at the first image deletes stray logs. A replica whose log cannot be opened is hosted Offline
 * (clients get KAFKA_STORAGE_ERROR) until it is deleted. A new replica is given its role before it
 * becomes visible to lookups.
 *
 * <p>Thread-confinement: {@link #publish} must be called by one thread at a time, in image order
 * (the controller thread today, a broker-side metadata thread in a cluster); a second call while
 * one runs throws {@link IllegalStateException}. Partition transitions wait for appends in flight;
 * nothing else here blocks request threads.
 */
final class ReplicaStateApplier implements MetadataPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStateApplier.class);

    private final ReplicaManager manager;
    private final LogManager logManager;
    private final TopicConfigResolver logConfigs;
    private final AtomicBoolean applying = new AtomicBoolean();
    private volatile boolean caughtUp; // set once the broker has applied the metadata up to its registration
    private boolean swept; // applying thread only

    ReplicaStateApplier(ReplicaManager manager, LogManager logManager, TopicConfigResolver logConfigs) {
        this.manager = manager;
        this.logManager = logManager;
        this.logConfigs = logConfigs;
    }

    @Override
    public void publish(MetadataImage previous, MetadataImage current) {
        if (!applying.compareAndSet(false, true)) {
            throw new IllegalStateException("Metadata images must be applied by one thread at a time");
        }
        try {
            manager.image(current);
            if (caughtUp && !swept) {
                swept = true;
                deleteStrayLogs(current);
            }
            boolean brokerDefaultsChanged = logConfigs.dynamicConfigsChanged(previous, current);
            for (TopicImage topic : current.topics().values()) {
                TopicImage before = previous.topic(topic.name()).orElse(null);
                boolean configChanged = before != null
                        && (brokerDefaultsChanged || !before.configs().equals(topic.configs()));
                applyTopic(current, topic, configChanged);
            }
            removeGone(current);
        } finally {
            applying.set(false);
        }
    }

    private void applyTopic(MetadataImage image, TopicImage topic, boolean configChanged) {
        int local = manager.localBrokerId();
        Map<TopicPartition, Partition> hosted = manager.hosted();
        LogConfig config = null;
        for (PartitionImage p : topic.partitions().values()) {
            if (!p.replicas().contains(local)) {
                continue;
            }
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            Partition existing = hosted.get(tp);
            try {
                if (existing != null && existing.topicId().equals(topic.id())) {
                    applyRole(existing, p);
                    manager.roleApplied(existing);
                    if (configChanged && !(existing.state() instanceof PartitionState.Offline)) {
                        config = config != null ? config : logConfigOf(image, topic);
                        if (config != null && !existing.log().config().equals(config)) {
                            existing.log().updateConfig(config);
                        }
                    }
                    continue;
                }
                if (existing != null) {
                    hosted.remove(tp);
                    manager.removed(tp);
                    existing.markDeleted();
                }
                config = config != null ? config : logConfigOf(image, topic);
                Partition created = open(tp, topic.id(), config);
                applyRole(created, p);
                hosted.put(tp, created);
                manager.roleApplied(created);
            } catch (RuntimeException e) {
                LOG.error("Could not apply {} to the replica of {}", p, tp, e);
            }
        }
    }

    /** Moves a replica to the role {@code image} gives this broker, if it is not there already. */
    private void applyRole(Partition partition, PartitionImage image) {
        PartitionState s = partition.state();
        int local = manager.localBrokerId();
        if (s instanceof PartitionState.Offline || s.matches(image, local)) {
            return;
        }
        if (image.leader() == local) {
            partition.makeLeader(image);
        } else {
            partition.makeFollower(image);
        }
    }

    /** Deletes replicas whose topic, partition or local replica the image no longer has. */
    private void removeGone(MetadataImage current) {
        int local = manager.localBrokerId();
        Iterator<Map.Entry<TopicPartition, Partition>> it = manager.hosted().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Partition> e = it.next();
            TopicPartition tp = e.getKey();
            TopicImage t = current.topic(tp.topic()).orElse(null);
            PartitionImage p = t == null || !t.id().equals(e.getValue().topicId()) ? null : t.partition(tp.partition());
            if (p == null || !p.replicas().contains(local)) {
                it.remove();
                manager.removed(tp);
                try {
                    e.getValue().markDeleted();
                } catch (IllegalStateException ex) {
                    LOG.error("Could not mark {} deleted", e.getValue(), ex);
                }
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

    /** A new replica in state None over its log, or Offline when the log cannot be opened. */
    private Partition open(TopicPartition tp, Uuid topicId, LogConfig config) {
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
            return new Partition(tp, topicId, manager.localBrokerId(), log, manager.time());
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not open the log of {}; the replica is offline", tp, e);
            return Partition.offline(tp, topicId, manager.localBrokerId(), manager.time(), String.valueOf(e));
        }
    }

    /**
     * From now on images are complete (the broker has applied the metadata written before its
     * registration), so the next one may decide which local logs no replica owns any more. Until
     * then an image can be partial (a quorum replaying its log after a snapshot) and a log missing
     * from it is not a stray.
     */
    void metadataCaughtUp() {
        caughtUp = true;
    }

    private void deleteStrayLogs(MetadataImage current) {
        for (TopicPartition tp : Map.copyOf(logManager.all()).keySet()) {
            TopicImage t = current.topic(tp.topic()).orElse(null);
            PartitionImage p = t == null ? null : t.partition(tp.partition());
            if (p == null || !p.replicas().contains(manager.localBrokerId())) {
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
