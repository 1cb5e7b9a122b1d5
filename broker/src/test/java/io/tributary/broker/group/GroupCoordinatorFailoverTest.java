package io.tributary.broker.group;

import static io.tributary.broker.group.CoordinatorTestContext.commitError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator of a {@code __consumer_offsets} partition follows this broker's leadership of
 * it: offsets committed, leadership lost (NOT_COORDINATOR, state dropped), leadership regained at
 * a new epoch (COORDINATOR_LOAD_IN_PROGRESS while the log is replayed, then the offsets are back);
 * a replay overtaken by a newer transition is never installed.
 */
class GroupCoordinatorFailoverTest {

    private static final List<Integer> ALONE = List.of(1);

    @TempDir
    Path dir;

    private static CoordinatorTestContext elected(CoordinatorTestContext ctx) {
        ctx.coordinator.onElection(0, 1);
        ctx.shardThread.runAll();
        assertThat(ctx.state()).isEqualTo(CoordinatorState.ACTIVE);
        return ctx;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return WriteResults.unwrap(e);
        }
    }

    @Test
    void groupsOfAPartitionNeverLedHereAreNotCoordinated() throws Exception {
        try (CoordinatorTestContext ctx = new CoordinatorTestContext(dir, ALONE)) {
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 5);
            ctx.shardThread.runAll();
            assertThat(failure(commit)).isInstanceOf(NotCoordinatorException.class);
            assertThat(ctx.state()).isEqualTo(CoordinatorState.UNLOADED);
        }
    }

    @Test
    void offsetsAreDroppedWithLeadershipAndReloadedFromTheLogWhenItReturns() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            CompletableFuture<OffsetCommitResponseData> first = ctx.commit(0, 42);
            CompletableFuture<OffsetCommitResponseData> second = ctx.commit(1, 7);
            CompletableFuture<OffsetCommitResponseData> third = ctx.commit(2, 8);
            ctx.shardThread.runAll();
            assertThat(commitError(first.join())).isEqualTo(Errors.NONE);
            assertThat(commitError(second.join())).isEqualTo(Errors.NONE);
            assertThat(commitError(third.join())).isEqualTo(Errors.NONE);
            assertThat(ctx.fetched(0)).isEqualTo(42);

            ctx.loseLeadership(2);
            ctx.shardThread.runAll();
            assertThat(ctx.state()).isEqualTo(CoordinatorState.UNLOADED);
            CompletableFuture<OffsetCommitResponseData> refused = ctx.commit(0, 43);
            CompletableFuture<OffsetFetchResponseGroup> fetched = ctx.fetch(0);
            ctx.shardThread.runAll();
            assertThat(failure(refused)).isInstanceOf(NotCoordinatorException.class);
            assertThat(Errors.forCode(fetched.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);

            ctx.lead(3, ALONE);
            ctx.shardThread.runNext(); // the election, with the first of three batches
            assertThat(ctx.state()).isEqualTo(CoordinatorState.LOADING);
            CompletableFuture<OffsetFetchResponseGroup> early = ctx.fetch(0);
            CompletableFuture<OffsetCommitResponseData> earlyCommit = ctx.commit(0, 44);
            ctx.shardThread.runNext(); // the second batch; the last step queues behind the requests
            assertThat(ctx.state()).isEqualTo(CoordinatorState.LOADING);
            ctx.shardThread.runAll();
            assertThat(Errors.forCode(early.join().errorCode())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
            assertThat(failure(earlyCommit)).isInstanceOf(CoordinatorLoadInProgressException.class);

            assertThat(ctx.state()).isEqualTo(CoordinatorState.ACTIVE);
            assertThat(ctx.active().leaderEpoch()).isEqualTo(3);
            assertThat(ctx.fetched(0)).isEqualTo(42);
            assertThat(ctx.fetched(1)).isEqualTo(7);
            assertThat(ctx.fetched(2)).isEqualTo(8);
        }
    }

    @Test
    void aReplayOvertakenByANewerElectionIsNotInstalled() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            ctx.commit(0, 1);
            ctx.commit(1, 2);
            ctx.commit(2, 3);
            ctx.shardThread.runAll();
            ctx.loseLeadership(2);
            ctx.lead(3, ALONE);
            ctx.shardThread.runNext(); // resignation
            ctx.shardThread.runNext(); // election at 3 with the first batch; the next step is queued
            ctx.loseLeadership(4);
            ctx.lead(5, ALONE);
            ctx.shardThread.runAll();

            assertThat(ctx.finishedLoads).as("the replay of epoch 3 stopped at its next step").containsExactly(1, 5);
            assertThat(ctx.state()).isEqualTo(CoordinatorState.ACTIVE);
            assertThat(ctx.active().leaderEpoch()).isEqualTo(5);
            assertThat(ctx.fetched(2)).isEqualTo(3);
        }
    }

    @Test
    void aReplayOvertakenByAResignationLeavesThePartitionUnloaded() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            ctx.commit(0, 1);
            ctx.commit(1, 2);
            ctx.commit(2, 3);
            ctx.shardThread.runAll();
            ctx.loseLeadership(2);
            ctx.lead(3, ALONE);
            ctx.shardThread.runNext(); // resignation
            ctx.shardThread.runNext(); // election at 3 with the first batch; the next step is queued
            ctx.loseLeadership(4); // queued behind that step, which queues the last one behind it
            ctx.shardThread.runAll();

            assertThat(ctx.finishedLoads).containsExactly(1);
            assertThat(ctx.state()).isEqualTo(CoordinatorState.UNLOADED);
            CompletableFuture<OffsetFetchResponseGroup> f = ctx.fetch(0);
            ctx.shardThread.runAll();
            assertThat(Errors.forCode(f.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    @Test
    void electionsOlderThanTheNewestTransitionAreIgnored() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            ctx.loseLeadership(4);
            ctx.coordinator.onElection(0, 3);
            ctx.shardThread.runAll();
            assertThat(ctx.state()).isEqualTo(CoordinatorState.UNLOADED);
            assertThat(ctx.finishedLoads).containsExactly(1);
        }
    }

    @Test
    void aNewEpochOfAPartitionLedHereReloadsIt() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            CoordinatorContext before = ctx.active();
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 9);
            ctx.shardThread.runAll();
            assertThat(commitError(commit.join())).isEqualTo(Errors.NONE);
            ctx.lead(2, ALONE);
            ctx.shardThread.runAll();
            assertThat(ctx.finishedLoads).containsExactly(1, 2);
            assertThat(ctx.active()).isNotSameAs(before);
            assertThat(before.scheduler().isClosed()).isTrue();
            assertThat(ctx.fetched(0)).isEqualTo(9);
        }
    }

    @Test
    void aWriteOfAnEpochThePartitionHasLeftIsRefused() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            long end = ctx.offsets.logEndOffset();
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 9);
            ctx.lead(2, ALONE); // re-elected before the shard ran the commit of epoch 1
            ctx.shardThread.runAll();

            assertThat(commitError(commit.join())).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.offsets.logEndOffset()).as("nothing appended in epoch 2 for epoch 1").isEqualTo(end);
            assertThat(ctx.fetched(0)).isEqualTo(-1);
        }
    }

    @Test
    void aLoadThatFailsLeavesThePartitionFailedUntilTheNextElection() throws Exception {
        try (CoordinatorTestContext ctx = new CoordinatorTestContext(dir, ALONE)) {
            ctx.coordinator.onElection(0, 7); // the partition is led at epoch 1, not 7
            ctx.shardThread.runAll();
            assertThat(ctx.state()).isEqualTo(CoordinatorState.FAILED);
            CompletableFuture<OffsetFetchResponseGroup> f = ctx.fetch(0);
            ctx.shardThread.runAll();
            assertThat(Errors.forCode(f.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);

            ctx.lead(8, ALONE);
            ctx.shardThread.runAll();
            assertThat(ctx.state()).isEqualTo(CoordinatorState.ACTIVE);
        }
    }

    @Test
    void resigningCancelsTimersAndAnswersWaitingJoinsWithNotCoordinator() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, ALONE))) {
            int idle = ctx.replicas.timer.pendingTimeouts();
            CompletableFuture<JoinGroupResponseData> first = ctx.join("");
            ctx.shardThread.runAll();
            String member = first.join().memberId();
            CompletableFuture<JoinGroupResponseData> joined = ctx.join(member);
            ctx.shardThread.runAll();
            JoinGroupResponseData j = joined.join();
            CompletableFuture<JoinGroupResponseData> second = ctx.join(""); // a second member: a rebalance
            ctx.shardThread.runAll();
            CompletableFuture<JoinGroupResponseData> waiting = ctx.join(second.join().memberId());
            ctx.shardThread.runAll();
            assertThat(waiting).as("the barrier waits for the first member to rejoin").isNotDone();
            assertThat(j.errorCode()).isZero();
            assertThat(ctx.active().scheduler().pendingTasks()).isPositive();
            assertThat(ctx.replicas.timer.pendingTimeouts()).isGreaterThan(idle);

            ctx.loseLeadership(2);
            ctx.shardThread.runAll();

            assertThat(Errors.forCode(waiting.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(ctx.replicas.timer.pendingTimeouts()).as("sessions and rebalance deadlines cancelled")
                    .isEqualTo(idle);
            ctx.replicas.time.sleep(10 * 60_000);
            ctx.shardThread.runAll();
            assertThat(ctx.state()).isEqualTo(CoordinatorState.UNLOADED);
        }
    }

    @Test
    void anOffsetCommitIsAnsweredOnceTheFollowersHaveTheRecords() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 11);
            ctx.shardThread.runAll();
            assertThat(commit).as("the high watermark has not passed the records").isNotDone();

            ctx.followerCaughtUp();
            assertThat(commitError(commit.join())).isEqualTo(Errors.NONE);
        }
    }

    @Test
    void anOffsetCommitWaitingForReplicationFailsWithNotCoordinatorWhenLeadershipMoves() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 11);
            ctx.shardThread.runAll();
            assertThat(commit).isNotDone();

            ctx.loseLeadership(2);
            assertThat(commitError(commit.join())).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    @Test
    void anOffsetCommitNotReplicatedInTimeIsCoordinatorNotAvailable() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 11);
            ctx.shardThread.runAll();
            ctx.replicas.time.sleep(CoordinatorTestContext.WRITE_TIMEOUT_MS - 1);
            assertThat(commit).isNotDone();

            ctx.replicas.time.sleep(1);
            assertThat(commitError(commit.join())).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        }
    }

    @Test
    void offsetDeletesAndGroupDeletesAreAnsweredOnceTheirTombstonesAreCommitted() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<OffsetCommitResponseData> commit = ctx.commit(0, 11);
            ctx.shardThread.runAll();
            ctx.followerCaughtUp();
            assertThat(commitError(commit.join())).isEqualTo(Errors.NONE);

            CompletableFuture<OffsetDeleteResponseData> deleted = ctx.coordinator.deleteOffsets(
                    new OffsetDeleteRequestData().setGroupId(CoordinatorTestContext.GROUP).setTopics(
                            new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(List.of(
                                    new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                            .setName(CoordinatorTestContext.TOPIC).setPartitions(List.of(
                                                    new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                                            .setPartitionIndex(0)))).iterator())));
            ctx.shardThread.runAll();
            assertThat(deleted).isNotDone();
            ctx.followerCaughtUp();
            assertThat(deleted.join().errorCode()).isZero();

            CompletableFuture<OffsetCommitResponseData> again = ctx.commit(1, 12);
            ctx.shardThread.runAll();
            ctx.followerCaughtUp();
            again.join();
            CompletableFuture<DeletableGroupResult> group = ctx.coordinator.deleteGroup(CoordinatorTestContext.GROUP);
            ctx.shardThread.runAll();
            assertThat(group).isNotDone();
            ctx.loseLeadership(2);
            assertThat(Errors.forCode(group.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    @Test
    void syncGroupAnswersOnceTheAssignmentIsCommitted() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<JoinGroupResponseData> first = ctx.join("");
            ctx.shardThread.runAll();
            CompletableFuture<JoinGroupResponseData> joined = ctx.join(first.join().memberId());
            ctx.shardThread.runAll();
            JoinGroupResponseData j = joined.join();
            ctx.followerCaughtUp();

            CompletableFuture<SyncGroupResponseData> sync = ctx.sync(j.memberId(), j.generationId(), "a");
            ctx.shardThread.runAll();
            assertThat(sync).isNotDone();
            assertThat(ctx.active().state().group(CoordinatorTestContext.GROUP).orElseThrow().state())
                    .isEqualTo(GroupState.COMPLETING_REBALANCE);

            ctx.followerCaughtUp();
            ctx.shardThread.runAll();
            assertThat(sync.join().errorCode()).isZero();
            assertThat(new String(sync.join().assignment())).isEqualTo("a");
            assertThat(ctx.active().state().group(CoordinatorTestContext.GROUP).orElseThrow().state())
                    .isEqualTo(GroupState.STABLE);
        }
    }

    @Test
    void aSyncWaitingForItsWriteIsAnsweredNotCoordinatorWhenLeadershipMoves() throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<JoinGroupResponseData> first = ctx.join("");
            ctx.shardThread.runAll();
            CompletableFuture<JoinGroupResponseData> joined = ctx.join(first.join().memberId());
            ctx.shardThread.runAll();
            JoinGroupResponseData j = joined.join();
            CompletableFuture<SyncGroupResponseData> sync = ctx.sync(j.memberId(), j.generationId(), "a");
            ctx.shardThread.runAll();
            assertThat(sync).isNotDone();

            ctx.loseLeadership(2);
            ctx.shardThread.runAll();
            assertThat(Errors.forCode(sync.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    @Test
    void aConsumerGroupHeartbeatIsAnsweredAtTheHighWatermarkOrNotCoordinatorWhenLeadershipMoves()
            throws Exception {
        try (CoordinatorTestContext ctx = elected(new CoordinatorTestContext(dir, List.of(1, 2)))) {
            CompletableFuture<ConsumerGroupHeartbeatResponseData> first = ctx.consumerJoin("m1");
            ctx.shardThread.runAll();
            assertThat(first).isNotDone();
            ctx.followerCaughtUp();
            assertThat(first.join().errorCode()).isZero();
            assertThat(first.join().memberEpoch()).isPositive();

            CompletableFuture<ConsumerGroupHeartbeatResponseData> second = ctx.consumerJoin("m2");
            ctx.shardThread.runAll();
            assertThat(second).isNotDone();
            ctx.loseLeadership(2);
            assertThat(Errors.forCode(second.join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    @Test
    void coordinatorStatesMoveOnlyAlongTheirTransitions() {
        assertThat(CoordinatorState.UNLOADED.transitionTo(CoordinatorState.LOADING))
                .isEqualTo(CoordinatorState.LOADING);
        assertThat(CoordinatorState.LOADING.canTransitionTo(CoordinatorState.ACTIVE)).isTrue();
        assertThat(CoordinatorState.LOADING.canTransitionTo(CoordinatorState.UNLOADED)).isTrue();
        assertThat(CoordinatorState.ACTIVE.canTransitionTo(CoordinatorState.UNLOADED)).isTrue();
        assertThatThrownBy(() -> CoordinatorState.UNLOADED.transitionTo(CoordinatorState.ACTIVE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CoordinatorState.ACTIVE.transitionTo(CoordinatorState.LOADING))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CoordinatorState.FAILED.transitionTo(CoordinatorState.ACTIVE))
                .isInstanceOf(IllegalStateException.class);
    }
}
