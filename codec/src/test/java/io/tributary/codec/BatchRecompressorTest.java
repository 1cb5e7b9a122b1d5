package io.tributary.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchRecompressorTest {

    private static ByteBuffer idempotentBatch(Compression compression) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.MAGIC_VALUE_V2,
                compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, 42L, (short) 3, 17, false,
                false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < 5; i++) {
            b.appendWithOffset(i, 1000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i).repeat(10).getBytes(StandardCharsets.UTF_8),
                    new RecordHeader[] {new RecordHeader("h", new byte[] {(byte) i})});
        }
        return b.build().buffer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd", "uncompressed"})
    void rewritesWithTheTopicCodecKeepingRecordsAndProducerFields(String codec) {
        ByteBuffer in = idempotentBatch(codec.equals("uncompressed") ? Compression.gzip().build() : Compression.NONE);
        ValidatedBatches v = BatchValidator.validate(in, Integer.MAX_VALUE, true);
        ByteBuffer out = BatchRecompressor.recompress(v, codec);
        assertThat(out).isNotNull();
        BatchValidator.validate(out.duplicate(), Integer.MAX_VALUE, true);
        RecordBatch batch = MemoryRecords.readableRecords(out).firstBatch();
        assertThat(batch.compressionType().name).isEqualTo(codec.equals("uncompressed") ? "none" : codec);
        assertThat(batch.producerId()).isEqualTo(42L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(17);
        assertThat(batch.lastOffset()).isEqualTo(4);
        List<String> values = new ArrayList<>();
        for (Record r : batch) {
            values.add(r.offset() + ":" + r.timestamp() + ":" + StandardCharsets.UTF_8.decode(r.value()) + ":"
                    + r.headers()[0].value()[0]);
        }
        assertThat(values).hasSize(5).first().isEqualTo("0:1000:" + "value-0".repeat(10) + ":0");
    }

    @Test
    void producerPolicyAndMatchingCodecLeaveTheBatchAlone() {
        ValidatedBatches v =
                BatchValidator.validate(idempotentBatch(Compression.lz4().build()), Integer.MAX_VALUE, true);
        assertThat(BatchRecompressor.recompress(v, "producer")).isNull();
        assertThat(BatchRecompressor.recompress(v, "lz4")).isNull();
        assertThat(MemoryRecords.readableRecords(BatchRecompressor.recompress(v, "zstd")).firstBatch()
                .compressionType()).isEqualTo(CompressionType.ZSTD);
    }
}
