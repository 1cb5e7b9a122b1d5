package io.tributary.broker.group;

import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaTestContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * A whole {@link GroupCoordinator} over one real {@code __consumer_offsets} partition (a log in a
 * temporary directory, {@link ReplicaTestContext}), with one shard whose thread the test drives
 * ({@link ManualExecutor}) and a manual clock and timer for the acks=all waits and group timers.
 * The real {@link OffsetsTopicWriter} and {@link OffsetsTopicLoader} (reading one batch per step)
 * are used; leadership moves as the test says, the partition first and then the coordinator, as
 * the metadata thread does it. The local broker is {@link ReplicaTestContext#LOCAL}.
 */
final class CoordinatorTestContext implements AutoCloseable {

    static final String GROUP = "g";
    static final String TOPIC = "t";
    static final long WRITE_TIMEOUT_MS = 5_000;

    final ReplicaTestContext replicas;
    final Partition offsets;
    final ManualExecutor shardThread = new ManualExecutor();
    final GroupCoordinator coordinator;
    final GroupShard shard;
    /** Leader epochs whose replay reached its end (installed or not). */
    final List<Integer> finishedLoads = new ArrayList<>();

    CoordinatorTestContext(Path dir, List<Integer> replicaIds) throws IOException {
        replicas = new ReplicaTestContext(dir);
        offsets = replicas.leader(OffsetsTopic.NAME, replicaIds);
        Function<TopicPartition, Partition> lookup = tp -> tp.equals(offsets.topicPartition()) ? offsets : null;
        GroupConfig config = GroupConfig.defaults().withOffsetsPartitions(1).withInitialRebalanceDelayMs(0);
        GroupLoader real = new OffsetsTopicLoader(lookup, replicas.time, 1);
        GroupLoader recording = (partition, epoch, target) -> {
            GroupLoader.Replay replay = real.replay(partition, epoch, target);
            return () -> {
                boolean done = replay.step();
                if (done) {
                    finishedLoads.add(epoch);
                }
                return done;
            };
        };
        OffsetsTopicWriter writer = new OffsetsTopicWriter(lookup, replicas::delayedProduce, replicas.time,
                WRITE_TIMEOUT_MS);
        shard = new GroupShard(shardThread, replicas.timer, config, replicas.time, writer, recording,
                new MockTopicLookup().create(TOPIC, 4));
        coordinator = new GroupCoordinator(config, replicas.timer, List.of(shard));
    }

    /** The partition's leadership comes (back) here at {@code epoch}; the coordinator is told. */
    void lead(int epoch, List<Integer> replicaIds) {
        ReplicaTestContext.lead(offsets, ReplicaTestContext.image(ReplicaTestContext.LOCAL, epoch, epoch, replicaIds,
                replicaIds));
        coordinator.onElection(0, epoch);
    }

    /** Broker 2 leads the partition from {@code epoch}; the coordinator is told. */
    void loseLeadership(int epoch) {
        ReplicaTestContext.follow(offsets, ReplicaTestContext.image(2, epoch, epoch, List.of(1, 2), List.of(1, 2)));
        coordinator.onResignation(0, epoch);
    }

    /** The state of the partition's coordinator (the test's thread is the shard's between tasks). */
    CoordinatorState state() {
        return shard.coordinator(0).state();
    }

    /** The active context, null unless ACTIVE. */
    CoordinatorContext active() {
        return shard.coordinator(0).active();
    }

    CompletableFuture<OffsetCommitResponseData> commit(int partition, long offset) {
        OffsetCommitRequestData req = new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(-1)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(TOPIC)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(partition).setCommittedOffset(offset)))));
        return coordinator.commitOffsets(req);
    }

    CompletableFuture<OffsetFetchResponseGroup> fetch(int partition) {
        return coordinator.fetchOffsets(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(GROUP)
                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(TOPIC)
                        .setPartitionIndexes(List.of(partition)))));
    }

    /** The committed offset the coordinator answers, after running the shard. */
    long fetched(int partition) {
        CompletableFuture<OffsetFetchResponseGroup> f = fetch(partition);
        shardThread.runAll();
        OffsetFetchResponseGroup g = f.join();
        if (g.errorCode() != 0) {
            throw new AssertionError("OffsetFetch failed: " + Errors.forCode(g.errorCode()));
        }
        return g.topics().get(0).partitions().get(0).committedOffset();
    }

    static Errors commitError(OffsetCommitResponseData r) {
        return Errors.forCode(r.topics().get(0).partitions().get(0).errorCode());
    }

    CompletableFuture<JoinGroupResponseData> join(String memberId) {
        JoinGroupRequestData req = GroupTestContext.joinRequest(memberId, null, "range");
        return coordinator.joinGroup(new ClassicGroupManager.Join(req, (short) 9, "client", "/127.0.0.1"));
    }

    CompletableFuture<SyncGroupResponseData> sync(String memberId, int generation, String assignment) {
        return coordinator.syncGroup(new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation).setAssignments(List.of(
                        new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                                .setAssignment(assignment.getBytes()))), (short) 5);
    }

    /** A consumer-protocol member's first heartbeat, subscribing to {@link #TOPIC}. */
    CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerJoin(String memberId) {
        ConsumerGroupHeartbeatRequestData req = new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP)
                .setMemberId(memberId).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of(TOPIC)).setTopicPartitions(new ArrayList<>());
        return coordinator.consumerGroupHeartbeat(
                new ConsumerGroupManager.Heartbeat(req, (short) 1, "client", "/127.0.0.1"));
    }

    /** Broker 2 has fetched everything the partition holds: the high watermark reaches the log end. */
    void followerCaughtUp() {
        long end = offsets.logEndOffset();
        offsets.updateFollowerFetchState(2, end, 0, replicas.time.milliseconds(), end);
    }

    @Override
    public void close() throws IOException {
        coordinator.close();
        replicas.close();
    }
}
