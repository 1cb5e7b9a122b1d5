package io.tributary.storage;

import io.tributary.codec.RecordBatchHeader;
import io.tributary.storage.segment.BatchVisitor;
import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentReader;
import io.tributary.storage.segment.SegmentSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: loads its segments, recovers those that may hold unflushed data
 * after an unclean shutdown (cutting the log at the first torn or corrupt batch and deleting the
 * segments after it), rebuilds missing or unsound indexes, and restores the leader epoch cache
 * and the producer state (latest snapshot plus replay).
 *
 * <p>Thread-safety: runs before the log is shared; not thread-safe.
 */
final class LogLoader {
    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    /** What loading produced. */
    record Loaded(
            SegmentSet segments,
            long nextOffset,
            long recoveryPoint,
            LeaderEpochCache epochs,
            ProducerStateManager producers) {}

    private LogLoader() {}

    /**
     * Loads the log in {@code dir}. After a clean shutdown the files are trusted, except that a
     * batch header too damaged to step over (see {@link SegmentReader#batchSize}) makes it load
     * again with recovery, which cuts the log at the first batch that is not intact.
     */
    static Loaded load(Path dir, LogConfig config, long recoveryPoint, boolean cleanShutdown) throws IOException {
        try {
            return loadOnce(dir, config, recoveryPoint, cleanShutdown);
        } catch (CorruptRecordException e) {
            if (!cleanShutdown) {
                throw e;
            }
            log.warn("Damaged batch in {} after a clean shutdown ({}); loading it with recovery", dir, e.getMessage());
            return loadOnce(dir, config, recoveryPoint, false);
        }
    }

