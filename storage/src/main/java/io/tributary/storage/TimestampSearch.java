package io.tributary.storage;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;

/**
 * ListOffsets by time over a log's segments, oldest first: the first record at or after a
 * timestamp (using each segment's largest timestamp to skip it, then its time index), and the
 * record with the largest timestamp. Stateless.
 */
final class TimestampSearch {

    private TimestampSearch() {}

    /**
     * The first record whose timestamp is at or after {@code timestamp}; an answer below {@code
     * logStartOffset} (a batch straddling it) is moved up to the log start offset.
     */
    static Optional<TimestampOffset> firstAtOrAfter(Collection<LogSegment> segments, long timestamp,
            long logStartOffset) throws IOException {
        for (LogSegment seg : segments) {
            if (seg.maxTimestampSoFar() >= timestamp) {
                Optional<TimestampOffset> found = seg.findOffsetByTimestamp(timestamp);
                if (found.isPresent() && found.get().offset() < logStartOffset) {
                    found = Optional.of(new TimestampOffset(found.get().timestamp(), logStartOffset,
                            found.get().leaderEpoch()));
                }
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The record with the largest timestamp (the earliest such on ties), if any. */
    static Optional<TimestampOffset> largest(Collection<LogSegment> segments) throws IOException {
        LogSegment best = null;
        for (LogSegment seg : segments) {
            if (best == null || seg.maxTimestampSoFar() > best.maxTimestampSoFar()) {
                best = seg;
            }
        }
        if (best == null || best.maxTimestampSoFar() < 0) {
            return Optional.empty();
        }
        return best.maxTimestampRecord();
    }
}
