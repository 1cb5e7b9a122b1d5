package io.tributary.codec;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Record-level timestamp search inside one v2 batch, for ListOffsets: decodes the batch (and
 * decompresses it when needed) and walks its records, skipping keys and values.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class RecordTimestamps {
    private RecordTimestamps() {}

    /** A record's offset and timestamp. */
    public record Found(long offset, long timestamp) {}

    /**
     * The first record of the batch at {@code batch}'s position whose timestamp is at or after
     * {@code target}. Under LogAppendTime every record carries the batch's max timestamp.
     */
    public static Optional<Found> firstAtOrAfter(ByteBuffer batch, long target) {
        DefaultRecordBatch b = (DefaultRecordBatch) MemoryRecords.readableRecords(batch.slice()).firstBatch();
        if (b == null || b.maxTimestamp() < target) {
            return Optional.empty();
        }
        try (CloseableIterator<Record> it = b.skipKeyValueIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                Record r = it.next();
                if (r.timestamp() >= target) {
                    return Optional.of(new Found(r.offset(), r.timestamp()));
                }
            }
        }
        return Optional.empty();
    }
}
