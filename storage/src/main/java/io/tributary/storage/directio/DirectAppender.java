package io.tributary.storage.directio;

import io.tributary.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends to a segment file with direct writes from a staging buffer that also keeps the
 * segment's most recent bytes in memory, for reads at the tail.
 *
 * <p>Invariants: {@code staging[0, end - start)} holds the file's bytes {@code [start, end)}, where
 * {@code start} is a multiple of the alignment and {@code end} the segment's size; the file's
 * bytes {@code [0, end)} have been written to the device (every append writes before it returns;
 * a flush forces the device's cache and the file size, as for buffered writes), followed by
 * zeros up to the next multiple of the alignment. So the file on disk is longer than the segment
 * by that padding until {@link LogSegment} cuts it when the segment becomes inactive or closes;
 * after a crash, recovery (which always covers the last segment) stops at it, a zero batch length
 * being no batch.
 *
 * <p>Each append copies its bytes behind {@code end} and writes the aligned blocks from the one
 * holding the old end to the one holding the new end, so the partial last block is written again
 * with each append; when the staging buffer is full, its bytes before the last partial block are
 * dropped from memory.
 *
 * <p>Thread-safety: appends come from one thread at a time (the log's lock); {@link #copy} may be
 * called from any thread. Moves of the staged bytes and the publication of {@code end} happen
 * under this object's monitor, which {@link #copy} holds while it reads them.
 */
public final class DirectAppender {
    /**
     * The most bytes staged per active segment: the window of recent bytes reads can take from
     * memory. The buffer starts at {@link #INITIAL_STAGING_BYTES} and doubles as appends need, so a
     * partition with little traffic holds little memory.
     */
    public static final int STAGING_BYTES = 256 * 1024;
    public static final int INITIAL_STAGING_BYTES = 16 * 1024;

    private final FileChannel direct;
    private final int alignment;
    private int capacity;
    private ByteBuffer staging;
    private long start;
    private long end;

    /**
     * @param direct the segment file opened for direct I/O
     * @param buffered the same file opened normally, to load the partial last block
     * @param size the segment's size (bytes after it are padding)
     */
    public DirectAppender(FileChannel direct, FileChannel buffered, int alignment, long size) throws IOException {
        this.direct = direct;
        this.alignment = alignment;
        this.capacity = Math.max(INITIAL_STAGING_BYTES, 2 * alignment);
        this.staging = DirectIo.allocate(capacity, alignment);
        this.start = DirectIo.alignDown(size, alignment);
        this.end = size;
        ByteBuffer tail = staging.duplicate().limit((int) (size - start)).position(0);
        while (tail.hasRemaining()) {
            if (buffered.read(tail, start + tail.position()) < 0) {
                throw new IOException("Segment file shorter than its size " + size);
            }
        }
    }

    /**
     * Appends {@code src}'s remaining bytes at the end, written to the device (past the page cache)
     * when this returns; forcing the device's own cache and the file's new size is a flush's work,
     * as for buffered writes.
     */
    public void append(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (end - start + src.remaining() > capacity && capacity < Math.max(STAGING_BYTES, 2 * alignment)) {
                grow();
            }
            if (end - start == capacity) {
                keepPartialBlock();
            }
            int at = (int) (end - start);
            int n = Math.min(capacity - at, src.remaining());
            staging.put(at, src, src.position(), n);
            src.position(src.position() + n);
            long newEnd = end + n;
            int writeFrom = (int) (DirectIo.alignDown(end, alignment) - start);
            int writeTo = (int) (DirectIo.alignUp(newEnd, alignment) - start);
            int valid = (int) (newEnd - start);
            for (int i = valid; i < writeTo; i++) {
                staging.put(i, (byte) 0);
            }
            ByteBuffer out = staging.duplicate().limit(writeTo).position(writeFrom);
            while (out.hasRemaining()) {
                direct.write(out, start + out.position());
            }
            synchronized (this) {
                end = newEnd;
            }
        }
    }

    private synchronized void grow() {
        int bigger = (int) Math.min(Math.max(STAGING_BYTES, 2L * alignment), 2L * capacity);
        ByteBuffer b = DirectIo.allocate(bigger, alignment);
        b.put(0, staging, 0, (int) (end - start));
        staging = b;
        capacity = bigger;
    }

    private synchronized void keepPartialBlock() {
        long newStart = DirectIo.alignDown(end, alignment);
        int keep = (int) (end - newStart);
        staging.put(0, staging, (int) (newStart - start), keep);
        start = newStart;
    }

    /**
     * Copies the bytes {@code [position, position + dst.remaining())} into {@code dst} when they are
     * all staged; false, copying nothing, when they are not.
     */
    public synchronized boolean copy(long position, ByteBuffer dst) {
        int n = dst.remaining();
        if (position < start || position + n > end) {
            return false;
        }
        dst.put(dst.position(), staging, (int) (position - start), n);
        dst.position(dst.position() + n);
        return true;
    }

    /** The first byte held in memory. */
    public synchronized long windowStart() {
        return start;
    }
}
