package io.tributary.storage;

import static io.tributary.storage.TestBatches.allBatches;
import static io.tributary.storage.TestBatches.replicated;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.storage.segment.LocalLog;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Operation fuzzing of one log, in the spirit of Redpanda's storage opfuzz: a random sequence of
 * appends as leader and as follower (some skipping offsets, as a compacted leader's batches do),
 * truncations, full truncations, rolls, flushes and reopens (clean, or recovering from the
 * recovery point), checked after every step against a model of what the log must hold: its
 * batches (offsets, leader epochs, checksums), its log start and end, its leader-epoch cache
 * (derived from the batches as Kafka's is) and each idempotent producer's last sequence.
 */
class LogOpFuzzProperties {

    /** A batch the model expects, as written. */
    record Batch(long base, long last, int epoch, long producerId, int lastSeq, long checksum) {}

    /** The model: the batches the log must hold, oldest first, and where it starts. */
    static final class Model {
        final List<Batch> batches = new ArrayList<>();
        long start;
        long end;
        int epoch = 0;

        void add(Batch b) {
            batches.add(b);
            end = b.last + 1;
        }

        /** Whole batches go: the log ends after the last batch left, or at its start when none is. */
        void truncateTo(long offset) {
            batches.removeIf(b -> b.last >= offset);
            end = batches.isEmpty() ? start : batches.get(batches.size() - 1).last + 1;
        }

        void restartAt(long offset) {
            batches.clear();
            start = offset;
            end = offset;
        }

        /** Kafka's leader-epoch cache of these batches: an epoch starts at the first batch carrying it. */
        List<LeaderEpochCache.EpochEntry> epochs() {
            List<LeaderEpochCache.EpochEntry> out = new ArrayList<>();
            for (Batch b : batches) {
                if (b.epoch >= 0 && (out.isEmpty() || b.epoch > out.get(out.size() - 1).epoch())) {
                    out.add(new LeaderEpochCache.EpochEntry(b.epoch, b.base));
                }
            }
            return out;
        }

        /** The last sequence of {@code producerId}'s newest batch, -1 when it has none. */
        int lastSeq(long producerId) {
            for (int i = batches.size() - 1; i >= 0; i--) {
                if (batches.get(i).producerId == producerId) {
                    return batches.get(i).lastSeq;
                }
            }
            return -1;
        }
    }

    static final long[] PRODUCERS = {-1L, 11L, 12L};

    @Property(tries = 40)
    void theLogAlwaysHoldsWhatTheModelSays(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("opfuzz");
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, "700",
                LogConfig.INDEX_INTERVAL_BYTES, Integer.toString(random.nextInt(200)),
                LogConfig.SEGMENT_INDEX_BYTES, "4096"));
        ManualTime time = new ManualTime(1_000_000L);
        Model model = new Model();
        Log log = Log.open(dir.resolve("p-0"), config, time, 0L, false);
        List<String> ops = new ArrayList<>();
        try {
            for (int step = 0; step < 60; step++) {
                log = step(log, random, model, config, time, ops);
                check(log, model, ops);
            }
        } finally {
            log.close();
            LocalLog.deleteRecursively(dir);
        }
    }

    private static Log step(Log log, Random random, Model model, LogConfig config, ManualTime time,
            List<String> ops) throws Exception {
        int op = random.nextInt(100);
        if (op < 35) {
            appendAsLeader(log, random, model);
            ops.add("leader");
        } else if (op < 70) {
            appendAsFollower(log, random, model);
            ops.add("follower");
        } else if (op < 80) {
            long to = model.start + (long) random.nextInt((int) (model.end - model.start + 2));
            log.truncateTo(to);
            if (to < model.end) {
                model.truncateTo(to);
            }
            assertThat(log.logEndOffset()).isLessThanOrEqualTo(Math.max(to, model.start));
            ops.add("truncateTo " + to);
        } else if (op < 83) {
            long at = model.end + random.nextInt(50) - 10;
            at = Math.max(0, at);
            log.truncateFullyAndStartAt(at);
            model.restartAt(at);
            ops.add("truncateFully " + at);
        } else if (op < 90) {
            log.roll();
            ops.add("roll");
        } else if (op < 94) {
            log.flush();
            ops.add("flush");
        } else {
            boolean clean = random.nextBoolean();
            long recoveryPoint = log.recoveryPoint();
            long start = log.logStartOffset();
            Path dir = log.dir();
            log.close();
            time.advance(1);
            log = Log.open(dir, config, time, clean ? log.logEndOffset() : recoveryPoint, clean, start);
            ops.add("reopen " + (clean ? "clean" : "from " + recoveryPoint));
        }
        return log;
    }

    private static void appendAsLeader(Log log, Random random, Model model) {
        long pid = PRODUCERS[random.nextInt(PRODUCERS.length)];
        int records = 1 + random.nextInt(5);
        int seq = pid < 0 ? -1 : model.lastSeq(pid) + 1;
        if (random.nextInt(5) == 0) {
            model.epoch++;
        }
        ByteBuffer buf = build(0, -1, records, pid, seq);
        long checksum = MemoryRecords.readableRecords(buf.duplicate()).firstBatch().checksum(); // stamping keeps it
        AppendResult r = log.appendAsLeader(buf, model.epoch);
        assertThat(r.firstOffset()).isEqualTo(model.end);
        model.add(new Batch(r.firstOffset(), r.lastOffset(), model.epoch, pid, pid < 0 ? -1 : seq + records - 1,
                checksum));
    }

    private static void appendAsFollower(Log log, Random random, Model model) {
        int batches = 1 + random.nextInt(3);
        List<ByteBuffer> parts = new ArrayList<>();
        List<Batch> expected = new ArrayList<>();
        long next = model.end;
        Map<Long, Integer> seqs = new HashMap<>();
        for (int i = 0; i < batches; i++) {
            if (random.nextInt(4) == 0) {
                next += 1 + random.nextInt(20); // a gap left by the leader's compaction
            }
            if (random.nextInt(6) == 0) {
                model.epoch++;
            }
            long pid = PRODUCERS[random.nextInt(PRODUCERS.length)];
            int records = 1 + random.nextInt(4);
            int seq = pid < 0 ? -1 : seqs.getOrDefault(pid, model.lastSeq(pid)) + 1;
            ByteBuffer b = build(next, model.epoch, records, pid, seq);
            parts.add(b);
            if (pid >= 0) {
                seqs.put(pid, seq + records - 1);
            }
            expected.add(new Batch(next, next + records - 1, model.epoch, pid, pid < 0 ? -1 : seq + records - 1,
                    MemoryRecords.readableRecords(b.duplicate()).firstBatch().checksum()));
            next += records;
        }
        AppendResult r = log.appendAsFollower(TestBatches.concat(parts.toArray(ByteBuffer[]::new)));
        assertThat(r.firstOffset()).isEqualTo(expected.get(0).base());
        expected.forEach(model::add);
    }

    private static ByteBuffer build(long base, int leaderEpoch, int records, long pid, int seq) {
        if (pid < 0 && leaderEpoch >= 0) {
            return replicated(base, leaderEpoch, records, -1L, (short) -1, -1);
        }
        ByteBuffer buf = ByteBuffer.allocate(1024 + records * 64);
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, base, 1000L, pid, pid < 0 ? (short) -1 : 0, seq, false, leaderEpoch);
        for (int i = 0; i < records; i++) {
            b.append(new SimpleRecord(1000L + i, ("k" + i).getBytes(), ("v" + base + "-" + i).getBytes()));
        }
        return b.build().buffer();
    }

    private static void check(Log log, Model model, List<String> ops) throws Exception {
        String after = "after " + ops;
        assertThat(log.logEndOffset()).as(after).isEqualTo(model.end);
        assertThat(log.logStartOffset()).as(after).isEqualTo(model.start);
        assertThat(log.recoveryPoint()).as(after).isLessThanOrEqualTo(model.end);
        List<RecordBatch> batches = allBatches(log);
        assertThat(batches).as(after).hasSameSizeAs(model.batches);
        for (int i = 0; i < batches.size(); i++) {
            RecordBatch b = batches.get(i);
            Batch m = model.batches.get(i);
            assertThat(new long[] {b.baseOffset(), b.lastOffset(), b.partitionLeaderEpoch(), b.checksum()})
                    .as(after + " batch " + i)
                    .containsExactly(m.base(), m.last(), m.epoch(), m.checksum());
            b.ensureValid();
        }
        assertThat(log.epochEntries()).as(after).isEqualTo(model.epochs());
        for (long pid : PRODUCERS) {
            if (pid >= 0) {
                int lastSeq = model.lastSeq(pid);
                assertThat(log.producerState(pid).map(ProducerStateEntry::lastSeq).orElse(-1))
                        .as(after + " producer " + pid).isEqualTo(lastSeq);
            }
        }
    }
}
