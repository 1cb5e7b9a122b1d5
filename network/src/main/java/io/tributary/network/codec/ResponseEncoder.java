package io.tributary.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Frames an {@link OutboundResponse}: 4-byte size, response header, body. The size is computed up
 * front with {@code addSize}, so record fields are never copied: the message goes out as a
 * sequence of parts (see {@link NettyWritable}), e.g. [buf, file region, buf, file region, buf].
 * The promise of the write completes with the last part.
 *
 * <p>If serialization fails nothing is written, the buffers are released and the promise fails.
 * Other messages pass through untouched.
 *
 * <p>Thread-safety: stateless and {@link ChannelHandler.Sharable}.
 */
@ChannelHandler.Sharable
public final class ResponseEncoder extends ChannelOutboundHandlerAdapter {

    public static final ResponseEncoder INSTANCE = new ResponseEncoder();

    private ResponseEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof OutboundResponse response)) {
            ctx.write(msg, promise);
            return;
        }
        List<Object> parts;
        try {
            parts = encode(response, ctx.alloc());
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        int last = parts.size() - 1;
        for (int i = 0; i < last; i++) {
            ctx.write(parts.get(i));
        }
        ctx.write(parts.get(last), promise);
    }

    /**
     * Serializes a response into the parts to write, size prefix first. The caller owns the parts.
     */
    public static List<Object> encode(OutboundResponse response, ByteBufAllocator alloc) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(response.correlationId());
        short headerVersion = response.headerVersion();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.addSize(size, cache, headerVersion);
        response.body().addSize(size, cache, response.version());

        ByteBuf buffer = alloc.buffer(4 + size.sizeExcludingZeroCopy());
        NettyWritable writable = new NettyWritable(buffer);
        try {
            buffer.writeInt(size.totalSize());
            header.write(writable, cache, headerVersion);
            response.body().write(writable, cache, response.version());
            if (buffer.writerIndex() != 4 + size.sizeExcludingZeroCopy()) {
                throw new IllegalStateException("serialized " + (buffer.writerIndex() - 4)
                        + " bytes besides records, expected " + size.sizeExcludingZeroCopy());
            }
        } catch (RuntimeException | Error e) {
            writable.discard();
            throw e;
        }
        return writable.finish();
    }
}
