package io.tributary.broker.group;

import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * The group coordinator of this broker: routes each group to the coordinator of its
 * {@code __consumer_offsets} partition and exposes one asynchronous operation per group API.
 *
 * <p>Leadership: the coordinator of a partition lives on the partition's leader. As the metadata
 * moves leadership ({@link OffsetsLeadership} reads each applied image), {@link #onElection}
 * loads the partition's groups from its log for the new leader epoch (meanwhile its groups get
 * COORDINATOR_LOAD_IN_PROGRESS) and {@link #onResignation} drops them (its groups get
 * NOT_COORDINATOR); see {@link PartitionCoordinator}.
 *
 * <p>Threading: a group lives in partition {@code abs(hash(groupId)) % offsets.topic.num.partitions};
 * partition {@code p} belongs to shard {@code p % shards}. Each shard is one thread that owns its
 * partitions' coordinators and groups outright (no locks); this class only submits work to shards
 * and is itself thread-safe. Timeouts run on the broker's timer and hop onto the owning shard's
 * thread.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final Timer timer;
    private final List<GroupShard> shards;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.function.Supplier<CompletableFuture<Void>> starter;
    private volatile boolean topicExists;
    private volatile boolean closed;

    /**
     * @param writers the writer of each partition's coordinator, bound to its leader epoch
     * @param loader replays a partition's log when this broker becomes its leader
     */
    public GroupCoordinator(GroupConfig config, Time time, Timer timer, GroupWriter.Factory writers,
            GroupLoader loader, TopicLookup topics) {
        this(config, timer, shards(config, time, timer, writers, loader, topics));
    }

    /** A coordinator over the given shards (tests build shards on executors they drive). */
    GroupCoordinator(GroupConfig config, Timer timer, List<GroupShard> shards) {
        this.config = config;
        this.timer = timer;
        this.shards = List.copyOf(shards);
        scheduleExpiry();
    }

    private static List<GroupShard> shards(GroupConfig config, Time time, Timer timer, GroupWriter.Factory writers,
            GroupLoader loader, TopicLookup topics) {
        List<GroupShard> out = new ArrayList<>();
        for (int i = 0; i < Math.max(1, config.shards()); i++) {
            out.add(new GroupShard(i, config, time, timer, writers, loader, topics));
        }
        return out;
    }

    public GroupConfig config() {
        return config;
    }

    /** A group id the coordinator accepts: non-empty and at most {@value GroupConfig#MAX_GROUP_ID_LENGTH} chars. */
    public static boolean isValidGroupId(String groupId) {
        return groupId != null && !groupId.isEmpty() && groupId.length() <= GroupConfig.MAX_GROUP_ID_LENGTH;
    }

    /** The {@code __consumer_offsets} partition holding {@code groupId}. */
    public int partitionFor(String groupId) {
        return Utils.abs(groupId.hashCode()) % config.offsetsPartitions();
    }

    private GroupShard shardFor(String groupId) {
        return shardOfPartition(partitionFor(groupId == null ? "" : groupId));
    }

    /** The shard owning offsets partition {@code partition}. */
    GroupShard shardOfPartition(int partition) {
        return shards.get(partition % shards.size());
    }

    /**
     * Whether the offsets topic exists (so group requests go to their partition's coordinator,
     * which answers by its own state); until then COORDINATOR_LOAD_IN_PROGRESS.
     */
    public boolean isActive() {
        return topicExists && !closed;
    }

    /** Started but the offsets topic is not there yet (being created). */
    public boolean isLoading() {
        return started.get() && !isActive();
    }

    /**
     * Prepares the start: with {@code topicExists} there is nothing to create (the partitions led
     * here are loaded as the metadata elects this broker); otherwise nothing happens until the
     * first group request calls {@link #requestStart()}, which creates the topic (as Kafka does, so
     * a node that never sees a group never creates it).
     */
    public void startWhenNeeded(boolean topicExists, java.util.function.Supplier<CompletableFuture<?>> createTopic) {
        if (topicExists) {
            started.set(true);
            return;
        }
        starter = () -> createTopic.get().thenRun(() -> { });
    }

    /** Starts the coordinator in the background if it has not started; idempotent and thread-safe. */
    public void requestStart() {
        java.util.function.Supplier<CompletableFuture<Void>> s = starter;
        if (isActive() || closed || s == null || !started.compareAndSet(false, true)) {
            return;
        }
        s.get().whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("Could not create {}; the next group request retries", OffsetsTopic.NAME, e);
                started.set(false);
            }
        });
    }

    /** What moves the partitions' coordinators as the metadata moves their leadership. */
    public io.tributary.metadata.controller.MetadataPublisher leadership(int localBrokerId) {
        return new OffsetsLeadership(localBrokerId, new OffsetsLeadership.Elections() {
            @Override
            public void onElection(int partition, int leaderEpoch) {
                GroupCoordinator.this.onElection(partition, leaderEpoch);
            }

            @Override
            public void onResignation(int partition, int leaderEpoch) {
                GroupCoordinator.this.onResignation(partition, leaderEpoch);
            }

            @Override
            public void topicExists(boolean exists) {
                GroupCoordinator.this.topicExists(exists);
            }
        });
    }

    /** The applied metadata has the offsets topic. */
    void topicExists(boolean exists) {
        this.topicExists = exists;
    }

    /** This broker leads offsets partition {@code partition} from {@code leaderEpoch}: load its groups. */
    public void onElection(int partition, int leaderEpoch) {
        shardOfPartition(partition).elect(partition, leaderEpoch);
    }

    /**
     * This broker no longer leads offsets partition {@code partition} ({@code leaderEpoch} is the
     * new leader's epoch; -1 when the partition is gone): drop its groups.
     */
    public void onResignation(int partition, int leaderEpoch) {
        shardOfPartition(partition).resign(partition, leaderEpoch);
    }

    /** Waits (at most {@code timeoutMs}) for every load started so far to end. */
    public void awaitLoads(long timeoutMs) {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (GroupShard s : shards) {
            loads.add(s.loadsDone());
        }
        try {
            CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("The groups of {} are still loading after {} ms", OffsetsTopic.NAME, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleExpiry() {
        if (closed) {
            return;
        }
        timer.newTimeout(t -> {
            for (GroupShard s : shards) {
                s.call(shard -> {
                    for (CoordinatorContext c : shard.activeContexts()) {
                        c.offsets().expireOffsets(g -> c.state().consumerGroup(g)
                                .map(cg -> !cg.members().isEmpty()).orElse(false));
                    }
                    return CompletableFuture.completedFuture(null);
                });
            }
            scheduleExpiry();
        }, config.offsetsRetentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<JoinGroupResponseData> joinGroup(ClassicGroupManager.Join join) {
        return on(join.request().groupId(), s -> s.classic().join(join));
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData req, short version) {
        return on(req.groupId(), s -> s.sync().sync(req, version));
    }

    public CompletableFuture<Errors> heartbeat(HeartbeatRequestData req) {
        return on(req.groupId(), s -> CompletableFuture.completedFuture(s.membership().heartbeat(req)));
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(LeaveGroupRequestData req, short version) {
        return on(req.groupId(), s -> CompletableFuture.completedFuture(s.membership().leave(req, version)));
    }

    public CompletableFuture<OffsetCommitResponseData> commitOffsets(OffsetCommitRequestData req) {
        return on(req.groupId(), s -> s.offsets().commit(req));
    }

    public CompletableFuture<OffsetFetchResponseGroup> fetchOffsets(OffsetFetchRequestGroup req) {
        return on(req.groupId(), s -> CompletableFuture.completedFuture(s.offsets().fetch(req)))
                .exceptionally(e -> new OffsetFetchResponseGroup().setGroupId(req.groupId())
                        .setErrorCode(WriteResults.errorOf(e).code()));
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData req) {
        return on(req.groupId(), s -> s.offsets().delete(req, new ClassicSubscriptions(s.state())));
    }

    public CompletableFuture<org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            ConsumerGroupManager.Heartbeat hb) {
        return on(hb.request().groupId(), s -> s.consumer().heartbeat(hb));
    }

    public CompletableFuture<org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup>
            describeConsumerGroup(String groupId) {
        return on(groupId,
                s -> CompletableFuture.completedFuture(s.admin().describeConsumerGroup(groupId, s.topics())))
                .exceptionally(e -> new org.apache.kafka.common.message.ConsumerGroupDescribeResponseData
                        .DescribedGroup().setGroupId(groupId).setErrorCode(WriteResults.errorOf(e).code()));
    }

    public CompletableFuture<DescribedGroup> describeGroup(String groupId) {
        return on(groupId, s -> CompletableFuture.completedFuture(s.admin().describe(groupId)))
                .exceptionally(e -> new DescribedGroup().setGroupId(groupId)
                        .setErrorCode(WriteResults.errorOf(e).code()));
    }

    public CompletableFuture<DeletableGroupResult> deleteGroup(String groupId) {
        return on(groupId, s -> s.admin().delete(groupId).thenApply(
                        error -> new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())))
                .exceptionally(e -> new DeletableGroupResult().setGroupId(groupId)
                        .setErrorCode(WriteResults.errorOf(e).code()));
    }

    /** Every group of every shard that matches the filters (lower-case state names and types). */
    public CompletableFuture<List<ListedGroup>> listGroups(Set<String> states, Set<String> types) {
        List<CompletableFuture<List<ListedGroup>>> parts = new ArrayList<>();
        for (GroupShard s : shards) {
            parts.add(s.call(shard -> {
                List<ListedGroup> listed = new ArrayList<>();
                shard.activeContexts().forEach(c -> listed.addAll(c.admin().list(states, types)));
                return CompletableFuture.completedFuture(listed);
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<ListedGroup> out = new ArrayList<>();
            parts.forEach(p -> out.addAll(p.join()));
            return out;
        });
    }

    /** A snapshot of every group's committed offsets, read on each shard's own thread. */
    public CompletableFuture<Map<String, Map<TopicPartition, Long>>> committedOffsets() {
        List<CompletableFuture<Map<String, Map<TopicPartition, Long>>>> parts = new ArrayList<>();
        for (GroupShard s : shards) {
            parts.add(s.call(shard -> {
                Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
                for (CoordinatorContext c : shard.activeContexts()) {
                    for (String group : c.state().groupsWithOffsets()) {
                        Map<TopicPartition, Long> offsets = new HashMap<>();
                        c.state().offsets(group).forEach((tp, o) -> offsets.put(tp, o.offset()));
                        out.put(group, offsets);
                    }
                }
                return CompletableFuture.completedFuture(out);
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Map<TopicPartition, Long>> all = new HashMap<>();
            parts.forEach(p -> all.putAll(p.join()));
            return all;
        });
    }

    private <T> CompletableFuture<T> on(String groupId, Function<CoordinatorContext, CompletableFuture<T>> op) {
        int partition = partitionFor(groupId == null ? "" : groupId);
        return shardFor(groupId).callPartition(partition, op);
    }

    @Override
    public void close() {
        closed = true;
        shards.forEach(GroupShard::close);
    }
}
