package io.tributary.network;

import io.tributary.network.codec.FrameDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the {@link NetworkServer}. Immutable; build with {@link #builder()}.
 *
 * @param endpoints the listeners to bind, at least one, names unique
 * @param acceptorThreads threads accepting connections (Netty boss group)
 * @param networkThreads threads doing socket I/O, framing and dispatch (Netty worker group);
 *     Kafka's {@code num.network.threads}
 * @param maxRequestBytes Kafka's {@code socket.request.max.bytes}: a larger frame closes the
 *     connection before it is read
 * @param maxInFlightPerConnection a connection stops being read while this many of its requests
 *     await their response
 * @param connectionsMaxIdle Kafka's {@code connections.max.idle.ms}: a connection with no
 *     traffic and no request awaiting its response for this long is closed; zero disables
 * @param shutdownTimeout upper bound for {@link NetworkServer#close()}
 * @param preferNativeTransport use epoll when available (NIO otherwise)
 * @param socketSendBufferBytes Kafka's {@code socket.send.buffer.bytes}: SO_SNDBUF of each
 *     connection; zero or less keeps the operating system's default (which autotunes)
 * @param socketReceiveBufferBytes Kafka's {@code socket.receive.buffer.bytes}: SO_RCVBUF of each
 *     connection; zero or less keeps the operating system's default (which autotunes)
 */
public record NetworkConfig(
        List<Endpoint> endpoints,
        int acceptorThreads,
        int networkThreads,
        int maxRequestBytes,
        int maxInFlightPerConnection,
        Duration connectionsMaxIdle,
        Duration shutdownTimeout,
        boolean preferNativeTransport,
        int socketSendBufferBytes,
        int socketReceiveBufferBytes) {

    public NetworkConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is required");
        }
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : endpoints) {
            if (!names.add(endpoint.listenerName())) {
                throw new IllegalArgumentException("duplicate listener name " + endpoint.listenerName());
            }
        }
        requirePositive(acceptorThreads, "acceptorThreads");
        requirePositive(networkThreads, "networkThreads");
        requirePositive(maxRequestBytes, "maxRequestBytes");
        requirePositive(maxInFlightPerConnection, "maxInFlightPerConnection");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (connectionsMaxIdle.isNegative()) {
            throw new IllegalArgumentException("connectionsMaxIdle must not be negative: " + connectionsMaxIdle);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds a {@link NetworkConfig}; every setting but the endpoints has a default. */
    public static final class Builder {
        private final List<Endpoint> endpoints = new ArrayList<>();
        private int acceptorThreads = 1;
        private int networkThreads = Math.max(3, Runtime.getRuntime().availableProcessors());
        private int maxRequestBytes = FrameDecoder.DEFAULT_MAX_FRAME_BYTES;
        private int maxInFlightPerConnection = 100;
        private Duration connectionsMaxIdle = Duration.ofMinutes(10);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private boolean preferNativeTransport = true;
        private int socketSendBufferBytes = -1;
        private int socketReceiveBufferBytes = -1;

        private Builder() {}

        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(endpoint);
            return this;
        }

        public Builder acceptorThreads(int threads) {
            this.acceptorThreads = threads;
            return this;
        }

        public Builder networkThreads(int threads) {
            this.networkThreads = threads;
            return this;
        }

        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        public Builder maxInFlightPerConnection(int requests) {
            this.maxInFlightPerConnection = requests;
            return this;
        }

        public Builder connectionsMaxIdle(Duration maxIdle) {
            this.connectionsMaxIdle = maxIdle;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        public Builder preferNativeTransport(boolean preferNative) {
            this.preferNativeTransport = preferNative;
            return this;
        }

        /** SO_SNDBUF of each connection; zero or less keeps the operating system's default. */
        public Builder socketSendBufferBytes(int bytes) {
            this.socketSendBufferBytes = bytes;
            return this;
        }

        /** SO_RCVBUF of each connection; zero or less keeps the operating system's default. */
        public Builder socketReceiveBufferBytes(int bytes) {
            this.socketReceiveBufferBytes = bytes;
            return this;
        }

        public NetworkConfig build() {
            return new NetworkConfig(endpoints, acceptorThreads, networkThreads, maxRequestBytes,
                    maxInFlightPerConnection, connectionsMaxIdle, shutdownTimeout, preferNativeTransport,
                    socketSendBufferBytes, socketReceiveBufferBytes);
        }
    }
}
