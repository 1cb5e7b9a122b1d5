package io.tributary.network.codec;

import io.netty.util.ReferenceCounted;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * A decoded request together with the handler chosen for it. {@code request.version()} is the
 * version the response is written at; it differs from the header's version only for an
 * ApiVersions request of an unknown version (answered as v0, KIP-511).
 *
 * <p>The request may hold slices of its frame (the record batches of a produce request), so the
 * reference count is the frame's: whoever takes an inbound request from the pipeline releases it
 * once the handler has returned. Handlers never put request buffers into responses, so a response
 * outlives the release safely.
 */
public record InboundRequest(RequestContext context, AbstractRequest request, ApiHandler handler,
        ReferenceCounted frame) implements ReferenceCounted {

    @Override
    public int refCnt() {
        return frame.refCnt();
    }

    @Override
    public InboundRequest retain() {
        frame.retain();
        return this;
    }

    @Override
    public InboundRequest retain(int increment) {
        frame.retain(increment);
        return this;
    }

    @Override
    public InboundRequest touch() {
        frame.touch();
        return this;
    }

    @Override
    public InboundRequest touch(Object hint) {
        frame.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return frame.release();
    }

    @Override
    public boolean release(int decrement) {
        return frame.release(decrement);
    }
}
