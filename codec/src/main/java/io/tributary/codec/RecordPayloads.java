package io.tributary.codec;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Hands each record's key and value of the data batches of an append to a visitor, with the record's index in its
 * batch, for checks of their contents (broker-side schema validation). Control batches are skipped.
 *
 * <p>The key and value are views of the request's buffer for an uncompressed batch (no payload is copied); a
 * compressed batch is decompressed first. Reading does not check CRCs or lengths: a batch that does not decode
 * throws a {@link org.apache.kafka.common.KafkaException} or an {@link IllegalArgumentException}, and is left for
 * {@link BatchValidator} to refuse.
 *
 * <p>Thread-safety: stateless apart from a per-thread decompression buffer cache.
 */
public final class RecordPayloads {

    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private RecordPayloads() {}

    /** Receives one record; {@code key} or {@code value} is null for a null one. Must not keep the buffers. */
    @FunctionalInterface
    public interface Visitor {
        void record(int batchIndex, ByteBuffer key, ByteBuffer value);
    }

    /** Visits every record of the data batches in {@code records} (between its position and limit), in order. */
    public static void forEach(ByteBuffer records, Visitor visitor) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(records.duplicate()).batches()) {
            if (batch.isControlBatch()) {
                continue;
            }
            int index = 0;
            try (CloseableIterator<Record> it = batch.isCompressed()
                    ? batch.streamingIterator(BUFFERS.get()) : CloseableIterator.wrap(batch.iterator())) {
                while (it.hasNext()) {
                    Record r = it.next();
                    visitor.record(index++, r.key(), r.value());
                }
            }
        }
    }
}
