package io.tributary.storage;

import io.tributary.codec.BatchStamper;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import io.tributary.storage.segment.LocalLog;
import io.tributary.storage.segment.LogFlusher;
import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentSet;
import io.tributary.storage.segment.SegmentSwap;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;

/**
 * One partition's log with Kafka's semantics, on a {@link LocalLog} of segments: validation,
 * offset assignment and leader-epoch stamping as the leader ({@link #appendAsLeader}), batches
 * taken as the leader wrote them as a follower ({@link #appendAsFollower}), the idempotent
 * producers' state, the leader-epoch cache, the log start offset and retention.
 *
 * <p>Invariants: offsets strictly increase across batches; every batch on disk passed validation
 * (CRC, sizes) before it was written; the log end offset is one past the last record's offset.
 * The log start offset lies between the first segment's base and the log end offset. The leader
 * epoch cache holds no epoch starting at or past the log end offset, and the producer state
 * reflects the log up to its end. The recovery point never exceeds the log end offset;
 * everything below it is on disk.
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
 * <p>Parts of the work live in classes of their own: {@link LocalLog} (the segments: append,
 * read, roll, truncate, flush, close) with its {@link SegmentSet}, {@link LogFlusher} and {@link
 * SegmentSwap}, in {@code io.tributary.storage.segment}; {@link DerivedState} (producers and
 * leader epochs) and {@link Retention}, used under the locks above; the stateless {@link
 * AppendValidator}.
 */
public final class Log implements Closeable {

    /** Rewrites the recovery-point checkpoint that holds this log's (after it moved back). */
    @FunctionalInterface
    interface Checkpointer {
        void checkpoint() throws IOException;
    }

    private final Path dir;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final LocalLog local;
    private final SegmentSet segments;
    private final DerivedState state;
    private final Retention retention;
    private volatile long logStartOffset;
    private volatile long highWatermark = Long.MAX_VALUE; // unbounded until a replica tells it
    private volatile long checkpointedHighWatermark = -1L;
    private volatile Checkpointer checkpointer = () -> { };

