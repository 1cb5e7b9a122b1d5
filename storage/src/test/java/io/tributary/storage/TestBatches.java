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

    /**
     * A batch as a leader wrote it: offsets from {@code baseOffset}, the partition leader epoch
     * {@code leaderEpoch}, and producer fields (-1 for none).
     */
    static ByteBuffer replicated(long baseOffset, int leaderEpoch, int records, long producerId, short epoch,
            int baseSequence) {
        ByteBuffer buf = ByteBuffer.allocate(1024 + records * 64);
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, baseOffset, 1000L, producerId, epoch, baseSequence, false, leaderEpoch);
        for (int i = 0; i < records; i++) {
            b.append(new SimpleRecord(1000L + i, ("k" + i).getBytes(), ("value-" + (baseOffset + i)).getBytes()));
        }
        return b.build().buffer();
    }

    /** The buffers one after the other, in one buffer. */
    static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    /** Every batch of {@code log} from its start to its end, across segments, oldest first. */
    static List<RecordBatch> allBatches(Log log) throws IOException {
        List<RecordBatch> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            List<RecordBatch> read = batchesOf(log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true).records());
            if (read.isEmpty()) {
                throw new IOException("No batch at " + offset + " below the log end " + log.logEndOffset());
            }
            out.addAll(read);
            offset = read.get(read.size() - 1).lastOffset() + 1;
        }
        return out;
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
