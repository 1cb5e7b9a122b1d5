package io.tributary.broker.fetch;

import static io.tributary.broker.replica.ReplicaTestContext.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long-poll fetch on a leader with three replicas: woken by the high watermark, not by appends. */
class DelayedFetchTest {

    private static final long MAX_WAIT_MS = 10_000;

    @TempDir
    Path dir;

    private ReplicaTestContext ctx;
    private Partition leader;
    private PartitionFetch fetch;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        ctx = new ReplicaTestContext(dir);
        leader = ctx.leader("t", List.of(ReplicaTestContext.LOCAL, 2, 3));
        fetch = new PartitionFetch(leader, 0L, 1 << 20, -1, new FetchResponseData.PartitionData(), (short) 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
    }

    private CompletableFuture<Void> longPoll() {
        DelayedFetch delayed = new DelayedFetch(List.of(leader), () -> {
            reads.incrementAndGet();
            long bytes = FetchReader.read(List.of(fetch), 1 << 20, false);
            return fetch.out().errorCode() != Errors.NONE.code() ? Long.MAX_VALUE : bytes;
        }, 1, false);
        return delayed.start(ctx.timer, MAX_WAIT_MS);
    }

    private void followersFetch(long offset) {
        for (int replica : List.of(2, 3)) {
            leader.updateFollowerFetchState(replica, offset, 0L, ctx.time.milliseconds(), leader.logEndOffset());
        }
    }

    @Test
    void wakesWhenTheHighWatermarkAdvancesNotOnAppend() {
        CompletableFuture<Void> done = longPoll();
        int before = reads.get();

        leader.appendAsLeader(records(3), (short) 1, 1);
        assertThat(reads).as("records above the high watermark are not readable: no re-read").hasValue(before);
        assertThat(done).isNotDone();

        followersFetch(3);

        assertThat(done).isDone();
        assertThat(fetch.out().highWatermark()).isEqualTo(3);
        assertThat(fetch.out().records().sizeInBytes()).isPositive();
        assertThat(ctx.timer.pendingTimeouts()).isZero();
    }

    @Test
    void answersEmptyAtMaxWait() {
        leader.appendAsLeader(records(3), (short) 1, 1);
        CompletableFuture<Void> done = longPoll();

        ctx.time.sleep(MAX_WAIT_MS);

        assertThat(done).isDone();
        assertThat(fetch.out().records().sizeInBytes()).isZero();
        assertThat(fetch.out().highWatermark()).isZero();
    }

    @Test
    void endsAtOnceWhenThePartitionGoesAway() {
        CompletableFuture<Void> done = longPoll();

        ReplicaTestContext.delete(leader);

        assertThat(done).isDone();
        assertThat(Errors.forCode(fetch.out().errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }
}
