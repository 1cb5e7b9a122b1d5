package io.tributary.broker.replica;

import io.tributary.metadata.PartitionImage;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;


/**
 * Partitions over real logs in a temporary directory, a manual clock ({@link ManualClock}) and a
 * timer it drives, for tests of the replica layer. The local broker is {@link #LOCAL}.
 */
public final class ReplicaTestContext implements AutoCloseable {

    public static final int LOCAL = 1;

    public final ManualClock time = new ManualClock(1_000_000L);
    public final ManualTimer timer = new ManualTimer(time);
    private final Path dir;
    private final List<Log> logs = new ArrayList<>();

    public ReplicaTestContext(Path dir) {
        this.dir = dir;
    }

    /** A new replica of partition 0 of {@code topic}, in state None, over an empty log. */
    public Partition partition(String topic) throws IOException {
        TopicPartition tp = new TopicPartition(topic, 0);
        Log log = Log.open(dir.resolve(topic + "-0"), LogConfig.defaults(), time, 0L, true);
        logs.add(log);
        return new Partition(tp, Uuid.randomUuid(), LOCAL, log, time);
    }

    /** A replica that leads with {@code replicas}, all in sync, at leader epoch 1. */
    public Partition leader(String topic, List<Integer> replicas) throws IOException {
        Partition p = partition(topic);
        p.makeLeader(image(LOCAL, 1, 1, replicas, replicas));
        return p;
    }

    /** Moves {@code p} as the metadata would: to follower of {@code image}'s leader. */
    public static void follow(Partition p, PartitionImage image) {
        p.makeFollower(image);
    }

    /** Moves {@code p} as the metadata would: to leader as {@code image} says (this broker must lead in it). */
    public static void lead(Partition p, PartitionImage image) {
        p.makeLeader(image);
    }

    /** Moves {@code p} as the metadata would when its topic is deleted. */
    public static void delete(Partition p) {
        p.markDeleted();
    }

    public static PartitionImage image(int leader, int leaderEpoch, int partitionEpoch, List<Integer> replicas,
            List<Integer> isr) {
        return new PartitionImage(0, replicas, isr, leader, leaderEpoch, partitionEpoch);
    }

    /** A new acks=all wait on this context's manual timer. */
    public DelayedProduce delayedProduce() {
        return new DelayedProduce(timer);
    }

    /** A batch of {@code count} records, for an append as leader. */
    public static ByteBuffer records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records).buffer();
    }

    @Override
    public void close() throws IOException {
        for (Log log : logs) {
            log.close();
        }
    }
}
