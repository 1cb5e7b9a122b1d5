package io.tributary.storage.segment;

import io.tributary.codec.FileRegionRecords;
import io.tributary.codec.ValidatedBatches;
import io.tributary.storage.AtomicFiles;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.ReadResult;
import io.tributary.storage.TimestampOffset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.utils.Time;

/**
 * The segments of one partition log on disk and nothing of Kafka's meaning: append whole batches
 * at the end, read them, roll, truncate, flush, retire removed segments and close. It knows
 * offsets only as the segments hold them; it assigns none, checks no producer or leader epoch,
 * and keeps no log start offset. {@link Log} builds Kafka's semantics on it.
 *
 * <p>Invariants: the segments never overlap and hold at least one segment, the last being the
 * active one; the published {@link #end()} names the active segment, one past the last offset
 * written and the active segment's size after the last whole append, so a reader bounded by it
 * never sees a half-written batch. Segments roll at the log end offset, so no gap ever opens
 * between one segment's last batch and the next segment's base. The recovery point ({@link
 * LogFlusher}) never exceeds the log end offset.
 *
 * <p>Thread-safety: mutations (append, roll, truncation, retiring, closing) are called under the
 * owner's lock, which this class is given and never takes for them itself; flushes take the
 * owner's flush lock and then that lock, as {@link LogFlusher} describes. Reads and the
 * accessors take no lock: they see a published {@link #end()} and the weakly consistent {@link
 * SegmentSet}.
 */
public final class LocalLog {

    /** The log end: one past the last offset, the active segment and its size after that offset. */
    public record EndOffset(long offset, LogSegment segment, int position) {}

    /**
     * Called by a roll after the new segment exists and before it is published (the producer
     * snapshot at its base); a hook that throws makes the roll publish nothing.
     */
    @FunctionalInterface
    public interface RollHook {
        void beforePublish(long newBaseOffset) throws IOException;
    }

    private final Path dir;
    private final Time time;
    private final SegmentSet segments;
    private final RetiredSegments retired = new RetiredSegments();
    private final SegmentSwap swap;
    private final LogFlusher flusher;
    private final RollHook rollHook;
    private volatile LogConfig config;
    private volatile EndOffset end;
    private volatile boolean closed;

