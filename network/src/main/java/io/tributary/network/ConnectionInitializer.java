package io.tributary.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.codec.FrameDecoder;
import io.tributary.network.codec.RequestDecoder;
import io.tributary.network.codec.ResponseEncoder;
import io.tributary.network.dispatch.RequestDispatcher;
import org.apache.kafka.common.utils.Time;

/**
 * Builds the pipeline of one Kafka connection:
 *
 * <pre>
 *   inbound:  FlushConsolidationHandler -> FrameDecoder -> RequestDecoder -> RequestDispatcher
 *   outbound: RequestDispatcher -> ResponseEncoder -> FlushConsolidationHandler -> socket
 * </pre>
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
    private final Time time;

    public ConnectionInitializer(Endpoint endpoint, HandlerRegistry registry, int maxRequestBytes, int maxInFlight, Time time) {
        this.endpoint = endpoint;
        this.registry = registry;
        this.maxRequestBytes = maxRequestBytes;
        this.maxInFlight = maxInFlight;
        this.time = time;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("flushConsolidation", new FlushConsolidationHandler());
        pipeline.addLast("frameDecoder", new FrameDecoder(maxRequestBytes, time));
        pipeline.addLast("responseEncoder", ResponseEncoder.INSTANCE);
        pipeline.addLast("requestDecoder",
                new RequestDecoder(registry, endpoint.listenerName(), endpoint.securityProtocol()));
        pipeline.addLast("dispatcher", new RequestDispatcher(maxInFlight));
    }
}
