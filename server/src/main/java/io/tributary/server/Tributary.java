package io.tributary.server;

import io.tributary.server.config.ServerConfig;

/**
 * A running Tributary node: broker, metadata quorum and their listeners, in this process.
 * (Wiring in progress.)
 */
public final class Tributary implements AutoCloseable {

    /** Starts a node with {@code config}; returns once every listener accepts connections. */
    public static Tributary start(ServerConfig config) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** host:port of the first listener, for clients' bootstrap.servers. */
    public String bootstrapServers() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitShutdown() throws InterruptedException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Clean shutdown: stop listeners, flush logs, write checkpoints and the clean-shutdown marker. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
