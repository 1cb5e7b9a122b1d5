package io.tributary.broker.codec;

import io.tributary.codec.FileRegionRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Record batches of the broker's coordinators (keyed records in internal compacted topics):
 * building one for an append and replaying a whole log. Keeps kafka-clients' internal record
 * classes out of the coordinators. Stateless.
 */
public final class CoordinatorRecords {

    /** One record: a key and a value, or a null value for a tombstone. */
    public record KeyValue(byte[] key, byte[] value) {}

    /** Receives each record of a replayed log. */
    public interface RecordVisitor {
        void visit(long offset, ByteBuffer key, ByteBuffer value);
    }

    /** Reads whole batches from {@code offset}, at least one even when larger than {@code maxBytes}. */
    public interface RegionReader {
        FileRegionRecords read(long offset, int maxBytes);
    }

    private static final int READ_BYTES = 1 << 20;

    private CoordinatorRecords() {}

    /** An uncompressed v2 batch (no producer id) holding {@code records}, base offset 0. */
    public static ByteBuffer batch(List<KeyValue> records, long timestampMs) {
        SimpleRecord[] simple = records.stream()
                .map(r -> new SimpleRecord(timestampMs, r.key(), r.value()))
                .toArray(SimpleRecord[]::new);
        return MemoryRecords.withRecords(Compression.NONE, simple).buffer();
    }

    /** Visits every record from {@code startOffset} up to {@code endOffset} (exclusive), read by {@code reader}. */
    public static void replay(long startOffset, long endOffset, RegionReader reader, RecordVisitor visitor) {
        long next = startOffset;
        while (next < endOffset) {
            long after = replayChunk(next, endOffset, READ_BYTES, reader, visitor);
            if (after == next) {
                return;
            }
            next = after;
        }
    }

    /**
     * Visits the records of one read of at most {@code maxBytes} (at least one batch) from
     * {@code offset}, and returns the offset to continue from: {@code offset} itself when there was
     * nothing to read, at least {@code endOffset} once the end is reached. A replay can so be cut
     * into steps that other work runs between.
     */
    public static long replayChunk(long offset, long endOffset, int maxBytes, RegionReader reader,
            RecordVisitor visitor) {
        if (offset >= endOffset) {
            return offset;
        }
        FileRegionRecords region = reader.read(offset, maxBytes);
        if (region.sizeInBytes() == 0) {
            return offset;
        }
        ByteBuffer buf = ByteBuffer.allocate(region.sizeInBytes());
        try {
            long pos = region.position();
            while (buf.hasRemaining()) {
                int n = region.channel().read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.flip();
        long next = offset;
        for (RecordBatch batch : MemoryRecords.readableRecords(buf).batches()) {
            if (!batch.isControlBatch()) {
                for (Record rec : batch) {
                    if (rec.offset() >= offset && rec.hasKey()) {
                        visitor.visit(rec.offset(), rec.key(), rec.hasValue() ? rec.value() : null);
                    }
                }
            }
            next = Math.max(next, batch.nextOffset());
        }
        return next;
    }
}
