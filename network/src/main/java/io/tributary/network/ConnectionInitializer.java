package io.tributary.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestMetrics;
import io.tributary.network.codec.FrameDecoder;
import io.tributary.network.codec.RequestDecoder;
import io.tributary.network.codec.ResponseEncoder;
import io.tributary.network.dispatch.RequestDispatcher;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;

/**
 * Builds the pipeline of one Kafka connection:
 *
 * <pre>
 *   inbound:  FlushConsolidationHandler -> FrameDecoder -> RequestDecoder -> RequestDispatcher
 *   outbound: RequestDispatcher -> ResponseEncoder -> FlushConsolidationHandler -> socket
 * </pre>
 *
 * <p>With an idle limit, an {@code IdleStateHandler} goes first; the dispatcher closes the
 * connection on its event unless a request still awaits its response.
 *
 * <p>Flush consolidation batches the flushes of responses completed while a read is in progress
 * (pipelined requests answered synchronously) into one flush at the end of the read; responses
 * completed outside a read are flushed at once.
 *
 * <p>Thread-safety: sharable; each call creates fresh per-channel handlers.
 */
public final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final Endpoint endpoint;
    private final HandlerRegistry registry;
    private final int maxRequestBytes;
    private final int maxInFlight;
    private final Duration maxIdle;
    private final Time time;
    private final RequestMetrics metrics;

    public ConnectionInitializer(Endpoint endpoint, HandlerRegistry registry, NetworkConfig config, Time time) {
        this(endpoint, registry, config, time, RequestMetrics.NONE);
    }

    public ConnectionInitializer(Endpoint endpoint, HandlerRegistry registry, NetworkConfig config, Time time,
            RequestMetrics metrics) {
        this(endpoint, registry, config.maxRequestBytes(), config.maxInFlightPerConnection(),
                config.connectionsMaxIdle(), time, metrics);
    }

    public ConnectionInitializer(Endpoint endpoint, HandlerRegistry registry, int maxRequestBytes, int maxInFlight,
            Duration maxIdle, Time time) {
        this(endpoint, registry, maxRequestBytes, maxInFlight, maxIdle, time, RequestMetrics.NONE);
    }

    public ConnectionInitializer(Endpoint endpoint, HandlerRegistry registry, int maxRequestBytes, int maxInFlight,
            Duration maxIdle, Time time, RequestMetrics metrics) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.registry = registry;
        this.maxRequestBytes = maxRequestBytes;
        this.maxInFlight = maxInFlight;
        this.maxIdle = maxIdle;
        this.time = time;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (!maxIdle.isZero()) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, maxIdle.toMillis(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("flushConsolidation", new FlushConsolidationHandler());
        pipeline.addLast("frameDecoder", new FrameDecoder(maxRequestBytes, time));
        pipeline.addLast("responseEncoder", ResponseEncoder.INSTANCE);
        pipeline.addLast("requestDecoder",
                new RequestDecoder(registry, endpoint.listenerName(), endpoint.securityProtocol()));
        pipeline.addLast("dispatcher", new RequestDispatcher(maxInFlight, metrics, time));
    }
}
