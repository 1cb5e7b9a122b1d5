package io.tributary.storage;

import io.tributary.codec.BatchRecompressor;
import io.tributary.codec.BatchValidator;
import io.tributary.codec.ValidatedBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;

/**
 * The checks of an append as leader that need no log state, made before the log's lock is taken:
 * the v2 batches are whole and sound (CRC, sizes; for client appends also Kafka's client rules),
 * every record has a key when the log is compacted (client appends), the batches are recompressed
 * when {@code compression.type} asks for it, and they fit in one segment.
 *
 * <p>Stateless.
 */
final class AppendValidator {

    private AppendValidator() {}

    /**
     * The validated batches of {@code records}, recompressed if {@code config} asks for it.
     *
     * @throws org.apache.kafka.common.errors.ApiException subclasses naming what was wrong
     *     (CorruptRecordException, InvalidRecordException, RecordTooLargeException,
     *     RecordBatchTooLargeException, UnsupportedForMessageFormatException)
     */
    static ValidatedBatches validate(ByteBuffer records, LogConfig config, AppendOrigin origin, Path dir) {
        boolean client = origin == AppendOrigin.CLIENT;
        ValidatedBatches batches = BatchValidator.validate(records, config.maxMessageBytes(), client);
        if (config.compact() && client) {
            BatchValidator.requireKeys(batches);
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
}
