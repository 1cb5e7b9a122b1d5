package io.tributary.storage;

import io.tributary.codec.CompactionFilter;
import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentChunks;
import io.tributary.storage.segment.SegmentSwap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;

/**
 * Compacts one log, as Kafka's {@code Cleaner}: indexes the latest offset of every key in the
 * dirty part of the log (from the first dirty offset to the first uncleanable one: the active
 * segment, or a segment newer than {@code min.compaction.lag.ms}), then rewrites the cleanable
 * segments in groups that fit one segment, keeping for each key only its latest record and
 * dropping tombstones whose delete horizon ({@code delete.retention.ms} after their first clean)
 * has passed. Offsets never change; whole batches are dropped or rebuilt with their original base
 * and last offsets (the last batch of a group is kept, empty if need be, so the group's offset
 * range survives), which leaves gaps between batches.
 *
 * <p>Crash safety, Kafka's scheme: a group is written to {@code <base>.log.cleaned} and forced to
 * disk, renamed {@code <base>.log.swap} (the commit point), then swapped in by
 * {@link Log#replaceSegments}. Recovery deletes {@code .cleaned} files and completes {@code .swap}
 * files.
 *
 * <p>Thread-safety: one instance per cleaning pass, used by one thread; the log serialises the
 * swap with its appends, truncations and retention.
 */
final class Cleaner {

    /** The outcome of one pass: the new first dirty offset and what was done. */
    record Result(long nextDirtyOffset, int groups, long bytesRead, long bytesWritten) {}

    private static final int CHUNK = 1024 * 1024;

    private final Time time;
    private final Throttler throttler;
    private final long maxKeys;
    private final SegmentSwap.Hook hook;

    Cleaner(Time time, Throttler throttler, long maxKeys, SegmentSwap.Hook hook) {
        this.time = time;
        this.throttler = throttler;
        this.maxKeys = maxKeys;
        this.hook = hook;
    }

    /**
     * The cleanable segments (inactive, wholly below the high watermark, and none newer than
     * {@code min.compaction.lag.ms}) and the
     * offset where the uncleanable part starts (the base offset of the segment after them).
     */
    record Cleanable(List<LogSegment> segments, long end) {

        /** The base offset of the segment after the {@code i}-th. */
        long nextBase(int i) {
            return i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : end;
        }

        boolean isEmpty() {
            return segments.isEmpty();
        }
    }

    static Cleanable cleanable(Log log, long now) {
        long minLag = log.config().minCompactionLagMs();
        List<LogSegment> all = log.allSegments();
        List<LogSegment> out = new ArrayList<>();
        long end = all.get(all.size() - 1).baseOffset();
        long highWatermark = log.highWatermarkBound();
        for (int i = 0; i < all.size() - 1; i++) {
            LogSegment seg = all.get(i);
            if (minLag > 0 && seg.largestTimestamp() > now - minLag || all.get(i + 1).baseOffset() > highWatermark) {
                end = seg.baseOffset();
                break;
            }
            out.add(seg);
        }
        return new Cleanable(out, end);
    }

    /** Bytes of the cleanable segments holding offsets at or after {@code firstDirty}, and before it. */
    static long[] dirtyAndCleanBytes(Cleanable cleanable, long firstDirty) {
        long dirty = 0;
        long clean = 0;
        for (int i = 0; i < cleanable.segments().size(); i++) {
            LogSegment seg = cleanable.segments().get(i);
            if (cleanable.nextBase(i) > firstDirty) {
                dirty += seg.size();
            } else {
                clean += seg.size();
            }
        }
        return new long[] {dirty, clean};
    }

