package io.tributary.broker.replica;

import static io.tributary.broker.replica.ReplicaTestContext.LOCAL;
import static io.tributary.broker.replica.ReplicaTestContext.image;
import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partition state machine: which transitions are allowed, and what each state answers. */
class PartitionTransitionTest {

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

    @Test
    void aNewReplicaHasNoRoleAndServesNothing() throws Exception {
        Partition p = ctx.partition("t");

        assertThat(p.state()).isInstanceOf(PartitionState.None.class);
        assertThat(p.leaderEpoch()).isEqualTo(-1);
        assertThatThrownBy(() -> p.appendAsLeader(records(1), (short) 1, 1))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> p.checkLeaderEpoch(-1)).isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void aSingleReplicaLeaderHasItsLogEndAsHighWatermark() throws Exception {
        Partition p = ctx.partition("t");
        p.makeLeader(image(LOCAL, 0, 0, List.of(LOCAL), List.of(LOCAL)));

        p.appendAsLeader(records(3), (short) 1, 1);

        assertThat(p.state()).isInstanceOf(PartitionState.Leader.class);
        assertThat(p.highWatermark()).isEqualTo(3).isEqualTo(p.logEndOffset());
    }

    @Test
    void leaderAndFollowerSwapOnlyWithANewerLeaderEpoch() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL, 2));

        assertThatThrownBy(() -> p.makeFollower(image(2, 1, 2, List.of(LOCAL, 2), List.of(LOCAL, 2))))
                .isInstanceOf(IllegalStateException.class);
        p.makeFollower(image(2, 2, 2, List.of(LOCAL, 2), List.of(LOCAL, 2)));
        assertThat(p.state()).isEqualTo(new PartitionState.Follower(2, 2, 2, List.of(LOCAL, 2), List.of(LOCAL, 2)));

        assertThatThrownBy(() -> p.makeLeader(image(LOCAL, 2, 3, List.of(LOCAL, 2), List.of(LOCAL, 2))))
                .isInstanceOf(IllegalStateException.class);
        p.makeLeader(image(LOCAL, 3, 3, List.of(LOCAL, 2), List.of(LOCAL, 2)));
        assertThat(p.leaderEpoch()).isEqualTo(3);
    }

    @Test
    void aRoleIsKeptAcrossIsrChangesButNeverGoesBackInEpochs() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL, 2, 3));

        p.makeLeader(image(LOCAL, 1, 2, List.of(LOCAL, 2, 3), List.of(LOCAL, 2)));
        assertThat(((PartitionState.Leader) p.state()).isr()).containsExactly(LOCAL, 2);

        assertThatThrownBy(() -> p.makeLeader(image(LOCAL, 1, 1, List.of(LOCAL, 2, 3), List.of(LOCAL, 2, 3))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.makeLeader(image(LOCAL, 0, 5, List.of(LOCAL, 2, 3), List.of(LOCAL, 2, 3))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(((PartitionState.Leader) p.state()).partitionEpoch()).isEqualTo(2);

        p.makeFollower(image(2, 2, 3, List.of(LOCAL, 2, 3), List.of(2, 3)));
        p.makeFollower(image(3, 3, 4, List.of(LOCAL, 2, 3), List.of(3)));
        assertThatThrownBy(() -> p.makeFollower(image(2, 2, 5, List.of(LOCAL, 2, 3), List.of(2))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(p.state()).isEqualTo(new PartitionState.Follower(3, 3, 4, List.of(LOCAL, 2, 3), List.of(3)));
    }

    @Test
    void theImageMustNameTheRightLeaderForTheRole() throws Exception {
        Partition p = ctx.partition("t");

        assertThatThrownBy(() -> p.makeLeader(image(2, 1, 1, List.of(LOCAL, 2), List.of(LOCAL, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.makeFollower(image(LOCAL, 1, 1, List.of(LOCAL, 2), List.of(LOCAL, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(p.state()).isInstanceOf(PartitionState.None.class);
    }

    @Test
    void offlineOnlyLeadsToDeletedAndDeletedIsFinal() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL));
        p.markOffline("disk gone");

        assertThatThrownBy(() -> p.makeLeader(image(LOCAL, 2, 2, List.of(LOCAL), List.of(LOCAL))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.makeFollower(image(2, 2, 2, List.of(LOCAL, 2), List.of(2))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.markOffline("again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.appendAsLeader(records(1), (short) 1, 1))
                .isInstanceOf(KafkaStorageException.class);

        p.markDeleted();
        assertThatThrownBy(() -> p.markDeleted()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.markOffline("late")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.makeLeader(image(LOCAL, 9, 9, List.of(LOCAL), List.of(LOCAL))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.readForConsumer(0, 100, true, false, false))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void aReplicaWithoutALogStartsOffline() {
        Partition p = Partition.offline(new org.apache.kafka.common.TopicPartition("t", 0),
                org.apache.kafka.common.Uuid.randomUuid(), LOCAL, ctx.time, "cannot open");

        assertThat(p.state()).isEqualTo(new PartitionState.Offline("cannot open"));
        assertThat(p.state().leaderError()).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThatThrownBy(p::logEndOffset).isInstanceOf(KafkaStorageException.class);
        p.markDeleted();
        assertThat(p.state()).isInstanceOf(PartitionState.Deleted.class);
    }

    @Test
    void eachStateAnswersItsOwnErrorToLeaderRequests() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL, 2));
        assertThat(p.checkEnoughReplicasReachOffset(0, 1)).isEqualTo(Errors.NONE);

        p.makeFollower(image(2, 2, 2, List.of(LOCAL, 2), List.of(LOCAL, 2)));
        assertThat(p.checkEnoughReplicasReachOffset(0, 1)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThatThrownBy(() -> p.readForConsumer(0, 100, true, false, false))
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> p.deleteRecordsOnLeader(0)).isInstanceOf(NotLeaderOrFollowerException.class);

        p.markOffline("io");
        assertThat(p.checkEnoughReplicasReachOffset(0, 1)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        p.markDeleted();
        assertThat(p.checkEnoughReplicasReachOffset(0, 1)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void clientEpochsAreCheckedAgainstTheReplicasEpoch() throws Exception {
        Partition p = ctx.partition("t");
        p.makeLeader(image(LOCAL, 5, 1, List.of(LOCAL), List.of(LOCAL)));

        p.checkLeaderEpoch(-1);
        p.checkLeaderEpoch(5);
        assertThatThrownBy(() -> p.checkLeaderEpoch(4)).isInstanceOf(FencedLeaderEpochException.class);
        assertThatThrownBy(() -> p.checkLeaderEpoch(6)).isInstanceOf(UnknownLeaderEpochException.class);
    }

    @Test
    void everyTransitionWakesTheWaiters() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL, 2));
        AtomicInteger wakes = new AtomicInteger();
        p.addWaiter(wakes::incrementAndGet);

        p.makeLeader(image(LOCAL, 1, 2, List.of(LOCAL, 2), List.of(LOCAL)));
        p.makeFollower(image(2, 2, 3, List.of(LOCAL, 2), List.of(2)));
        p.markDeleted();

        assertThat(wakes).hasValue(3);
    }
}
