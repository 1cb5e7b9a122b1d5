package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.segment.LocalLog;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Properties of the log over random appends, damage and producer retries. */
class LogProperties {

    /** A batch to append: compression name, record timestamps and value sizes. */
    record Spec(String compression, long[] timestamps, int valueSize) {
        ByteBuffer build(long producerId, short epoch, int baseSequence) {
            ByteBuffer buf = ByteBuffer.allocate(2048 + timestamps.length * (valueSize + 64));
            MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2,
                    Compression.of(compression).build(), TimestampType.CREATE_TIME, 0L, 0L, producerId, epoch,
                    baseSequence, false, -1);
            for (int i = 0; i < timestamps.length; i++) {
                byte[] value = new byte[valueSize];
                Arrays.fill(value, (byte) (timestamps[i] + i));
                b.append(new SimpleRecord(timestamps[i], ("k" + i).getBytes(), value));
            }
            return b.build().buffer();
        }
    }

    /** What a record read back should look like. */
    record Expected(long offset, long timestamp, ByteBuffer key, ByteBuffer value) {
        static Expected of(Record r) {
            return new Expected(r.offset(), r.timestamp(), r.key(), r.value());
        }
    }

    @Provide
    Arbitrary<List<Spec>> specs() {
        Arbitrary<String> compression = Arbitraries.of("none", "none", "none", "gzip", "snappy", "lz4", "zstd");
        Arbitrary<long[]> timestamps = Arbitraries.longs().between(0, 500).array(long[].class).ofMinSize(1)
                .ofMaxSize(8);
        Arbitrary<Integer> valueSize = Arbitraries.integers().between(0, 300);
        return Combinators.combine(compression, timestamps, valueSize).as(Spec::new).list().ofMinSize(1).ofMaxSize(25);
    }

    static LogConfig smallConfig(int segmentBytes, int indexInterval) {
        return LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes),
                LogConfig.INDEX_INTERVAL_BYTES, Integer.toString(indexInterval),
                LogConfig.SEGMENT_INDEX_BYTES, "4096"));
    }

    @Property(tries = 40)
    void appendedRecordsReadBackExactly(@ForAll("specs") List<Spec> specs,
            @ForAll @IntRange(min = 400, max = 4000) int segmentBytes,
            @ForAll @IntRange(min = 0, max = 600) int indexInterval,
            @ForAll @IntRange(min = 1, max = 3000) int maxBytes) throws Exception {
        Path dir = Files.createTempDirectory("prop");
        try {
            List<Expected> expected = new ArrayList<>();
            long lastOffset = -1;
            try (Log log = Log.open(dir.resolve("p-0"), smallConfig(segmentBytes, indexInterval),
                    new ManualTime(0), 0, false)) {
                for (Spec s : specs) {
                    ByteBuffer buf = s.build(-1, (short) -1, -1);
                    if (buf.remaining() > segmentBytes) {
                        continue;
                    }
                    AppendResult r = log.appendAsLeader(buf, 0);
                    assertThat(r.firstOffset()).isEqualTo(lastOffset + 1);
                    assertThat(r.lastOffset()).isEqualTo(r.firstOffset() + s.timestamps().length - 1);
                    lastOffset = r.lastOffset();
                    for (RecordBatch b : MemoryRecords.readableRecords(buf).batches()) {
                        b.forEach(rec -> expected.add(Expected.of(rec)));
                    }
                }
                checkLog(log, expected, maxBytes);
            }
            try (Log log = Log.open(dir.resolve("p-0"), smallConfig(segmentBytes, indexInterval),
                    new ManualTime(0), 0, false)) {
                checkLog(log, expected, maxBytes);
            }
        } finally {
            LocalLog.deleteRecursively(dir);
        }
    }

    private static void checkLog(Log log, List<Expected> expected, int maxBytes) throws Exception {
        assertThat(LogTest.readAll(log)).extracting(Expected::of).containsExactlyElementsOf(expected);
        assertThat(log.logEndOffset()).isEqualTo(expected.size());
        for (long o = 0; o < log.logEndOffset(); o++) {
            ReadResult r = log.read(o, maxBytes, Long.MAX_VALUE, true);
            assertThat(r.records().sizeInBytes()).isPositive();
            List<RecordBatch> batches = TestBatches.batchesOf(r.records());
            assertThat(batches.get(0).baseOffset()).isLessThanOrEqualTo(o);
            assertThat(batches.get(0).lastOffset()).isGreaterThanOrEqualTo(o);
            if (batches.size() > 1) {
                assertThat(r.records().sizeInBytes()).isLessThanOrEqualTo(maxBytes);
            }
            long prev = -1;
            for (RecordBatch b : batches) {
                b.ensureValid();
                assertThat(b.baseOffset()).isGreaterThan(prev);
                prev = b.lastOffset();
            }
        }
        for (long ts = -1; ts <= 510; ts += 17) {
            final long target = ts;
            Expected linear = expected.stream().filter(e -> e.timestamp() >= target).findFirst().orElse(null);
            var found = log.offsetForTimestamp(target);
            if (linear == null) {
                assertThat(found).isEmpty();
            } else {
                assertThat(found).hasValueSatisfying(t -> {
                    assertThat(t.offset()).isEqualTo(linear.offset());
                    assertThat(t.timestamp()).isEqualTo(linear.timestamp());
                });
            }
        }
        long max = expected.stream().mapToLong(Expected::timestamp).max().orElse(-1);
        if (max >= 0) {
            long first = expected.stream().filter(e -> e.timestamp() == max).findFirst().orElseThrow().offset();
            assertThat(log.maxTimestampOffset()).hasValueSatisfying(t -> {
                assertThat(t.offset()).isEqualTo(first);
                assertThat(t.timestamp()).isEqualTo(max);
            });
        }
    }

    @Property(tries = 80)
    void recoveryKeepsEveryIntactBatchBeforeTheDamage(@ForAll("specs") @Size(min = 2, max = 25) List<Spec> specs,
            @ForAll @IntRange(min = 600, max = 3000) int segmentBytes,
            @ForAll boolean flipBit,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 7) int bit) throws Exception {
        Path dir = Files.createTempDirectory("prop");
        try {
            Path logDir = dir.resolve("p-0");
            LogConfig config = smallConfig(segmentBytes, 100);
            try (Log log = Log.open(logDir, config, new ManualTime(0), 0, false)) {
                for (Spec s : specs) {
                    ByteBuffer buf = s.build(-1, (short) -1, -1);
                    if (buf.remaining() <= segmentBytes) {
                        log.appendAsLeader(buf, 1);
                    }
                }
            }
            // every batch, in log order, with its segment and position
            TreeMap<Long, Path> files = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(logDir, "*.log")) {
                for (Path p : ds) {
                    files.put(Long.parseLong(p.getFileName().toString().substring(0, 20)), p);
                }
            }
            List<Path> nonEmpty = files.values().stream().filter(p -> p.toFile().length() > 0).toList();
            if (nonEmpty.isEmpty()) {
                return;
            }
            Path victim = nonEmpty.get(where % nonEmpty.size());
            long victimSize = Files.size(victim);
            long pos = where % victimSize;
            List<Expected> survivors = new ArrayList<>();
            boolean baseOffsetHit = false;
            for (Path p : files.values()) {
                ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(p));
                int position = 0;
                for (RecordBatch b : MemoryRecords.readableRecords(content).batches()) {
                    int end = position + b.sizeInBytes();
                    if (p.equals(victim) && end > pos) {
                        baseOffsetHit = pos - position < Long.BYTES;
                        break;
                    }
                    b.forEach(r -> survivors.add(Expected.of(r)));
                    position = end;
                }
                if (p.equals(victim)) {
                    break;
                }
            }
            try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (flipBit) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    ch.read(one, pos);
                    one.put(0, (byte) (one.get(0) ^ (1 << bit))).rewind();
                    ch.write(one, pos);
                } else {
                    ch.truncate(pos);
                }
            }
            try (Log log = Log.open(logDir, config, new ManualTime(0), 0, false)) {
                List<Expected> actual = LogTest.readAll(log).stream().map(Expected::of).toList();
                // a flip in a field outside the CRC that still parses (the leader epoch) keeps its batch
                assertThat(actual.size()).isGreaterThanOrEqualTo(survivors.size());
                assertThat(actual.subList(0, survivors.size())).containsExactlyElementsOf(survivors);
                if (!flipBit) {
                    assertThat(actual).containsExactlyElementsOf(survivors);
                }
                assertThat(actual).extracting(Expected::offset).isSorted().doesNotHaveDuplicates();
                long end = actual.isEmpty() ? 0 : actual.get(actual.size() - 1).offset() + 1;
                if (!(flipBit && baseOffsetHit)) {
                    assertThat(end).isEqualTo(actual.size());
                }
                // a flip that raises a base offset (outside the CRC too) reads as an offset gap, which
                // compaction also leaves: that batch may stay at its raised offsets if nothing contradicts it
                assertThat(log.logEndOffset()).isEqualTo(end);
                assertThat(log.appendAsLeader(TestBatches.batch(1, 0), 2).firstOffset()).isEqualTo(end);
            }
        } finally {
            LocalLog.deleteRecursively(dir);
        }
    }

    /** One step of a producer: send the next batch, retry an earlier one, or skip ahead. */
    record Step(int kind, int arg, int records) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(1, 4)).as(Step::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 40)
    void retriesGetTheirOriginalOffsetsAcrossRestarts(@ForAll("steps") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("prop");
        Path logDir = dir.resolve("p-0");
        LogConfig config = smallConfig(700, 50);
        ManualTime time = new ManualTime(0);
        record Sent(int firstSeq, int count, long firstOffset) {}
        List<Sent> sent = new ArrayList<>();
        int nextSeq = 0;
        Log log = Log.open(logDir, config, time, 0, false);
        try {
            for (Step step : steps) {
                switch (step.kind()) {
                    case 0, 1 -> {
                        AppendResult r = log.appendAsLeader(
                                TestBatches.idempotent(step.records(), 11, (short) 0, nextSeq), 0);
                        assertThat(r.duplicate()).isFalse();
                        assertThat(r.firstOffset()).isEqualTo(log.logEndOffset() - step.records());
                        sent.add(new Sent(nextSeq, step.records(), r.firstOffset()));
                        nextSeq += step.records();
                    }
                    case 2 -> {
                        if (sent.isEmpty()) {
                            continue;
                        }
                        int back = step.arg() % Math.min(5, sent.size());
                        Sent s = sent.get(sent.size() - 1 - back);
                        AppendResult r = log.appendAsLeader(
                                TestBatches.idempotent(s.count(), 11, (short) 0, s.firstSeq()), 0);
                        assertThat(r.duplicate()).isTrue();
                        assertThat(r.firstOffset()).isEqualTo(s.firstOffset());
                        assertThat(r.lastOffset()).isEqualTo(s.firstOffset() + s.count() - 1);
                    }
                    case 3 -> {
                        if (sent.isEmpty()) {
                            continue;
                        }
                        long end = log.logEndOffset();
                        int seq = nextSeq + 1 + step.arg();
                        Log current = log;
                        assertThatThrownBy(
                                () -> current.appendAsLeader(TestBatches.idempotent(1, 11, (short) 0, seq), 0))
                                .isInstanceOf(OutOfOrderSequenceException.class);
                        assertThat(log.logEndOffset()).isEqualTo(end);
                    }
                    default -> {
                        boolean clean = step.arg() % 2 == 0;
                        if (clean) {
                            log.close();
                        } else {
                            log.flush();
                        }
                        log = Log.open(logDir, config, time, clean ? log.logEndOffset() : 0, clean);
                    }
                }
            }
        } finally {
            log.close();
            LocalLog.deleteRecursively(dir);
        }
    }
}
