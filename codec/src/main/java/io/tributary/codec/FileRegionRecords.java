package io.tributary.codec;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * A byte range of a segment file holding whole v2 record batches. The network layer writes it to
 * the socket as a zero-copy file region; or, when the region carries its {@link #bytes()} (a
 * small region the segment read anyway), writes those; or, when it has a {@link #source()}, copies
 * the bytes from that source (segments written with direct I/O). Nothing here reads the file.
 *
 * <p>The channel stays owned by the segment; the region is valid while the segment is open.
 */
public final class FileRegionRecords implements BaseRecords {
    private final FileChannel channel;
    private final long position;
    private final int size;
    private final long firstOffset;
    private final long nextOffset;
    private final RegionSource source;
    private final ByteBuffer bytes;

    /** A region whose offsets are not known. */
    public FileRegionRecords(FileChannel channel, long position, int size) {
        this(channel, position, size, -1L, -1L);
    }

    /**
     * @param firstOffset the base offset of the region's first batch
     * @param nextOffset the offset after the region's last batch
     */
    public FileRegionRecords(FileChannel channel, long position, int size, long firstOffset, long nextOffset) {
        this(channel, position, size, firstOffset, nextOffset, null, null);
    }

    private FileRegionRecords(FileChannel channel, long position, int size, long firstOffset, long nextOffset,
            RegionSource source, ByteBuffer bytes) {
        this.channel = channel;
        this.position = position;
        this.size = size;
        this.firstOffset = firstOffset;
        this.nextOffset = nextOffset;
        this.source = source;
        this.bytes = bytes;
    }

    /** The same region, its bytes to be taken from {@code source} instead of the page cache. */
    public FileRegionRecords withSource(RegionSource source) {
        return new FileRegionRecords(channel, position, size, firstOffset, nextOffset, source, bytes);
    }

    /**
     * The same region carrying a copy of its bytes ({@code bytes}, position to limit, exactly
     * {@link #sizeInBytes()} of them), to be written as they are instead of read from the file.
     */
    public FileRegionRecords withBytes(ByteBuffer bytes) {
        if (bytes.remaining() != size) {
            throw new IllegalArgumentException("Expected " + size + " bytes, got " + bytes.remaining());
        }
        return new FileRegionRecords(channel, position, size, firstOffset, nextOffset, source, bytes);
    }

    /** The region's bytes when it carries them (read-only view), else null. */
    public ByteBuffer bytes() {
        return bytes == null ? null : bytes.asReadOnlyBuffer();
    }

    /** Where to copy the bytes from; null to send them from the file with {@code sendfile}. */
    public RegionSource source() {
        return source;
    }

    public static FileRegionRecords empty() {
        return new FileRegionRecords(null, 0, 0);
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    /**
     * The number of offsets the region's batches cover (from the first batch's base offset to the
     * offset after the last batch): the record count, but for offsets removed by compaction;
     * -1 when unknown.
     */
    public long offsetSpan() {
        return firstOffset < 0 || nextOffset < firstOffset ? -1L : nextOffset - firstOffset;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    /** Not used: Tributary writes regions through its own Netty path, never Kafka's Send. */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("FileRegionRecords is written as a Netty FileRegion");
    }
}
