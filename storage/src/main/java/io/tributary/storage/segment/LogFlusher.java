package io.tributary.storage.segment;

import io.tributary.storage.AtomicFiles;
import io.tributary.storage.Log;
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
 * <p>A flush that fails is final ({@link #throwIfFailed()}): after a failed {@code fsync} the kernel may
 * have dropped the dirty pages, so a later {@code fsync} that succeeds proves nothing; every later
 * flush fails too, the recovery point stays where it was, and the log takes no more appends, so
 * nothing is acknowledged as durable that may not be and the next start recovers the log.
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
public final class LogFlusher {

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
    private volatile IOException failure;
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

    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Throws, naming the first failure, when a flush of this log has failed. */
    public void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("An earlier flush of " + dir + " failed (" + f.getMessage() + "); the log takes "
                    + "no more writes and is recovered at the next start", f);
        }
    }

    /** Forces the segments holding offsets below {@code offset} and moves the recovery point up to it. */
    public void flushUpTo(long offset) throws IOException {
        synchronized (flushLock) {
            throwIfFailed();
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
            try {
                for (LogSegment seg : toFlush) {
                    try {
                        seg.flush();
                    } catch (ClosedChannelException e) {
                        if (segments.contains(seg)) {
                            throw e; // closed under a live segment (an interrupt): the flush did not happen
                        } // else removed by a concurrent truncation; nothing left to flush
                    }
                }
                if (directoryDirty) {
                    directoryDirty = false;
                    AtomicFiles.forceDirectory(dir);
                }
            } catch (IOException e) {
                failure = e;
                throw e;
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

    /**
     * Latches {@code e} as this log's flush failure: a write whose durability the log relied on
     * failed outside a flush (the fsync that ends a direct-I/O segment's appends at a roll).
     */
    public void failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Flushes up to the log end offset if it is {@code flushIntervalMessages} or more past the recovery point. */
    public void flushIfMessagesDue(long flushIntervalMessages) throws IOException {
        if (endOffset.getAsLong() - recoveryPoint >= flushIntervalMessages) {
            flushUpTo(endOffset.getAsLong());
        }
    }

    /**
     * Flushes the inactive segments if they are not all on disk, and the active one up to {@code
     * endOffset} if {@code flushIntervalMs} has elapsed since the last flush.
     */
    public void flushIfDue(long activeBaseOffset, long endOffset, long flushIntervalMs) throws IOException {
        if (failure != null) {
            return; // reported when it happened; appends and closing report it again
        }
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
    public void flushForClose(long endOffset) throws IOException {
        throwIfFailed();
        try {
            for (LogSegment seg : segments.from(recoveryPoint)) {
                seg.flush();
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        recoveryPoint = endOffset;
    }

    /** Notes a change to the directory's entries, forced by the next flush. */
    public void markDirectoryDirty() {
        directoryDirty = true;
    }

    /** Notes that a truncation starts: a flush under way must not move the recovery point. */
    public void truncationStarted() {
        truncations++;
    }

    /** Moves the recovery point back to the new log end offset {@code endOffset} if it lies past it. */
    public void truncatedTo(long endOffset) {
        recoveryPoint = Math.min(recoveryPoint, endOffset);
    }

    /** Sets the recovery point of a log restarted, empty, at {@code offset}. */
    public void restartedAt(long offset) {
        recoveryPoint = offset;
        directoryDirty = true;
    }
}
