package io.tributary.codec;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Hands the key and value of each record of the data batches of an append to a visitor, with the record's index in
 * its batch, for checks of their contents (broker-side schema validation). Control batches are skipped.
 *
 * <p>An uncompressed batch is walked in place: the visitor is given the request's buffer and the position and
 * length of each key and value, read with absolute gets (nothing is copied or allocated per record). A compressed
 * batch is decompressed first, through Kafka's record iterator. Reading checks only what it needs to stay inside
 * the batch, not CRCs: a batch that does not decode throws {@link InvalidRecordException} (or another
 * {@link org.apache.kafka.common.KafkaException}), and is left for {@link BatchValidator} to refuse.
 *
 * <p>Thread-safety: stateless apart from a per-thread decompression buffer cache.
 */
public final class RecordPayloads {

    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    private RecordPayloads() {}

    /**
     * Receives one record: its key at {@code keyPos} of {@code keyBuf}, {@code keyLength} bytes (-1: a null key),
     * and its value likewise. Must not keep the buffers.
     */
    @FunctionalInterface
    public interface Visitor {
        void record(int batchIndex, ByteBuffer keyBuf, int keyPos, int keyLength, ByteBuffer valueBuf, int valuePos,
                int valueLength);
    }

    /** Visits every record of the data batches in {@code records} (between its position and limit), in order. */
    public static void forEach(ByteBuffer records, Visitor visitor) {
        ByteBuffer buf = records.order() == ByteOrder.BIG_ENDIAN
                ? records : records.duplicate().order(ByteOrder.BIG_ENDIAN);
        int pos = buf.position();
        int end = buf.limit();
        while (pos < end) {
            if (end - pos < HEADER_SIZE) {
                throw new InvalidRecordException("Truncated record batch");
            }
            int size = RecordBatchHeader.sizeInBytes(buf, pos);
            if (size < HEADER_SIZE || size > end - pos) {
                throw new InvalidRecordException("Record batch of " + size + " bytes does not fit");
            }
            if (!RecordBatchHeader.isControl(buf, pos)) {
                int count = RecordBatchHeader.recordCount(buf, pos);
                if (RecordBatchHeader.compressionId(buf, pos) == 0) {
                    walkInPlace(buf, pos + HEADER_SIZE, pos + size, count, visitor);
                } else {
                    walkCompressed(buf.slice(pos, size), visitor);
                }
            }
            pos += size;
        }
    }

    private static void walkInPlace(ByteBuffer buf, int at, int end, int count, Visitor visitor) {
        int[] cursor = {at};
        for (int i = 0; i < count; i++) {
            int length = varint(buf, cursor, end);
            int recordEnd = cursor[0] + length;
            if (length < 0 || recordEnd > end) {
                throw new InvalidRecordException("Record " + i + " has invalid length " + length);
            }
            cursor[0]++; // attributes
            varlong(buf, cursor, recordEnd); // timestamp delta
            varint(buf, cursor, recordEnd); // offset delta
            int keyLength = varint(buf, cursor, recordEnd);
            int keyPos = cursor[0];
            skip(cursor, keyLength, recordEnd);
            int valueLength = varint(buf, cursor, recordEnd);
            int valuePos = cursor[0];
            skip(cursor, valueLength, recordEnd);
            visitor.record(i, buf, keyPos, Math.max(keyLength, -1), buf, valuePos, Math.max(valueLength, -1));
            cursor[0] = recordEnd; // headers are not needed
        }
    }

    private static void skip(int[] cursor, int length, int limit) {
        if (length > 0) {
            if (length > limit - cursor[0]) {
                throw new InvalidRecordException("A record field of " + length + " bytes runs past its record");
            }
            cursor[0] += length;
        }
    }

    /** A zig-zag varint of at most 5 bytes before {@code limit}, as Kafka reads it. */
    private static int varint(ByteBuffer buf, int[] cursor, int limit) {
        int raw = (int) unsigned(buf, cursor, limit, 5);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long varlong(ByteBuffer buf, int[] cursor, int limit) {
        long raw = unsigned(buf, cursor, limit, 10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long unsigned(ByteBuffer buf, int[] cursor, int limit, int maxBytes) {
        int at = cursor[0];
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (at >= limit) {
                throw new InvalidRecordException("A varint runs past its record");
            }
            byte b = buf.get(at++);
            raw |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) {
                cursor[0] = at;
                return raw;
            }
        }
        throw new InvalidRecordException("A varint is longer than " + maxBytes + " bytes");
    }

    private static void walkCompressed(ByteBuffer batch, Visitor visitor) {
        DefaultRecordBatch b = (DefaultRecordBatch) MemoryRecords.readableRecords(batch).firstBatch();
        int index = 0;
        try (CloseableIterator<Record> it = b.streamingIterator(BUFFERS.get())) {
            while (it.hasNext()) {
                Record r = it.next();
                ByteBuffer key = r.key();
                ByteBuffer value = r.value();
                visitor.record(index++, key, key == null ? 0 : key.position(), key == null ? -1 : key.remaining(),
                        value, value == null ? 0 : value.position(), value == null ? -1 : value.remaining());
            }
        }
    }
}
