package io.tributary.storage.directio;

import io.tributary.codec.FileRegionRecords;
import io.tributary.storage.segment.LogSegment;
import io.tributary.storage.segment.SegmentWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A segment's direct I/O ({@link DirectIo}): its file opened for direct transfers (on first use,
 * so a segment nobody appends to or fetches from holds one descriptor, not two), the {@link
 * DirectAppender} of the active segment (created by the first append, dropped when appends end or
 * the file is truncated) and the {@link DirectReader} fetches copy their bytes through.
 *
 * <p>While an appender exists the file may end in up to one block of zero padding after the
 * segment's size; {@link #endAppends} cuts it off and forces the file, so a segment that is not
 * the active one has no padding on disk.
 *
 * <p>Thread-safety: as {@link LogSegment}: appends, truncations and closing come from the log's
 * lock holder; {@link #withSource} and the reader may be used by any thread. Opening and closing
 * the direct channel happen under this object's monitor.
 */
public final class SegmentDirectIo {
    /** Opens a segment file for direct transfers ({@link DirectIo#open}; tests substitute it). */
    public interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final Supplier<Path> file;
    private final Opener opener;
    private final FileChannel buffered;
    private final int alignment;
    private final IntSupplier size;
    private final DirectReader reader;
    private volatile DirectAppender appender;
    private volatile FileChannel direct;
    private boolean closed;

    private SegmentDirectIo(Supplier<Path> file, Opener opener, FileChannel buffered, int alignment,
            IntSupplier size) {
        this.file = file;
        this.opener = opener;
        this.buffered = buffered;
        this.alignment = alignment;
        this.size = size;
        this.reader = new DirectReader(this::channel, alignment, () -> appender, size::getAsInt,
                ReadAheadPool.SHARED);
    }

    /**
     * The direct I/O of the segment file {@code file} names (its current name: the file may be
     * renamed), or null when it gets none: {@code wanted} is false (the log's {@link
     * LogConfig#directIo()}) or the file system does not allow it ({@link DirectIo#alignment}).
     */
    public static SegmentDirectIo open(Supplier<Path> file, FileChannel buffered, IntSupplier size, boolean wanted) {
        return open(file, DirectIo::open, buffered, size, wanted);
    }

    public static SegmentDirectIo open(Supplier<Path> file, Opener opener, FileChannel buffered, IntSupplier size,
            boolean wanted) {
        int alignment = wanted ? DirectIo.alignment(file.get()) : 0;
        return alignment == 0 ? null : new SegmentDirectIo(file, opener, buffered, alignment, size);
    }

    /**
     * The file opened for direct transfers, on first use: a segment nobody appends to or fetches
     * from holds no second file descriptor.
     */
    private FileChannel channel() throws IOException {
        FileChannel c = direct;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (direct == null) {
                direct = opener.open(file.get());
            }
            return direct;
        }
    }

    /**
     * Appends {@code src}'s remaining bytes at the segment's end, written to the device when this
     * returns. An append that fails drops the appender and cuts the file back to the segment's
     * size, so the next one starts again from there and nothing of the failed one stays on disk.
     */
    public void append(ByteBuffer src) throws IOException {
        DirectAppender a = appender;
        if (a == null) {
            a = new DirectAppender(channel(), buffered, alignment, size.getAsInt());
            appender = a;
        }
        try {
            a.append(src);
        } catch (IOException | RuntimeException e) {
            appender = null;
            SegmentWrites.cutBack(buffered, size.getAsInt(), e);
            throw e;
        }
    }

    public DirectReader reader() {
        return reader;
    }

    /** The region, its bytes to be copied through this segment's reader. */
    public FileRegionRecords withSource(FileRegionRecords region) {
        return region == null || region.sizeInBytes() == 0 ? region : region.withSource(reader);
    }

    /** Ends appends: cuts the padding after the segment's size and forces the file. */
    public void endAppends() throws IOException {
        if (appender != null) {
            appender = null;
            buffered.truncate(size.getAsInt());
            buffered.force(true);
        }
    }

    /** Before the file is truncated: drops what memory holds of it. */
    public void beforeTruncate() {
        appender = null;
        reader.reset();
    }

    /**
     * After a truncation has published the segment's new size: drops read-ahead again, as a read
     * that ended meanwhile may have asked for chunks up to the old size.
     */
    public void afterTruncate() {
        reader.reset();
    }

    /** Returns the buffers of read-ahead nobody used since the last call. */
    public void releaseIdleReadAhead() {
        reader.releaseIdle();
    }

    public void close() throws IOException {
        reader.close();
        synchronized (this) {
            closed = true;
            if (direct != null) {
                direct.close();
            }
        }
    }
}
