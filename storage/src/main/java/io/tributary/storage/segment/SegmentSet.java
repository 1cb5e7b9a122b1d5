package io.tributary.storage.segment;

import io.tributary.storage.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The live segments of one log, keyed by base offset, oldest first; the last one is the active
 * segment. Segments never overlap, but compaction may leave gaps between them, so the segment
 * holding an offset is the one with the greatest base offset at or below it.
 *
 * <p>Invariants: a segment is always stored under its own {@link LogSegment#baseOffset()}; outside
 * a change made by the owning {@link Log} the set holds at least one segment.
 *
 * <p>Thread-safety: lookups and iteration are safe from any thread without a lock (the set is a
 * {@link ConcurrentSkipListMap}; views are weakly consistent, so a lock-free reader may or may
 * not see a segment being added or removed). Changes are made only under the owning log's lock.
 */
public final class SegmentSet {

    /** How often {@link #releaseIdleReadAhead} looks at the segments' read-ahead. */
    public static final long READ_AHEAD_SWEEP_MS = 10_000;

    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private long lastReadAheadSweepMs;

    public SegmentSet(ConcurrentSkipListMap<Long, LogSegment> segments) {
        this.segments = segments;
    }

    /** The entry of the segment that would hold {@code offset}, or null if it is below the first. */
    public Map.Entry<Long, LogSegment> floorEntry(long offset) {
        return segments.floorEntry(offset);
    }

    /** The entry of the segment after the one based at {@code baseOffset}, or null for the last. */
    public Map.Entry<Long, LogSegment> higherEntry(long baseOffset) {
        return segments.higherEntry(baseOffset);
    }

    /** The base offset of the segment after the one based at {@code baseOffset}, or null for the last. */
    public Long nextBase(long baseOffset) {
        return segments.higherKey(baseOffset);
    }

    public long firstBase() {
        return segments.firstKey();
    }

    public LogSegment last() {
        return segments.lastEntry().getValue();
    }

    /** True if {@code segment} is in the set (not merely a segment with the same base offset). */
    public boolean contains(LogSegment segment) {
        return segments.get(segment.baseOffset()) == segment;
    }

    /**
     * Every {@link #READ_AHEAD_SWEEP_MS}, returns the buffers of direct-I/O read-ahead nobody read
     * from since the sweep before; called from one thread (the log's periodic tasks).
     */
    public void releaseIdleReadAhead(long nowMs) {
        if (nowMs - lastReadAheadSweepMs < READ_AHEAD_SWEEP_MS) {
            return;
        }
        lastReadAheadSweepMs = nowMs;
        for (LogSegment seg : segments.values()) {
            seg.releaseIdleReadAhead();
        }
    }

    /** Every segment, oldest first: a live, weakly consistent view. */
    public Collection<LogSegment> all() {
        return segments.values();
    }

    /** Every segment, oldest first: a copy. */
    public List<LogSegment> snapshot() {
        return new ArrayList<>(segments.values());
    }

    /**
     * The segments from the one holding {@code offset} (the first, if {@code offset} is below it)
     * to the last: a live, weakly consistent view.
     */
    public Collection<LogSegment> from(long offset) {
        return segments.tailMap(floorOrFirst(offset), true).values();
    }

    /**
     * The segments that may hold offsets in [{@code from}, {@code to}): from the one holding
     * {@code from} (or the first) to the last one based below {@code to}; a copy.
     */
    public List<LogSegment> between(long from, long to) {
        return new ArrayList<>(segments.subMap(floorOrFirst(from), true, to, false).values());
    }

    /** The segments based after {@code offset}, oldest first: a copy. */
    public List<LogSegment> after(long offset) {
        return new ArrayList<>(segments.tailMap(offset, false).values());
    }

    private long floorOrFirst(long offset) {
        Long floor = segments.floorKey(offset);
        return floor == null ? segments.firstKey() : floor;
    }

    public int count() {
        return segments.size();
    }

    /** Bytes of all segments. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment seg : segments.values()) {
            total += seg.size();
        }
        return total;
    }

    /** Closes every segment; returns the first failure (the others are still tried), or null. */
    public IOException closeAll() {
        IOException first = null;
        for (LogSegment seg : segments.values()) {
            try {
                seg.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        return first;
    }

    /** Adds {@code segment}, replacing any segment with the same base offset. */
    public void put(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    /** Removes the segment based at {@code segment}'s base offset. */
    public void remove(LogSegment segment) {
        segments.remove(segment.baseOffset());
    }
}
