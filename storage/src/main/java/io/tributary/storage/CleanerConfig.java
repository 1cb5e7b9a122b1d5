package io.tributary.storage;

/**
 * The log cleaner's broker-level settings, named as Kafka's: {@code log.cleaner.enable},
 * {@code log.cleaner.threads}, {@code log.cleaner.io.max.bytes.per.second},
 * {@code log.cleaner.backoff.ms} and {@code log.cleaner.dedupe.buffer.size}. Immutable.
 */
public record CleanerConfig(boolean enabled, int threads, double ioMaxBytesPerSecond, long backoffMs,
        long dedupeBufferSize) {

    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 1, Double.MAX_VALUE, 15_000L, 128L * 1024 * 1024);
    }

    /** The most distinct keys one cleaning pass indexes (24 bytes a key, as Kafka's offset map). */
    public long maxKeys() {
        return Math.max(1, dedupeBufferSize / 24);
    }
}
