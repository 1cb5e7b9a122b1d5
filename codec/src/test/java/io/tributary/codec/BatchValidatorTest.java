package io.tributary.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    static ByteBuffer batch(String compression, int n, long ts) {
        SimpleRecord[] rs = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            rs[i] = new SimpleRecord(ts + i, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.of(compression).build(), rs).buffer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void acceptsEveryCompressionAndStampsOffsets(String compression) {
        ByteBuffer buf = batch(compression, 5, 1000);
        ValidatedBatches v = BatchValidator.validate(buf, 1 << 20, true);
        assertThat(v.batches()).hasSize(1);
        assertThat(v.recordCount()).isEqualTo(5);
        assertThat(v.batches().get(0).maxTimestamp()).isEqualTo(1004);
        long last = BatchStamper.stamp(v, 100, 7, TimestampType.CREATE_TIME, 0);
        assertThat(last).isEqualTo(104);
        RecordBatch b = MemoryRecords.readableRecords(buf).firstBatch();
        b.ensureValid();
        assertThat(b.baseOffset()).isEqualTo(100);
        assertThat(b.partitionLeaderEpoch()).isEqualTo(7);
        List<Long> offsets = new ArrayList<>();
        for (Record r : b) {
            offsets.add(r.offset());
        }
        assertThat(offsets).containsExactly(100L, 101L, 102L, 103L, 104L);
    }

    @Test
    void logAppendTimeRewritesMaxTimestampAndCrc() {
        ByteBuffer buf = batch("none", 3, 1000);
        ValidatedBatches v = BatchValidator.validate(buf, 1 << 20, true);
        BatchStamper.stamp(v, 0, 1, TimestampType.LOG_APPEND_TIME, 5555);
        RecordBatch b = MemoryRecords.readableRecords(buf).firstBatch();
        b.ensureValid();
        assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(b.maxTimestamp()).isEqualTo(5555);
        for (Record r : b) {
            assertThat(r.timestamp()).isEqualTo(5555);
        }
    }

    @Test
    void rejectsBadCrc() {
        ByteBuffer buf = batch("none", 3, 1000);
        int last = buf.limit() - 1;
        buf.put(last, (byte) (buf.get(last) ^ 1));
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsTruncatedBatchAndBadLength() {
        ByteBuffer buf = batch("none", 3, 1000);
        ByteBuffer truncated = buf.duplicate().limit(buf.limit() - 1);
        assertThatThrownBy(() -> BatchValidator.validate(truncated, 1 << 20, true))
                .isInstanceOf(CorruptRecordException.class);
        ByteBuffer shortLength = batch("none", 3, 1000);
        shortLength.putInt(8, 10);
        assertThatThrownBy(() -> BatchValidator.validate(shortLength, 1 << 20, true))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> BatchValidator.validate(ByteBuffer.allocate(5), 1 << 20, true))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsEmptyAppendAndOldMagic() {
        assertThatThrownBy(() -> BatchValidator.validate(ByteBuffer.allocate(0), 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
        ByteBuffer v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new SimpleRecord(1L, "a".getBytes(), "b".getBytes())).buffer();
        assertThatThrownBy(() -> BatchValidator.validate(v1, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsTooLarge() {
        ByteBuffer buf = batch("none", 10, 1000);
        assertThatThrownBy(() -> BatchValidator.validate(buf, buf.remaining() - 1, true))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void rejectsNonZeroBaseOffsetFromClients() {
        ByteBuffer buf = MemoryRecords.withRecords(5L, Compression.NONE, new SimpleRecord(1L, null, "v".getBytes()))
                .buffer();
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(BatchValidator.validate(buf, 1 << 20, false).recordCount()).isEqualTo(1);
    }

    @Test
    void rejectsInconsistentCount() {
        ByteBuffer buf = batch("none", 3, 1000);
        buf.putInt(RecordBatchHeader.RECORDS_COUNT_OFFSET, 4);
        fixCrc(buf);
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
        ByteBuffer zero = batch("none", 3, 1000);
        zero.putInt(RecordBatchHeader.RECORDS_COUNT_OFFSET, 0);
        zero.putInt(RecordBatchHeader.LAST_OFFSET_DELTA_OFFSET, -1);
        fixCrc(zero);
        assertThatThrownBy(() -> BatchValidator.validate(zero, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsCompressedBatchWhoseRecordsDisagreeWithHeader() {
        ByteBuffer buf = batch("gzip", 3, 1000);
        buf.putInt(RecordBatchHeader.RECORDS_COUNT_OFFSET, 2);
        buf.putInt(RecordBatchHeader.LAST_OFFSET_DELTA_OFFSET, 1);
        fixCrc(buf);
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void controlBatchesOnlyFromTheBroker() {
        ByteBuffer marker = MemoryRecords.withEndTransactionMarker(0L, 0L, 0, 42L, (short) 1,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();
        assertThatThrownBy(() -> BatchValidator.validate(marker, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class);
        ValidatedBatches v = BatchValidator.validate(marker, 1 << 20, false);
        assertThat(v.batches().get(0).control()).isTrue();
    }

    @Test
    void multipleBatchesAndSequenceWrap() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        MemoryRecordsBuilder b = MemoryRecords.builder(buf, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, 0L, 9L, (short) 0, Integer.MAX_VALUE - 1, false, -1);
        for (int i = 0; i < 4; i++) {
            b.append(new SimpleRecord(10L + i, null, "x".getBytes()));
        }
        ByteBuffer one = b.build().buffer();
        ByteBuffer two = batch("lz4", 2, 50);
        ByteBuffer both = ByteBuffer.allocate(one.remaining() + two.remaining()).put(one).put(two).flip();
        ValidatedBatches v = BatchValidator.validate(both, 1 << 20, true);
        assertThat(v.batches()).hasSize(2);
        assertThat(v.batches().get(0).lastSequence()).isEqualTo(1);
        BatchStamper.stamp(v, 10, 0, TimestampType.CREATE_TIME, 0);
        List<Long> bases = new ArrayList<>();
        MemoryRecords.readableRecords(both).batches().forEach(x -> bases.add(x.baseOffset()));
        assertThat(bases).containsExactly(10L, 14L);
    }

    @Test
    void findsRecordsByTimestamp() {
        for (String c : List.of("none", "zstd")) {
            ByteBuffer buf = batch(c, 5, 1000);
            assertThat(RecordTimestamps.firstAtOrAfter(buf, 1002)).contains(new RecordTimestamps.Found(2, 1002));
            assertThat(RecordTimestamps.firstAtOrAfter(buf, 999)).contains(new RecordTimestamps.Found(0, 1000));
            assertThat(RecordTimestamps.firstAtOrAfter(buf, 1005)).isEmpty();
        }
    }

    private static void fixCrc(ByteBuffer buf) {
        int size = RecordBatchHeader.sizeInBytes(buf, 0);
        buf.putInt(RecordBatchHeader.CRC_OFFSET, (int) RecordBatchHeader.computeCrc(buf, 0, size));
    }

    /** Records 1 and 3 of five have no key (null); an empty key is still a key, as in Kafka. */
    static ByteBuffer mixedKeys(String compression) {
        SimpleRecord[] rs = new SimpleRecord[5];
        for (int i = 0; i < rs.length; i++) {
            byte[] key = i % 2 == 1 ? null : i == 4 ? new byte[0] : ("k" + i).getBytes();
            rs[i] = new SimpleRecord(1000 + i, key, ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.of(compression).build(), rs).buffer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void aCompactedPartitionRefusesTheBatchNamingEveryRecordWithoutAKey(String compression) {
        ByteBuffer buf = mixedKeys(compression);
        assertThat(BatchValidator.validate(buf.duplicate(), 1 << 20, true).recordCount()).isEqualTo(5);

        assertThatThrownBy(() -> BatchValidator.validate(buf.duplicate(), 1 << 20, true, "t-3"))
                .isInstanceOfSatisfying(RejectedRecordsException.class, e -> {
                    assertThat(e.recordErrors()).extracting(r -> r.batchIndex).containsExactly(1, 3);
                    assertThat(e.recordErrors()).extracting(r -> r.message).containsOnly(
                            "Compacted topic cannot accept message without key in topic partition t-3");
                    assertThat(e).isInstanceOf(InvalidRecordException.class).hasMessage(
                            "One or more records have been rejected due to 2 record errors in total, and only "
                            + "showing the first three errors at most: [RecordError(batchIndex=1, message='Compacted "
                            + "topic cannot accept message without key in topic partition t-3'), RecordError("
                            + "batchIndex=3, message='Compacted topic cannot accept message without key in topic "
                            + "partition t-3')]");
                });
        assertThat(BatchValidator.validate(batch(compression, 4, 1000), 1 << 20, true, "t-3").recordCount())
                .isEqualTo(4);
    }

    @Test
    void theMessageShowsAtMostThreeOfTheRecordsWithoutAKey() {
        SimpleRecord[] rs = new SimpleRecord[5];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = new SimpleRecord(1000 + i, null, ("v" + i).getBytes());
        }
        ByteBuffer buf = MemoryRecords.withRecords(Compression.NONE, rs).buffer();
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true, "t-0"))
                .isInstanceOfSatisfying(RejectedRecordsException.class, e -> {
                    assertThat(e.recordErrors()).hasSize(5);
                    assertThat(e.getMessage()).startsWith("One or more records have been rejected due to 5 record "
                            + "errors in total").contains("batchIndex=2").doesNotContain("batchIndex=3");
                });
    }
}
