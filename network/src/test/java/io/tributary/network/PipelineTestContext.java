package io.tributary.network;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * One connection's full pipeline on an {@link EmbeddedChannel} (no sockets), with the handlers a
 * test registers plus the {@link ApiVersionsHandler}. Responses are read back as frames.
 */
public final class PipelineTestContext implements AutoCloseable {

    public static final int MAX_REQUEST_BYTES = 1 << 20;

    public final EmbeddedChannel channel;
    public final HandlerRegistry registry;
    private final List<ByteBuffer> received = new ArrayList<>();

    public static final Duration MAX_IDLE = Duration.ofMinutes(10);

    public PipelineTestContext(int maxInFlight, ApiHandler... handlers) {
        this(new ManualTime(), RequestMetrics.NONE, maxInFlight, (java.util.function.Supplier<NodeIdentity>) null,
                handlers);
    }

    /** The pipeline on {@code time}, the clock the test moves, reporting to {@code metrics}. */
    public PipelineTestContext(ManualTime time, RequestMetrics metrics, int maxInFlight, ApiHandler... handlers) {
        this(time, metrics, maxInFlight, (java.util.function.Supplier<NodeIdentity>) null, handlers);
    }

    /** A pipeline whose ApiVersions handler checks the node a v5+ request names against {@code identity}. */
    public PipelineTestContext(NodeIdentity identity, ApiHandler... handlers) {
        this(new ManualTime(), RequestMetrics.NONE, 100, () -> identity, handlers);
    }

    /** As above, with the identity read at each request. */
    public PipelineTestContext(java.util.function.Supplier<NodeIdentity> identity, ApiHandler... handlers) {
        this(new ManualTime(), RequestMetrics.NONE, 100, identity, handlers);
    }

    private PipelineTestContext(ManualTime time, RequestMetrics metrics, int maxInFlight,
            java.util.function.Supplier<NodeIdentity> identity, ApiHandler... handlers) {
        registry = new HandlerRegistry();
        for (ApiHandler handler : handlers) {
            registry.register(handler);
        }
        registry.register(identity == null
                ? new ApiVersionsHandler(registry) : new ApiVersionsHandler(registry, identity)).freeze();
        channel = new EmbeddedChannel(new ConnectionInitializer(Endpoint.plaintext("localhost", 0), registry,
                MAX_REQUEST_BYTES, maxInFlight, MAX_IDLE, time, metrics));
    }

    public PipelineTestContext(ApiHandler... handlers) {
        this(100, handlers);
    }

    public void send(ApiKeys key, short version, int correlationId, ApiMessage body) {
        sendBytes(KafkaWire.request(key, version, correlationId, body));
    }

    public void sendBytes(byte[] bytes) {
        channel.writeInbound(KafkaWire.buf(bytes));
        channel.runPendingTasks();
    }

    /** Every response frame written since the last call. */
    public List<ByteBuffer> responses() {
        channel.runPendingTasks();
        received.addAll(KafkaWire.frames(KafkaWire.drainOutbound(channel)));
        List<ByteBuffer> result = List.copyOf(received);
        received.clear();
        return result;
    }

    public List<Integer> correlationIds() {
        return responses().stream().map(KafkaWire::correlationId).toList();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
