package io.tributary.storage;

import io.tributary.codec.BatchStamper;
import io.tributary.codec.FileRegionRecords;
import io.tributary.codec.ValidatedBatches;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;

/**
 * One partition's log: an ordered list of segments, the last one active.
 *
 * <p>Invariants: offsets strictly increase across batches; every batch on disk passed validation
 * (CRC, sizes) before it was written; the log end offset is one past the last record's offset.
 * The recovery point never exceeds the log end offset; everything below it is on disk.
 *
 * <p>Thread-safety: appends, rolls, truncation and closing are serialised by this log's lock;
 * flushes are serialised by a separate flush lock (taken before the log lock when both are
 * needed) and run their fsyncs without holding the log lock, so an append that must flush
 * ({@code flush.messages}) releases the lock first and concurrent appends share one fsync. Reads
 * take no lock: they use the volatile log end (offset, segment, position), published only after
 * a write completes, so they see a prefix of the log and never a half-written batch. A read that
 * races with truncation may see data being removed, as in Kafka; removed segments are renamed
 * {@code .deleted} and closed only after {@code file.delete.delay.ms}.
 *
 * <p>Parts of the work live in package-private classes: {@link SegmentSet} (the segments and
 * their lookups), {@link LogFlusher} (recovery point, flushes), {@link Retention}, {@link
 * SegmentSwap} (a compaction's commit) and {@link RetiredSegments}, used under the locks above;
 * the stateless {@link AppendValidator} and {@link TimestampSearch}.
 */
public final class Log implements Closeable {

    private record EndOffset(long offset, LogSegment segment, int position) {}

    private final Path dir;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final SegmentSet segments;
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producers;
    private final RetiredSegments retired = new RetiredSegments();
    private final Retention retention;
    private final SegmentSwap swap;
    private final LogFlusher flusher;
    private volatile LogConfig config;
    private volatile EndOffset end;
    private volatile long logStartOffset;
    private volatile boolean closed;

    private Log(Path dir, LogConfig config, Time time, LogLoader.Loaded loaded, long checkpointedStart) {
        this.dir = dir;
        this.config = config;
        this.time = time;
        this.segments = loaded.segments();
        this.epochs = loaded.epochs();
        this.producers = loaded.producers();
        LogSegment active = segments.last();
        this.end = new EndOffset(loaded.nextOffset(), active, active.size());
        this.logStartOffset = Math.min(Math.max(segments.firstBase(), checkpointedStart), loaded.nextOffset());
        this.flusher = new LogFlusher(dir, segments, time, lock, flushLock, () -> end.offset(), () -> closed,
                loaded.recoveryPoint());
        this.retention = new Retention(segments, this::rollLocked, this::removeOldest);
        this.swap = new SegmentSwap(dir, segments, retired, time);
    }

    /**
     * Opens (and if needed recovers) the log in {@code dir}, creating the directory if it does not
     * exist.
     *
     * @param recoveryPoint offset below which data is known flushed; segments past it are scanned
     *     and a torn or corrupt tail is truncated, unless {@code cleanShutdown} is true
     */
    public static Log open(Path dir, LogConfig config, Time time, long recoveryPoint, boolean cleanShutdown)
            throws IOException {
        return open(dir, config, time, recoveryPoint, cleanShutdown, 0L);
    }

    /** As {@link #open(Path, LogConfig, Time, long, boolean)}, from {@code logStartOffset} if past the first base. */
    public static Log open(Path dir, LogConfig config, Time time, long recoveryPoint, boolean cleanShutdown,
            long logStartOffset) throws IOException {
        return new Log(dir, config, time, LogLoader.load(dir, config, recoveryPoint, cleanShutdown), logStartOffset);
    }

