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
 * The group coordinator of this broker: routes each group to the shard that owns it and exposes
 * one asynchronous operation per group API.
 *
 * <p>Threading: a group lives in partition {@code abs(hash(groupId)) % offsets.topic.num.partitions}
 * of {@code __consumer_offsets}; partition {@code p} belongs to shard {@code p % shards}. Each
 * shard is one thread that owns its groups' state outright (no locks); this class only submits
 * work to shards and is itself thread-safe. Timeouts run on the broker's timer and hop onto the
 * owning shard's thread.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final Timer timer;
    private final List<GroupShard> shards = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.function.Supplier<CompletableFuture<Void>> starter;
    private volatile boolean active;
    private volatile boolean closed;
    private volatile java.util.function.IntPredicate leads = partition -> true;

    public GroupCoordinator(GroupConfig config, Time time, Timer timer, GroupWriter writer, TopicLookup topics) {
        this.config = config;
        this.timer = timer;
        for (int i = 0; i < Math.max(1, config.shards()); i++) {
            shards.add(new GroupShard(i, config, time, timer, writer, topics));
        }
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
        return shards.get(partitionFor(groupId == null ? "" : groupId) % shards.size());
    }

    /** The shard owning offsets partition {@code partition}. */
    GroupShard shardOfPartition(int partition) {
        return shards.get(partition % shards.size());
    }

    /** Whether state has been loaded and requests may be served (else COORDINATOR_LOAD_IN_PROGRESS). */
    public boolean isActive() {
        return active && !closed;
    }

    /** Started but not yet serving: the offsets topic is being created or replayed. */
    public boolean isLoading() {
        return started.get() && !isActive();
    }

    /**
     * Prepares the start: with {@code topicExists} the offsets topic is replayed now (blocking);
     * otherwise nothing happens until the first group request calls {@link #requestStart()}, which
     * creates the topic (as Kafka does, so a node that never sees a group never creates it).
     */
    public void startWhenNeeded(boolean topicExists, java.util.function.Supplier<CompletableFuture<?>> createTopic,
            GroupLoader loader) {
        if (topicExists) {
            started.set(true);
            activate(loader);
            return;
        }
        // activate() blocks while the shards replay: run it on a thread of its own, never on the
        // common fork-join pool, where any other blocking task would hold the coordinator back
        starter = () -> createTopic.get().thenRunAsync(() -> activate(loader), GroupCoordinator::startLoaderThread);
    }

    private static void startLoaderThread(Runnable r) {
        Thread t = new Thread(r, "tributary-group-loader");
        t.setDaemon(true);
        t.start();
    }

    /** Starts the coordinator in the background if it has not started; idempotent and thread-safe. */
    public void requestStart() {
        java.util.function.Supplier<CompletableFuture<Void>> s = starter;
        if (active || closed || s == null || !started.compareAndSet(false, true)) {
            return;
        }
        s.get().whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("Could not start the group coordinator; the next group request retries", e);
                started.set(false);
            }
        });
    }

    /**
     * Replays {@code loader} into every shard, then starts serving and the periodic offset expiry.
     * Blocks until loading has finished.
     */
    public void activate(GroupLoader loader) {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (int p = 0; p < config.offsetsPartitions(); p++) {
            int partition = p;
            loads.add(shardOfPartition(p).call(s -> {
                loader.load(partition, s.state(), s.classic(), s.consumer());
                return CompletableFuture.completedFuture(null);
            }));
        }
        CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).join();
        active = true;
        scheduleExpiry();
    }

    private void scheduleExpiry() {
        if (closed) {
            return;
        }
        timer.newTimeout(t -> {
            for (GroupShard s : shards) {
                s.call(shard -> {
                    shard.offsets().expireOffsets(g -> shard.state().consumerGroup(g)
                            .map(c -> !c.members().isEmpty()).orElse(false));
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
        return on(req.groupId(), s -> CompletableFuture.completedFuture(s.offsets().commit(req)));
    }

    public CompletableFuture<OffsetFetchResponseGroup> fetchOffsets(OffsetFetchRequestGroup req) {
        return on(req.groupId(), s -> CompletableFuture.completedFuture(s.offsets().fetch(req)));
    }

    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData req) {
        return on(req.groupId(), s -> CompletableFuture.completedFuture(
                s.offsets().delete(req, new ClassicSubscriptions(s.state()))));
    }

    public CompletableFuture<org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            ConsumerGroupManager.Heartbeat hb) {
        return on(hb.request().groupId(), s -> s.consumer().heartbeat(hb));
    }

    public CompletableFuture<org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup>
            describeConsumerGroup(String groupId) {
        return on(groupId,
                s -> CompletableFuture.completedFuture(s.admin().describeConsumerGroup(groupId, s.topics())));
    }

    public CompletableFuture<DescribedGroup> describeGroup(String groupId) {
        return on(groupId, s -> CompletableFuture.completedFuture(s.admin().describe(groupId)));
    }

    public CompletableFuture<DeletableGroupResult> deleteGroup(String groupId) {
        return on(groupId, s -> CompletableFuture.completedFuture(
                new DeletableGroupResult().setGroupId(groupId).setErrorCode(s.admin().delete(groupId).code())));
    }

    /** Every group of every shard that matches the filters (lower-case state names and types). */
    public CompletableFuture<List<ListedGroup>> listGroups(Set<String> states, Set<String> types) {
        List<CompletableFuture<List<ListedGroup>>> parts = new ArrayList<>();
        for (GroupShard s : shards) {
            parts.add(s.call(shard -> CompletableFuture.completedFuture(shard.admin().list(states, types))));
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
                for (String group : shard.state().groupsWithOffsets()) {
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    shard.state().offsets(group).forEach((tp, o) -> offsets.put(tp, o.offset()));
                    out.put(group, offsets);
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

    /**
     * Tells the coordinator which {@code __consumer_offsets} partitions this broker leads: a group
     * whose partition it does not lead gets NOT_COORDINATOR, so a client with a stale coordinator
     * finds the right one instead of splitting the group in two. All, by default (one node).
     */
    public void setLeadership(java.util.function.IntPredicate leadsPartition) {
        this.leads = leadsPartition;
    }

    private <T> CompletableFuture<T> on(String groupId, Function<GroupShard, CompletableFuture<T>> op) {
        int partition = partitionFor(groupId == null ? "" : groupId);
        if (!leads.test(partition)) {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.NotCoordinatorException(
                    "This broker is not the coordinator of group " + groupId + " (partition " + partition + " of "
                            + OffsetsTopic.NAME + ")"));
        }
        return shardFor(groupId).call(op);
    }

    @Override
    public void close() {
        closed = true;
        shards.forEach(GroupShard::close);
    }
}
