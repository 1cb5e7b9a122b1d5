package io.tributary.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.codec.RejectedRecordsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class SchemaValidationTest {

    private static final Map<String, String> VALUES = Map.of(SchemaValidation.VALUE_VALIDATION, "true");

    /** Subject "t-value" holds ids 1 and 2, "t-key" id 3; record names: id 4 is "it.Order", under "it.Order". */
    private final List<String> asked = new ArrayList<>();
    private final SchemaValidation validation = new SchemaValidation();

    SchemaValidationTest() {
        Map<String, Set<Integer>> subjects = Map.of("t-value", Set.of(1, 2), "t-key", Set.of(3), "it.Order",
                Set.of(4));
        validation.use(new SchemaLookup() {
            @Override
            public boolean isVersionOf(String subject, int id) {
                asked.add(subject + ":" + id);
                return subjects.getOrDefault(subject, Set.of()).contains(id);
            }

            @Override
            public String recordName(int id) {
                return id == 4 ? "it.Order" : null;
            }
        });
    }

    @Test
    void framedRegisteredValuesAndTombstonesPassAskingOncePerIdInARow() {
        ByteBuffer batch = batch(Compression.NONE, value(1), value(1), null, value(2));
        assertThatCode(() -> validation.check("t", VALUES, batch)).doesNotThrowAnyException();
        assertThat(asked).containsExactly("t-value:1", "t-value:2");
    }

    @Test
    void everyOffendingRecordIsNamedCompressedBatchesIncluded() {
        ByteBuffer batch = batch(Compression.lz4().build(), value(1), "plain".getBytes(StandardCharsets.UTF_8),
                value(3), new byte[] {0, 0, 0}, value(2));
        assertThatThrownBy(() -> validation.check("t", VALUES, batch)).isInstanceOf(RejectedRecordsException.class)
                .satisfies(e -> assertThat(((RejectedRecordsException) e).recordErrors()).extracting(r -> r.batchIndex)
                        .containsExactly(1, 2, 3))
                .satisfies(e -> assertThat(((RejectedRecordsException) e).recordErrors()).extracting(r -> r.message)
                        .containsExactly(
                                "Record 1 of the batch has no schema id framing in its value (expected magic byte 0 "
                                        + "and a 4-byte schema id before the payload)",
                                "Record 2 of the batch has schema id 3 in its value: schema id 3 is not registered "
                                        + "under subject t-value",
                                "Record 3 of the batch has no schema id framing in its value (expected magic byte 0 "
                                        + "and a 4-byte schema id before the payload)"));
    }

    @Test
    void keysAreCheckedAgainstTheKeySubjectOnlyWhenAsked() {
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(value(3), value(99)))
                .buffer();
        assertThatCode(() -> validation.check("t", Map.of(SchemaValidation.KEY_VALIDATION, "true"), batch))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> validation.check("t", Map.of(SchemaValidation.KEY_VALIDATION, "true",
                SchemaValidation.VALUE_VALIDATION, "TRUE"), batch)).isInstanceOf(RejectedRecordsException.class)
                .hasMessageContaining("schema id 99 is not registered under subject t-value");
    }

    @Test
    void recordNameStrategyTakesTheSubjectFromTheSchema() {
        Map<String, String> configs = Map.of(SchemaValidation.VALUE_VALIDATION, "true",
                SchemaValidation.VALUE_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        assertThatCode(() -> validation.check("t", configs, batch(Compression.NONE, value(4))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> validation.check("t", configs, batch(Compression.NONE, value(1))))
                .isInstanceOf(RejectedRecordsException.class)
                .hasMessageContaining("schema id 1 in its value, which is not a registered schema with a record name");
    }

    @Test
    void withoutValidationNothingIsReadOrAsked() {
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {1, 2, 3});
        assertThatCode(() -> validation.check("t", Map.of(SchemaValidation.VALUE_VALIDATION, "false"), garbage))
                .doesNotThrowAnyException();
        assertThat(asked).isEmpty();
    }

    @Test
    void aBatchThatDoesNotDecodeIsLeftToTheAppendsValidation() {
        ByteBuffer batch = batch(Compression.NONE, value(7));
        batch.putInt(batch.position() + 57, 1000); // record count far beyond the records
        assertThatCode(() -> validation.check("t", VALUES, batch)).doesNotThrowAnyException();
    }

    @Test
    void framedIdsAreReadBigEndianAfterMagicZero() {
        assertThat(SchemaValidation.framedId(ByteBuffer.wrap(value(0x01020304)), 0, 9)).isEqualTo(0x01020304);
        assertThat(SchemaValidation.framedId(ByteBuffer.wrap(new byte[] {9, 0, 0, 0, 0, 5}), 1, 5)).isEqualTo(5);
        assertThat(SchemaValidation.framedId(ByteBuffer.allocate(0), 0, -1)).isEqualTo(SchemaValidation.NULL);
        assertThat(SchemaValidation.framedId(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1}), 0, 4))
                .isEqualTo(SchemaValidation.UNFRAMED);
        assertThat(SchemaValidation.framedId(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 1}), 0, 5))
                .isEqualTo(SchemaValidation.UNFRAMED);
        assertThat(SchemaValidation.framedId(ByteBuffer.wrap(new byte[] {0, (byte) 0x80, 0, 0, 1}), 0, 5))
                .isEqualTo(SchemaValidation.UNFRAMED);
    }

    private static byte[] value(int id) {
        return ByteBuffer.allocate(9).put((byte) 0).putInt(id).putInt(42).array();
    }

    private static ByteBuffer batch(Compression compression, byte[]... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(null, values[i]);
        }
        return MemoryRecords.withRecords(compression, records).buffer();
    }
}
