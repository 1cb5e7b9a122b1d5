package io.tributary.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.tributary.codec.FileRegionRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A Kafka {@link Writable} that serializes a message into one Netty buffer, except record fields,
 * which become separate zero-copy parts: a {@link FileRegionRecords} becomes a {@link
 * SharedFileRegion} (sendfile from the segment), or a buffer wrapping the bytes it carries (a small
 * region), or, when it has a source (a segment written with direct I/O), pooled buffers its bytes
 * are copied into; {@link MemoryRecords} a wrapping buffer.
 * The result of {@link #finish()} is the ordered list of parts to write, e.g. [buf, region, buf].
 *
 * <p>The buffer must be sized by the caller to the message's size excluding zero-copy bytes
 * ({@code MessageSizeAccumulator.sizeExcludingZeroCopy()}); record bytes are never copied into it.
 *
 * <p>Ownership: the writable takes over the buffer given to it; after {@link #finish()} the caller
 * owns the returned parts, after {@link #discard()} nothing is left to release; a write that throws
 * leaves what it allocated among the parts, so the caller discards the writable. Not thread-safe;
 * one instance serializes one message.
 */
public final class NettyWritable implements Writable {
    static final int COPY_PART_BYTES = 1024 * 1024;

    private final ByteBuf buffer;
    private final List<Object> parts = new ArrayList<>(3);
    private int segmentStart;

    public NettyWritable(ByteBuf buffer) {
        this.buffer = buffer;
        this.segmentStart = buffer.readerIndex();
    }

    @Override
    public void writeByte(byte val) {
        buffer.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        buffer.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        buffer.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        buffer.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        buffer.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        buffer.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xFFFFFF80) != 0) {
            buffer.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        buffer.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xFFFFFFFFFFFFFF80L) != 0L) {
            buffer.writeByte(((int) value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte((int) value);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records.sizeInBytes() == 0) {
            return;
        }
        Object part;
        if (records instanceof FileRegionRecords region) {
            ByteBuffer carried = region.bytes();
            if (carried == null && region.source() != null) {
                cutSegment();
                addCopied(region);
                return;
            }
            part = carried != null ? Unpooled.wrappedBuffer(carried)
                    : new SharedFileRegion(region.channel(), region.position(), region.sizeInBytes());
        } else if (records instanceof MemoryRecords memory) {
            part = Unpooled.wrappedBuffer(memory.buffer());
        } else {
            throw new IllegalArgumentException("cannot write records of type " + records.getClass().getName());
        }
        cutSegment();
        parts.add(part);
    }

    /**
     * Adds the region's bytes as pooled buffers copied from its source (a direct-I/O segment), of
     * at most {@link #COPY_PART_BYTES} each, so large regions stay within the allocator's pools.
     */
    private void addCopied(FileRegionRecords region) {
        int size = region.sizeInBytes();
        for (int done = 0; done < size; ) {
            int n = Math.min(COPY_PART_BYTES, size - done);
            ByteBuf copy = buffer.alloc().directBuffer(n, n);
            parts.add(copy); // before it is filled: if the read fails in any way, discard() releases it
            try {
                region.source().read(region.position() + done, copy.nioBuffer(0, n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            copy.writerIndex(n);
            done += n;
        }
    }

    /** The parts to write, in order. The writable must not be used afterwards. */
    public List<Object> finish() {
        cutSegment();
        buffer.release();
        return parts;
    }

    /** Releases everything written so far, e.g. after serialization failed. */
    public void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        buffer.release();
    }

    private void cutSegment() {
        int end = buffer.writerIndex();
        if (end > segmentStart) {
            parts.add(buffer.retainedSlice(segmentStart, end - segmentStart));
            segmentStart = end;
        }
    }
}
