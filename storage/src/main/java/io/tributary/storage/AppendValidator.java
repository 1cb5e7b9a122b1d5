package io.tributary.storage;

import io.tributary.codec.BatchInfo;
import io.tributary.codec.BatchRecompressor;
import io.tributary.codec.BatchValidator;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The checks of an append as leader that need no log state, made before the log's lock is taken:
 * the v2 batches are whole and sound (CRC, sizes, records; for client appends also Kafka's client
 * rules), every record has a key when the log is compacted (its {@code cleanup.policy} at the time
 * of the append; a batch with records without one is refused whole, naming them) and, under
 * CreateTime, a timestamp within
 * {@code message.timestamp.before.max.ms} / {@code after.max.ms} of now (client appends), the
 * batches are recompressed when {@code compression.type} asks for it, and they fit in one segment.
 *
 * <p>{@link #validateReplicated} makes the checks of a follower's append, which keeps the batches
 * as they are.
 *
 * <p>Stateless.
 */
final class AppendValidator {

    private AppendValidator() {}

    /**
     * The validated batches of {@code records}, recompressed if {@code config} asks for it.
     *
     * @throws org.apache.kafka.common.errors.ApiException subclasses naming what was wrong
     *     (CorruptRecordException, InvalidRecordException, RejectedRecordsException,
     *     RecordTooLargeException, RecordBatchTooLargeException, UnsupportedForMessageFormatException)
     */
    static ValidatedBatches validate(ByteBuffer records, LogConfig config, AppendOrigin origin, Path dir,
            long nowMs) {
        boolean client = origin == AppendOrigin.CLIENT;
        String compacted = config.compact() && client ? dir.getFileName().toString() : null;
        ValidatedBatches batches = BatchValidator.validate(records, config.maxMessageBytes(), client, compacted);
        if (client && config.timestampType() == TimestampType.CREATE_TIME) {
            checkTimestamps(batches, config, nowMs);
        }
        ByteBuffer recompressed = BatchRecompressor.recompress(batches, config.compressionType());
        if (recompressed != null) {
            batches = BatchValidator.validate(recompressed, config.maxMessageBytes(), client);
        }
        if (batches.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Message batch size is " + batches.sizeInBytes()
                    + " bytes in append to " + dir.getFileName()
                    + ", which exceeds the maximum configured segment size of " + config.segmentBytes() + ".");
        }
        return batches;
    }

    /** Every record timestamp (but NO_TIMESTAMP) within [now - before.max.ms, now + after.max.ms]. */
    private static void checkTimestamps(ValidatedBatches batches, LogConfig config, long nowMs) {
        long before = config.messageTimestampBeforeMaxMs();
        long after = config.messageTimestampAfterMaxMs();
        long earliest = nowMs - before; // nowMs >= 0 and before >= 0: no overflow
        long latest = after > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + after;
        for (BatchInfo b : batches.batches()) {
            long min = b.minTimestamp();
            long max = b.maxTimestamp();
            boolean early = min != RecordBatchHeader.NO_TIMESTAMP && min < earliest;
            if (early || max > latest) {
                throw new InvalidTimestampException("Timestamp " + (early ? min : max) + " of a record in the batch "
                        + "is out of range. The timestamp should be within [" + earliest + ", " + latest + "]");
            }
        }
    }

    /**
     * The checks of a follower's append, which keeps the batches as the leader wrote them
     * (Kafka's {@code analyzeAndValidateRecords} for replication): every batch is whole, magic v2,
     * its CRC valid and its offset range sound, each starts after the previous one ends, and
     * together they fit in one segment. Records are not walked: the leader did that, and the CRC
     * proves they are the bytes it validated.
     *
     * @throws CorruptRecordException a torn batch, a length that does not fit or a bad CRC
     * @throws InvalidRecordException not magic v2, or offsets that do not increase
     * @throws RecordBatchTooLargeException more than {@code segment.bytes} in all
     */
    static ValidatedBatches validateReplicated(ByteBuffer records, LogConfig config, Path dir) {
        ByteBuffer buf = records.order() == ByteOrder.BIG_ENDIAN
                ? records : records.duplicate().order(ByteOrder.BIG_ENDIAN);
        List<BatchInfo> batches = new ArrayList<>(1);
        int pos = buf.position();
        int recordCount = 0;
        long nextOffset = Long.MIN_VALUE;
        if (pos == buf.limit()) {
            throw new InvalidRecordException("An append must hold at least one record batch");
        }
        while (pos < buf.limit()) {
            int size = replicatedBatchSize(buf, pos);
            long base = RecordBatchHeader.baseOffset(buf, pos);
            int delta = RecordBatchHeader.lastOffsetDelta(buf, pos);
            if (delta < 0 || base < nextOffset || base < 0 || base > Long.MAX_VALUE - delta - 1) {
                throw new InvalidRecordException("Out of order offsets in the replicated append to "
                        + dir.getFileName() + ": a batch spans [" + base + ", " + (base + delta) + "] but offset "
                        + nextOffset + " or later was expected");
            }
            nextOffset = base + delta + 1;
            int count = Math.max(0, RecordBatchHeader.recordCount(buf, pos));
            recordCount += count;
            batches.add(new BatchInfo(pos, size, count, RecordBatchHeader.maxTimestamp(buf, pos), Long.MAX_VALUE,
                    RecordBatchHeader.producerId(buf, pos),
                    RecordBatchHeader.producerEpoch(buf, pos), RecordBatchHeader.baseSequence(buf, pos),
                    RecordBatchHeader.lastSequence(buf, pos), RecordBatchHeader.isTransactional(buf, pos),
                    RecordBatchHeader.isControl(buf, pos), RecordBatchHeader.compressionId(buf, pos) != 0));
            pos += size;
        }
        int total = pos - buf.position();
        if (total > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Replicated batches of " + total + " bytes in append to "
                    + dir.getFileName() + " exceed the maximum configured segment size of " + config.segmentBytes());
        }
        return new ValidatedBatches(buf, List.copyOf(batches), recordCount, total);
    }

    /** The size of the whole, sound v2 batch at {@code pos}. */
    private static int replicatedBatchSize(ByteBuffer buf, int pos) {
        int remaining = buf.limit() - pos;
        if (remaining < RecordBatchHeader.HEADER_SIZE) {
            throw new CorruptRecordException("Truncated record batch: only " + remaining + " bytes remain");
        }
        if (RecordBatchHeader.magic(buf, pos) != RecordBatchHeader.MAGIC_V2) {
            throw new InvalidRecordException("Only record batches with magic version 2 are accepted, found magic "
                    + RecordBatchHeader.magic(buf, pos));
        }
        int length = RecordBatchHeader.batchLength(buf, pos);
        if (length < RecordBatchHeader.HEADER_SIZE - RecordBatchHeader.LOG_OVERHEAD
                || length > remaining - RecordBatchHeader.LOG_OVERHEAD) {
            throw new CorruptRecordException("Record batch length " + length + " does not fit the "
                    + (remaining - RecordBatchHeader.LOG_OVERHEAD) + " bytes that follow its header");
        }
        int size = length + RecordBatchHeader.LOG_OVERHEAD;
        if (!RecordBatchHeader.isCrcValid(buf, pos, size)) {
            throw new CorruptRecordException("Record is corrupt (stored crc = " + RecordBatchHeader.storedCrc(buf, pos)
                    + ", computed crc = " + RecordBatchHeader.computeCrc(buf, pos, size) + ")");
        }
        return size;
    }
}
