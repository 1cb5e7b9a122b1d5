package io.tributary.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tributary.network.api.HandlerRegistry;
import io.tributary.network.api.RequestMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka-protocol socket server: binds every {@link Endpoint} of a {@link NetworkConfig} and
 * serves the handlers of a {@link HandlerRegistry} on them. Uses epoll when available, NIO
 * otherwise. If the registry has no ApiVersions handler, an {@link ApiVersionsHandler} derived from
 * it is registered (one that knows no {@link NodeIdentity}); the registry is then frozen.
 *
 * <p>Lifecycle: NEW -(start)-> RUNNING -(close)-> CLOSED; {@link #start()} once, {@link #close()}
 * any number of times (also from NEW, or after a failed start). Close stops accepting, closes all
 * connections and shuts the event loops down, waiting at most {@link
 * NetworkConfig#shutdownTimeout()} in total.
 *
 * <p>Thread-safety: lifecycle methods are synchronized; {@link #boundPort} may be called from any
 * thread once {@link #start()} returned.
 */
public final class NetworkServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkServer.class);

    /*
     * Socket reads adapt between these sizes (Netty's defaults stop at 64 KiB). A produce request
     * that arrives in one read becomes the decoder's buffer as it is, and its frame a slice of it;
     * one split across reads is first copied together. Allowing reads of up to 1 MiB lets the
     * large requests of a busy producer (batch.size 128 KiB and more) skip that copy. The buffer
     * of a read is released as soon as its frames are handled, so idle connections hold none.
     */
    private static final int MIN_READ_BYTES = 512;
    private static final int INITIAL_READ_BYTES = 16 * 1024;
    private static final int MAX_READ_BYTES = 1024 * 1024;

    private enum State { NEW, RUNNING, CLOSED }

    private final NetworkConfig config;
    private final HandlerRegistry registry;
    private final Time time;
    private final RequestMetrics metrics;
    private final boolean nativeTransport;
    private final ChannelGroup connections =
            new DefaultChannelGroup("tributary-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Channel> listeners = new LinkedHashMap<>();
    private volatile Map<String, InetSocketAddress> boundAddresses = Map.of();
    private State state = State.NEW;
    private EventLoopGroup acceptorGroup;
    private EventLoopGroup networkGroup;

    public NetworkServer(NetworkConfig config, HandlerRegistry registry) {
        this(config, registry, Time.SYSTEM);
    }

    public NetworkServer(NetworkConfig config, HandlerRegistry registry, Time time) {
        this(config, registry, time, RequestMetrics.NONE);
    }

    /** @param metrics told of every completed request, on the event loops */
    public NetworkServer(NetworkConfig config, HandlerRegistry registry, Time time, RequestMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.registry = registry;
        this.time = time;
        this.nativeTransport = config.preferNativeTransport() && Epoll.isAvailable();
        for (Endpoint endpoint : config.endpoints()) {
            if (endpoint.securityProtocol() != SecurityProtocol.PLAINTEXT) {
                throw new IllegalArgumentException("listener " + endpoint.listenerName() + ": "
                        + endpoint.securityProtocol() + " is not implemented yet, only PLAINTEXT");
            }
        }
        if (registry.lookup(ApiKeys.API_VERSIONS).isEmpty()) {
            registry.register(new ApiVersionsHandler(registry));
        }
        registry.freeze();
    }

    /** Binds all listeners. On failure everything opened so far is closed and the cause thrown. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server is " + state);
        }
        state = State.RUNNING;
        acceptorGroup = newGroup(config.acceptorThreads(), "tributary-acceptor");
        networkGroup = newGroup(config.networkThreads(), "tributary-network");
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        try {
            for (Endpoint endpoint : config.endpoints()) {
                Channel channel = bind(endpoint);
                listeners.put(endpoint.listenerName(), channel);
                bound.put(endpoint.listenerName(), (InetSocketAddress) channel.localAddress());
                log.info("Listening on {} ({}) at {} using {}", endpoint.listenerName(),
                        endpoint.securityProtocol(), channel.localAddress(), nativeTransport ? "epoll" : "NIO");
            }
        } catch (Exception e) { // Netty rethrows a BindException unchecked
            close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot bind " + config.endpoints(), io);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        boundAddresses = Map.copyOf(bound);
    }

    /** The port a listener is bound to; differs from the configured one when that was 0. */
    public int boundPort(String listenerName) {
        return boundAddress(listenerName).getPort();
    }

    public InetSocketAddress boundAddress(String listenerName) {
        InetSocketAddress address = boundAddresses.get(listenerName);
        if (address == null) {
            throw new IllegalStateException("listener " + listenerName + " is not bound");
        }
        return address;
    }

    /** Whether the epoll transport is used. */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** Currently open client connections, all listeners together. */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops accepting, closes every connection and the event loops; bounded by the shutdown timeout. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        for (Channel listener : listeners.values()) {
            listener.close().awaitUninterruptibly(remainingMillis(deadline));
        }
        listeners.clear();
        boundAddresses = Map.of();
        connections.close().awaitUninterruptibly(remainingMillis(deadline));
        shutdown(acceptorGroup, deadline);
        shutdown(networkGroup, deadline);
        log.info("Network server stopped");
    }

    private Channel bind(Endpoint endpoint) {
        InetSocketAddress address = endpoint.bindsAllInterfaces()
                ? new InetSocketAddress(endpoint.port())
                : new InetSocketAddress(endpoint.host(), endpoint.port());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, networkGroup)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(
                        MIN_READ_BYTES, INITIAL_READ_BYTES, MAX_READ_BYTES))
                .childHandler(new TrackingInitializer(
                        new ConnectionInitializer(endpoint, registry, config, time, metrics)));
        if (config.socketSendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        if (config.socketReceiveBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes());
        }
        return bootstrap.bind(address).syncUninterruptibly().channel();
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        return nativeTransport ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private EventLoopGroup newGroup(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return nativeTransport ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    private static void shutdown(EventLoopGroup group, long deadline) {
        if (group == null) {
            return;
        }
        group.shutdownGracefully(0, Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        if (!group.terminationFuture().awaitUninterruptibly(remainingMillis(deadline))) {
            log.warn("Event loop group did not terminate within the shutdown timeout");
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Registers each accepted connection with the group closed on shutdown, then builds its pipeline. */
    private final class TrackingInitializer extends ChannelInitializer<Channel> {
        private final ConnectionInitializer delegate;

        TrackingInitializer(ConnectionInitializer delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void initChannel(Channel channel) {
            connections.add(channel);
            channel.pipeline().addLast(delegate);
        }
    }
}