    private static Loaded loadOnce(Path dir, LogConfig config, long recoveryPoint, boolean cleanShutdown)
            throws IOException {
        Files.createDirectories(dir);
        TreeSet<Long> bases = scanDirectory(dir);
        LeaderEpochCache epochs = new LeaderEpochCache(dir);
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        try {
            for (long base : bases) {
                segments.put(base, LogSegment.open(dir, base, config));
            }
            if (segments.isEmpty()) {
                segments.put(0L, LogSegment.create(dir, 0L, config));
                epochs.clear();
            } else {
                recoverSegments(segments, epochs, recoveryPoint, cleanShutdown);
            }
            LogSegment active = segments.lastEntry().getValue();
            long nextOffset = active.readNextOffset();
            active.resizeIndexes(config.segmentIndexBytes());
            epochs.truncateFromEnd(nextOffset);
            SegmentSet loaded = new SegmentSet(segments);
            ProducerStateManager producers = loadProducerState(dir, loaded, nextOffset);
            return new Loaded(loaded, nextOffset, nextOffset, epochs, producers);
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : segments.values()) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Deletes leftovers of interrupted operations; returns the base offsets of the .log files. */
    private static TreeSet<Long> scanDirectory(Path dir) throws IOException {
        TreeSet<Long> logs = new TreeSet<>();
        List<Path> indexes = new ArrayList<>();
        List<Path> swaps = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX)) {
                    swaps.add(p);
                } else if (name.endsWith(LogSegment.DELETED_SUFFIX) || name.endsWith(".tmp")
                        || name.endsWith(LogSegment.CLEANED_SUFFIX) || name.endsWith(LogSegment.SWAP_SUFFIX)) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(LogSegment.LOG_SUFFIX)) {
                    Long base = parseBase(name, LogSegment.LOG_SUFFIX);
                    if (base != null) {
                        logs.add(base);
                    }
                } else if (name.endsWith(LogSegment.INDEX_SUFFIX) || name.endsWith(LogSegment.TIME_INDEX_SUFFIX)) {
                    indexes.add(p);
                }
            }
        }
        for (Path swap : swaps) {
            completeSwap(dir, swap, logs);
        }
        for (Path p : indexes) {
            String name = p.getFileName().toString();
            Long base = parseBase(name, name.endsWith(LogSegment.INDEX_SUFFIX)
                    ? LogSegment.INDEX_SUFFIX : LogSegment.TIME_INDEX_SUFFIX);
            if (base == null || !logs.contains(base)) {
                Files.deleteIfExists(p);
            }
        }
        return logs;
    }

    /**
     * Finishes a compaction swap interrupted by a crash, as Kafka does: a {@code .log.swap} file
     * replaces every segment whose base offset lies in its offset range; its indexes are rebuilt
     * by recovery.
     */
    private static void completeSwap(Path dir, Path swap, TreeSet<Long> logs) throws IOException {
        String name = swap.getFileName().toString();
        Long base = parseBase(name.substring(0, name.length() - LogSegment.SWAP_SUFFIX.length()),
                LogSegment.LOG_SUFFIX);
        if (base == null) {
            Files.deleteIfExists(swap);
            return;
        }
        long last = lastOffsetIn(swap, base);
        for (Long replaced : new ArrayList<>(logs.subSet(base, true, last, true))) {
            Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.LOG_SUFFIX)));
            Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.INDEX_SUFFIX)));
            Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.TIME_INDEX_SUFFIX)));
            logs.remove(replaced);
        }
        Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, LogSegment.INDEX_SUFFIX)));
        Files.deleteIfExists(dir.resolve(LogSegment.fileName(base, LogSegment.TIME_INDEX_SUFFIX)));
        Files.move(swap, dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.forceDirectory(dir);
        logs.add(base);
        log.info("Completed the interrupted compaction swap of {} in {}",
                LogSegment.fileName(base, LogSegment.LOG_SUFFIX), dir);
    }

    /** The last offset of the whole batches in a segment file; {@code base} when it has none. */
    private static long lastOffsetIn(Path file, long base) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ)) {
            SegmentReader r = new SegmentReader().reset(ch, ch.size());
            long pos = 0;
            long last = base;
            while (r.load(pos, io.tributary.codec.RecordBatchHeader.HEADER_SIZE)) {
                int i = r.indexOf(pos);
                int size = RecordBatchHeader.sizeInBytes(r.buffer(), i);
                if (size <= 0 || pos + size > ch.size()) {
                    break;
                }
                last = Math.max(last, RecordBatchHeader.lastOffset(r.buffer(), i));
                pos += size;
            }
            return last;
        }
    }

    private static Long parseBase(String name, String suffix) {
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20) {
            return null;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Recovers the segments from the one holding the recovery point (none after a clean shutdown),
     * and any segment whose indexes look unsound. Recovery of a segment at or past the recovery
     * point stops at the first damage and deletes every later segment, as Kafka does, so the log
     * stays contiguous: damage is a torn or corrupt batch, or a segment that ends before the next
     * one begins. Tributary never leaves such a gap (segments roll at the log end, and a
     * compaction keeps the last batch of every group it rewrites), so after an unclean shutdown
     * it means the tail of the segment was lost, for instance cut at a batch boundary. Gaps in
     * segments below the recovery point are not checked: their data is on disk.
     */
    private static void recoverSegments(ConcurrentSkipListMap<Long, LogSegment> segments, LeaderEpochCache epochs,
            long recoveryPoint, boolean cleanShutdown) throws IOException {
        Long floor = segments.floorKey(recoveryPoint);
        long recoverFrom = cleanShutdown ? Long.MAX_VALUE : (floor == null ? segments.firstKey() : floor);
        BatchVisitor assignEpoch = (buf, i) -> {
            try {
                epochs.assign(RecordBatchHeader.partitionLeaderEpoch(buf, i), RecordBatchHeader.baseOffset(buf, i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        for (Map.Entry<Long, LogSegment> e : segments.entrySet()) {
            LogSegment seg = e.getValue();
            Long nextBase = segments.higherKey(e.getKey());
            long bound = nextBase == null ? Long.MAX_VALUE : nextBase;
            boolean unflushed = e.getKey() >= recoverFrom;
            if (!unflushed && seg.indexesLookSane(bound)) {
                seg.loadMaxTimestampFromTail();
                continue;
            }
            int truncated;
            try {
                truncated = seg.recover(bound, assignEpoch);
            } catch (UncheckedIOException ex) {
                throw ex.getCause();
            }
            seg.flush();
            boolean lostTail = unflushed && nextBase != null && seg.readNextOffset() < nextBase;
            if (truncated > 0 || lostTail) {
                log.warn("Recovery of {} cut {} bytes of torn or corrupt data{}; deleting later segments", seg,
                        truncated, lostTail ? " and found it ends before the next segment begins" : "");
                for (Long later : new ArrayList<>(segments.tailMap(e.getKey(), false).keySet())) {
                    segments.remove(later).delete();
                }
                return;
            }
            if (nextBase != null) {
                seg.onBecomeInactive();
            }
        }
    }

    private static ProducerStateManager loadProducerState(Path dir, SegmentSet segments, long nextOffset)
            throws IOException {
        ProducerStateManager producers = new ProducerStateManager(dir);
        rebuildProducerState(producers, segments, segments.firstBase(), nextOffset);
        return producers;
    }

    /**
     * Rebuilds the producer state of a log ending at {@code nextOffset} (after opening or
     * truncating it): drops the snapshots past the end, loads the latest remaining one and replays
     * the batches after it.
     */
    static void rebuildProducerState(ProducerStateManager producers, SegmentSet segments, long logStartOffset,
            long nextOffset) throws IOException {
        producers.deleteSnapshotsAbove(nextOffset);
        producers.loadLatestSnapshot(logStartOffset, nextOffset);
        replay(producers, segments, producers.mapEndOffset());
        producers.setMapEndOffset(nextOffset);
    }

    /** Applies the batches from {@code from} to the end of the log to the producer state. */
    private static void replay(ProducerStateManager producers, SegmentSet segments, long from) throws IOException {
        for (LogSegment seg : segments.from(from)) {
            seg.forEachBatch(from, producers::replay);
        }
    }
}