    public LocalLog(Path dir, LogConfig config, Time time, ReentrantLock lock, Object flushLock, SegmentSet segments,
            long nextOffset, long recoveryPoint, RollHook rollHook) {
        this.dir = dir;
        this.config = config;
        this.time = time;
        this.segments = segments;
        this.rollHook = rollHook;
        LogSegment active = segments.last();
        this.end = new EndOffset(nextOffset, active, active.size());
        this.flusher = new LogFlusher(dir, segments, time, lock, flushLock, () -> end.offset(), () -> closed,
                recoveryPoint);
        this.swap = new SegmentSwap(dir, segments, retired, time);
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    /** The published log end (a volatile read). */
    public EndOffset end() {
        return end;
    }

    public long logEndOffset() {
        return end.offset();
    }

    public SegmentSet segments() {
        return segments;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, as {@link Log#read} describes: the
     * offset must lie between {@code logStartOffset} (the owner's) and the log end offset.
     */
    public ReadResult read(long logStartOffset, long fetchOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        EndOffset e = end;
        if (fetchOffset < logStartOffset || fetchOffset > e.offset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is out of range for log "
                    + dir.getFileName() + " [" + logStartOffset + ", " + e.offset() + "]");
        }
        try {
            return new ReadResult(fetchOffset == e.offset() ? FileRegionRecords.empty()
                    : read(e, fetchOffset, maxBytes, maxOffset, minOneMessage), logStartOffset, e.offset());
        } catch (IOException ex) {
            throw new KafkaStorageException("Error reading log " + dir + ": " + ex.getMessage(), ex);
        }
    }

    private FileRegionRecords read(EndOffset e, long fetchOffset, int maxBytes, long maxOffset,
            boolean minOneMessage) throws IOException {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
        while (entry != null) {
            LogSegment seg = entry.getValue();
            Map.Entry<Long, LogSegment> next = seg == e.segment() ? null : segments.higherEntry(entry.getKey());
            long maxPosition = seg == e.segment() ? e.position() : seg.size();
            long segmentEndOffset = next == null ? e.offset() : next.getKey();
            long bound = maxOffset >= segmentEndOffset ? LogSegment.NO_OFFSET_BOUND : maxOffset;
            FileRegionRecords r = seg.read(fetchOffset, maxBytes, maxPosition, bound, segmentEndOffset,
                    minOneMessage);
            if (r != null) {
                return r;
            }
            entry = next;
        }
        return FileRegionRecords.empty();
    }

    // ---- writes: under the owner's lock ----

    /** Rolls first if an append of {@code bytes} bytes ending at {@code lastOffset} must go to a new segment. */
    public void maybeRoll(int bytes, long lastOffset, long nowMs) throws IOException {
        if (end.segment().shouldRoll(bytes, lastOffset, config, nowMs)) {
            roll();
        }
    }

    /**
     * Writes {@code batches} (offsets final, the first at or after the log end) to the active
     * segment and publishes {@code lastOffset + 1} as the log end.
     */
    public void append(ValidatedBatches batches, long lastOffset, long nowMs) throws IOException {
        LogSegment active = end.segment();
        active.append(batches, nowMs);
        end = new EndOffset(lastOffset + 1, active, active.size());
    }

    /**
     * Starts a new active segment at the log end offset. The old one's appends end first ({@link
     * LogSegment#endAppends}): with direct I/O that cuts its padding and forces its file, and a
     * failure there is a failed flush ({@link LogFlusher#failed}), since the bytes written may not
     * be on disk; then its indexes are finished ({@link LogSegment#onBecomeInactive}).
     */
    public void roll() throws IOException {
        EndOffset e = end;
        long newBase = e.offset();
        try {
            e.segment().endAppends();
        } catch (IOException ex) {
            flusher.failed(ex);
            throw ex;
        }
        e.segment().onBecomeInactive();
        LogSegment seg = LogSegment.create(dir, newBase, config);
        try { // published only with the hook's work: a half-made roll must leave nothing a retry trips on
            rollHook.beforePublish(newBase);
        } catch (IOException | RuntimeException ex) {
            SegmentWrites.discard(seg, ex);
            throw ex;
        }
        segments.put(seg);
        end = new EndOffset(newBase, seg, 0);
        flusher.markDirectoryDirty();
    }

    /** Rolls if the active segment holds data and {@code segment.ms} has passed since its first append. */
    public void rollIfDue(long nowMs) throws IOException {
        LogSegment active = end.segment();
        if (!active.isEmpty() && nowMs - active.rollBaseTimeMs() > config.segmentMs()) {
            roll();
        }
    }

    /**
     * Removes every batch whose last offset is at or after {@code offset}, which lies at or above
     * the first segment's base: later segments are retired, the one holding {@code offset} cut.
     *
     * @return the new log end offset
     */
    public long truncateTo(long offset) throws IOException {
        flusher.truncationStarted();
        retire(segments.after(offset));
        LogSegment active = segments.last();
        active.truncateTo(offset);
        if (active != end.segment()) {
            active.resizeIndexes(config.segmentIndexBytes());
        }
        long leo = active.readNextOffset();
        end = new EndOffset(leo, active, active.size());
        flusher.truncatedTo(leo);
        return leo;
    }

    /** Retires every segment and starts again with one empty segment based at {@code offset}. */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        flusher.truncationStarted();
        retire(segments.snapshot());
        LogSegment seg = LogSegment.create(dir, offset, config);
        segments.put(seg);
        end = new EndOffset(offset, seg, 0);
        flusher.restartedAt(offset);
    }

    /** Takes {@code doomed} out of the log: renamed {@code .deleted}, closed after {@code file.delete.delay.ms}. */
    public void retire(List<LogSegment> doomed) throws IOException {
        for (LogSegment seg : doomed) {
            segments.remove(seg);
            seg.renameToDeleted();
            retired.add(seg, time.milliseconds() + config.fileDeleteDelayMs());
        }
        if (!doomed.isEmpty()) {
            flusher.markDirectoryDirty();
        }
    }

    /** Closes and deletes the files of retired segments once {@code file.delete.delay.ms} has passed. */
    public void deleteRetiredSegments() throws IOException {
        retired.deleteDue(closed ? Long.MAX_VALUE : time.milliseconds());
    }

    /** Whether {@link #replaceSegments} may swap {@code old} now. */
    public boolean replaceable(List<LogSegment> old) {
        return !closed && swap.replaceable(old, end.segment());
    }

    /** Swaps {@code old} for the compacted {@code swapFile} ({@link SegmentSwap}) and forces the directory. */
    public void replaceSegments(List<LogSegment> old, Path swapFile, SegmentSwap.Hook hook) throws IOException {
        swap.replace(old, swapFile, config, hook);
        flusher.markDirectoryDirty();
        AtomicFiles.forceDirectory(dir);
    }

    // ---- durability ----

    public LogFlusher flusher() {
        return flusher;
    }

    public long recoveryPoint() {
        return flusher.recoveryPoint();
    }

    public void flushUpTo(long offset) throws IOException {
        flusher.flushUpTo(offset);
    }

    public void flushIfDue() throws IOException {
        EndOffset e = end;
        flusher.flushIfDue(e.segment().baseOffset(), e.offset(), config.flushIntervalMs());
    }

    // ---- closing: under both of the owner's locks ----

    /** Work a close does after the final flush and before the files close. */
    @FunctionalInterface
    public interface CloseStep {
        void run() throws IOException;
    }

    /**
     * Flushes everything from the recovery point on, runs {@code beforeClosing}, then closes every
     * file, retired segments' included. The files are closed also when the flush or the step
     * fails (a failed flush keeps the clean-shutdown marker away, so the next start recovers the
     * log); the first failure is thrown, later ones added to it as suppressed. Does nothing when
     * already closed.
     */
    public void close(CloseStep beforeClosing) throws IOException {
        if (closed) {
            return;
        }
        Throwable failure = null;
        try {
            flusher.flushForClose(end.offset());
            beforeClosing.run();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            closeFiles();
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    /** Closes the files, unless closed already, and removes the log's directory. */
    public void delete() throws IOException {
        if (!closed) {
            closeFiles();
        }
        deleteRecursively(dir);
    }

    /**
     * Marks the log closed and closes every file, retired segments' included (also after a
     * failure, so no descriptor is left open); throws the first failure with the others suppressed.
     */
    private void closeFiles() throws IOException {
        closed = true;
        IOException retiring = retired.deleteAll();
        IOException closing = segments.closeAll();
        if (retiring != null) {
            if (closing != null) {
                retiring.addSuppressed(closing);
            }
            throw retiring;
        }
        if (closing != null) {
            throw closing;
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- searches: no lock ----

    /** The first record at or after {@code timestamp} and {@code logStartOffset}, if any. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp, long logStartOffset) {
        try {
            return TimestampSearch.firstAtOrAfter(segments.all(), timestamp, logStartOffset);
        } catch (IOException e) {
            throw new KafkaStorageException("Error searching log " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The record with the largest timestamp (the earliest such on ties), if any. */
    public Optional<TimestampOffset> maxTimestampOffset() {
        try {
            return TimestampSearch.largest(segments.all());
        } catch (IOException e) {
            throw new KafkaStorageException("Error searching log " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LocalLog(" + dir + ", end=" + end.offset() + ")";
    }
}
