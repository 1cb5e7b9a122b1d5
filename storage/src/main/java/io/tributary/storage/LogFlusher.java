package io.tributary.storage;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Time;

/**
 * The durability of one log: its recovery point (everything below it is on disk) and the flushes
 * that advance it, whether asked for, due by {@code flush.ms}, or reached by {@code
 * flush.messages}.
 *
 * <p>Invariants: the recovery point never exceeds the log end offset. It moves back only when
 * the log is truncated below it, and a flush that raced with a truncation does not move it (the
 * data it forced may be gone). Changes to the directory's entries (segments created, renamed
 * {@code .deleted}, swapped in) are forced with the next flush, before the recovery point moves.
 *
 * <p>Thread-safety: uses the owning {@link Log}'s two locks in its order, the flush lock before
 * the log lock. A flush holds the flush lock throughout, so flushes are serialised, and the log
 * lock only to pick the segments and, after the fsyncs, to move the recovery point; appends go
 * on during the fsyncs. The recovery point is read without a lock; the other methods that
 * change state are called under the log lock.
 */
final class LogFlusher {

    private final Path dir;
    private final SegmentSet segments;
    private final Time time;
    private final ReentrantLock lock;
    private final Object flushLock;
    private final LongSupplier endOffset;
    private final BooleanSupplier closed;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    private volatile boolean directoryDirty;
    private long truncations;

    /**
     * @param lock the log's lock
     * @param flushLock the log's flush lock
     * @param endOffset the log end offset (a volatile read)
     * @param closed whether the log is closed, read under the log lock
     */
    LogFlusher(Path dir, SegmentSet segments, Time time, ReentrantLock lock, Object flushLock, LongSupplier endOffset,
            BooleanSupplier closed, long recoveryPoint) {
        this.dir = dir;
        this.segments = segments;
        this.time = time;
        this.lock = lock;
        this.flushLock = flushLock;
        this.endOffset = endOffset;
        this.closed = closed;
        this.recoveryPoint = recoveryPoint;
        this.lastFlushMs = time.milliseconds();
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    /** Forces the segments holding offsets below {@code offset} and moves the recovery point up to it. */
    void flushUpTo(long offset) throws IOException {
        synchronized (flushLock) {
            long truncationsBefore;
            List<LogSegment> toFlush;
            lock.lock();
            try {
                if (closed.getAsBoolean() || offset <= recoveryPoint) {
                    return;
                }
                truncationsBefore = truncations;
                toFlush = segments.between(recoveryPoint, offset);
            } finally {
                lock.unlock();
            }
            for (LogSegment seg : toFlush) {
                try {
                    seg.flush();
                } catch (ClosedChannelException e) {
                    // removed by a concurrent truncation; nothing left to flush
                }
            }
            if (directoryDirty) {
                directoryDirty = false;
                AtomicFiles.forceDirectory(dir);
            }
            lock.lock();
            try {
                if (truncations == truncationsBefore && offset > recoveryPoint) {
                    recoveryPoint = Math.min(offset, endOffset.getAsLong());
                }
                lastFlushMs = time.milliseconds();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Flushes up to the log end offset if it is {@code flushIntervalMessages} or more past the recovery point. */
    void flushIfMessagesDue(long flushIntervalMessages) throws IOException {
        if (endOffset.getAsLong() - recoveryPoint >= flushIntervalMessages) {
            flushUpTo(endOffset.getAsLong());
        }
    }

    /**
     * Flushes the inactive segments if they are not all on disk, and the active one up to {@code
     * endOffset} if {@code flushIntervalMs} has elapsed since the last flush.
     */
    void flushIfDue(long activeBaseOffset, long endOffset, long flushIntervalMs) throws IOException {
        if (recoveryPoint < activeBaseOffset) {
            flushUpTo(activeBaseOffset);
        }
        if (endOffset > recoveryPoint && time.milliseconds() - lastFlushMs >= flushIntervalMs) {
            flushUpTo(endOffset);
        }
    }

    /**
     * Forces the segments from the recovery point on and moves it to {@code endOffset}, for a log
     * being closed; the caller holds both locks.
     */
    void flushForClose(long endOffset) throws IOException {
        for (LogSegment seg : segments.from(recoveryPoint)) {
            seg.flush();
        }
        recoveryPoint = endOffset;
    }

    /** Notes a change to the directory's entries, forced by the next flush. */
    void markDirectoryDirty() {
        directoryDirty = true;
    }

    /** Notes that a truncation starts: a flush under way must not move the recovery point. */
    void truncationStarted() {
        truncations++;
    }

    /** Moves the recovery point back to the new log end offset {@code endOffset} if it lies past it. */
    void truncatedTo(long endOffset) {
        recoveryPoint = Math.min(recoveryPoint, endOffset);
    }

    /** Sets the recovery point of a log restarted, empty, at {@code offset}. */
    void restartedAt(long offset) {
        recoveryPoint = offset;
        directoryDirty = true;
    }
}
