package io.tributary.jmh.codec;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Produce batches as a Kafka producer sends them (magic v2, base offset 0, uncompressed, no producer
 * id), built with kafka-clients. The only class of the module that touches kafka-clients' internal
 * record classes, as in the rest of the project ({@code *.codec} packages).
 */
public final class Batches {
    private Batches() {}

    /** A batch of {@code records} records with {@code valueSize}-byte values and no key. */
    public static ByteBuffer batch(int records, int valueSize, long firstTimestamp) {
        ByteBuffer buf = ByteBuffer.allocate(128 + records * (valueSize + 32));
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, firstTimestamp, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        byte[] value = new byte[valueSize];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        for (int i = 0; i < records; i++) {
            b.append(new SimpleRecord(firstTimestamp + i, null, value));
        }
        return b.build().buffer();
    }

    /** {@code batches} as the records field of a produce request: a view, nothing copied. */
    public static MemoryRecords records(ByteBuffer batches) {
        return MemoryRecords.readableRecords(batches);
    }

    /** One batch of key-less records with the given values, compressed with {@code compression} ("lz4" or none). */
    public static ByteBuffer batchOfValues(byte[][] values, String compression) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(null, values[i]);
        }
        Compression c = "lz4".equals(compression)
                ? Compression.lz4().build()
                : Compression.NONE;
        return MemoryRecords.withRecords(c, records).buffer();
    }
}
