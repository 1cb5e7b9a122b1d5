package io.tributary.storage;

import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentSet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache Kafka's retention for one log: which of its oldest segments to delete because they lie
 * wholly below the log start offset (any {@code cleanup.policy}), because their newest record is
 * older than {@code retention.ms}, or because without them the log still holds at least {@code
 * retention.bytes} (these two only when {@code cleanup.policy} contains {@code delete}).
 *
 * <p>Invariants: each pass deletes a prefix of the segments, oldest first, so the log stays
 * contiguous from its new start. The active segment is never deleted as it is: when a pass
 * reaches it and it holds data it is rolled first and the segment it was is deleted with the
 * others; an empty active segment stays.
 *
 * <p>Not thread-safe: owned by one {@link Log} and run under its lock.
 */
final class Retention {

    /** Rolls the log's active segment, which holds data, so that it can be deleted. */
    @FunctionalInterface
    interface Roller {
        void roll() throws IOException;
    }

    /**
     * Removes {@code oldest} (the log's first segments, oldest first; never the active one) and
     * moves the log start offset up to the first remaining segment.
     */
    @FunctionalInterface
    interface Remover {
        void removeOldest(List<LogSegment> oldest) throws IOException;
    }

    private interface SegmentPredicate {
        boolean test(LogSegment segment, Long nextBase) throws IOException;
    }

    private final SegmentSet segments;
    private final Roller roller;
    private final Remover remover;

    /** The roller and the remover are called under the log's lock and own the changes to it. */
    Retention(SegmentSet segments, Roller roller, Remover remover) {
        this.segments = segments;
        this.roller = roller;
        this.remover = remover;
    }

    /**
     * Runs the three passes in order (below the log start offset, by time, by size), each on what
     * the previous one left, deleting only segments that end at or below {@code upTo} (the
     * high watermark, at most the log end offset).
     *
     * @return the number of segments deleted
     */
    int deleteOldSegments(LogConfig cfg, long nowMs, long logStartOffset, long upTo,
            long logEndOffset) throws IOException {
        int deleted = deleteWhile((seg, next) -> next != null && next <= logStartOffset, upTo, logEndOffset);
        if (cfg.delete() && cfg.retentionMs() >= 0) {
            deleted += deleteWhile((seg, next) -> nowMs - largestTimestamp(seg) > cfg.retentionMs(), upTo,
                    logEndOffset);
        }
        if (cfg.delete() && cfg.retentionBytes() >= 0) {
            long[] excess = {segments.sizeInBytes() - cfg.retentionBytes()};
            deleted += deleteWhile((seg, next) -> {
                if (excess[0] - seg.size() >= 0) {
                    excess[0] -= seg.size();
                    return true;
                }
                return false;
            }, upTo, logEndOffset);
        }
        return deleted;
    }

    /** The newest record's timestamp, or the file's modification time when it has none. */
    private static long largestTimestamp(LogSegment seg) throws IOException {
        long ts = seg.maxTimestampSoFar();
        return ts >= 0 ? ts : Files.getLastModifiedTime(seg.logFile()).toMillis();
    }

    /**
     * Deletes the oldest segments while {@code deletable} holds and they end at or below
     * {@code upTo} (the high watermark, at most the log end offset), rolling an expired active
     * segment.
     */
    private int deleteWhile(SegmentPredicate deletable, long upTo, long logEndOffset) throws IOException {
        List<LogSegment> doomed = new ArrayList<>();
        for (LogSegment seg : segments.all()) {
            Long next = segments.nextBase(seg.baseOffset());
            if ((next != null ? next : logEndOffset) > upTo) {
                break;
            }
            if (!deletable.test(seg, next)) {
                break;
            }
            if (next == null) {
                if (!seg.isEmpty()) {
                    roller.roll();
                    doomed.add(seg);
                }
                break;
            }
            doomed.add(seg);
        }
        if (!doomed.isEmpty()) {
            remover.removeOldest(doomed);
        }
        return doomed.size();
    }
}
