package io.tributary.broker.replica;

import static io.tributary.broker.replica.ReplicaTestContext.LOCAL;
import static io.tributary.broker.replica.ReplicaTestContext.image;
import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The high watermark of a leader with three replicas, moved by follower fetches on a manual clock. */
class HighWatermarkTest {

    private static final List<Integer> REPLICAS = List.of(LOCAL, 2, 3);

    @TempDir
    Path dir;

    private ReplicaTestContext ctx;
    private Partition leader;
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        ctx = new ReplicaTestContext(dir);
        leader = ctx.leader("t", REPLICAS);
        leader.addWaiter(wakes::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
    }

    private void fetch(int replica, long offset) {
        assertThat(leader.updateFollowerFetchState(replica, offset, 0L, ctx.time.milliseconds(),
                leader.logEndOffset())).isTrue();
    }

    @Test
    void advancesToTheSmallestLogEndOffsetOfTheIsr() {
        leader.appendAsLeader(records(10), (short) -1, 1);
        assertThat(leader.highWatermark()).isZero();
        assertThat(wakes).as("an append the ISR does not have yet wakes nobody").hasValue(0);

        fetch(2, 10);
        assertThat(leader.highWatermark()).as("replica 3 has not fetched yet").isZero();
        fetch(3, 4);
        assertThat(leader.highWatermark()).isEqualTo(4);
        assertThat(wakes).hasValue(1);
        fetch(3, 10);
        assertThat(leader.highWatermark()).isEqualTo(10).isEqualTo(leader.logEndOffset());
        assertThat(wakes).hasValue(2);
    }

    @Test
    void neverMovesBackwards() {
        leader.appendAsLeader(records(10), (short) 1, 1);
        fetch(2, 8);
        fetch(3, 8);
        assertThat(leader.highWatermark()).isEqualTo(8);

        fetch(3, 2);
        assertThat(leader.highWatermark()).isEqualTo(8);
        leader.makeLeader(image(LOCAL, 2, 2, REPLICAS, REPLICAS));
        assertThat(leader.highWatermark()).as("a new leader epoch forgets the followers, not the high watermark")
                .isEqualTo(8);
    }

    @Test
    void aShrunkIsrLetsItAdvanceAndAReplicaOutsideItDoesNotHoldItBack() {
        leader.appendAsLeader(records(10), (short) 1, 1);
        fetch(2, 10);
        assertThat(leader.highWatermark()).isZero();

        leader.makeLeader(image(LOCAL, 1, 2, REPLICAS, List.of(LOCAL, 2)));

        assertThat(leader.highWatermark()).isEqualTo(10);
        leader.appendAsLeader(records(5), (short) 1, 1);
        fetch(2, 15);
        assertThat(leader.highWatermark()).isEqualTo(15);
    }

    @Test
    void followersKeepTheirStateAcrossAnIsrChange() {
        leader.appendAsLeader(records(10), (short) 1, 1);
        fetch(2, 10);
        fetch(3, 3);

        leader.makeLeader(image(LOCAL, 1, 2, REPLICAS, REPLICAS));

        PartitionState.Leader state = (PartitionState.Leader) leader.state();
        assertThat(state.followers().get(2).logEndOffset()).isEqualTo(10);
        assertThat(state.followers().get(3).logEndOffset()).isEqualTo(3);
        assertThat(leader.highWatermark()).isEqualTo(3);
    }

    @Test
    void aFollowerIsCaughtUpWhenItFetchedEverythingTheLeaderHadAtItsLastFetch() {
        long start = ctx.time.milliseconds();
        leader.appendAsLeader(records(10), (short) 1, 1);
        fetch(2, 10);
        fetch(3, 10);
        leader.appendAsLeader(records(10), (short) 1, 1);

        ctx.time.sleep(5_000);
        fetch(2, 10); // had all the leader had at its previous fetch (start): caught up as of then
        PartitionState.Leader state = (PartitionState.Leader) leader.state();
        assertThat(state.followers().get(2).lastCaughtUpTimeMs()).isEqualTo(start);
        assertThat(state.followers().get(2).lastFetchTimeMs()).isEqualTo(start + 5_000);

        ctx.time.sleep(6_000);
        assertThat(((PartitionState.Leader) leader.state()).outOfSyncReplicas(LOCAL, leader.logEndOffset(),
                ctx.time.milliseconds(), 10_000)).containsExactly(2, 3);
        fetch(3, 20);
        assertThat(((PartitionState.Leader) leader.state()).outOfSyncReplicas(LOCAL, leader.logEndOffset(),
                ctx.time.milliseconds(), 10_000)).containsExactly(2);
        assertThat(((PartitionState.Leader) leader.state()).followers().get(3).lastCaughtUpTimeMs())
                .isEqualTo(start + 11_000);
    }

    @Test
    void unknownReplicasAreRefused() {
        assertThat(leader.updateFollowerFetchState(7, 0L, 0L, ctx.time.milliseconds(), 0L)).isFalse();
        assertThat(leader.updateFollowerFetchState(LOCAL, 0L, 0L, ctx.time.milliseconds(), 0L)).isFalse();
    }

    @Test
    void aFollowersHighWatermarkIsBoundedByTheLeadersAndItsOwnLog() {
        leader.appendAsLeader(records(5), (short) 1, 1);
        fetch(2, 2);
        fetch(3, 2);
        assertThat(leader.highWatermark()).isEqualTo(2);

        leader.makeFollower(image(2, 2, 2, REPLICAS, REPLICAS));

        assertThat(leader.highWatermark()).isEqualTo(2);
        assertThat(leader.updateFollowerHighWatermark(4)).isEqualTo(4);
        assertThat(leader.updateFollowerHighWatermark(100)).as("never past its own log end").isEqualTo(5);
        assertThatThrownBy(() -> leader.updateFollowerFetchState(3, 5, 0, 0, 5))
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }
}
