package io.tributary.storage;

import static io.tributary.storage.TestBatches.batch;
import static io.tributary.storage.TestBatches.withValues;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.codec.FileRegionRecords;
import io.tributary.storage.directio.DirectIo;
import io.tributary.storage.directio.DirectReader;
import io.tributary.storage.directio.ReadAheadPool;
import io.tributary.storage.directio.ReadAheadStream;
import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments written and read with direct I/O: what a fetch copies through the segment's source
 * is what was appended, whether it comes from the appender's staged tail, from read-ahead chunks
 * or from the device; the padding after the last batch never reaches a reader, is cut when the
 * segment rolls or closes, and is skipped by recovery after a crash.
 */
class DirectIoTest {
    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(1_000_000L);
    final Random random = new Random(42);

    Path logDir() {
        return dir.resolve("d-0");
    }

    LogConfig config(int segmentBytes) {
        return LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)))
                .withDirectIo(true);
    }

    /** A batch of {@code records} values of random sizes up to {@code maxValue} bytes. */
    ByteBuffer randomBatch(int records, int maxValue) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            byte[] v = new byte[1 + random.nextInt(maxValue)];
            random.nextBytes(v);
            values.add(v);
        }
        return withValues(1000L, values);
    }

    /** The region's bytes as a fetch sends them: through its source when it has one. */
    static ByteBuffer fetched(FileRegionRecords r) throws IOException {
        assertThat(r.source()).as("a direct-I/O segment's region has a source").isNotNull();
        ByteBuffer out = ByteBuffer.allocateDirect(r.sizeInBytes());
        r.source().read(r.position(), out);
        assertThat(out.hasRemaining()).isFalse();
        return out.flip();
    }

    /** Every record value of the log, read with fetches of {@code maxBytes} through the sources. */
    static List<ByteBuffer> values(Log log, int maxBytes) throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            FileRegionRecords r = log.read(next, maxBytes, Long.MAX_VALUE, true).records();
            ByteBuffer bytes = fetched(r);
            assertThat(bytes).isEqualTo(TestBatches.bytes(r));
            for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                batch.ensureValid();
                for (Record rec : batch) {
                    out.add(rec.value());
                    next = rec.offset() + 1;
                }
            }
        }
        return out;
    }

    static List<ByteBuffer> valuesOf(List<ByteBuffer> batches) {
        List<ByteBuffer> out = new ArrayList<>();
        for (ByteBuffer b : batches) {
            for (RecordBatch batch : MemoryRecords.readableRecords(b.duplicate()).batches()) {
                for (Record rec : batch) {
                    out.add(rec.value());
                }
            }
        }
        return out;
    }

    List<ByteBuffer> appendRandom(Log log, int batches) {
        List<ByteBuffer> written = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            ByteBuffer b = randomBatch(1 + random.nextInt(20), random.nextBoolean() ? 300 : 20_000);
            written.add(b.duplicate());
            log.appendAsLeader(b, 0);
        }
        return written;
    }

    static long logFileBytes(Path logDir) throws IOException {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(p -> p.toString().endsWith(LogSegment.LOG_SUFFIX)).mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    @Test
    void fetchesReturnWhatWasAppendedFromTheTailTheChunksAndTheDevice() throws Exception {
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            List<ByteBuffer> written = appendRandom(log, 200); // several MiB, past the staged window
            List<ByteBuffer> expected = valuesOf(written);
            assertThat(log.size()).isGreaterThan(4L * ReadAheadPool.CHUNK_BYTES);
            // large fetches read ahead, small ones come from the device or the staged tail
            assertThat(values(log, 1 << 20)).isEqualTo(expected);
            assertThat(values(log, 1 << 20)).isEqualTo(expected);
            assertThat(values(log, 100_000)).isEqualTo(expected);
            assertThat(values(log, 1)).isEqualTo(expected);
            // the active segment's file is padded to whole blocks, but no reader sees it
            long onDisk = logFileBytes(logDir());
            assertThat(onDisk).isGreaterThanOrEqualTo(log.size());
            assertThat(onDisk % DirectIo.alignment(logDir().resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX))))
                    .isZero();
        }
        // closing cuts the padding
        try (Stream<Path> files = Files.list(logDir())) {
            assertThat(files.filter(p -> p.toString().endsWith(".log")).count()).isEqualTo(1);
        }
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, true)) {
            assertThat(logFileBytes(logDir())).isEqualTo(log.size());
        }
    }

    @Test
    void appendsAfterAReopenContinueThePartialBlock() throws Exception {
        List<ByteBuffer> written = new ArrayList<>();
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            written.addAll(appendRandom(log, 7));
        }
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, true)) {
            written.addAll(appendRandom(log, 7));
            assertThat(values(log, 1 << 20)).isEqualTo(valuesOf(written));
        }
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            assertThat(values(log, 1 << 20)).isEqualTo(valuesOf(written));
        }
    }

    @Test
    void rolledSegmentsHaveNoPadding() throws Exception {
        try (Log log = Log.open(logDir(), config(512 * 1024), time, 0L, false)) {
            List<ByteBuffer> written = appendRandom(log, 60);
            assertThat(log.numberOfSegments()).isGreaterThan(3);
            assertThat(values(log, 1 << 20)).isEqualTo(valuesOf(written));
            try (Stream<Path> files = Files.list(logDir())) {
                List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
                for (Path p : logs.subList(0, logs.size() - 1)) {
                    // whole batches up to the file's end: no padding after the last one
                    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(p));
                    int batchBytes = 0;
                    for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                        batch.ensureValid();
                        batchBytes += batch.sizeInBytes();
                    }
                    assertThat(batchBytes).as(p.toString()).isEqualTo(bytes.capacity());
                }
            }
        }
    }

    @Test
    void aCrashLeavesPaddingThatRecoveryCuts() throws Exception {
        Path crashed = dir.resolve("crashed").resolve("d-0");
        List<ByteBuffer> written;
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            written = appendRandom(log, 30);
            // what the device holds while the broker runs: copy it without closing the log
            Files.createDirectories(crashed);
            try (Stream<Path> files = Files.list(logDir())) {
                for (Path p : files.toList()) {
                    if (Files.isRegularFile(p)) {
                        Files.copy(p, crashed.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            assertThat(logFileBytes(crashed)).isGreaterThan(log.size());
        }
        try (Log log = Log.open(crashed, config(1 << 30), time, 0L, false)) {
            assertThat(values(log, 1 << 20)).isEqualTo(valuesOf(written));
            assertThat(logFileBytes(crashed)).isEqualTo(log.size());
            ByteBuffer more = randomBatch(3, 100);
            written.add(more.duplicate());
            log.appendAsLeader(more, 0);
            assertThat(values(log, 1 << 20)).isEqualTo(valuesOf(written));
        }
    }

    @Test
    void aTruncationForgetsTheBytesHeldInMemory() throws Exception {
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            // batches of about 50 KB: a one-batch fetch is too small to read ahead or drop chunks
            List<ByteBuffer> written = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                written.add(appendFixed(log));
            }
            FileRegionRecords first = log.read(0, 1 << 20, Long.MAX_VALUE, true).records();
            fetched(first); // reads ahead the next few MiB, across the middle of the log
            log.truncateTo(75 * 10L);
            List<ByteBuffer> expected = new ArrayList<>(valuesOf(written.subList(0, 75)));
            List<ByteBuffer> after = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                after.add(appendFixed(log));
            }
            expected.addAll(valuesOf(after));
            assertThat(values(log, 1)).isEqualTo(expected);
            assertThat(values(log, 1 << 20)).isEqualTo(expected);
        }
    }

    @Test
    void twoReadersAtDifferentPositionsEachKeepTheirReadAhead() throws Exception {
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            List<ByteBuffer> written = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                written.add(appendFixed(log));
            }
            List<ByteBuffer> expected = valuesOf(written);
            long[] next = {0L, 1000L}; // two consumers, 5 MB apart in a log of 15 MB
            DirectReader reader = null;
            long readsAfterFirstFetches = -1;
            for (int round = 0; round < 4; round++) {
                for (int c = 0; c < 2; c++) {
                    FileRegionRecords r = log.read(next[c], 1 << 20, Long.MAX_VALUE, true).records();
                    reader = (DirectReader) r.source();
                    for (RecordBatch batch : MemoryRecords.readableRecords(fetched(r)).batches()) {
                        for (Record rec : batch) {
                            assertThat(rec.value()).isEqualTo(expected.get((int) rec.offset()));
                            next[c] = rec.offset() + 1;
                        }
                    }
                }
                if (round == 1) {
                    // the first two fetches of each reader find the batch header before their
                    // start (where the offset index points) outside what was read ahead
                    readsAfterFirstFetches = reader.deviceReads();
                }
            }
            assertThat(next[0]).isGreaterThan(600L);
            assertThat(next[1]).isLessThan(2800L); // still well before the staged tail
            assertThat(reader.deviceReads()).as("reads on the fetching thread after each reader's second fetch")
                    .isEqualTo(readsAfterFirstFetches);
        }
    }

    @Test
    void aSegmentOpensItsDirectDescriptorOnlyWhenUsed() throws Exception {
        try (Log log = Log.open(logDir(), config(512 * 1024), time, 0L, false)) {
            appendRandom(log, 40);
        }
        try (Log log = Log.open(logDir(), config(512 * 1024), time, 0L, true)) {
            assertThat(log.numberOfSegments()).isGreaterThan(3);
            Path first = logDir().resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
            assertThat(openDescriptors(first)).as("before any fetch").isEqualTo(1);
            fetched(log.read(0, 1 << 20, Long.MAX_VALUE, true).records());
            assertThat(openDescriptors(first)).as("after a fetch").isEqualTo(2);
            try (Stream<Path> files = Files.list(logDir())) {
                List<Path> logs = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
                // the loader reads the active segment's last batch; the ones in between nobody read
                for (Path p : logs.subList(1, logs.size() - 1)) {
                    assertThat(openDescriptors(p)).as(p.getFileName().toString()).isEqualTo(1);
                }
            }
        }
    }

    /** How many of this process's file descriptors are open on {@code file} (Linux). */
    static long openDescriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    @Test
    void readAheadNobodyUsesGoesBackToThePool() throws Exception {
        ReadAheadPool pool = ReadAheadPool.SHARED;
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            for (int i = 0; i < 200; i++) {
                appendFixed(log);
            }
            pool.awaitReads();
            int before = pool.inUse();
            fetched(log.read(0, 1 << 20, Long.MAX_VALUE, true).records());
            pool.awaitReads();
            assertThat(pool.inUse()).as("chunks read ahead").isEqualTo(before + ReadAheadStream.DEPTH);
            time.advance(SegmentSet.READ_AHEAD_SWEEP_MS);
            log.runPeriodicTasks(); // the stream was used since the last sweep: kept
            pool.awaitReads();
            assertThat(pool.inUse()).isEqualTo(before + ReadAheadStream.DEPTH);
            time.advance(SegmentSet.READ_AHEAD_SWEEP_MS);
            log.runPeriodicTasks(); // not used since: released
            pool.awaitReads();
            assertThat(pool.inUse()).isEqualTo(before);
        }
    }

    /** Appends a batch of 10 random values of 5,000 bytes; returns a copy of what it appended. */
    ByteBuffer appendFixed(Log log) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] v = new byte[5000];
            random.nextBytes(v);
            values.add(v);
        }
        ByteBuffer b = withValues(1000L, values);
        ByteBuffer copy = b.duplicate();
        log.appendAsLeader(b, 0);
        return copy;
    }

    @Test
    void switchedOffSegmentsReadTheirFilesAndReadDirectlyWrittenOnes() throws Exception {
        List<ByteBuffer> written;
        try (Log log = Log.open(logDir(), config(1 << 30), time, 0L, false)) {
            written = appendRandom(log, 20);
        }
        try (Log log = Log.open(logDir(), config(1 << 30).withDirectIo(false), time, 0L, true)) {
            FileRegionRecords r = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records();
            assertThat(r.source()).isNull();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer b = TestBatches.bytes(r);
            all.write(b.array(), 0, b.remaining());
            List<ByteBuffer> read = valuesOf(List.of(ByteBuffer.wrap(all.toByteArray())));
            assertThat(read).isEqualTo(valuesOf(written));
            log.appendAsLeader(batch(2, 0), 0);
            assertThat(log.logEndOffset()).isEqualTo(read.size() + 2L);
        }
    }
}
