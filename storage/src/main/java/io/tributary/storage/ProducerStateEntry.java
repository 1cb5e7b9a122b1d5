package io.tributary.storage;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The state of one producer id: its current epoch and the metadata of its last
 * {@value #NUM_BATCHES_TO_RETAIN} batches (Apache Kafka's {@code ProducerStateEntry}).
 *
 * <p>Thread-safety: not thread-safe; owned by {@link ProducerStateManager}.
 */
final class ProducerStateEntry {
    static final int NUM_BATCHES_TO_RETAIN = 5;
    static final short NO_EPOCH = -1;

    private final long producerId;
    private short producerEpoch;
    private long lastTimestamp;
    private final ArrayDeque<BatchMetadata> batches;

    ProducerStateEntry(long producerId, short producerEpoch, long lastTimestamp, List<BatchMetadata> batches) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.lastTimestamp = lastTimestamp;
        this.batches = new ArrayDeque<>(batches);
    }

    static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(producerId, NO_EPOCH, -1L, List.of());
    }

    ProducerStateEntry copy() {
        return new ProducerStateEntry(producerId, producerEpoch, lastTimestamp, List.copyOf(batches));
    }

    long producerId() {
        return producerId;
    }

    short producerEpoch() {
        return producerEpoch;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    /** The last sequence appended in the current epoch, or -1 when none. */
    int lastSeq() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastSeq();
    }

    long lastOffset() {
        return batches.isEmpty() ? -1L : batches.peekLast().lastOffset();
    }

    /** Moves to {@code epoch}, forgetting the batches of the previous epoch; false if unchanged. */
    boolean maybeUpdateEpoch(short epoch) {
        if (epoch == producerEpoch) {
            return false;
        }
        producerEpoch = epoch;
        batches.clear();
        return true;
    }

    void addBatch(short epoch, BatchMetadata batch) {
        maybeUpdateEpoch(epoch);
        batches.addLast(batch);
        if (batches.size() > NUM_BATCHES_TO_RETAIN) {
            batches.removeFirst();
        }
        lastTimestamp = batch.timestamp();
    }

    /** A retained batch of the same epoch with exactly this sequence range. */
    Optional<BatchMetadata> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        for (BatchMetadata b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
