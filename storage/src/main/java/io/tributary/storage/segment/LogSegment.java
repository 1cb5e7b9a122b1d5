package io.tributary.storage.segment;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;
import static io.tributary.codec.RecordBatchHeader.LOG_OVERHEAD;

import io.tributary.codec.BatchInfo;
import io.tributary.codec.FileRegionRecords;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.directio.SegmentDirectIo;
import io.tributary.storage.index.OffsetIndex;
import io.tributary.storage.index.TimeIndex;
import io.tributary.storage.segment.BatchLocator.BatchLocation;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment of a partition log: a {@code .log} file of v2 record batches whose offsets start at
 * {@link #baseOffset()}, with its sparse offset and time indexes, in Apache Kafka's formats.
 *
 * <p>Invariants: the file holds whole, validated batches with strictly increasing offsets (a
 * compacted segment may have gaps between batches), all
 * within {@code baseOffset + Integer.MAX_VALUE}; {@link #size()} is the end of the last whole
 * batch written; index entries point at batch starts below {@link #size()}.
 *
 * <p>Thread-safety: not thread-safe for mutation; the owning {@link Log} serialises appends,
 * truncation, recovery and closing. Reads ({@link #read}, {@link #translateOffset}, timestamp
 * lookups) may run concurrently with an append: a writer stores the bytes, then the index entries,
 * then publishes the new volatile {@link #size()}; readers are bounded by a size they observed.
 * Reads find their batches through the offset index ({@link BatchLocator}).
 *
 * <p>Direct I/O: when the file system allows it, appends and fetches go through {@link
 * SegmentDirectIo} instead of the page cache; the active segment's file may then end in zero
 * padding after {@link #size()}, cut off when the segment becomes inactive or closes.
 */
public final class LogSegment implements Closeable {
    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String DELETED_SUFFIX = ".deleted";
    public static final String CLEANED_SUFFIX = ".cleaned";
    public static final String SWAP_SUFFIX = ".swap";

    /** A {@code maxOffset} for {@link #read} that bounds nothing. */
    public static final long NO_OFFSET_BOUND = Long.MAX_VALUE;

    /** The largest batch max timestamp seen so far and the last offset of the batch carrying it. */
    private record MaxTimestamp(long timestamp, long batchLastOffset) {}

    private final long baseOffset;
    private final Path dir;
    private final int indexIntervalBytes;
    private final int maxIndexSize;
    private volatile Path logFile;
    private final FileChannel channel;
    private final SegmentDirectIo direct;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final BatchLocator locator;
    private final boolean indexFilesWereMissing;
    private volatile int size;
    private volatile MaxTimestamp maxTimestamp;
    private int bytesSinceLastIndexEntry;
    private long rollBaseTimeMs;

    private LogSegment(Path dir, long baseOffset, LogConfig config, boolean create) throws IOException {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.maxIndexSize = config.segmentIndexBytes();
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        Path index = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        Path timeIndexFile = dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX));
        if (create) {
            Files.deleteIfExists(index);
            Files.deleteIfExists(timeIndexFile);
            this.channel = FileChannel.open(logFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } else {
            this.channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        this.indexFilesWereMissing = !create && (!Files.exists(index) || !Files.exists(timeIndexFile));
        OffsetIndex offsets = null;
        try {
            offsets = new OffsetIndex(index, baseOffset, config.segmentIndexBytes());
            this.timeIndex = new TimeIndex(timeIndexFile, baseOffset, config.segmentIndexBytes());
            this.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        } catch (IOException | RuntimeException e) {
            abandon(offsets, create ? List.of(logFile, index, timeIndexFile) : List.of(), e);
            throw e;
        }
        this.offsetIndex = offsets;
        this.direct = SegmentDirectIo.open(this::logFile, channel, () -> size, config.directIo());
        this.locator = new BatchLocator(channel, direct == null ? null : direct.reader(), offsetIndex, this::logFile);
        TimeIndex.TimestampOffsetEntry last = timeIndex.lastEntry();
        this.maxTimestamp = new MaxTimestamp(last.timestamp(), last.offset());
        this.rollBaseTimeMs = -1;
    }

    /**
     * Undoes a construction that failed after the file was opened (an index that could not be
     * mapped): closes what was opened and deletes {@code created}, the files a new segment made,
     * so a retry does not find a stray {@code .log} in its way; failures are added to {@code failure}.
     */
    private void abandon(OffsetIndex offsets, List<Path> created, Throwable failure) {
        try {
            if (offsets != null) {
                offsets.close();
            }
            channel.close();
            for (Path p : created) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Creates a new, empty segment (replacing stale index files of the same base offset). */
    public static LogSegment create(Path dir, long baseOffset, LogConfig config) throws IOException {
        return new LogSegment(dir, baseOffset, config, true);
    }

    /** Opens a segment, indexes as found (missing ones empty): {@link #indexesLookSane()}, {@link #recover}. */
    public static LogSegment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        return new LogSegment(dir, baseOffset, config, false);
    }

    /**
     * {@code offset} zero-padded to 20 digits, then {@code suffix} (Kafka's segment file names).
     * Not {@code String.format}: its first use loads the locale's number-format data, a noticeable
     * part of opening the first log at start-up.
     */
    public static String fileName(long offset, String suffix) {
        if (offset < 0) {
            return String.format("%020d", offset) + suffix;
        }
        String digits = Long.toString(offset);
        StringBuilder name = new StringBuilder(20 + suffix.length());
        for (int i = digits.length(); i < 20; i++) {
            name.append('0');
        }
        return name.append(digits).append(suffix).toString();
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public FileChannel channel() {
        return channel;
    }

    public Path logFile() {
        return logFile;
    }

    public long maxTimestampSoFar() {
        return maxTimestamp.timestamp();
    }

    /** Whether {@code offset} can be stored in this segment's indexes. */
    public boolean canHold(long offset) {
        long rel = offset - baseOffset;
        return rel >= 0 && rel <= Integer.MAX_VALUE;
    }

    /** Whether the index files were present and their entries are ordered and in range. */
    public boolean indexesLookSane(long nextOffset) {
        return !indexFilesWereMissing && offsetIndex.isSane(size) && timeIndex.isSane(nextOffset);
    }

    /**
     * The broker time of this segment's first append (or, for a segment loaded from disk, its
     * first batch's max timestamp), from which {@code segment.ms} is counted; -1 when empty.
     */
    public long rollBaseTimeMs() throws IOException {
        if (rollBaseTimeMs < 0 && size > 0) {
            SegmentReader r = new SegmentReader().reset(channel, size);
            if (r.load(0, HEADER_SIZE)) {
                rollBaseTimeMs = Math.max(0, RecordBatchHeader.maxTimestamp(r.buffer(), r.indexOf(0)));
            }
        }
        return rollBaseTimeMs;
    }

    public boolean indexFull() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    /**
     * Whether an append of {@code bytes} bytes whose last offset is {@code maxOffset} must go to a
     * new segment (Apache Kafka's {@code shouldRoll}): this one holds data and the append would
     * take it past {@code segment.bytes}, or {@code segment.ms} has passed since its first batch,
     * or an index is full, or {@code maxOffset} does not fit its relative offsets.
     */
    public boolean shouldRoll(int bytes, long maxOffset, LogConfig config, long nowMs) throws IOException {
        if (isEmpty()) {
            return false;
        }
        return (long) size() + bytes > config.segmentBytes()
                || nowMs - rollBaseTimeMs() > config.segmentMs()
                || indexFull()
                || !canHold(maxOffset);
    }

    /**
     * Writes the validated, stamped batches at the end of the file in one positional write, then
     * indexes them and publishes the new size.
     */
    public void append(ValidatedBatches batches, long nowMs) throws IOException {
        ByteBuffer buf = batches.buffer();
        int start = batches.batches().get(0).position();
        ByteBuffer src = buf.duplicate().limit(start + batches.sizeInBytes()).position(start);
        if (direct != null) {
            direct.append(src);
        } else {
            SegmentWrites.writeFully(channel, src, size);
        }
        int physical = size;
        for (BatchInfo b : batches.batches()) {
            indexBatch(buf, b.position(), physical, b.sizeInBytes());
            physical += b.sizeInBytes();
        }
        if (rollBaseTimeMs < 0) {
            rollBaseTimeMs = nowMs;
        }
        size = physical;
    }

    private void indexBatch(ByteBuffer buf, int index, int physicalPosition, int batchSize) {
        if (RecordBatchHeader.recordCount(buf, index) == 0) {
            // an empty batch left by compaction: no record for an index entry to point at
            bytesSinceLastIndexEntry += batchSize;
            return;
        }
        long batchMax = RecordBatchHeader.maxTimestamp(buf, index);
        long lastOffset = RecordBatchHeader.lastOffset(buf, index);
        MaxTimestamp max = maxTimestamp;
        if (batchMax > max.timestamp()) {
            max = new MaxTimestamp(batchMax, lastOffset);
            maxTimestamp = max;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull() && !timeIndex.isFull()) {
            offsetIndex.append(lastOffset, physicalPosition);
            timeIndex.maybeAppend(max.timestamp(), max.batchLastOffset(), false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchSize;
    }

    /**
     * The first batch whose last offset is at or after {@code offset}, looking no further than
     * {@code maxPosition}; null when there is none.
     */
    public BatchLocation translateOffset(long offset, long maxPosition) throws IOException {
        return locator.translateOffset(offset, maxPosition);
    }

    /**
     * Whole batches from the one holding {@code startOffset}: at most {@code maxSize} bytes (or the
     * first batch alone when {@code minOneMessage} and it is larger), only batches whose last
     * offset is below {@code maxOffset} ({@link #NO_OFFSET_BOUND}: every batch below {@code
     * maxPosition}), nothing past {@code maxPosition}. Null when the segment has no batch at or
     * after {@code startOffset} below {@code maxPosition}.
     *
     * <p>The batches in between are not read: the first batch and the one at {@code maxOffset} are
     * found through the offset index, and when {@code maxSize} cuts the range, the last batch
     * boundary before the cut is found from the index entry before it, reading only the batch
     * headers of one index interval. The cost does not grow with {@code maxSize}.
     *
     * @param endOffset the offset after the last batch below {@code maxPosition}, for the offset
     *     span of the result
     */
    public FileRegionRecords read(long startOffset, int maxSize, long maxPosition, long maxOffset, long endOffset,
            boolean minOneMessage) throws IOException {
        FileRegionRecords region = locator.read(startOffset, maxSize, maxPosition, maxOffset, endOffset,
                minOneMessage);
        return direct == null ? region : direct.withSource(region);
    }

    /**
     * Where a scan for the first record at or after {@code timestamp} starts: the position of the
     * batch the offset index gives for the time index's entry below {@code timestamp}.
     */
    public long timestampScanStart(long timestamp) {
        TimeIndex.TimestampOffsetEntry entry = timeIndex.lookup(timestamp);
        return offsetIndex.lookup(entry.offset()).position();
    }

    /** The last offset of the (first) batch carrying {@link #largestTimestamp()}. */
    public long largestTimestampBatchLastOffset() {
        return maxTimestamp.batchLastOffset();
    }

    /** One past the last offset in the segment, or the base offset when it is empty. */
    public long readNextOffset() throws IOException {
        OffsetIndex.OffsetPosition start = offsetIndex.lastEntry();
        SegmentReader r = new SegmentReader().reset(channel, size);
        long pos = start.position();
        long next = baseOffset;
        while (r.load(pos, HEADER_SIZE)) {
            int i = r.indexOf(pos);
            next = RecordBatchHeader.lastOffset(r.buffer(), i) + 1;
            pos += r.batchSize(pos);
        }
        return next;
    }

    /** Calls {@code visitor} for every batch whose last offset is at or after {@code fromOffset}. */
    public void forEachBatch(long fromOffset, BatchVisitor visitor) throws IOException {
        BatchLocation first = translateOffset(fromOffset, size);
        if (first == null) {
            return;
        }
        SegmentReader r = new SegmentReader().reset(channel, size);
        long pos = first.position();
        while (r.load(pos, HEADER_SIZE)) {
            int i = r.indexOf(pos);
            visitor.visit(r.buffer(), i);
            pos += r.batchSize(pos);
        }
    }

    /** The largest record timestamp of this segment, -1 when it has none. */
    public long largestTimestamp() {
        return maxTimestamp.timestamp();
    }

    /** The first offset stored, or the base offset when empty. */
    public long firstOffset() throws IOException {
        SegmentReader r = new SegmentReader().reset(channel, size);
        return r.load(0, HEADER_SIZE) ? RecordBatchHeader.baseOffset(r.buffer(), r.indexOf(0)) : baseOffset;
    }

    /**
     * Rebuilds the indexes by reading every batch, checking sizes, magic, CRC and offsets (each
     * batch after the previous one and below {@code nextSegmentBase}); cuts the file at the first
     * batch that fails. Calls {@code visitor} for each intact batch.
     *
     * @param nextSegmentBase the base offset of the next segment, {@link Long#MAX_VALUE} if none
     * @return the number of bytes cut off
     */
    public int recover(long nextSegmentBase, BatchVisitor visitor) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
        bytesSinceLastIndexEntry = 0;
        maxTimestamp = new MaxTimestamp(-1L, baseOffset);
        long fileSize = channel.size();
        SegmentReader r = new SegmentReader().reset(channel, fileSize);
        long pos = 0;
        long expectedBase = baseOffset;
        while (pos < fileSize) {
            int batchSize = intactBatchSize(r, pos, expectedBase, nextSegmentBase);
            if (batchSize < 0) {
                break;
            }
            int i = r.indexOf(pos);
            indexBatch(r.buffer(), i, (int) pos, batchSize);
            visitor.visit(r.buffer(), i);
            expectedBase = RecordBatchHeader.lastOffset(r.buffer(), i) + 1;
            pos += batchSize;
        }
        int truncated = (int) (fileSize - pos);
        cutFileTo((int) pos);
        rollBaseTimeMs = -1;
        return truncated;
    }

    /** The size of the batch at {@code pos} when it is whole and sound, else -1. */
    private int intactBatchSize(SegmentReader r, long pos, long expectedBase, long nextSegmentBase)
            throws IOException {
        if (!r.load(pos, HEADER_SIZE)) {
            return -1;
        }
        ByteBuffer b = r.buffer();
        int i = r.indexOf(pos);
        int length = RecordBatchHeader.batchLength(b, i);
        if (length < HEADER_SIZE - LOG_OVERHEAD || pos + LOG_OVERHEAD + length > Integer.MAX_VALUE
                || RecordBatchHeader.magic(b, i) != RecordBatchHeader.MAGIC_V2) {
            return -1;
        }
        int batchSize = length + LOG_OVERHEAD;
        if (!r.load(pos, batchSize)) {
            return -1;
        }
        b = r.buffer();
        i = r.indexOf(pos);
        long base = RecordBatchHeader.baseOffset(b, i);
        int delta = RecordBatchHeader.lastOffsetDelta(b, i);
        if (base < expectedBase || delta < 0 || !canHold(base + delta) || base + delta >= nextSegmentBase
                || RecordBatchHeader.recordCount(b, i) < 0
                || !RecordBatchHeader.isCrcValid(b, i, batchSize)) {
            return -1;
        }
        return batchSize;
    }

    /** Removes every batch whose last offset is at or after {@code offset}. */
    public void truncateTo(long offset) throws IOException {
        BatchLocation loc = translateOffset(offset, size);
        if (loc == null) {
            return;
        }
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        cutFileTo(loc.position());
        bytesSinceLastIndexEntry = 0;
        TimeIndex.TimestampOffsetEntry last = timeIndex.lastEntry();
        maxTimestamp = new MaxTimestamp(last.timestamp(), last.offset());
        loadMaxTimestampFromTail();
        if (size == 0) {
            rollBaseTimeMs = -1;
        }
    }

    /**
     * Recomputes the largest timestamp from the batches after the last index entry (the time
     * index only covers indexed batches), starting from the current one. Used when a segment is
     * loaded without recovery and after a truncation.
     */
    public void loadMaxTimestampFromTail() throws IOException {
        MaxTimestamp max = maxTimestamp;
        SegmentReader r = new SegmentReader().reset(channel, size);
        long pos = offsetIndex.lastEntry().position();
        while (r.load(pos, HEADER_SIZE)) {
            int i = r.indexOf(pos);
            long ts = RecordBatchHeader.maxTimestamp(r.buffer(), i);
            if (ts > max.timestamp() && RecordBatchHeader.recordCount(r.buffer(), i) > 0) {
                max = new MaxTimestamp(ts, RecordBatchHeader.lastOffset(r.buffer(), i));
            }
            pos += r.batchSize(pos);
        }
        maxTimestamp = max;
    }

    /** Returns the buffers of direct-I/O read-ahead nobody used since the last call. */
    public void releaseIdleReadAhead() {
        if (direct != null) {
            direct.releaseIdleReadAhead();
        }
    }

    /** Called when a newer segment takes over: final time index entry, indexes trimmed. */
    public void onBecomeInactive() throws IOException {
        endAppends();
        MaxTimestamp max = maxTimestamp;
        if (max.timestamp() >= 0) {
            timeIndex.maybeAppend(max.timestamp(), max.batchLastOffset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Truncates the file to {@code position} and publishes it as the size (direct I/O's memory dropped). */
    private void cutFileTo(int position) throws IOException {
        if (direct != null) {
            direct.beforeTruncate();
        }
        channel.truncate(position);
        size = position;
        if (direct != null) {
            direct.afterTruncate();
        }
    }

    /**
     * Cuts the file to the segment's size: direct I/O's padding (then forcing the file), or what a
     * failed cut-back left. Doing it again does nothing.
     */
    public void endAppends() throws IOException {
        if (direct != null) {
            direct.endAppends();
        } else if (channel.size() > size) {
            channel.truncate(size);
        }
    }

    /** Sizes the index files for an active segment. */
    public void resizeIndexes(int maxIndexSize) throws IOException {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    public void flush() throws IOException {
        channel.force(true);
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Renames the files with the {@code .deleted} suffix, ahead of a delayed deletion. */
    public void renameToDeleted() throws IOException {
        Path target = logFile.resolveSibling(logFile.getFileName() + DELETED_SUFFIX);
        // a segment compacted twice within file.delete.delay.ms replaces its older .deleted twin
        Files.move(logFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + DELETED_SUFFIX));
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                if (channel.isOpen()) {
                    endAppends();
                }
            } finally {
                offsetIndex.close();
                timeIndex.close();
            }
        } finally {
            if (direct != null) {
                direct.close();
            }
            channel.close();
        }
    }

    /** Closes the files and removes them. */
    public void delete() throws IOException {
        try {
            close();
        } catch (IOException e) {
            // deleting anyway
        }
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(" + dir.getFileName() + "/" + fileName(baseOffset, LOG_SUFFIX) + ", size=" + size + ")";
    }
}
