package io.tributary.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into Kafka frames: a 4-byte big-endian size followed by that many
 * bytes. Each complete frame is emitted as a {@link Frame} holding a retained slice of the
 * cumulation buffer, so request bytes are never copied once received; {@link ByteToMessageDecoder}
 * neither compacts nor writes over a cumulation that a slice still holds, and copies it instead when
 * it has to grow it.
 *
 * <p>Invariants: a size below zero or above {@code maxFrameBytes} ({@code socket.request.max.bytes})
 * closes the connection before anything is allocated for it; bytes of a frame are only held as they
 * arrive (the cumulation grows with received data, never to the announced size), and a frame is
 * emitted only once the whole of it has been received. After a bad size the decoder
 * discards everything it is given.
 *
 * <p>Thread-safety: one instance per channel, used only on that channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Kafka's default for {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 104_857_600;

    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
    private static final int SIZE_PREFIX = 4;

    private final int maxFrameBytes;
    private final Time time;
    private boolean discarding;

    public FrameDecoder(int maxFrameBytes, Time time) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must not be negative: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.time = time;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            log.warn("Closing connection from {}: request size {} is outside 0..{} (socket.request.max.bytes)",
                    ctx.channel().remoteAddress(), size, maxFrameBytes);
            discarding = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() - SIZE_PREFIX < size) {
            return;
        }
        in.skipBytes(SIZE_PREFIX);
        out.add(new Frame(in.readRetainedSlice(size), time.nanoseconds()));
    }

    /** Capacity of the bytes held for an incomplete frame; for tests of the allocation bound. */
    int cumulationCapacity() {
        ByteBuf buffer = internalBuffer();
        return buffer.capacity();
    }
}
