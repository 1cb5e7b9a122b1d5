package io.tributary.broker;

/**
 * Receives the broker's traffic per topic, so a metrics library can count it without the broker
 * depending on one. Called on Netty event loops (and the timer thread for delayed fetches):
 * implementations must be thread-safe, cheap and non-blocking.
 */
public interface BrokerMetrics {

    /** Records nothing. */
    BrokerMetrics NONE = new BrokerMetrics() {
        @Override
        public void recordsIn(String topic, long records, long bytes) {}

        @Override
        public void recordsOut(String topic, long records, long bytes) {}
    };

    /** A produce request appended {@code records} records in {@code bytes} bytes of batches to {@code topic}. */
    void recordsIn(String topic, long records, long bytes);

    /** A fetch response carries {@code records} records in {@code bytes} bytes of batches of {@code topic}. */
    void recordsOut(String topic, long records, long bytes);
}
