package io.tributary.network.codec;

import java.nio.ByteBuffer;

/**
 * One complete request frame without its size prefix, copied onto the heap. Kafka's parser reads
 * it directly and produce records keep slices of it, so the buffer must not be reused.
 *
 * @param payload header and body of one request, position 0, limit = frame size
 * @param receivedNanos monotonic time in nanoseconds when the last byte of the frame was read
 */
public record Frame(ByteBuffer payload, long receivedNanos) {}
