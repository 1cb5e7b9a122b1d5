package io.tributary.storage;

import io.tributary.codec.FileRegionRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * A segment's direct I/O ({@link DirectIo}): its file opened for direct transfers, the {@link
 * DirectAppender} of the active segment (created by the first append, dropped when appends end or
 * the file is truncated) and the {@link DirectReader} fetches copy their bytes through.
 *
 * <p>While an appender exists the file may end in up to one block of zero padding after the
 * segment's size; {@link #endAppends} cuts it off and forces the file, so a segment that is not
 * the active one has no padding on disk.
 *
 * <p>Thread-safety: as {@link LogSegment}: appends, truncations and closing come from the log's
 * lock holder; {@link #withSource} and the reader may be used by any thread.
 */
final class SegmentDirectIo {
    private final FileChannel direct;
    private final FileChannel buffered;
    private final int alignment;
    private final IntSupplier size;
    private final DirectReader reader;
    private volatile DirectAppender appender;

    private SegmentDirectIo(FileChannel direct, FileChannel buffered, int alignment, IntSupplier size) {
        this.direct = direct;
        this.buffered = buffered;
        this.alignment = alignment;
        this.size = size;
        this.reader = new DirectReader(direct, alignment, () -> appender, size::getAsInt, ReadAheadPool.SHARED);
    }

    /** The direct I/O of {@code file}, or null when it is switched off or not supported there. */
    static SegmentDirectIo open(Path file, FileChannel buffered, IntSupplier size) throws IOException {
        FileChannel direct = DirectIo.open(file);
        if (direct == null) {
            return null;
        }
        try {
            return new SegmentDirectIo(direct, buffered, DirectIo.alignment(file), size);
        } catch (IOException e) {
            direct.close();
            throw e;
        }
    }

    /** Appends {@code src}'s remaining bytes at the segment's end; on the device when this returns. */
    void append(ByteBuffer src) throws IOException {
        DirectAppender a = appender;
        if (a == null) {
            a = new DirectAppender(direct, buffered, alignment, size.getAsInt());
            appender = a;
        }
        a.append(src);
    }

    DirectReader reader() {
        return reader;
    }

    /** The region, its bytes to be copied through this segment's reader. */
    FileRegionRecords withSource(FileRegionRecords region) {
        return region == null || region.sizeInBytes() == 0 ? region : region.withSource(reader);
    }

    /** Ends appends: cuts the padding after the segment's size and forces the file. */
    void endAppends() throws IOException {
        if (appender != null) {
            appender = null;
            buffered.truncate(size.getAsInt());
            buffered.force(true);
        }
    }

    /** Before the file is truncated: drops what memory holds of it. */
    void beforeTruncate() {
        appender = null;
        reader.reset();
    }

    void close() throws IOException {
        reader.close();
        direct.close();
    }
}
