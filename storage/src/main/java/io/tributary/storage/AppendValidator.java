package io.tributary.storage;

import io.tributary.codec.BatchInfo;
import io.tributary.codec.BatchRecompressor;
import io.tributary.codec.BatchValidator;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
}
