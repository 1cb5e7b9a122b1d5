package io.tributary.broker.replica;

import static io.tributary.broker.replica.ReplicaTestContext.LOCAL;
import static io.tributary.broker.replica.ReplicaTestContext.image;
import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.replica.PartitionState.Leader;
import io.tributary.storage.EpochEndOffset;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's ISR decisions on a manual clock: expansion once a follower has caught up, shrink
 * after replica.lag.time.max.ms, one change pending at a time and counted in the high watermark
 * until the metadata carries it; the follower side's epoch checks and divergence answers.
 */
class IsrChangeTest {

    private static final List<Integer> REPLICAS = List.of(LOCAL, 2, 3);

    @TempDir
    Path dir;

    private ReplicaTestContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new ReplicaTestContext(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
    }

    private void fetch(Partition p, int replica, long offset) {
        assertThat(p.updateFollowerFetchState(replica, offset, 0L, ctx.time.milliseconds(), p.logEndOffset()))
                .isTrue();
    }

    @Test
    void aCaughtUpFollowerIsProposedForTheIsrAndCountsWhileThatIsPending() throws Exception {
        Partition p = ctx.partition("t");
        p.makeLeader(image(LOCAL, 1, 1, REPLICAS, List.of(LOCAL, 2)));
        p.appendAsLeader(records(10), (short) -1, 1);
        fetch(p, 2, 10);
        assertThat(p.highWatermark()).isEqualTo(10);
        fetch(p, 3, 5);
        assertThat(IsrPolicy.expansion(p, 3)).as("behind the high watermark").isNull();
        fetch(p, 3, 10);
        assertThat(IsrPolicy.expansion(p, 3)).containsExactly(LOCAL, 2, 3);

        Leader base = p.beginIsrChange(List.of(LOCAL, 2, 3));
        assertThat(base.partitionEpoch()).isEqualTo(1);
        assertThat(p.beginIsrChange(List.of(LOCAL))).as("one change at a time").isNull();
        p.appendAsLeader(records(5), (short) -1, 1);
        fetch(p, 2, 15);
        assertThat(p.highWatermark()).as("replica 3, being added, is waited for").isEqualTo(10);

        p.makeLeader(image(LOCAL, 1, 2, REPLICAS, List.of(LOCAL, 2, 3)));
        assertThat(((Leader) p.state()).pendingIsr()).as("committed: no longer pending").isNull();
        fetch(p, 3, 15);
        assertThat(p.highWatermark()).isEqualTo(15);
    }

    @Test
    void aLaggingFollowerIsDroppedAfterTheLagTimeAndARefusedChangeIsForgotten() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        p.appendAsLeader(records(10), (short) -1, 1);
        fetch(p, 2, 10);
        fetch(p, 3, 2);
        ctx.time.sleep(5_000);
        fetch(p, 2, 10);
        assertThat(IsrPolicy.shrink(p, ctx.time.milliseconds(), 10_000)).as("within the lag time").isNull();
        ctx.time.sleep(6_000);
        fetch(p, 2, 10);
        assertThat(IsrPolicy.shrink(p, ctx.time.milliseconds(), 10_000)).containsExactly(LOCAL, 2);

        Leader base = p.beginIsrChange(List.of(LOCAL, 2));
        p.abortIsrChange(base.leaderEpoch(), base.partitionEpoch());
        assertThat(((Leader) p.state()).pendingIsr()).isNull();
        assertThat(IsrPolicy.shrink(p, ctx.time.milliseconds(), 10_000)).as("asked again").containsExactly(LOCAL, 2);
    }

    @Test
    void aNewLeaderEpochNeedsFollowersToReachItsStartBeforeJoining() throws Exception {
        Partition p = ctx.partition("t");
        p.makeLeader(image(LOCAL, 1, 1, REPLICAS, List.of(LOCAL)));
        p.appendAsLeader(records(10), (short) -1, 1);
        p.makeLeader(image(LOCAL, 2, 2, REPLICAS, List.of(LOCAL)));
        assertThat(((Leader) p.state()).epochStartOffset()).isEqualTo(10);
        fetch(p, 2, 8);
        assertThat(IsrPolicy.expansion(p, 2)).isNull();
        fetch(p, 2, 10);
        assertThat(IsrPolicy.expansion(p, 2)).containsExactly(LOCAL, 2);
    }

    @Test
    void aFollowerLearnsWhereItsLogDivergesAndAppendsOnlyUnderItsEpoch() throws Exception {
        Partition leader = ctx.partition("leader");
        leader.makeLeader(image(LOCAL, 1, 1, REPLICAS, REPLICAS));
        leader.appendAsLeader(records(5), (short) 1, 1);
        leader.makeLeader(image(LOCAL, 3, 2, REPLICAS, REPLICAS));
        leader.appendAsLeader(records(5), (short) 1, 1);
        assertThat(leader.divergingEpoch(1, 5)).as("a prefix of epoch 1").isNull();
        EpochEndOffset diverging = leader.divergingEpoch(2, 7);
        assertThat(diverging).as("epoch 2 is unknown here: epoch 1 ended at 5").isEqualTo(new EpochEndOffset(1, 5));
        assertThat(leader.divergingEpoch(1, 6)).isEqualTo(new EpochEndOffset(1, 5));

        Partition follower = ctx.partition("follower");
        follower.makeFollower(image(2, 3, 2, REPLICAS, REPLICAS));
        io.tributary.codec.FileRegionRecords region = leader.readForFollower(0, 1 << 20).records();
        ByteBuffer fetched = ByteBuffer.allocate(region.sizeInBytes());
        region.channel().read(fetched, region.position());
        fetched.flip();
        follower.appendAsFollower(fetched, 3);
        assertThat(follower.logEndOffset()).isEqualTo(10);
        assertThat(follower.latestLocalEpoch()).isEqualTo(3);
        assertThat(follower.updateFollowerHighWatermark(7)).isEqualTo(7);
        assertThatThrownBy(() -> follower.appendAsFollower(records(1), 2))
                .isInstanceOf(FencedLeaderEpochException.class);
        follower.truncateAsFollower(5, false, 3);
        assertThat(follower.logEndOffset()).isEqualTo(5);
        assertThat(follower.highWatermark()).isEqualTo(5);
    }
}
