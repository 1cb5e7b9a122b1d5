package io.tributary.codec;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The record-level work of log compaction, on whole v2 batches read from a segment, using
 * kafka-clients' {@code MemoryRecords.filterTo} as Kafka's cleaner does: a batch whose records
 * all survive is copied unchanged; otherwise it is rebuilt with the survivors, keeping its base
 * and last offset, producer id, epoch, base sequence, leader epoch, codec and timestamp type.
 * A batch with no survivor is dropped, except control batches, which are kept. A batch holding
 * a tombstone gets a delete horizon (now + {@code delete.retention.ms}) the first time it is
 * cleaned; tombstones go once the horizon has passed.
 *
 * <p>Thread-safety: stateless apart from a per-thread decompression buffer cache.
 */
public final class CompactionFilter {
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);
    /**
     * The largest decompressed record {@code filterTo} accepts: no bound beyond the largest array
     * the JVM allocates, as kafka-clients' own default.
     */
    private static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 8;

    /** Receives the key of each keyed data record, with its offset. */
    @FunctionalInterface
    public interface KeyVisitor {
        void visit(ByteBuffer key, long offset);
    }

    /** Decides whether a data record survives. */
    @FunctionalInterface
    public interface Retention {
        /**
         * @param key the record's key, or null for a record without one
         * @param offset the record's offset
         * @return whether the record is the latest for its key (or otherwise to be kept)
         */
        boolean isLatest(ByteBuffer key, long offset);
    }

    /** The filtered batches ({@code buffer} from 0 to its limit) and counts. */
    public record Filtered(ByteBuffer buffer, int recordsRead, int recordsRetained, long maxTimestamp) {}

    private CompactionFilter() {}

    /** Calls {@code visitor} for every keyed record of the data batches in {@code batches}. */
    public static void forEachKey(ByteBuffer batches, KeyVisitor visitor) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.slice()).batches()) {
            if (batch.isControlBatch()) {
                continue;
            }
            try (CloseableIterator<Record> it = batch.streamingIterator(BUFFERS.get())) {
                while (it.hasNext()) {
                    Record r = it.next();
                    if (r.hasKey()) {
                        visitor.visit(r.key(), r.offset());
                    }
                }
            }
        }
    }

    /**
     * Filters the batches in {@code batches}: a keyed record survives when {@code retention} says
     * it is the latest of its key and it is not a tombstone past its batch's delete horizon;
     * records without a key survive.
     *
     * @param nowMs the cleaner's clock, for delete horizons
     * @param deleteRetentionMs {@code delete.retention.ms}
     */
    public static Filtered filter(ByteBuffer batches, long nowMs, long deleteRetentionMs, Retention retention) {
        return filter(batches, nowMs, deleteRetentionMs, -1L, retention);
    }

    /**
     * As {@link #filter(ByteBuffer, long, long, Retention)}, but the batch whose last offset is
     * {@code keepBatchEndingAt} is kept (empty if need be), so the output still ends at that offset.
     */
    public static Filtered filter(ByteBuffer batches, long nowMs, long deleteRetentionMs, long keepBatchEndingAt,
            Retention retention) {
        MemoryRecords records = MemoryRecords.readableRecords(batches.slice());
        MemoryRecords.RecordFilter filter = new MemoryRecords.RecordFilter(nowMs, deleteRetentionMs) {
            @Override
            protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
                boolean keep = batch.isControlBatch() || batch.lastOffset() == keepBatchEndingAt;
                return new BatchRetentionResult(
                        keep ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
            }

            @Override
            protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
                if (batch.isControlBatch()) {
                    return true;
                }
                if (!record.hasKey()) {
                    return true;
                }
                if (!retention.isLatest(record.key(), record.offset())) {
                    return false;
                }
                if (record.hasValue()) {
                    return true;
                }
                OptionalLong horizon = batch.deleteHorizonMs();
                return horizon.isEmpty() || nowMs < horizon.getAsLong();
            }
        };
        try {
            MemoryRecords.FilterResult result = records.filterTo(filter,
                    ByteBuffer.allocate(Math.max(64, batches.remaining())), BUFFERS.get(), MAX_RECORD_BYTES);
            ByteBuffer out = result.outputBuffer();
            out.flip();
            return new Filtered(out, result.messagesRead(), result.messagesRetained(), result.maxTimestamp());
        } catch (KafkaException e) {
            throw new IllegalStateException("Cannot compact batches: " + e.getMessage(), e);
        }
    }
}
