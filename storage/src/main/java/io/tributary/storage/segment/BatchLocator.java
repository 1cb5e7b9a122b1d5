package io.tributary.storage.segment;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import io.tributary.codec.FileRegionRecords;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.RegionSource;
import io.tributary.storage.index.OffsetIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Finds batches in one segment file for reads, through its offset index instead of walking the
 * file: a lookup starts at the index entry at or before its target and reads batch headers only,
 * at most about one {@code index.interval.bytes} of them, so its cost does not grow with the
 * segment or with the size of the read.
 *
 * <p>Invariants it relies on (kept by {@link LogSegment}): the file holds whole batches from
 * position 0 with strictly increasing offsets (gaps allowed); each offset-index entry maps the last
 * offset of a batch to the position where that batch starts, and entries increase in both; every
 * {@code maxPosition} passed in is a batch boundary at or below the segment's published size.
 * Results are whole batches that end at or before {@code maxPosition}.
 *
 * <p>Thread-safety: holds no mutable state and reads through the calling thread's {@link
 * SegmentReader}, so any number of readers may use it concurrently with one appender. An append
 * writes its bytes, then its index entries, then publishes the new size; a reader bounded by a
 * size it observed never reaches a batch past it, and the index entries such a batch adds have
 * offsets and positions beyond anything that reader looks up.
 */
public final class BatchLocator {

    /** Where a batch lies in the file. */
    public record BatchLocation(long baseOffset, long lastOffset, int position, int size) {}

    /** Regions up to this size carry a copy of their bytes (see {@link #withSmallBytes}). */
    public static final int SMALL_REGION_BYTES = 16 * 1024;

    private final FileChannel channel;
    private final RegionSource source;
    private final OffsetIndex offsetIndex;
    private final Supplier<Path> file;

    /**
     * @param source where to read batch headers from instead of {@code channel} (a direct-I/O
     *     segment's reader); null to read the channel
     * @param file the segment's current file name, for error messages
     */
    public BatchLocator(FileChannel channel, RegionSource source, OffsetIndex offsetIndex, Supplier<Path> file) {
        this.channel = channel;
        this.source = source;
        this.offsetIndex = offsetIndex;
        this.file = file;
    }

    /**
     * The first batch whose last offset is at or after {@code offset}, looking no further than
     * {@code maxPosition}; null when there is none.
     */
    public BatchLocation translateOffset(long offset, long maxPosition) throws IOException {
        OffsetIndex.OffsetPosition start = offsetIndex.lookup(offset);
        SegmentReader r = SegmentReader.forThread(channel, source, maxPosition);
        long pos = start.position();
        while (r.load(pos, HEADER_SIZE)) {
            ByteBuffer b = r.buffer();
            int i = r.indexOf(pos);
            int batchSize = r.batchSize(pos);
            long last = RecordBatchHeader.lastOffset(b, i);
            if (last >= offset) {
                return new BatchLocation(RecordBatchHeader.baseOffset(b, i), last, (int) pos, batchSize);
            }
            pos += batchSize;
        }
        return null;
    }

    /** See {@link LogSegment#read}. */
    public FileRegionRecords read(long startOffset, int maxSize, long maxPosition, long maxOffset, long endOffset,
            boolean minOneMessage) throws IOException {
        BatchLocation first = translateOffset(startOffset, maxPosition);
        if (first == null) {
            return null;
        }
        long endPosition = maxPosition;
        long nextOffset = endOffset;
        if (maxOffset != LogSegment.NO_OFFSET_BOUND) {
            BatchLocation stop = first.lastOffset() >= maxOffset ? first : translateOffset(maxOffset, maxPosition);
            if (stop != null) {
                endPosition = stop.position();
                nextOffset = stop.baseOffset();
            }
        }
        if (endPosition == first.position()) {
            return new FileRegionRecords(channel, first.position(), 0);
        }
        if (endPosition - first.position() <= maxSize) {
            return withSmallBytes(new FileRegionRecords(channel, first.position(),
                    (int) (endPosition - first.position()), first.baseOffset(), nextOffset));
        }
        if (first.size() > maxSize) {
            return minOneMessage
                    ? withSmallBytes(new FileRegionRecords(channel, first.position(), first.size(),
                            first.baseOffset(), first.lastOffset() + 1))
                    : new FileRegionRecords(channel, first.position(), 0);
        }
        BatchLocation cut = lastBoundaryAtOrBefore(first, first.position() + maxSize, endPosition);
        return withSmallBytes(new FileRegionRecords(channel, first.position(), cut.position() - first.position(),
                first.baseOffset(), cut.baseOffset()));
    }

    /**
     * A region of at most {@link #SMALL_REGION_BYTES} with a copy of its bytes, taken from the
     * window this read just walked (else read once more): for a consumer at the tail, a copy of a
     * few KiB costs less than the extra system calls of sending a file region beside the response
     * (a {@code sendfile} and a second write). Larger regions go out with {@code sendfile}.
     */
    private FileRegionRecords withSmallBytes(FileRegionRecords region) throws IOException {
        int n = region.sizeInBytes();
        if (n == 0 || n > SMALL_REGION_BYTES) {
            return region;
        }
        long pos = region.position();
        SegmentReader r = SegmentReader.againOnThread(channel, source, pos + n);
        return r.load(pos, n) ? region.withBytes(r.copy(pos, n)) : region;
    }

    /**
     * The batch starting at the last batch boundary at or before {@code limit} (which lies inside
     * a batch or on a boundary before {@code maxPosition}), after {@code first}'s end. Walks the
     * headers from the closest offset-index entry at or before the limit.
     */
    private BatchLocation lastBoundaryAtOrBefore(BatchLocation first, long limit, long maxPosition) throws IOException {
        long pos = Math.max(first.position(), offsetIndex.floorByPosition((int) limit).position());
        SegmentReader r = SegmentReader.forThread(channel, source, maxPosition);
        BatchLocation at = null;
        while (r.load(pos, HEADER_SIZE)) {
            ByteBuffer b = r.buffer();
            int i = r.indexOf(pos);
            int batchSize = r.batchSize(pos);
            at = new BatchLocation(RecordBatchHeader.baseOffset(b, i), RecordBatchHeader.lastOffset(b, i), (int) pos,
                    batchSize);
            if (pos + batchSize > limit) {
                return at;
            }
            pos += batchSize;
        }
        throw new IllegalStateException("No batch boundary found before position " + limit + " in " + file.get());
    }
}
