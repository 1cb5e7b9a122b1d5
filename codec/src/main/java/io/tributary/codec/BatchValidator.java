package io.tributary.codec;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;
import static io.tributary.codec.RecordBatchHeader.LOG_OVERHEAD;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Validates the v2 record batches of an append the way Apache Kafka's leader does (its
 * {@code LogValidator} and the checks in {@code UnifiedLog.analyzeAndValidateRecords}), without
 * changing them.
 *
 * <p>Every batch is checked from its header fields and its CRC, and its records are walked, to
 * check their count, lengths and offset deltas and to learn their largest timestamp: an
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
            BatchInfo info = validateOne(buf, pos, end - pos, maxBatchBytes, fromClient);
            batches.add(info);
            recordCount += info.recordCount();
            pos += info.sizeInBytes();
        }
        return new ValidatedBatches(buf, batches, recordCount, end - buf.position());
    }

    /**
     * Kafka's rule for compacted topics: every record of the (validated) data batches has a key.
     *
     * @throws InvalidRecordException naming the first record without a key
     */
    public static void requireKeys(ValidatedBatches batches) {
        ByteBuffer buf = batches.buffer();
        for (BatchInfo b : batches.batches()) {
            if (b.control()) {
                continue;
            }
            DefaultRecordBatch batch = (DefaultRecordBatch) MemoryRecords.readableRecords(
                    buf.slice(b.position(), b.sizeInBytes())).firstBatch();
            try (CloseableIterator<Record> it = batch.streamingIterator(BUFFERS.get())) {
                int index = 0;
                while (it.hasNext()) {
                    if (!it.next().hasKey()) {
                        throw new InvalidRecordException("Compacted topic cannot accept message without key in "
                                + "topic partition; record " + index + " of the batch has none.");
                    }
                    index++;
                }
            }
        }
    }

    private static BatchInfo validateOne(ByteBuffer buf, int pos, int remaining, int maxBatchBytes,
            boolean fromClient) {
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
        return checkContents(buf, pos, size, fromClient);
    }

    private static BatchInfo checkContents(ByteBuffer buf, int pos, int size, boolean fromClient) {
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
        UncompressedRecords.Timestamps ts = compression == 0
                ? UncompressedRecords.timestamps(buf, pos, size, count)
                : walkCompressedRecords(buf, pos, size, baseOffset, count);
        return new BatchInfo(pos, size, count, ts.max(), ts.min(), producerId,
                RecordBatchHeader.producerEpoch(buf, pos), baseSequence,
                RecordBatchHeader.lastSequence(buf, pos), RecordBatchHeader.isTransactional(buf, pos),
                control, compression != 0);
    }

    /** Decompresses and walks the records; returns their smallest and largest timestamps. */
    private static UncompressedRecords.Timestamps walkCompressedRecords(ByteBuffer buf, int pos, int size,
            long baseOffset, int count) {
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
}
