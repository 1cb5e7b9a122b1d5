package io.tributary.broker.handler;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Base of the broker's handlers: fixes the API key and version range and casts the request to its
 * type. A synchronous exception becomes a failed stage, which the network layer answers with the
 * request type's error response.
 */
public abstract class TypedHandler<R extends AbstractRequest> implements ApiHandler {

    private final ApiKeys key;
    private final short min;
    private final short max;
    private final Class<R> type;

    protected TypedHandler(ApiKeys key, int min, int max, Class<R> type) {
        this.key = key;
        this.min = (short) min;
        this.max = (short) max;
        this.type = type;
    }

    @Override
    public final ApiKeys apiKey() {
        return key;
    }

    @Override
    public final short minVersion() {
        return min;
    }

    @Override
    public final short maxVersion() {
        return max;
    }

    @Override
    public final CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
        try {
            return serve(context, type.cast(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    protected abstract CompletionStage<ApiMessage> serve(RequestContext context, R request);
}
