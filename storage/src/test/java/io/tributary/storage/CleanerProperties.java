package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.storage.segment.LocalLog;
import io.tributary.storage.segment.SegmentSwap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Properties of compaction over random histories of keyed updates and tombstones: the latest
 * record of every key survives at its offset, survivors keep their order, offsets and batch
 * boundaries, and a clean interrupted at any step (the directory as a crash would leave it) and
 * resumed after recovery ends in the same records as an uninterrupted one.
 */
class CleanerProperties {

    /** One record to write: key index and value (null = tombstone). */
    record Update(int key, String value) {}

    /** A batch of updates, with its codec. */
    record Batch(String compression, List<Update> updates) {}

    /** What a record read back is. */
    record Rec(long offset, String key, String value) {}

    /** A batch's offset range. */
    record Range(long base, long last) {}

    @Provide
    Arbitrary<List<Batch>> histories() {
        Arbitrary<Update> update = Combinators.combine(Arbitraries.integers().between(0, 12),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).injectNull(0.1)).as(Update::new);
        Arbitrary<Batch> batch = Combinators.combine(Arbitraries.of("none", "none", "gzip", "lz4"),
                update.list().ofMinSize(1).ofMaxSize(8)).as(Batch::new);
        return batch.list().ofMinSize(1).ofMaxSize(40);
    }

    private static ByteBuffer build(Batch b) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.MAGIC_VALUE_V2,
                Compression.of(b.compression()).build(), TimestampType.CREATE_TIME, 0L, 0L, -1L, (short) -1, -1,
                false, -1);
        for (Update u : b.updates()) {
            builder.append(new SimpleRecord(1_000L, ("key-" + u.key()).getBytes(StandardCharsets.UTF_8),
                    u.value() == null ? null : u.value().getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build().buffer();
    }

    private static LogConfig config() {
        return LogConfig.defaults().with(Map.of("segment.bytes", "600", "cleanup.policy", "compact",
                "min.cleanable.dirty.ratio", "0", "delete.retention.ms", "100000", "file.delete.delay.ms", "0"));
    }

    private static Log write(Path dir, List<Batch> history, ManualTime time) throws IOException {
        Log log = Log.open(dir, config(), time, 0L, false);
        for (Batch b : history) {
            log.appendAsLeader(build(b), 0);
        }
        log.roll();
        return log;
    }

    private static List<Rec> records(Log log) {
        List<Rec> out = new ArrayList<>();
        for (RecordBatch batch : batches(log)) {
            for (Record r : batch) {
                out.add(new Rec(r.offset(), StandardCharsets.UTF_8.decode(r.key()).toString(),
                        r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null));
            }
        }
        return out;
    }

    private static List<RecordBatch> batches(Log log) {
        try {
            List<RecordBatch> out = new ArrayList<>();
            long offset = log.logStartOffset();
            while (offset < log.logEndOffset()) {
                ReadResult r = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true);
                if (r.records().sizeInBytes() == 0) {
                    break;
                }
                for (RecordBatch b : TestBatches.records(r.records()).batches()) {
                    b.ensureValid();
                    out.add(b);
                    offset = b.lastOffset() + 1;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cleaner cleaner(ManualTime time, SegmentSwap.Hook hook) {
        return new Cleaner(time, new Throttler(Double.MAX_VALUE, time), 1_000_000, hook);
    }

    @Property(tries = 60)
    void latestValueOfEveryKeySurvivesInOrderAtItsOffset(@ForAll("histories") List<Batch> history) throws Exception {
        Path dir = Files.createTempDirectory("cleaner-prop");
        ManualTime time = new ManualTime(1_000_000L);
        try (Log log = write(dir.resolve("t-0"), history, time)) {
            List<Rec> before = records(log);
            List<Range> ranges = batches(log).stream().map(b -> new Range(b.baseOffset(), b.lastOffset())).toList();
            Cleaner.Result result = cleaner(time, stage -> { }).clean(log, 0L);
            assertThat(result).isNotNull();
            List<Rec> after = records(log);
            Map<String, Rec> latest = new HashMap<>();
            before.forEach(r -> latest.put(r.key(), r));
            // exactly the latest record of each key survives (tombstones too: delete.retention.ms not yet passed)
            assertThat(after).containsExactlyElementsOf(before.stream().filter(r -> latest.get(r.key()) == r).toList());
            // batch boundaries stay those of the original batches
            assertThat(batches(log))
                    .allSatisfy(b -> assertThat(ranges).contains(new Range(b.baseOffset(), b.lastOffset())));
            assertThat(log.logEndOffset()).isEqualTo(before.get(before.size() - 1).offset() + 2 - 1);
            // cleaning again changes nothing; once the delete horizon has passed tombstones go
            cleaner(time, stage -> { }).clean(log, 0L);
            assertThat(records(log)).isEqualTo(after);
            time.sleep(200_000);
            cleaner(time, stage -> { }).clean(log, 0L);
            assertThat(records(log)).containsExactlyElementsOf(after.stream().filter(r -> r.value() != null).toList());
        } finally {
            LocalLog.deleteRecursively(dir);
        }
    }

    @Property(tries = 40)
    void aCleanInterruptedAnywhereAndResumedGivesTheSameRecords(@ForAll("histories") List<Batch> history,
            @ForAll @IntRange(min = 0, max = 30) int crashAt) throws Exception {
        Path root = Files.createTempDirectory("cleaner-crash");
        ManualTime time = new ManualTime(1_000_000L);
        try {
            Path original = root.resolve("orig/t-0");
            write(original, history, time).close();
            copy(original, root.resolve("straight/t-0"));
            copy(original, root.resolve("crashed/t-0"));
            List<Rec> expected;
            try (Log log = Log.open(root.resolve("straight/t-0"), config(), time, 0L, true)) {
                cleaner(time, stage -> { }).clean(log, 0L);
                expected = records(log);
            }
            // run a clean that "crashes" at its crashAt-th step: the directory is copied as it stands
            AtomicInteger steps = new AtomicInteger();
            Path image = root.resolve("image/t-0");
            try (Log log = Log.open(root.resolve("crashed/t-0"), config(), time, 0L, true)) {
                try {
                    cleaner(time, stage -> {
                        if (steps.getAndIncrement() == crashAt) {
                            copy(log.dir(), image);
                            throw new IllegalStateException("crash at " + stage);
                        }
                    }).clean(log, 0L);
                } catch (IllegalStateException e) {
                    // the simulated crash
                }
            }
            if (!Files.exists(image)) {
                copy(root.resolve("crashed/t-0"), image);
            }
            try (Log log = Log.open(image, config(), time, 0L, false)) {
                cleaner(time, stage -> { }).clean(log, 0L);
                assertThat(records(log)).isEqualTo(expected);
            }
        } finally {
            LocalLog.deleteRecursively(root);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
