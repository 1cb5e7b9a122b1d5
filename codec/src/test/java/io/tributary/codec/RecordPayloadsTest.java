package io.tributary.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class RecordPayloadsTest {

    private static final SimpleRecord[] RECORDS = {
        new SimpleRecord(1L, "k0".getBytes(StandardCharsets.UTF_8), "v0".getBytes(StandardCharsets.UTF_8),
                new Header[] {new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8))}),
        new SimpleRecord(2L, null, "a longer value, ".repeat(20).getBytes(StandardCharsets.UTF_8)),
        new SimpleRecord(3L, "k2".getBytes(StandardCharsets.UTF_8), null),
        new SimpleRecord(4L, new byte[0], new byte[0]),
    };

    @Test
    void uncompressedAndCompressedBatchesGiveTheSameKeysAndValues() {
        List<String> expected = List.of("0:k0=v0", "1:null=" + "a longer value, ".repeat(20), "2:k2=null", "3:=");
        assertThat(visit(MemoryRecords.withRecords(Compression.NONE, RECORDS).buffer())).isEqualTo(expected);
        assertThat(visit(MemoryRecords.withRecords(Compression.gzip().build(), RECORDS).buffer())).isEqualTo(expected);
        ByteBuffer heap = MemoryRecords.withRecords(Compression.NONE, RECORDS).buffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        assertThat(visit(direct)).isEqualTo(expected);
    }

    @Test
    void aRecordRunningPastItsBatchIsRefused() {
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, RECORDS).buffer();
        batch.putInt(57, 9); // nine records declared, four present
        assertThatThrownBy(() -> visit(batch)).isInstanceOf(InvalidRecordException.class);
    }

    private static List<String> visit(ByteBuffer records) {
        List<String> out = new ArrayList<>();
        RecordPayloads.forEach(records, (i, kb, kp, kl, vb, vp, vl) ->
                out.add(i + ":" + text(kb, kp, kl) + "=" + text(vb, vp, vl)));
        return out;
    }

    private static String text(ByteBuffer buf, int pos, int length) {
        if (length < 0) {
            return "null";
        }
        byte[] bytes = new byte[length];
        buf.get(pos, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
