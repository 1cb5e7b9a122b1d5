package io.tributary.broker.replica.fetcher;

/**
 * How followers fetch, with Apache Kafka's names and defaults.
 *
 * @param maxWaitMs {@code replica.fetch.wait.max.ms}: how long a leader holds a follower's fetch
 *     with no new data
 * @param minBytes {@code replica.fetch.min.bytes}
 * @param partitionMaxBytes {@code replica.fetch.max.bytes}: per partition, one batch at least
 * @param responseMaxBytes {@code replica.fetch.response.max.bytes}
 * @param backoffMs {@code replica.fetch.backoff.ms}: the pause after an error
 * @param socketTimeoutMs {@code replica.socket.timeout.ms}
 * @param listener the listener to reach leaders on ({@code inter.broker.listener.name}), null for
 *     PLAINTEXT or else the leader's first
 */
public record FetcherSettings(int maxWaitMs, int minBytes, int partitionMaxBytes, int responseMaxBytes,
        long backoffMs, int socketTimeoutMs, String listener) {

    public static final FetcherSettings DEFAULTS =
            new FetcherSettings(500, 1, 1_048_576, 10_485_760, 1_000L, 30_000, null);

    public FetcherSettings {
        if (socketTimeoutMs <= maxWaitMs) {
            throw new IllegalArgumentException("replica.socket.timeout.ms (" + socketTimeoutMs
                    + ") must be larger than replica.fetch.wait.max.ms (" + maxWaitMs + ")");
        }
    }
}
