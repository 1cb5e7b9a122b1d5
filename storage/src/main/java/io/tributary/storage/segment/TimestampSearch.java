package io.tributary.storage.segment;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.RecordTimestamps;
import io.tributary.storage.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Optional;

/**
 * ListOffsets by time over a log's segments, oldest first: the first record at or after a
 * timestamp (using each segment's largest timestamp to skip it, then its time index), and the
 * record with the largest timestamp. Stateless.
 */
public final class TimestampSearch {

    private TimestampSearch() {}

    /**
     * The first record whose timestamp is at or after {@code timestamp}; an answer below {@code
     * logStartOffset} (a batch straddling it) is moved up to the log start offset.
     */
    public static Optional<TimestampOffset> firstAtOrAfter(Collection<LogSegment> segments, long timestamp,
            long logStartOffset) throws IOException {
        for (LogSegment seg : segments) {
            if (seg.maxTimestampSoFar() >= timestamp) {
                Optional<TimestampOffset> found = findInSegment(seg, timestamp);
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
    public static Optional<TimestampOffset> largest(Collection<LogSegment> segments) throws IOException {
        LogSegment best = null;
        for (LogSegment seg : segments) {
            if (best == null || seg.maxTimestampSoFar() > best.maxTimestampSoFar()) {
                best = seg;
            }
        }
        if (best == null || best.maxTimestampSoFar() < 0) {
            return Optional.empty();
        }
        return largestIn(best);
    }

    /** The first record at or after {@code timestamp} in {@code seg}, if any. */
    private static Optional<TimestampOffset> findInSegment(LogSegment seg, long timestamp) throws IOException {
        if (seg.largestTimestamp() < timestamp) {
            return Optional.empty();
        }
        long start = seg.timestampScanStart(timestamp);
        SegmentReader r = SegmentReader.forThread(seg.channel(), seg.size());
        long pos = start;
        while (r.load(pos, HEADER_SIZE)) {
            int i = r.indexOf(pos);
            int batchSize = r.batchSize(pos);
            if (RecordBatchHeader.maxTimestamp(r.buffer(), i) >= timestamp) {
                Optional<TimestampOffset> found = findInBatch(r, pos, batchSize, timestamp);
                if (found.isPresent()) {
                    return found;
                }
            }
            pos += batchSize;
        }
        return Optional.empty();
    }

    /** The first record carrying {@code seg}'s largest timestamp, if the segment has records. */
    private static Optional<TimestampOffset> largestIn(LogSegment seg) throws IOException {
        long max = seg.largestTimestamp();
        int size = seg.size();
        if (max < 0 && size == 0) {
            return Optional.empty();
        }
        BatchLocator.BatchLocation loc = seg.translateOffset(seg.largestTimestampBatchLastOffset(), size);
        if (loc == null) {
            return Optional.empty();
        }
        SegmentReader r = SegmentReader.forThread(seg.channel(), size);
        return findInBatch(r, loc.position(), loc.size(), max);
    }

    private static Optional<TimestampOffset> findInBatch(SegmentReader r, long pos, int batchSize, long timestamp)
            throws IOException {
        if (!r.load(pos, batchSize)) {
            return Optional.empty();
        }
        int i = r.indexOf(pos);
        ByteBuffer batch = r.buffer().duplicate().limit(i + batchSize).position(i);
        int epoch = RecordBatchHeader.partitionLeaderEpoch(r.buffer(), i);
        return RecordTimestamps.firstAtOrAfter(batch, timestamp)
                .map(f -> new TimestampOffset(f.timestamp(), f.offset(), epoch < 0 ? -1 : epoch));
    }
}