    /**
     * Validates and appends the v2 record batches of a produce request: assigns offsets, stamps
     * the partition leader epoch, applies LogAppendTime, and checks producer sequences. Same as
     * {@link #appendAsLeader(ByteBuffer, int, AppendOrigin)} with {@link AppendOrigin#CLIENT}.
     *
     * <p>The batches are rewritten in place in {@code records} (offsets, epoch, timestamps).
     *
     * @throws org.apache.kafka.common.errors.ApiException subclasses naming what was wrong
     *     (CorruptRecordException, InvalidRecordException, RecordTooLargeException,
     *     RecordBatchTooLargeException, OutOfOrderSequenceException,
     *     InvalidProducerEpochException, UnsupportedForMessageFormatException,
     *     KafkaStorageException)
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) {
        return appendAsLeader(records, leaderEpoch, AppendOrigin.CLIENT);
    }

    /**
     * Validates and appends batches as the leader. For {@link AppendOrigin#CLIENT} Kafka's client
     * rules apply (base offset 0, no control batches, idempotent sequence and epoch checks, and a
     * retry of one of a producer's last five batches is answered with its original offsets
     * without appending); {@link AppendOrigin#COORDINATOR} accepts control batches and skips the
     * sequence checks. If {@code flush.messages} is reached the data is on disk when this returns.
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch, AppendOrigin origin) {
        LogConfig cfg = config;
        ValidatedBatches batches = AppendValidator.validate(records, cfg, origin, dir, time.milliseconds());
        AppendResult result;
        lock.lock();
        try {
            ensureOpen();
            flusher.throwIfFailed();
            Optional<BatchMetadata> duplicate = origin == AppendOrigin.CLIENT
                    ? producers.findDuplicate(batches) : Optional.empty();
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            if (duplicate.isPresent()) {
                BatchMetadata d = duplicate.get();
                return new AppendResult(d.firstOffset(), d.lastOffset(), logAppendTime ? d.timestamp() : -1L,
                        logStartOffset, 0, true);
            }
            long now = time.milliseconds();
            long first = end.offset();
            ProducerStateManager.Staging staging =
                    producers.stage(batches, origin == AppendOrigin.CLIENT, first, logAppendTime, now);
            if (end.segment().shouldRoll(batches.sizeInBytes(), first + batches.recordCount() - 1, cfg, now)) {
                rollLocked();
            }
            long last = BatchStamper.stamp(batches, first, leaderEpoch, cfg.timestampType(), now);
            LogSegment active = end.segment();
            active.append(batches, now);
            producers.commit(staging, last + 1);
            if (leaderEpoch >= 0) {
                epochs.assign(leaderEpoch, first);
            }
            end = new EndOffset(last + 1, active, active.size());
            result = new AppendResult(first, last, logAppendTime ? now : -1L, logStartOffset,
                    batches.recordCount(), false);
        } catch (IOException e) {
            throw new KafkaStorageException("Error appending to log " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        try {
            flusher.flushIfMessagesDue(cfg.flushIntervalMessages());
        } catch (IOException e) {
            throw new KafkaStorageException("Error flushing log " + dir + ": " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Reads whole batches from the one holding {@code fetchOffset}: at most {@code maxBytes} unless
     * {@code minOneMessage} and the first batch is larger, never a batch reaching {@code maxOffset}
     * (exclusive).
     *
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when fetchOffset is below
     *     the log start offset or above the log end offset
     */
    public ReadResult read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        EndOffset e = end;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > e.offset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is out of range for log "
                    + dir.getFileName() + " [" + start + ", " + e.offset() + "]");
        }
        if (fetchOffset == e.offset()) {
            return new ReadResult(FileRegionRecords.empty(), start, e.offset());
        }
        try {
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
                    return new ReadResult(r, start, e.offset());
                }
                entry = next;
            }
            return new ReadResult(FileRegionRecords.empty(), start, e.offset());
        } catch (IOException ex) {
            throw new KafkaStorageException("Error reading log " + dir + ": " + ex.getMessage(), ex);
        }
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return end.offset();
    }

    /** The first record whose timestamp is at or after {@code timestamp}, if any. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
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

    /** The leader epoch of the newest batch, if the log has any. */
    public OptionalInt latestEpoch() {
        return epochs.latestEpoch();
    }

    /** Kafka's OffsetsForLeaderEpoch: the largest epoch at or below {@code leaderEpoch} and where it ended. */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        LeaderEpochCache.EpochEntry e = epochs.endOffsetFor(leaderEpoch, end.offset());
        return e.epoch() < 0 && e.startOffset() < 0
                ? EpochEndOffset.UNDEFINED
                : new EpochEndOffset(e.epoch(), e.startOffset());
    }

    public LogConfig config() {
        return config;
    }

    /** Applies a new config to the live log (the active segment keeps its size; rolls use it). */
    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    /** Forces every segment's data and indexes to disk and advances the recovery point. */
    public void flush() throws IOException {
        flusher.flushUpTo(end.offset());
    }

    /** Flushes if {@code flush.ms} has elapsed since the last flush and there is unflushed data. */
    public void flushIfDue() throws IOException {
        EndOffset e = end;
        flusher.flushIfDue(e.segment().baseOffset(), e.offset(), config.flushIntervalMs());
    }

    /** The offset up to which everything is known to be on disk. */
    public long recoveryPoint() {
        return flusher.recoveryPoint();
    }

    /** Rolls the active segment now, if it holds any data. */
    public void roll() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (!end.segment().isEmpty()) {
                rollLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rolls the active segment if {@code segment.ms} has passed since its first append. */
    public void rollIfDue() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            LogSegment active = end.segment();
            if (!active.isEmpty() && time.milliseconds() - active.rollBaseTimeMs() > config.segmentMs()) {
                rollLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the log start offset forward to {@code offset} (DeleteRecords); records below it are no
     * longer readable and the segments wholly below it are deleted by the next retention pass.
     *
     * @return the log start offset after the change
     * @throws OffsetOutOfRangeException when {@code offset} is past the log end offset
     */
    public long advanceLogStartOffset(long offset) {
        lock.lock();
        try {
            ensureOpen();
            if (offset > end.offset()) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + offset + " of "
                        + dir.getFileName() + " since it is larger than the log end offset " + end.offset());
            }
            maybeIncrementLogStartOffset(offset);
            return logStartOffset;
        } catch (IOException e) {
            throw new KafkaStorageException("Error updating the log start offset of " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kafka's retention ({@link Retention}): deletes the oldest segments that lie wholly below the
     * log start offset and, with {@code cleanup.policy} containing {@code delete}, those older than
     * {@code retention.ms} or beyond {@code retention.bytes}; an expired active segment is rolled
     * first. Deleted segments are renamed {@code .deleted} and their files removed after {@code
     * file.delete.delay.ms}; the log start offset moves to the first remaining segment.
     *
     * @return the number of segments deleted
     */
    public int deleteOldSegments() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            return retention.deleteOldSegments(config, time.milliseconds(), logStartOffset);
        } finally {
            lock.unlock();
        }
    }

    /** Retention's removal of the oldest segments; under the lock. */
    private void removeOldest(List<LogSegment> oldest) throws IOException {
        retire(oldest);
        maybeIncrementLogStartOffset(segments.firstBase());
        flusher.markDirectoryDirty();
    }

    private void maybeIncrementLogStartOffset(long offset) throws IOException {
        if (offset > logStartOffset) {
            logStartOffset = offset;
            epochs.truncateFromStart(offset);
        }
    }

    /** Every segment, oldest first, the active one last (a snapshot). */
    List<LogSegment> allSegments() {
        lock.lock();
        try {
            return segments.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** A step of a compaction swap, for tests that interrupt one. */
    interface SwapHook {
        void reached(String stage) throws IOException;
    }

    /**
     * Replaces {@code old} (consecutive segments, oldest first) by the compacted segment in
     * {@code swapFile} ({@code <base>.log.swap} with the base offset of the first), as {@link
     * SegmentSwap} describes, and forces the directory.
     *
     * @return false, touching nothing, when the log changed meanwhile (closed, truncated, or the
     *     segments deleted by retention)
     */
    boolean replaceSegments(List<LogSegment> old, Path swapFile, SwapHook hook) throws IOException {
        lock.lock();
        try {
            if (closed || !swap.replaceable(old, end.segment())) {
                return false;
            }
            swap.replace(old, swapFile, config, hook);
            flusher.markDirectoryDirty();
            AtomicFiles.forceDirectory(dir);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Periodic duties: flushes (completed segments; all on {@code flush.ms}), {@code segment.ms} rolls,
     * deleting removed segments past their delay, freeing idle read-ahead, expiring producers. One thread. */
    public void runPeriodicTasks() throws IOException {
        segments.releaseIdleReadAhead(time.milliseconds()); // the steps that cannot fail first
        lock.lock();
        try {
            producers.expireIfDue(time.milliseconds(), config.producerIdExpirationMs());
        } finally {
            lock.unlock();
        }
        rollIfDue();
        flushIfDue();
        deleteRetiredSegments();
    }

    private void rollLocked() throws IOException {
        EndOffset e = end;
        long newBase = e.offset();
        e.segment().onBecomeInactive();
        LogSegment seg = LogSegment.create(dir, newBase, config);
        try { // published only with its snapshot: a half-made roll must leave nothing a retry trips on
            producers.setMapEndOffset(newBase);
            producers.takeSnapshot();
        } catch (IOException | RuntimeException ex) {
            SegmentWrites.discard(seg, ex);
            throw ex;
        }
        segments.put(seg);
        end = new EndOffset(newBase, seg, 0);
        flusher.markDirectoryDirty();
    }

    /** Removes every record at or after {@code offset}. */
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset >= end.offset()) {
                return;
            }
            if (offset < segments.firstBase()) {
                truncateFullyAndStartAtLocked(offset);
                return;
            }
            flusher.truncationStarted();
            retire(segments.after(offset));
            LogSegment active = segments.last();
            active.truncateTo(offset);
            if (active != end.segment()) {
                active.resizeIndexes(config.segmentIndexBytes());
            }
            long leo = active.readNextOffset();
            end = new EndOffset(leo, active, active.size());
            epochs.truncateFromEnd(leo);
            LogLoader.rebuildProducerState(producers, segments, logStartOffset, leo);
            flusher.truncatedTo(leo);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes everything and restarts the log, empty, at {@code offset} (a follower far behind
     * its leader's log start).
     */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            truncateFullyAndStartAtLocked(offset);
        } finally {
            lock.unlock();
        }
    }

    private void truncateFullyAndStartAtLocked(long offset) throws IOException {
        flusher.truncationStarted();
        retire(segments.snapshot());
        LogSegment seg = LogSegment.create(dir, offset, config);
        segments.put(seg);
        end = new EndOffset(offset, seg, 0);
        logStartOffset = offset;
        epochs.clear();
        producers.reset(offset);
        producers.deleteSnapshotsAbove(-1L);
        flusher.restartedAt(offset);
    }

    /** Takes {@code doomed} out of the log: renamed {@code .deleted}, closed after {@code file.delete.delay.ms}. */
    private void retire(List<LogSegment> doomed) throws IOException {
        for (LogSegment seg : doomed) {
            segments.remove(seg);
            seg.renameToDeleted();
            retired.add(seg, time.milliseconds() + config.fileDeleteDelayMs());
        }
    }

    /** Closes and deletes the files of removed segments once {@code file.delete.delay.ms} has passed. */
    public void deleteRetiredSegments() throws IOException {
        lock.lock();
        try {
            retired.deleteDue(closed ? Long.MAX_VALUE : time.milliseconds());
        } finally {
            lock.unlock();
        }
    }

    public int numberOfSegments() {
        return segments.count();
    }

    /** Bytes of all segments. */
    public long size() {
        return segments.sizeInBytes();
    }

    public Path dir() {
        return dir;
    }

    /** Closes files after flushing and writing the producer state snapshot. */
    @Override
    public void close() throws IOException {
        synchronized (flushLock) {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                try {
                    flusher.flushForClose(end.offset());
                    producers.setMapEndOffset(end.offset());
                    producers.takeSnapshot();
                } finally {
                    closeFiles(); // also after a failed flush, which keeps the clean-shutdown marker away
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void closeFiles() throws IOException {
        closed = true;
        IOException retiring = retired.deleteAll();
        IOException closing = segments.closeAll();
        if (retiring != null || closing != null) {
            throw retiring != null ? retiring : closing;
        }
    }

    /** Closes and removes the log's directory. */
    public void delete() throws IOException {
        synchronized (flushLock) {
            lock.lock();
            try {
                if (!closed) {
                    closeFiles();
                }
                deleteRecursively(dir);
            } finally {
                lock.unlock();
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("The log " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Log(" + dir + ", start=" + logStartOffset + ", end=" + end.offset() + ")";
    }

    // visible for tests
    Optional<ProducerStateEntry> producerState(long producerId) {
        lock.lock();
        try {
            return producers.entry(producerId);
        } finally {
            lock.unlock();
        }
    }
}
