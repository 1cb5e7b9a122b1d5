package io.tributary.codec;

import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * A byte range of a segment file holding whole v2 record batches. The network layer writes it to
 * the socket as a zero-copy file region; nothing here reads the bytes.
 *
 * <p>The channel stays owned by the segment; the region is valid while the segment is open.
 */
public final class FileRegionRecords implements BaseRecords {
    private final FileChannel channel;
    private final long position;
    private final int size;

    public FileRegionRecords(FileChannel channel, long position, int size) {
        this.channel = channel;
        this.position = position;
        this.size = size;
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