    /**
     * Cleans {@code log} from {@code firstDirty}.
     *
     * @return the result, or null when there is nothing to clean
     */
    Result clean(Log log, long firstDirty) throws IOException {
        long now = time.milliseconds();
        LogConfig cfg = log.config();
        Cleanable cleanable = cleanable(log, now);
        if (cleanable.isEmpty()) {
            return null;
        }
        Map<ByteBuffer, Long> latest = new HashMap<>();
        long[] read = {0};
        long mapEnd = buildOffsetMap(cleanable, firstDirty, latest, read);
        if (mapEnd <= firstDirty) {
            return null;
        }
        List<LogSegment> toClean = new ArrayList<>();
        for (LogSegment seg : cleanable.segments()) {
            if (seg.baseOffset() < mapEnd) {
                toClean.add(seg);
            }
        }
        int groups = 0;
        long written = 0;
        for (List<LogSegment> group : group(toClean, cfg.segmentBytes())) {
            long out = cleanGroup(log, group, latest, cfg.deleteRetentionMs(), now, read);
            if (out < 0) {
                break;
            }
            written += out;
            groups++;
        }
        return new Result(mapEnd, groups, read[0], written);
    }

    /**
     * Records the latest offset of each key in the dirty segments, stopping at a segment boundary
     * once the map holds {@code maxKeys}; returns the end of the indexed range (exclusive).
     */
    private long buildOffsetMap(Cleanable cleanable, long firstDirty, Map<ByteBuffer, Long> latest,
            long[] read) throws IOException {
        long end = firstDirty;
        for (int i = 0; i < cleanable.segments().size(); i++) {
            LogSegment seg = cleanable.segments().get(i);
            long next = cleanable.nextBase(i);
            if (next <= firstDirty) {
                continue;
            }
            if (latest.size() >= maxKeys) {
                break;
            }
            SegmentChunks.forEach(seg, CHUNK, chunk -> {
                throttler.acquire(chunk.remaining());
                read[0] += chunk.remaining();
                CompactionFilter.forEachKey(chunk, (key, offset) -> {
                    if (offset >= firstDirty) {
                        ByteBuffer k = ByteBuffer.allocate(key.remaining()).put(key.duplicate()).flip();
                        latest.merge(k, offset, Math::max);
                    }
                });
            });
            end = next;
        }
        return end;
    }

    /** Consecutive segments whose sizes add up to at most one segment and whose offsets fit one. */
    static List<List<LogSegment>> group(List<LogSegment> segments, int maxSize) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long size = 0;
        for (LogSegment seg : segments) {
            boolean fits = current.isEmpty() || (size + seg.size() <= maxSize
                    && seg.baseOffset() - current.get(0).baseOffset() < Integer.MAX_VALUE / 2);
            if (!fits) {
                groups.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(seg);
            size += seg.size();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** Writes the group's survivors to a new segment and swaps it in; -1 when the log changed. */
    private long cleanGroup(Log log, List<LogSegment> group, Map<ByteBuffer, Long> latest, long deleteRetentionMs,
            long now, long[] read) throws IOException {
        long base = group.get(0).baseOffset();
        LogSegment lastSeg = group.get(group.size() - 1);
        long groupLast = lastSeg.readNextOffset() - 1;
        Path dir = log.dir();
        Path cleaned = dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX + LogSegment.CLEANED_SUFFIX));
        Path swap = dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX));
        Files.deleteIfExists(cleaned);
        long[] written = {0};
        try (FileChannel out = FileChannel.open(cleaned, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (LogSegment seg : group) {
                SegmentChunks.forEach(seg, CHUNK, chunk -> {
                    throttler.acquire(chunk.remaining());
                    read[0] += chunk.remaining();
                    CompactionFilter.Filtered f = CompactionFilter.filter(chunk, now, deleteRetentionMs, groupLast,
                            (key, offset) -> key == null || offset >= latest.getOrDefault(key, -1L));
                    ByteBuffer bytes = f.buffer();
                    throttler.acquire(bytes.remaining());
                    while (bytes.hasRemaining()) {
                        written[0] += out.write(bytes);
                    }
                    hook.reached("cleaned");
                });
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(cleaned);
            throw e;
        }
        Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.forceDirectory(dir);
        hook.reached("swap");
        if (!log.replaceSegments(group, swap, hook)) {
            Files.deleteIfExists(swap);
            return -1;
        }
        return written[0];
    }
}
