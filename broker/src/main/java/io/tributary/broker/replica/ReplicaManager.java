package io.tributary.broker.replica;

import io.netty.util.Timer;
import io.tributary.broker.TopicConfigResolver;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.storage.LogManager;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

/**
 * The replicas this broker hosts and the one way request handlers reach them. It owns:
 *
 * <ul>
 *   <li>the lookup "partition or error", mapped once as Kafka does: a partition hosted here comes
 *       back whatever its state, and its operations answer by state (NOT_LEADER_OR_FOLLOWER for a
 *       follower, KAFKA_STORAGE_ERROR when offline, UNKNOWN_TOPIC_OR_PARTITION once deleted); one
 *       not hosted gets NOT_LEADER_OR_FOLLOWER when the applied metadata has it (it lives on other
 *       brokers, or is being created) and UNKNOWN_TOPIC_OR_PARTITION otherwise;
 *   <li>acks=all: a {@link DelayedProduce} on the broker's timer, beside long-poll fetches, for
 *       appends the high watermark has not passed yet (never on one node, where it passes at once);
 *   <li>the metadata side: its {@link #publisher()} ({@link ReplicaStateApplier}) creates and
 *       deletes local replicas and applies leadership and configs from each new image.
 * </ul>
 *
 * <p>Handlers and metrics never touch a {@code Log}: they use the role-checked operations and
 * read-only figures of {@link Partition}.
 *
 * <p>Thread-safety: lookups are lock-free reads of a concurrent map and of the volatile applied
 * image, from any thread. The map and the image change only on the thread applying metadata (see
 * {@link ReplicaStateApplier}).
 */
public final class ReplicaManager {

    private final int localBrokerId;
    private final Time time;
    private final Timer timer;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Partition> readOnly = Collections.unmodifiableMap(partitions);
    private final ReplicaStateApplier applier;
    private volatile MetadataImage image = MetadataImage.EMPTY;
    private volatile Replication replication; // null until started: a node without peers has no followers

    /**
     * @param logConfigs the effective log config of a topic (static and dynamic broker defaults with
     *     its overrides)
     * @param timer where delayed produces wait (the broker's {@code DeadlineTimer})
     */
    public ReplicaManager(int localBrokerId, LogManager logManager, TopicConfigResolver logConfigs, Time time,
            Timer timer) {
        this.localBrokerId = localBrokerId;
        this.time = time;
        this.timer = timer;
        this.applier = new ReplicaStateApplier(this, logManager, logConfigs);
    }

    /** What applies metadata images to the hosted replicas; see {@link ReplicaStateApplier}. */
    public MetadataPublisher publisher() {
        return applier;
    }

    /**
     * Tells the replicas that the metadata applied so far is complete: the next image applied
     * deletes local logs that no replica of this broker owns (strays of deleted or moved topics).
     */
    public void metadataCaughtUp() {
        applier.metadataCaughtUp();
    }

    public int localBrokerId() {
        return localBrokerId;
    }

    /** The partition hosted here, in whatever state, or null. */
    public Partition partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    /** Every hosted partition, by topic partition: a live read-only view. */
    public Map<TopicPartition, Partition> partitions() {
        return readOnly;
    }

    /**
     * The partition hosted here (its operations check its role), else the error for a partition
     * not hosted.
     *
     * @throws ApiException NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION, see {@link #notHostedError}
     */
    public Partition partitionOrException(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p != null) {
            return p;
        }
        Errors error = notHostedError(tp);
        throw error.exception(error == Errors.NOT_LEADER_OR_FOLLOWER
                ? "Broker " + localBrokerId + " does not host a replica of " + tp
                : "This server does not host this topic-partition: " + tp);
    }

    /**
     * Why a partition not hosted here cannot be served: NOT_LEADER_OR_FOLLOWER when the applied
     * metadata has it, else UNKNOWN_TOPIC_OR_PARTITION.
     */
    public Errors notHostedError(TopicPartition tp) {
        TopicImage topic = image.topics().get(tp.topic());
        return topic != null && topic.partition(tp.partition()) != null ? Errors.NOT_LEADER_OR_FOLLOWER
                : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    /**
     * Starts replication between brokers: followers fetch from their leaders, leaders ask the
     * controller to change ISRs. Called once, before the broker registers.
     */
    public synchronized void startReplication(Replication started) {
        if (replication != null) {
            throw new IllegalStateException("Replication is already started");
        }
        replication = started;
        started.start(this);
        partitions.values().forEach(started::roleApplied);
    }

    /** The replication side, null on a broker that has not started it. */
    public Replication replication() {
        return replication;
    }

    /** Whether acks=all answers before the ISR has the records: a planted bug for checker self-tests only. */
    public boolean unsafeAckBeforeReplication() {
        Replication r = replication;
        return r != null && r.unsafeAckBeforeReplication();
    }

    /**
     * A follower's fetch reached this leader: records what the follower has and, when it has
     * caught up from outside the ISR, asks for it to be added.
     *
     * @return false when {@code replicaId} holds no replica of {@code p}
     */
    public boolean followerFetched(Partition p, int replicaId, long fetchOffset, long followerLogStartOffset,
            long leaderEndOffset) {
        if (!p.updateFollowerFetchState(replicaId, fetchOffset, followerLogStartOffset, time.milliseconds(),
                leaderEndOffset)) {
            return false;
        }
        Replication r = replication;
        if (r != null) {
            java.util.List<Integer> expanded = IsrPolicy.expansion(p, replicaId);
            if (expanded != null) {
                r.isrUpdater().request(p, expanded);
            }
        }
        return true;
    }

    /** The applier moved {@code p} to a new role (or left it): followers fetch, others stop. */
    void roleApplied(Partition p) {
        Replication r = replication;
        if (r != null) {
            r.roleApplied(p);
        }
    }

    /** The applier removed {@code tp}. */
    void removed(TopicPartition tp) {
        Replication r = replication;
        if (r != null) {
            r.removed(tp);
        }
    }

    /** Stops fetching and ISR checks. */
    public void close() {
        Replication r = replication;
        if (r != null) {
            r.close();
        }
    }

    /** A new acks=all wait on the broker's timer; see {@link DelayedProduce}. */
    public DelayedProduce delayedProduce() {
        return new DelayedProduce(timer);
    }

    Time time() {
        return time;
    }

    /** The metadata image the hosted replicas follow (set by the applier before it applies one). */
    MetadataImage image() {
        return image;
    }

    void image(MetadataImage applied) {
        this.image = applied;
    }

    /** The mutable map, for the applier. */
    Map<TopicPartition, Partition> hosted() {
        return partitions;
    }
}
