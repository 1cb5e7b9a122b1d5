package io.tributary.storage.segment;

import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.kafka.common.utils.Time;

/**
 * The commit of a compaction pass into its log (Apache Kafka's {@code replaceSegments}): old,
 * consecutive segments are replaced by the one compacted segment written to {@code
 * <base>.log.swap}, where {@code base} is the first old segment's base offset.
 *
 * <p>Invariants: the old segments are renamed {@code .deleted} before the swap file is renamed
 * into place, so a crash in between leaves a {@code .swap} that {@code LogLoader} completes.
 * Readers never see a gap: the new segment takes the first old one's place in the
 * {@link SegmentSet} before the others leave it, and the old segments stay open until {@code
 * file.delete.delay.ms} has passed, so a reader holding one keeps a consistent view.
 *
 * <p>Not thread-safe: owned by one {@link LocalLog} and run under its owner's lock.
 */
public final class SegmentSwap {

    /** A step of a compaction swap, for tests that interrupt one. */
    @FunctionalInterface
    public interface Hook {
        void reached(String stage) throws IOException;
    }

    private final Path dir;
    private final SegmentSet segments;
    private final RetiredSegments retired;
    private final Time time;

    public SegmentSwap(Path dir, SegmentSet segments, RetiredSegments retired, Time time) {
        this.dir = dir;
        this.segments = segments;
        this.retired = retired;
        this.time = time;
    }

    /**
     * True if every one of {@code old} is still in the log (not truncated away or deleted by
     * retention meanwhile) and none of them is {@code active}.
     */
    public boolean replaceable(List<LogSegment> old, LogSegment active) {
        for (LogSegment seg : old) {
            if (!segments.contains(seg) || seg == active) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces {@code old} ({@link #replaceable}, oldest first) by the segment in {@code swapFile}
     * and builds its indexes; the old segments are closed after {@code file.delete.delay.ms}. The
     * caller makes the directory changes durable.
     */
    public void replace(List<LogSegment> old, Path swapFile, LogConfig config, Hook hook) throws IOException {
        long base = old.get(0).baseOffset();
        for (LogSegment seg : old) {
            seg.renameToDeleted();
            hook.reached("replace");
        }
        Files.move(swapFile, dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)),
                StandardCopyOption.ATOMIC_MOVE);
        LogSegment cleaned = LogSegment.open(dir, base, config);
        try {
            cleaned.recover(Long.MAX_VALUE, (buf, i) -> { });
            cleaned.onBecomeInactive();
            cleaned.flush();
        } catch (IOException | RuntimeException e) {
            cleaned.close();
            throw e;
        }
        segments.put(cleaned);
        for (LogSegment seg : old) {
            if (seg.baseOffset() != base) {
                segments.remove(seg);
            }
            retired.add(seg, time.milliseconds() + config.fileDeleteDelayMs());
        }
    }
}
