package io.tributary.codec;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;
import static io.tributary.codec.RecordBatchHeader.LOG_OVERHEAD;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.requests.ProduceResponse.RecordError;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Validates the v2 record batches of an append the way Apache Kafka's leader does (its
 * {@code LogValidator} and the checks in {@code UnifiedLog.analyzeAndValidateRecords}), without
 * changing them.
 *
 * <p>Every batch is checked from its header fields and its CRC, and its records are walked, to
 * check their count, lengths and offset deltas, to learn their largest timestamp and, for a
 * compacted topic, to find records without a key: an
 * uncompressed batch in place, without allocating ({@link UncompressedRecords}), a compressed one
 * after decompression.
 *
 * <p>Thread-safety: stateless apart from a per-thread decompression buffer cache; safe for
 * concurrent use.
 */
public final class BatchValidator {
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private BatchValidator() {}

    /**
     * Validates every batch in {@code records} between its position and limit.
     *
     * @param maxBatchBytes {@code max.message.bytes}: the largest batch accepted
     * @param fromClient true for a producer's append: base offsets must be 0 and control batches
     *     are refused, as Kafka refuses them from clients; false for the broker's own appends
     *     (transaction markers from the coordinator)
     * @throws CorruptRecordException a truncated batch, a length that does not fit, a bad CRC or
     *     undecodable records
     * @throws InvalidRecordException a batch that is well formed but not acceptable (not magic v2,
     *     no records, inconsistent counts, a non-zero base offset from a client, ...)
     * @throws RecordTooLargeException a batch larger than {@code maxBatchBytes}
     */
    public static ValidatedBatches validate(ByteBuffer records, int maxBatchBytes, boolean fromClient) {
        return validate(records, maxBatchBytes, fromClient, null);
    }

    /**
     * As {@link #validate(ByteBuffer, int, boolean)}, and, when {@code compactedPartition} is not
     * null, Kafka's rule for compacted topics: every record of a data batch has a key. The walk of
     * the records (compressed ones decompressed) finds them; a batch with records without a key is
     * refused as a whole, naming each of them.
     *
     * @param compactedPartition the name ({@code topic-partition}) of the compacted partition
     *     appended to, for the record errors; null when keys are not required
     * @throws RejectedRecordsException the first batch holding records without a key, with the
     *     index of each of them
     */
    public static ValidatedBatches validate(ByteBuffer records, int maxBatchBytes, boolean fromClient,
            String compactedPartition) {
        ByteBuffer buf = records.order() == ByteOrder.BIG_ENDIAN
                ? records : records.duplicate().order(ByteOrder.BIG_ENDIAN);
        int pos = buf.position();
        int end = buf.limit();
        if (pos == end) {
            throw new InvalidRecordException("An append must hold at least one record batch");
        }
        List<BatchInfo> batches = new ArrayList<>(1);
        int recordCount = 0;
        while (pos < end) {
            BatchInfo info = validateOne(buf, pos, end - pos, maxBatchBytes, fromClient, compactedPartition);
            batches.add(info);
            recordCount += info.recordCount();
            pos += info.sizeInBytes();
        }
        return new ValidatedBatches(buf, batches, recordCount, end - buf.position());
    }

