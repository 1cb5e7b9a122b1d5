package io.tributary.network.api;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Receives one call per answered request, so a metrics library can count requests and time them
 * without the network layer depending on it. Implementations are called on Netty event loops and
 * must be thread-safe, cheap and non-blocking.
 */
@FunctionalInterface
public interface RequestMetrics {

    /** Records nothing. */
    RequestMetrics NONE = (api, version, latencyNanos, failed) -> { };

    /**
     * A request was answered (or, for produce with acks=0, completed without an answer).
     *
     * @param api the request's API key
     * @param version the request's version
     * @param latencyNanos from the last byte of the request frame being read to the response
     *     being handed to the connection, both read from the network layer's {@code Time}
     * @param failed whether the handler threw or its stage failed (an error response was sent)
     */
    void requestCompleted(ApiKeys api, short version, long latencyNanos, boolean failed);
}
