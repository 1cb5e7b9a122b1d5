package io.tributary.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/**
 * The in-place walk of uncompressed records accepts what Kafka's own record iterator reads, with
 * the same largest timestamp, and refuses batches whose CRC is right but whose records are not.
 */
class UncompressedRecordsTest {

    @Property(tries = 300)
    void agreesWithKafkasIteratorOnValidBatches(@ForAll("records") List<SimpleRecord> records) {
        ByteBuffer buf = MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        long expected = Long.MIN_VALUE;
        long expectedMin = Long.MAX_VALUE;
        for (Record r : MemoryRecords.readableRecords(buf.duplicate()).firstBatch()) {
            expected = Math.max(expected, r.timestamp());
            expectedMin = Math.min(expectedMin, r.timestamp());
        }
        assertThat(UncompressedRecords.timestamps(buf, 0, buf.remaining(), records.size()).min())
                .isEqualTo(expectedMin);
        assertThat(UncompressedRecords.timestamps(buf, 0, buf.remaining(), records.size()).max()).isEqualTo(expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(buf.remaining() + 3).position(3).put(buf.duplicate()).flip();
        assertThat(UncompressedRecords.timestamps(direct, 3, buf.remaining(), records.size()).max())
                .isEqualTo(expected);
        assertThat(BatchValidator.validate(buf, 1 << 20, true).batches().get(0).maxTimestamp()).isEqualTo(expected);
    }

    /**
     * One byte of the records changed and the CRC made right again: the walk throws, or Kafka's
     * iterator reads the same number of records with offset deltas 0, 1, 2, ... (a change inside a
     * key, a value or a timestamp).
     */
    @Property(tries = 1000)
    void aDamagedRecordSectionIsRefusedUnlessKafkaReadsItToo(@ForAll("records") List<SimpleRecord> records,
            @ForAll("fractions") double where, @ForAll byte value) {
        ByteBuffer buf = MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
        int size = buf.remaining();
        int at = RecordBatchHeader.HEADER_SIZE + (int) (where * (size - RecordBatchHeader.HEADER_SIZE));
        buf.put(at, value);
        buf.putInt(RecordBatchHeader.CRC_OFFSET, (int) RecordBatchHeader.computeCrc(buf, 0, size));
        ByteBuffer direct = ByteBuffer.allocateDirect(size).put(buf.duplicate()).flip();
        long ours;
        try {
            ours = UncompressedRecords.timestamps(buf, 0, size, records.size()).max();
        } catch (InvalidRecordException | CorruptRecordException e) {
            assertThatThrownBy(() -> UncompressedRecords.timestamps(direct, 0, size, records.size()))
                    .isInstanceOf(e.getClass());
            return;
        }
        assertThat(UncompressedRecords.timestamps(direct, 0, size, records.size()).max()).isEqualTo(ours);
        long theirs = Long.MIN_VALUE;
        int seen = 0;
        try {
            for (Record r : MemoryRecords.readableRecords(buf.duplicate()).firstBatch()) {
                assertThat(r.offset()).isEqualTo(seen);
                theirs = Math.max(theirs, r.timestamp());
                seen++;
            }
        } catch (KafkaException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new AssertionError("accepted a batch Kafka cannot read: " + e, e);
        }
        assertThat(seen).isEqualTo(records.size());
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void fewerRecordsThanDeclaredOrBytesLeftOverAreRefused() {
        ByteBuffer three = batch(3);
        RecordBatchHeader.setMaxTimestamp(three, 0, TimestampType.CREATE_TIME, 0L); // any change recomputes the crc
        assertThatThrownBy(() -> UncompressedRecords.timestamps(three, 0, three.remaining(), 4))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("holds 3");
        assertThatThrownBy(() -> UncompressedRecords.timestamps(three, 0, three.remaining(), 2))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("left after them");
    }

    /** A key length written in 6 bytes (value -1, padded with continuation bits): Kafka reads at most 5. */
    @Test
    void aVarintLongerThanKafkaReadsIsRefused() {
        ByteBuffer valid = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(7L, null, new byte[] {'v'}))
                .buffer();
        byte[] body = {0, 0, 0, (byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0, 2, 'v', 0};
        ByteBuffer buf = ByteBuffer.allocate(RecordBatchHeader.HEADER_SIZE + 1 + body.length);
        buf.put(valid.duplicate().limit(RecordBatchHeader.HEADER_SIZE)).put((byte) (body.length * 2)).put(body).flip();
        buf.putInt(RecordBatchHeader.LENGTH_OFFSET, buf.remaining() - RecordBatchHeader.LOG_OVERHEAD);
        buf.putInt(RecordBatchHeader.CRC_OFFSET, (int) RecordBatchHeader.computeCrc(buf, 0, buf.remaining()));
        assertThatThrownBy(() -> MemoryRecords.readableRecords(buf.duplicate()).firstBatch().iterator().next())
                .as("Kafka's own reader").isInstanceOf(KafkaException.class);
        assertThatThrownBy(() -> BatchValidator.validate(buf, 1 << 20, true))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void aHeaderMaxTimestampFarAheadOfTheRecordsIsReplacedByTheirs() {
        ByteBuffer buf = batch(3); // timestamps 1000-1002
        RecordBatchHeader.setMaxTimestamp(buf, 0, TimestampType.CREATE_TIME, Long.MAX_VALUE);
        ValidatedBatches v = BatchValidator.validate(buf, 1 << 20, true);
        assertThat(v.batches().get(0).maxTimestamp()).isEqualTo(1002);
        BatchStamper.stamp(v, 0, 0, TimestampType.CREATE_TIME, 0);
        RecordBatch stamped = MemoryRecords.readableRecords(buf).firstBatch();
        stamped.ensureValid();
        assertThat(stamped.maxTimestamp()).isEqualTo(1002);
    }

    private static ByteBuffer batch(int n) {
        SimpleRecord[] rs = new SimpleRecord[n];
        for (int i = 0; i < n; i++) {
            rs[i] = new SimpleRecord(1000 + i, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, rs).buffer();
    }

    @Provide
    Arbitrary<List<SimpleRecord>> records() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.2);
        Arbitrary<Long> timestamps = Arbitraries.longs().between(0, 1L << 42);
        Arbitrary<Header[]> headers = Combinators.combine(Arbitraries.strings().ofMaxLength(6), bytes)
                .as((k, v) -> (Header) new RecordHeader(k, v)).list().ofMaxSize(3).map(l -> l.toArray(Header[]::new));
        return Combinators.combine(timestamps, bytes, bytes, headers).as(SimpleRecord::new).list().ofMinSize(1)
                .ofMaxSize(8);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(4);
    }
}
