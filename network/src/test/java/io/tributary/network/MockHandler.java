package io.tributary.network;

import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * A handler whose behaviour the test chooses: an immediate answer, or a future per request the
 * test completes later ({@link #deferred}). Records every request it sees.
 */
public final class MockHandler implements ApiHandler {

    /** One request seen by the handler, with the future a deferred handler answers through. */
    public record Call(RequestContext context, AbstractRequest request, CompletableFuture<ApiMessage> response) {}

    private final ApiKeys apiKey;
    private final short minVersion;
    private final short maxVersion;
    private final BiFunction<RequestContext, AbstractRequest, CompletionStage<ApiMessage>> behaviour;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private MockHandler(ApiKeys apiKey, short minVersion, short maxVersion,
            BiFunction<RequestContext, AbstractRequest, CompletionStage<ApiMessage>> behaviour) {
        this.apiKey = apiKey;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.behaviour = behaviour;
    }

    /** Answers with whatever the function returns (null = no response). */
    public static MockHandler answering(ApiKeys key, BiFunction<RequestContext, AbstractRequest, ApiMessage> answer) {
        return new MockHandler(key, key.oldestVersion(), key.latestVersion(),
                (context, request) -> CompletableFuture.completedFuture(answer.apply(context, request)));
    }

    /** Full control over the returned stage (may throw, fail, return null). */
    public static MockHandler staged(ApiKeys key,
            BiFunction<RequestContext, AbstractRequest, CompletionStage<ApiMessage>> behaviour) {
        return new MockHandler(key, key.oldestVersion(), key.latestVersion(), behaviour);
    }

    /** Leaves every response to the test, through {@link Call#response()}. */
    public static MockHandler deferred(ApiKeys key) {
        return new MockHandler(key, key.oldestVersion(), key.latestVersion(), null);
    }

    public MockHandler versions(int min, int max) {
        return new MockHandler(apiKey, (short) min, (short) max, behaviour);
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public short minVersion() {
        return minVersion;
    }

    @Override
    public short maxVersion() {
        return maxVersion;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context, AbstractRequest request) {
        CompletableFuture<ApiMessage> future = new CompletableFuture<>();
        calls.add(new Call(context, request, future));
        if (behaviour == null) {
            return future;
        }
        return behaviour.apply(context, request);
    }
}
