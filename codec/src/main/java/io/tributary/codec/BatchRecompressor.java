package io.tributary.codec;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Applies a topic's {@code compression.type} to the batches of an append, as Kafka's leader does:
 * {@code producer} keeps the producer's codec; any other value rewrites each batch whose codec
 * differs with that codec ({@code uncompressed} = none). A rewritten batch keeps its records
 * (offset deltas, timestamps, keys, values, headers), its timestamp type, its producer id, epoch
 * and base sequence and its transactional flag, so idempotence and transactions are unaffected.
 * Control batches are never rewritten.
 *
 * <p>Thread-safety: stateless; safe for concurrent use.
 */
public final class BatchRecompressor {

    private BatchRecompressor() {}

    /** Whether {@code compressionType} is one Kafka accepts for a topic. */
    public static boolean isValid(String compressionType) {
        return "producer".equals(compressionType) || target(compressionType) != null;
    }

    /**
     * The batches rewritten with {@code compressionType}, or null when nothing needs rewriting
     * (policy {@code producer}, or every batch already uses the target codec).
     */
    public static ByteBuffer recompress(ValidatedBatches batches, String compressionType) {
        CompressionType target = target(compressionType);
        if (target == null) {
            return null;
        }
        ByteBuffer buf = batches.buffer();
        boolean needed = false;
        for (BatchInfo b : batches.batches()) {
            if (!b.control() && RecordBatchHeader.compressionId(buf, b.position()) != target.id) {
                needed = true;
            }
        }
        if (!needed) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.max(1024, batches.sizeInBytes() * 2 + 64));
        for (BatchInfo b : batches.batches()) {
            ByteBuffer one = buf.slice(b.position(), b.sizeInBytes());
            RecordBatch batch = MemoryRecords.readableRecords(one).firstBatch();
            if (b.control() || batch.compressionType() == target) {
                out = ensure(out, one.remaining());
                out.put(one.duplicate());
                continue;
            }
            ByteBuffer rewritten = rewrite(batch, target, b.sizeInBytes());
            out = ensure(out, rewritten.remaining());
            out.put(rewritten);
        }
        out.flip();
        return out;
    }

    private static ByteBuffer rewrite(RecordBatch batch, CompressionType target, int sizeHint) {
        TimestampType timestampType = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(sizeHint + 64),
                RecordBatch.MAGIC_VALUE_V2, Compression.of(target).build(), timestampType, batch.baseOffset(),
                timestampType == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP,
                batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(), false,
                batch.partitionLeaderEpoch());
        try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                Record r = it.next();
                builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
            }
        }
        return builder.build().buffer();
    }

    private static ByteBuffer ensure(ByteBuffer out, int more) {
        if (out.remaining() >= more) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate((out.capacity() + more) * 2);
        out.flip();
        bigger.put(out);
        return bigger;
    }

    private static CompressionType target(String compressionType) {
        if (compressionType == null) {
            return null;
        }
        return switch (compressionType.trim().toLowerCase(Locale.ROOT)) {
            case "uncompressed" -> CompressionType.NONE;
            case "gzip" -> CompressionType.GZIP;
            case "snappy" -> CompressionType.SNAPPY;
            case "lz4" -> CompressionType.LZ4;
            case "zstd" -> CompressionType.ZSTD;
            default -> null;
        };
    }
}
