package io.tributary.storage.segment;

import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.RegionSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.errors.CorruptRecordException;

/**
 * A read-ahead window over a segment file, so that walking batch headers costs one system call
 * per window rather than one per batch. Callers ask for a byte range with {@link #load}; on
 * success {@link #buffer()} holds it at index {@link #indexOf}.
 *
 * <p>A reader given a {@link RegionSource} takes its bytes from there instead of the file channel,
 * so that walking the batches of a direct-I/O segment does not read them into the page cache.
 *
 * <p>Thread-safety: not thread-safe; one instance per reading thread or per operation.
 */
public final class SegmentReader {
    private static final int DEFAULT_WINDOW = 16 * 1024;
    private static final ThreadLocal<SegmentReader> PER_THREAD = ThreadLocal.withInitial(SegmentReader::new);

    private ByteBuffer buf = ByteBuffer.allocate(DEFAULT_WINDOW);
    private FileChannel channel;
    private RegionSource source;
    private long limit;
    private long windowStart = -1;
    private int windowLength;

    /** The calling thread's reader, positioned on {@code channel} and bounded by {@code limit}. */
    public static SegmentReader forThread(FileChannel channel, long limit) {
        return PER_THREAD.get().reset(channel, limit);
    }

    /**
     * The calling thread's reader, bounded by {@code limit}, taking its bytes from {@code source}
     * (a direct-I/O segment's reader) or, when that is null, from {@code channel}.
     */
    public static SegmentReader forThread(FileChannel channel, RegionSource source, long limit) {
        SegmentReader r = PER_THREAD.get().reset(channel, limit);
        r.source = source;
        return r;
    }

    /**
     * The calling thread's reader, keeping its window when the last use on this thread was of the
     * same {@code channel} and {@code source}: for a second look at bytes the same operation just
     * read. Bounded by {@code limit}, which must not exceed the bound of that use.
     */
    public static SegmentReader againOnThread(FileChannel channel, RegionSource source, long limit) {
        SegmentReader r = PER_THREAD.get();
        if (r.channel == channel && r.source == source && r.windowStart >= 0) {
            r.limit = limit;
            return r;
        }
        return forThread(channel, source, limit);
    }

    public SegmentReader reset(FileChannel channel, long limit) {
        this.channel = channel;
        this.source = null;
        this.limit = limit;
        this.windowStart = -1;
        this.windowLength = 0;
        if (buf.capacity() > 4 * DEFAULT_WINDOW) {
            buf = ByteBuffer.allocate(DEFAULT_WINDOW);
        }
        return this;
    }

    /**
     * Makes [position, position + length) available; false when the range extends past the limit
     * or the end of the file.
     */
    public boolean load(long position, int length) throws IOException {
        if (length < 0 || position < 0 || position + length > limit) {
            return false;
        }
        if (windowStart >= 0 && position >= windowStart && position + length <= windowStart + windowLength) {
            return true;
        }
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocate(Math.max(length, DEFAULT_WINDOW));
        }
        int want = (int) Math.min(buf.capacity(), limit - position);
        buf.clear().limit(want);
        int read = 0;
        if (source != null) {
            source.read(position, buf);
            read = want;
        }
        while (read < want) {
            int n = channel.read(buf, position + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        windowStart = position;
        windowLength = read;
        return read >= length;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int indexOf(long position) {
        return (int) (position - windowStart);
    }

    /**
     * The size of the batch whose header was loaded at {@code position}. A size below a batch
     * header's is damage, not a batch, and a walk stepping by it would never advance: it throws
     * {@link CorruptRecordException} instead.
     */
    public int batchSize(long position) {
        int size = RecordBatchHeader.sizeInBytes(buf, indexOf(position));
        if (size < RecordBatchHeader.HEADER_SIZE) {
            throw new CorruptRecordException("Batch size " + size + " at position " + position
                    + " is below the size of a batch header");
        }
        return size;
    }

    /** A copy of [position, position + length), which must have been loaded. */
    public ByteBuffer copy(long position, int length) {
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put(0, buf, indexOf(position), length);
        return out;
    }
}