    private static BatchInfo validateOne(ByteBuffer buf, int pos, int remaining, int maxBatchBytes,
            boolean fromClient, String compactedPartition) {
        if (remaining < LOG_OVERHEAD + 5) {
            throw new CorruptRecordException("Truncated record batch: only " + remaining + " bytes remain");
        }
        byte magic = RecordBatchHeader.magic(buf, pos);
        if (magic < 0 || magic > RecordBatchHeader.MAGIC_V2) {
            throw new CorruptRecordException("Invalid magic found in record batch: " + magic);
        }
        if (magic != RecordBatchHeader.MAGIC_V2) {
            throw new InvalidRecordException(
                    "Only record batches with magic version 2 are accepted, found magic " + magic);
        }
        int length = RecordBatchHeader.batchLength(buf, pos);
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("Record batch length " + length
                    + " is smaller than the minimum v2 batch overhead " + (HEADER_SIZE - LOG_OVERHEAD));
        }
        if (length > remaining - LOG_OVERHEAD) {
            throw new CorruptRecordException("Truncated record batch: length " + length + " but only "
                    + (remaining - LOG_OVERHEAD) + " bytes follow");
        }
        int size = length + LOG_OVERHEAD;
        if (size > maxBatchBytes) {
            throw new RecordTooLargeException("The record batch size is " + size
                    + " bytes which exceeds the maximum configured value of " + maxBatchBytes + ".");
        }
        if (!RecordBatchHeader.isCrcValid(buf, pos, size)) {
            throw new CorruptRecordException("Record is corrupt (stored crc = "
                    + RecordBatchHeader.storedCrc(buf, pos) + ", computed crc = "
                    + RecordBatchHeader.computeCrc(buf, pos, size) + ")");
        }
        return checkContents(buf, pos, size, fromClient, compactedPartition);
    }

    private static BatchInfo checkContents(ByteBuffer buf, int pos, int size, boolean fromClient,
            String compactedPartition) {
        long baseOffset = RecordBatchHeader.baseOffset(buf, pos);
        if (fromClient && baseOffset != 0) {
            throw new InvalidRecordException(
                    "The baseOffset of the record batch in the append should be 0, but it is " + baseOffset);
        }
        long countFromOffsets = (long) RecordBatchHeader.lastOffsetDelta(buf, pos) + 1;
        if (countFromOffsets <= 0) {
            throw new InvalidRecordException("Batch has an invalid offset range: last offset delta "
                    + RecordBatchHeader.lastOffsetDelta(buf, pos));
        }
        int count = RecordBatchHeader.recordCount(buf, pos);
        if (count <= 0) {
            throw new InvalidRecordException("Invalid reported count for record batch: " + count);
        }
        if (countFromOffsets != count) {
            throw new InvalidRecordException("Inconsistent batch offset range (last offset delta "
                    + (countFromOffsets - 1) + ") and record count " + count);
        }
        boolean control = RecordBatchHeader.isControl(buf, pos);
        if (fromClient && control) {
            throw new InvalidRecordException("Clients are not allowed to write control records");
        }
        long producerId = RecordBatchHeader.producerId(buf, pos);
        int baseSequence = RecordBatchHeader.baseSequence(buf, pos);
        if (fromClient && producerId >= 0 && baseSequence < 0) {
            throw new InvalidRecordException(
                    "Invalid sequence number " + baseSequence + " in record batch with producerId " + producerId);
        }
        int compression = RecordBatchHeader.compressionId(buf, pos);
        if (compression > 4) {
            throw new InvalidRecordException("Unknown compression type id " + compression);
        }
        KeylessRecords keyless = compactedPartition == null || control ? null : new KeylessRecords(compactedPartition);
        UncompressedRecords.Timestamps ts = compression == 0
                ? UncompressedRecords.timestamps(buf, pos, size, count, keyless)
                : walkCompressedRecords(buf, pos, size, baseOffset, count, keyless);
        if (keyless != null && !keyless.errors.isEmpty()) {
            throw new RejectedRecordsException(keyless.errors);
        }
        return new BatchInfo(pos, size, count, ts.max(), ts.min(), producerId,
                RecordBatchHeader.producerEpoch(buf, pos), baseSequence,
                RecordBatchHeader.lastSequence(buf, pos), RecordBatchHeader.isTransactional(buf, pos),
                control, compression != 0);
    }

    /**
     * Decompresses and walks the records; returns their smallest and largest timestamps and passes
     * the index of each record without a key to {@code keyless} (unless null).
     */
    private static UncompressedRecords.Timestamps walkCompressedRecords(ByteBuffer buf, int pos, int size,
            long baseOffset, int count, IntConsumer keyless) {
        DefaultRecordBatch batch =
                (DefaultRecordBatch) MemoryRecords.readableRecords(buf.slice(pos, size)).firstBatch();
        long maxTimestamp = RecordBatchHeader.NO_TIMESTAMP;
        long minTimestamp = Long.MAX_VALUE;
        int seen = 0;
        try (CloseableIterator<Record> it = batch.skipKeyValueIterator(BUFFERS.get())) {
            while (it.hasNext()) {
                Record record = it.next();
                if (record.offset() != baseOffset + seen) {
                    throw new InvalidRecordException("Inner record " + seen + " has offset delta "
                            + (record.offset() - baseOffset) + " but " + seen + " was expected");
                }
                if (keyless != null && !record.hasKey()) {
                    keyless.accept(seen);
                }
                maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                if (record.timestamp() != RecordBatchHeader.NO_TIMESTAMP) {
                    minTimestamp = Math.min(minTimestamp, record.timestamp());
                }
                seen++;
            }
        } catch (InvalidRecordException | CorruptRecordException e) {
            throw e;
        } catch (KafkaException | IllegalArgumentException | IllegalStateException
                | java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new CorruptRecordException("Compressed record batch could not be decoded: " + e.getMessage(), e);
        }
        if (seen != count) {
            throw new InvalidRecordException("Record batch declares " + count + " records but holds " + seen);
        }
        return new UncompressedRecords.Timestamps(minTimestamp, maxTimestamp);
    }

    /** Collects the records of one batch that have no key, as Kafka's validator words them. */
    private static final class KeylessRecords implements IntConsumer {
        private final String partition;
        private final List<RecordError> errors = new ArrayList<>(0);

        KeylessRecords(String partition) {
            this.partition = partition;
        }

        @Override
        public void accept(int index) {
            errors.add(new RecordError(index,
                    "Compacted topic cannot accept message without key in topic partition " + partition));
        }
    }
}
