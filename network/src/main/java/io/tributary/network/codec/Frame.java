package io.tributary.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.nio.ByteBuffer;

/**
 * One complete request frame without its size prefix, as a retained slice of the connection's
 * inbound buffer: the bytes are not copied. Kafka's parser reads {@link #payload()} directly, and
 * the record batches of a produce request stay slices of it until they are appended, so the frame
 * must stay unreleased until its request has been handled.
 *
 * <p>Ownership: whoever takes a frame from the pipeline releases it exactly once: the {@code
 * RequestDecoder} when it cannot decode it, otherwise the {@link InboundRequest} made from it.
 */
public final class Frame extends DefaultByteBufHolder {

    private final ByteBuffer payload;
    private final long receivedNanos;

    /**
     * @param content header and body of one request; ownership passes to this frame
     * @param receivedNanos monotonic time in nanoseconds when the last byte of the frame was read
     */
    public Frame(ByteBuf content, long receivedNanos) {
        super(content);
        this.payload = content.nioBuffer();
        this.receivedNanos = receivedNanos;
    }

    /** A view of the frame's bytes: position 0, limit = frame size; valid until the release. */
    public ByteBuffer payload() {
        return payload;
    }

    public long receivedNanos() {
        return receivedNanos;
    }
}
