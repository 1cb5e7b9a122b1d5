package io.tributary.storage;

import io.tributary.codec.FileRegionRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Builds produce batches with kafka-clients and decodes what the log returns. */
final class TestBatches {
    private TestBatches() {}

    static ByteBuffer batch(int records, long timestamp) {
        return batch(Compression.NONE, records, timestamp, -1L, (short) -1, -1);
    }

    static ByteBuffer batch(Compression compression, int records, long timestamp, long producerId, short epoch,
            int baseSequence) {
        ByteBuffer buf = ByteBuffer.allocate(1024 + records * 64);
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2, compression,
                TimestampType.CREATE_TIME, 0L, timestamp, producerId, epoch, baseSequence, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < records; i++) {
            b.append(new SimpleRecord(timestamp + i, ("k" + i).getBytes(), ("value-" + i).getBytes()));
        }
        return b.build().buffer();
    }

    static ByteBuffer idempotent(int records, long producerId, short epoch, int baseSequence) {
        return batch(Compression.NONE, records, 1000L, producerId, epoch, baseSequence);
    }

    static ByteBuffer withValues(long timestamp, List<byte[]> values) {
        SimpleRecord[] rs = new SimpleRecord[values.size()];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = new SimpleRecord(timestamp + i, null, values.get(i));
        }
        return MemoryRecords.withRecords(Compression.NONE, rs).buffer();
    }

    /** The bytes of a file region. */
    static ByteBuffer bytes(FileRegionRecords r) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(r.sizeInBytes());
        if (r.sizeInBytes() == 0) {
            return out;
        }
        while (out.hasRemaining()) {
            int n = r.channel().read(out, r.position() + out.position());
            if (n < 0) {
                throw new IOException("short read");
            }
        }
        return out.flip();
    }

    static MemoryRecords records(FileRegionRecords r) throws IOException {
        return MemoryRecords.readableRecords(bytes(r));
    }

    static List<Record> recordsOf(FileRegionRecords r) throws IOException {
        List<Record> out = new ArrayList<>();
        for (RecordBatch batch : records(r).batches()) {
            batch.ensureValid();
            for (Record rec : batch) {
                out.add(rec);
            }
        }
        return out;
    }

    static List<RecordBatch> batchesOf(FileRegionRecords r) throws IOException {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : records(r).batches()) {
            out.add(batch);
        }
        return out;
    }
}
