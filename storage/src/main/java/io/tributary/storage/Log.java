package io.tributary.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.utils.Time;

/**
 * One partition's log: an ordered list of segments, the last one active.
 *
 * <p>Invariants: offsets strictly increase across batches; every batch on disk passed validation
 * (CRC, sizes) before it was written; the log end offset is one past the last record's offset.
 *
 * <p>Thread-safety: appends, rolls, truncation and flushes are serialised by this log's lock;
 * reads may run concurrently with an append and see a prefix of the log.
 */
public final class Log implements Closeable {

    /**
     * Opens (and if needed recovers) the log in {@code dir}, creating the directory if it does not
     * exist.
     *
     * @param recoveryPoint offset below which data is known flushed; segments past it are scanned
     *     and a torn or corrupt tail is truncated, unless {@code cleanShutdown} is true
     */
    public static Log open(Path dir, LogConfig config, Time time, long recoveryPoint, boolean cleanShutdown)
            throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Validates and appends the v2 record batches of a produce request: assigns offsets, stamps
     * the partition leader epoch, applies LogAppendTime, and checks producer sequences.
     *
     * @throws org.apache.kafka.common.errors.ApiException subclasses naming what was wrong
     *     (CorruptRecordException, InvalidRecordException, RecordTooLargeException,
     *     RecordBatchTooLargeException, OutOfOrderSequenceException,
     *     InvalidProducerEpochException, UnsupportedForMessageFormatException,
     *     KafkaStorageException)
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Reads whole batches from {@code fetchOffset}, at most {@code maxBytes} unless {@code
     * minOneMessage} and the first batch is larger, never past {@code maxOffset} (exclusive).
     *
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when fetchOffset is below
     *     the log start offset or above the log end offset
     */
    public ReadResult read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public long logStartOffset() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public long logEndOffset() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The first record whose timestamp is at or after {@code timestamp}, if any. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The record with the largest timestamp (the earliest such on ties), if any. */
    public Optional<TimestampOffset> maxTimestampOffset() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The leader epoch of the newest batch, if the log has any. */
    public OptionalInt latestEpoch() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public LogConfig config() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Applies a new config to the live log (the active segment keeps its size; rolls use it). */
    public void updateConfig(LogConfig config) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Forces every segment's data and indexes to disk and advances the recovery point. */
    public void flush() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Flushes if {@code flush.ms} has elapsed since the last flush and there is unflushed data. */
    public void flushIfDue() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The offset up to which everything is known to be on disk. */
    public long recoveryPoint() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Rolls the active segment now, if it holds any data. */
    public void roll() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Removes every record at or after {@code offset}. */
    public void truncateTo(long offset) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public int numberOfSegments() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Bytes of all segments. */
    public long size() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Path dir() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Closes files after flushing and writing the producer state snapshot. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Closes and removes the log's directory. */
    public void delete() throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
