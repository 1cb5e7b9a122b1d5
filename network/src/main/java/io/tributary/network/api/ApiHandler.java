package io.tributary.network.api;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Serves one Kafka API key. Each implementation declares the version range it implements; the
 * ApiVersions response is derived from the registered handlers, never from a hand-kept list.
 *
 * <p>Thread-safety: {@link #handle} may be called concurrently from any network thread;
 * implementations keep no per-request state in fields.
 */
public interface ApiHandler {

    ApiKeys apiKey();

    short minVersion();

    short maxVersion();

    /**
     * Handles one decoded request whose version lies within {@link #minVersion()}..{@link
     * #maxVersion()}.
     *
     * <p>The request's zero-copy parts (the record batches of a produce request, and any field the
     * schema marks zero-copy) are slices of the network buffer the request arrived in, which is
     * released when this method returns: use them before returning, and copy what an asynchronous
     * continuation needs. Every other field is a copy owned by the request.
     *
     * @return the response body, or a stage completing with {@code null} when the request needs no
     *     response (produce with acks=0). A stage completed exceptionally is answered with the
     *     request type's own error response for that exception.
     */
    CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request);
}
