package io.tributary.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/** Builds request frames and reads response frames the way a Kafka client does, for tests. */
public final class KafkaWire {

    private KafkaWire() {}

    /** A complete request frame, size prefix included. */
    public static byte[] request(ApiKeys key, short version, int correlationId, ApiMessage body) {
        return request(key, version, key.requestHeaderVersion(version), correlationId, body);
    }

    public static byte[] request(ApiKeys key, short version, short headerVersion, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId("test-client");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buffer.array();
    }

    public static ByteBuf buf(byte[] bytes) {
        return Unpooled.copiedBuffer(bytes);
    }

    /** A frame with the given payload and a matching size prefix. */
    public static byte[] framed(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** Drains and releases every outbound message of the channel into one byte stream. */
    public static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(out);
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                if (msg instanceof ByteBuf buf) {
                    buf.readBytes(out, buf.readableBytes());
                } else if (msg instanceof FileRegion region) {
                    while (region.transferred() < region.count()) {
                        region.transferTo(sink, region.transferred());
                    }
                } else {
                    throw new AssertionError("unexpected outbound message " + msg);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return out.toByteArray();
    }

    /** Splits a byte stream into response frames (without size prefixes). */
    public static List<ByteBuffer> frames(byte[] stream) {
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        List<ByteBuffer> frames = new ArrayList<>();
        while (buffer.remaining() >= 4) {
            int size = buffer.getInt();
            if (size > buffer.remaining()) {
                throw new AssertionError("truncated response frame: size " + size + ", have " + buffer.remaining());
            }
            ByteBuffer frame = buffer.slice(buffer.position(), size);
            buffer.position(buffer.position() + size);
            frames.add(frame);
        }
        if (buffer.hasRemaining()) {
            throw new AssertionError("trailing bytes after response frames");
        }
        return frames;
    }

    /** The correlation id of a response frame; both header versions start with it. */
    public static int correlationId(ByteBuffer frame) {
        return frame.getInt(frame.position());
    }

    /** Parses one response frame of the given api and version. */
    @SuppressWarnings("unchecked")
    public static <T extends AbstractResponse> T response(ByteBuffer frame, ApiKeys key, short version) {
        ByteBuffer buffer = frame.duplicate();
        ResponseHeader.parse(buffer, key.responseHeaderVersion(version));
        T response = (T) AbstractResponse.parseResponse(key, new ByteBufferAccessor(buffer), version);
        if (buffer.hasRemaining()) {
            throw new AssertionError(buffer.remaining() + " bytes left after parsing " + key + " v" + version);
        }
        return response;
    }
}
