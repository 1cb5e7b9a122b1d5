package io.tributary.broker.replica;

import static io.tributary.broker.replica.ReplicaTestContext.LOCAL;
import static io.tributary.broker.replica.ReplicaTestContext.image;
import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.storage.AppendResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acks=all waits: completion by the high watermark, timeout on the manual clock, ISR shrink, leader change. */
class DelayedProduceTest {

    private static final List<Integer> REPLICAS = List.of(LOCAL, 2, 3);
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private ReplicaTestContext ctx;
    private final Map<String, Errors> outcomes = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        ctx = new ReplicaTestContext(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
    }

    /** Appends {@code count} records with acks=all; the offset the high watermark must reach. */
    private static long append(Partition p, int count) {
        AppendResult r = p.appendAsLeader(records(count), (short) -1, 2);
        return r.lastOffset() + 1;
    }

    private static void fetch(Partition p, int replica, long offset) {
        p.updateFollowerFetchState(replica, offset, 0L, 0L, p.logEndOffset());
    }

    private CompletableFuture<Void> await(Partition p, String name, long required, int minInsync) {
        DelayedProduce delayed = new DelayedProduce(ctx.timer);
        delayed.add(p, required, minInsync, e -> outcomes.put(name, e));
        return delayed.start(TIMEOUT_MS);
    }

    @Test
    void completesWhenTheIsrHasTheRecords() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        long required = append(p, 5);
        assertThat(p.checkEnoughReplicasReachOffset(required, 2)).isNull();

        CompletableFuture<Void> done = await(p, "t", required, 2);
        fetch(p, 2, required);
        assertThat(done).isNotDone();
        fetch(p, 3, required);

        assertThat(done).isDone();
        assertThat(outcomes).containsExactly(Map.entry("t", Errors.NONE));
        assertThat(ctx.timer.pendingTimeouts()).as("the timeout is cancelled").isZero();
    }

    @Test
    void completesOnlyWhenEveryPartitionIsReplicated() throws Exception {
        Partition a = ctx.leader("a", REPLICAS);
        Partition b = ctx.leader("b", REPLICAS);
        long ra = append(a, 3);
        long rb = append(b, 4);
        DelayedProduce delayed = new DelayedProduce(ctx.timer);
        delayed.add(a, ra, 2, e -> outcomes.put("a", e));
        delayed.add(b, rb, 2, e -> outcomes.put("b", e));
        CompletableFuture<Void> done = delayed.start(TIMEOUT_MS);

        fetch(a, 2, ra);
        fetch(a, 3, ra);
        assertThat(done).isNotDone();
        assertThat(outcomes).isEmpty();
        fetch(b, 2, rb);
        fetch(b, 3, rb);

        assertThat(done).isDone();
        assertThat(outcomes).containsOnly(Map.entry("a", Errors.NONE), Map.entry("b", Errors.NONE));
    }

    @Test
    void timesOutWithRequestTimedOut() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        long required = append(p, 5);
        CompletableFuture<Void> done = await(p, "t", required, 2);
        fetch(p, 2, required);

        ctx.time.sleep(TIMEOUT_MS - 1);
        assertThat(done).isNotDone();
        ctx.time.sleep(1);

        assertThat(done).isDone();
        assertThat(outcomes).containsExactly(Map.entry("t", Errors.REQUEST_TIMED_OUT));
        fetch(p, 3, required);
        assertThat(outcomes).as("reported once").containsExactly(Map.entry("t", Errors.REQUEST_TIMED_OUT));
    }

    @Test
    void anIsrShrunkBelowMinInsyncFailsTheWait() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        long required = append(p, 5);
        CompletableFuture<Void> done = await(p, "t", required, 2);

        p.makeLeader(image(LOCAL, 1, 2, REPLICAS, List.of(LOCAL)));

        assertThat(p.highWatermark()).isEqualTo(required);
        assertThat(done).isDone();
        assertThat(outcomes).containsExactly(Map.entry("t", Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND));
    }

    @Test
    void anIsrShrunkToMinInsyncStillSucceeds() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        long required = append(p, 5);
        CompletableFuture<Void> done = await(p, "t", required, 2);
        fetch(p, 2, required);

        p.makeLeader(image(LOCAL, 1, 2, REPLICAS, List.of(LOCAL, 2)));

        assertThat(done).isDone();
        assertThat(outcomes).containsExactly(Map.entry("t", Errors.NONE));
    }

    @Test
    void losingLeadershipFailsTheWait() throws Exception {
        Partition p = ctx.leader("t", REPLICAS);
        long required = append(p, 5);
        CompletableFuture<Void> done = await(p, "t", required, 2);

        p.makeFollower(image(2, 2, 2, REPLICAS, List.of(2, 3)));

        assertThat(done).isDone();
        assertThat(outcomes).containsExactly(Map.entry("t", Errors.NOT_LEADER_OR_FOLLOWER));
    }

    @Test
    void aSingleReplicaCommitsAtOnce() throws Exception {
        Partition p = ctx.leader("t", List.of(LOCAL));
        AppendResult r = p.appendAsLeader(records(5), (short) -1, 1);

        assertThat(p.checkEnoughReplicasReachOffset(r.lastOffset() + 1, 1)).isEqualTo(Errors.NONE);
        assertThat(p.checkEnoughReplicasReachOffset(r.lastOffset() + 1, 2))
                .isEqualTo(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }
}
