package io.tributary.network.codec;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * A decoded request together with the handler chosen for it. {@code request.version()} is the
 * version the response is written at; it differs from the header's version only for an
 * ApiVersions request of an unknown version (answered as v0, KIP-511). Immutable.
 */
public record InboundRequest(RequestContext context, AbstractRequest request, ApiHandler handler) {}