    private Log(Path dir, LogConfig config, Time time, LogLoader.Loaded loaded, long checkpointedStart) {
        this.dir = dir;
        this.time = time;
        this.segments = loaded.segments();
        this.state = new DerivedState(loaded.epochs(), loaded.producers());
        this.local = new LocalLog(dir, config, time, lock, flushLock, segments, loaded.nextOffset(),
                loaded.recoveryPoint(), state::snapshotAt);
        this.logStartOffset = Math.min(Math.max(segments.firstBase(), checkpointedStart), loaded.nextOffset());
        this.retention = new Retention(segments, local::roll, this::removeOldest);
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
        LogConfig cfg = local.config();
        ValidatedBatches batches = AppendValidator.validate(records, cfg, origin, dir, time.milliseconds());
        AppendResult result;
        lock.lock();
        try {
            ensureWritable();
            Optional<BatchMetadata> duplicate = origin == AppendOrigin.CLIENT
                    ? state.findDuplicate(batches) : Optional.empty();
            boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
            if (duplicate.isPresent()) {
                BatchMetadata d = duplicate.get();
                return new AppendResult(d.firstOffset(), d.lastOffset(), logAppendTime ? d.timestamp() : -1L,
                        logStartOffset, 0, true);
            }
            long now = time.milliseconds();
            long first = local.logEndOffset();
            ProducerStateManager.Staging staging =
                    state.stage(batches, origin == AppendOrigin.CLIENT, first, logAppendTime, now);
            local.maybeRoll(batches.sizeInBytes(), first + batches.recordCount() - 1, now);
            long last = BatchStamper.stamp(batches, first, leaderEpoch, cfg.timestampType(), now);
            local.append(batches, last, now);
            state.leaderAppended(staging, leaderEpoch, first, last);
            result = new AppendResult(first, last, logAppendTime ? now : -1L, logStartOffset,
                    batches.recordCount(), false);
        } catch (IOException e) {
            throw new KafkaStorageException("Error appending to log " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        flushIfMessagesDue(cfg);
        return result;
    }

    /**
     * Appends batches a follower fetched from its leader as the leader wrote them: offsets,
     * partition leader epochs, timestamps and producer fields are kept. The batches must be whole
     * with valid CRCs ({@link AppendValidator#validateReplicated}) and their offsets must increase,
     * the first batch starting at or after the log end offset (a compacted leader's log may skip
     * offsets). The leader-epoch cache learns each new epoch at the first batch carrying it, and
     * the producer state takes in the idempotent batches unchecked, as a reload of the log would,
     * so a retry of one of them reaching this replica after it became the leader is still
     * answered as a duplicate.
     *
     * @throws UnexpectedAppendOffsetException when the first batch starts below the log end offset, or
     *     so far above it that a segment starting there cannot index it ({@link #truncateFullyAndStartAt})
     * @throws org.apache.kafka.common.errors.CorruptRecordException when a batch is torn or its CRC fails
     * @throws org.apache.kafka.common.InvalidRecordException when offsets do not increase
     */
    public AppendResult appendAsFollower(ByteBuffer records) {
        LogConfig cfg = local.config();
        ValidatedBatches batches = AppendValidator.validateReplicated(records, cfg, dir);
        ByteBuffer buf = batches.buffer();
        int firstAt = batches.batches().get(0).position();
        int lastAt = batches.batches().get(batches.batches().size() - 1).position();
        long first = RecordBatchHeader.baseOffset(buf, firstAt);
        long last = RecordBatchHeader.lastOffset(buf, lastAt);
        AppendResult result;
        lock.lock();
        try {
            ensureWritable();
            long end = local.logEndOffset();
            if (first < end) {
                throw new UnexpectedAppendOffsetException("Follower append to " + dir.getFileName() + " starts at "
                        + first + ", below the log end offset " + end, first, last);
            }
            long now = time.milliseconds();
            local.maybeRoll(batches.sizeInBytes(), last, now);
            if (!local.end().segment().canHold(last)) {
                throw new UnexpectedAppendOffsetException("Follower append to " + dir.getFileName() + " ends at "
                        + last + ", beyond what a segment based at " + end + " can index: restart the log first",
                        first, last);
            }
            local.append(batches, last, now);
            state.followerAppended(batches, last);
            result = new AppendResult(first, last, -1L, logStartOffset, batches.recordCount(), false);
        } catch (IOException e) {
            throw new KafkaStorageException("Error appending to log " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        flushIfMessagesDue(cfg);
        return result;
    }

    private void flushIfMessagesDue(LogConfig cfg) {
        try {
            local.flusher().flushIfMessagesDue(cfg.flushIntervalMessages());
        } catch (IOException e) {
            throw new KafkaStorageException("Error flushing log " + dir + ": " + e.getMessage(), e);
        }
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
        return local.read(logStartOffset, fetchOffset, maxBytes, maxOffset, minOneMessage);
    }

    /**
     * The replica's high watermark: retention deletes and the cleaner compacts only segments wholly
     * below it, so neither removes records a follower may still need or a new leader may not have.
     * Unbounded for a log no replica manages.
     */
    public void updateHighWatermark(long offset) {
        highWatermark = offset;
    }

    public long highWatermarkBound() {
        return highWatermark;
    }

    /** The high watermark checkpointed before a restart, -1 when none was. */
    public long checkpointedHighWatermark() {
        return checkpointedHighWatermark;
    }

    /** At load: the checkpointed high watermark, which also bounds retention until a replica sets one. */
    void restoreHighWatermark(long offset) {
        checkpointedHighWatermark = offset;
        highWatermark = offset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return local.logEndOffset();
    }

    /** The first record whose timestamp is at or after {@code timestamp}, if any. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        return local.offsetForTimestamp(timestamp, logStartOffset);
    }

    /** The record with the largest timestamp (the earliest such on ties), if any. */
    public Optional<TimestampOffset> maxTimestampOffset() {
        return local.maxTimestampOffset();
    }

    /** The leader epoch of the newest batch, if the log has any. */
    public OptionalInt latestEpoch() {
        return state.latestEpoch();
    }

    /** Kafka's OffsetsForLeaderEpoch: the largest epoch at or below {@code leaderEpoch} and where it ended. */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        LeaderEpochCache.EpochEntry e = state.endOffsetFor(leaderEpoch, local.logEndOffset());
        return e.epoch() < 0 && e.startOffset() < 0
                ? EpochEndOffset.UNDEFINED
                : new EpochEndOffset(e.epoch(), e.startOffset());
    }

    public LogConfig config() {
        return local.config();
    }

    /** Applies a new config to the live log (the active segment keeps its size; rolls use it). */
    public void updateConfig(LogConfig config) {
        local.updateConfig(config);
    }

    /** Forces every segment's data and indexes to disk and advances the recovery point. */
    public void flush() throws IOException {
        local.flushUpTo(local.logEndOffset());
    }

    /** Flushes if {@code flush.ms} has elapsed since the last flush and there is unflushed data. */
    public void flushIfDue() throws IOException {
        local.flushIfDue();
    }

    /** The offset up to which everything is known to be on disk. */
    public long recoveryPoint() {
        return local.recoveryPoint();
    }

    /** Rolls the active segment now, if it holds any data. */
    public void roll() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (!local.end().segment().isEmpty()) {
                local.roll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rolls the active segment if {@code segment.ms} has passed since its first append. */
    public void rollIfDue() throws IOException {
        lock.lock();
        try {
            if (!local.isClosed()) {
                local.rollIfDue(time.milliseconds());
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
            if (offset > local.logEndOffset()) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + offset + " of "
                        + dir.getFileName() + " since it is larger than the log end offset " + local.logEndOffset());
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
            if (local.isClosed()) {
                return 0;
            }
            long end = local.logEndOffset();
            return retention.deleteOldSegments(local.config(), time.milliseconds(), logStartOffset,
                    Math.min(highWatermark, end), end);
        } finally {
            lock.unlock();
        }
    }

    /** Retention's removal of the oldest segments; under the lock. */
    private void removeOldest(List<LogSegment> oldest) throws IOException {
        local.retire(oldest);
        maybeIncrementLogStartOffset(segments.firstBase());
    }

    private void maybeIncrementLogStartOffset(long offset) throws IOException {
        if (offset > logStartOffset) {
            logStartOffset = offset;
            state.logStartAdvanced(offset);
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

    /**
     * Replaces {@code old} (consecutive segments, oldest first) by the compacted segment in
     * {@code swapFile} ({@code <base>.log.swap} with the base offset of the first), as {@link
     * SegmentSwap} describes, and forces the directory.
     *
     * @return false, touching nothing, when the log changed meanwhile (closed, truncated, or the
     *     segments deleted by retention)
     */
    boolean replaceSegments(List<LogSegment> old, Path swapFile, SegmentSwap.Hook hook) throws IOException {
        lock.lock();
        try {
            if (!local.replaceable(old)) {
                return false;
            }
            local.replaceSegments(old, swapFile, hook);
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
            state.expireProducersIfDue(time.milliseconds(), local.config().producerIdExpirationMs());
        } finally {
            lock.unlock();
        }
        rollIfDue();
        flushIfDue();
        deleteRetiredSegments();
    }

    /**
     * Removes every record at or after {@code offset} (a follower after a leader change, down to
     * the end of the epoch it shares with the new leader). The leader-epoch cache loses the epochs
     * starting at or after the new end, the producer state is rebuilt from the latest snapshot
     * below it, the log start offset comes down to the new end if it lay past it, and when the
     * recovery point had to move back the recovery-point checkpoint is rewritten before this
     * returns, so a crash after new appends cannot trust data above the cut that was never
     * flushed. An {@code offset} below the first segment truncates the log fully, as {@link
     * #truncateFullyAndStartAt}; one at or past the log end changes nothing.
     */
    public void truncateTo(long offset) throws IOException {
        requireNonNegative(offset);
        boolean movedBack;
        lock.lock();
        try {
            ensureOpen();
            if (offset >= local.logEndOffset()) {
                return;
            }
            if (offset < segments.firstBase()) {
                truncateFullyAndStartAtLocked(offset);
                movedBack = true;
            } else {
                long recoveryPointBefore = local.recoveryPoint();
                long leo = local.truncateTo(offset);
                state.truncatedTo(segments, logStartOffset, leo);
                logStartOffset = Math.min(logStartOffset, leo);
                movedBack = local.recoveryPoint() < recoveryPointBefore;
            }
        } finally {
            lock.unlock();
        }
        if (movedBack) {
            checkpointer.checkpoint();
        }
    }

    /**
     * Removes everything and restarts the log, empty, at {@code offset} (a follower far behind
     * its leader's log start, or one whose log shares nothing with the leader's): the log start
     * offset, log end offset and recovery point all become {@code offset}, the leader-epoch cache
     * and the producer state are emptied and their files rewritten or removed, and the
     * recovery-point checkpoint is rewritten before this returns.
     */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        requireNonNegative(offset);
        lock.lock();
        try {
            ensureOpen();
            truncateFullyAndStartAtLocked(offset);
        } finally {
            lock.unlock();
        }
        checkpointer.checkpoint();
    }

    private void truncateFullyAndStartAtLocked(long offset) throws IOException {
        local.truncateFullyAndStartAt(offset);
        logStartOffset = offset;
        state.restartedAt(offset);
    }

    private void requireNonNegative(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + dir.getFileName() + " at offset " + offset);
        }
    }

    /** Sets who rewrites the recovery-point checkpoint when a truncation moves the recovery point back. */
    void setCheckpointer(Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    /** Closes and deletes the files of removed segments once {@code file.delete.delay.ms} has passed. */
    public void deleteRetiredSegments() throws IOException {
        lock.lock();
        try {
            local.deleteRetiredSegments();
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

    /**
     * Closes files after flushing and writing the producer state snapshot; see {@link
     * LocalLog#close} for what happens when that fails.
     */
    @Override
    public void close() throws IOException {
        synchronized (flushLock) {
            lock.lock();
            try {
                local.close(() -> state.snapshotAt(local.logEndOffset()));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Closes and removes the log's directory. */
    public void delete() throws IOException {
        synchronized (flushLock) {
            lock.lock();
            try {
                local.delete();
            } finally {
                lock.unlock();
            }
        }
    }

    boolean isClosed() {
        return local.isClosed();
    }

    private void ensureOpen() {
        if (local.isClosed()) {
            throw new KafkaStorageException("The log " + dir + " is closed");
        }
    }

    /** Open, and no flush has failed ({@link LogFlusher}): a write may go ahead. */
    private void ensureWritable() throws IOException {
        ensureOpen();
        local.flusher().throwIfFailed();
    }

    @Override
    public String toString() {
        return "Log(" + dir + ", start=" + logStartOffset + ", end=" + local.logEndOffset() + ")";
    }

    // visible for tests
    Optional<ProducerStateEntry> producerState(long producerId) {
        lock.lock();
        try {
            return state.producer(producerId);
        } finally {
            lock.unlock();
        }
    }

    // visible for tests
    List<LeaderEpochCache.EpochEntry> epochEntries() {
        return state.epochEntries();
    }
}
