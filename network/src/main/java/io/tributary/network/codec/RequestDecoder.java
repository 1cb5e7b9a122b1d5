package io.tributary.network.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tributary.network.api.ApiHandler;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Frame} into an {@link InboundRequest}: parses the header ({@link
 * RequestHeaderParser}), picks the handler and parses the body with kafka-clients' generated
 * classes. Follows Apache Kafka's broker:
 *
 * <ul>
 *   <li>a header that does not parse (including an unknown api key) closes the connection;
 *   <li>an api key without a handler, or a version outside the handler's range, closes the
 *       connection, except ApiVersions: an ApiVersions request of a version the handler does not
 *       serve becomes a bodyless v0 request flagged as unsupported (KIP-511), so the handler answers
 *       UNSUPPORTED_VERSION with its own range and the client can retry lower;
 *   <li>a body that does not parse closes the connection.
 * </ul>
 *
 * <p>A frame that yields no request is released here; otherwise its release passes to the {@link
 * InboundRequest}.
 *
 * <p>Thread-safety: one instance per channel, used only on that channel's event loop.
 */
public final class RequestDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestDecoder.class);
    private static final AtomicLong CONNECTION_COUNTER = new AtomicLong();

    private final HandlerRegistry registry;
    private final String listenerName;
    private final SecurityProtocol securityProtocol;
    private final RequestHeaderParser headers = new RequestHeaderParser();
    private String connectionId;
    private InetAddress clientAddress;
    private boolean closing;

    public RequestDecoder(HandlerRegistry registry, String listenerName, SecurityProtocol securityProtocol) {
        this.registry = registry;
        this.listenerName = listenerName;
        this.securityProtocol = securityProtocol;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            frame.release();
            return;
        }
        InboundRequest request;
        try {
            request = decode(ctx, frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        if (request == null) {
            frame.release();
            closing = true;
            ctx.close();
        } else {
            ctx.fireChannelRead(request);
        }
    }

    /** Returns the decoded request, or null when the connection must be closed. */
    private InboundRequest decode(ChannelHandlerContext ctx, Frame frame) {
        ByteBuffer buffer = frame.payload();
        RequestHeader header;
        try {
            header = headers.parse(buffer);
        } catch (RuntimeException e) {
            log.info("Closing connection {}: unparseable request header: {}", describe(ctx), e.getMessage());
            return null;
        }
        ApiKeys apiKey = header.apiKey();
        short version = header.apiVersion();
        Optional<ApiHandler> handler = registry.lookup(apiKey);
        if (handler.isEmpty()) {
            log.info("Closing connection {}: no handler for api key {}", describe(ctx), apiKey);
            return null;
        }
        boolean supported = version >= handler.get().minVersion() && version <= handler.get().maxVersion();
        AbstractRequest body;
        if (!supported && apiKey == ApiKeys.API_VERSIONS) {
            body = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version);
        } else if (!supported) {
            log.info("Closing connection {}: api key {} version {} is not enabled", describe(ctx), apiKey, version);
            return null;
        } else {
            try {
                body = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(buffer)).request;
            } catch (RuntimeException e) {
                log.info("Closing connection {}: malformed {} v{} request: {}",
                        describe(ctx), apiKey, version, e.toString());
                return null;
            }
        }
        return new InboundRequest(context(ctx, header, frame.receivedNanos()), body, handler.get(), frame);
    }

    private RequestContext context(ChannelHandlerContext ctx, RequestHeader header, long receivedNanos) {
        if (connectionId == null) {
            connectionId = describe(ctx) + "-" + CONNECTION_COUNTER.incrementAndGet();
            clientAddress = addressOf(ctx.channel().remoteAddress());
        }
        return new RequestContext(header, listenerName, securityProtocol, clientAddress, connectionId, receivedNanos);
    }

    private static String describe(ChannelHandlerContext ctx) {
        return ctx.channel().localAddress() + "-" + ctx.channel().remoteAddress();
    }

    /** The peer's IP address; loopback for channels without one (embedded channels in tests). */
    private static InetAddress addressOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}
