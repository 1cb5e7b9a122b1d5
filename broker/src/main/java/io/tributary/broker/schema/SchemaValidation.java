package io.tributary.broker.schema;

import io.tributary.codec.RecordPayloads;
import io.tributary.codec.RejectedRecordsException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.requests.ProduceResponse.RecordError;

/**
 * Broker-side schema validation, as Confluent Server does it: with the topic config
 * {@code confluent.value.schema.validation} (or {@code confluent.key.schema.validation}) true, every record's value
 * (key) must be framed as Confluent's serializers frame it (magic byte 0, a 4-byte big-endian schema id, the
 * payload), and the id must be a live version of the subject the topic's subject name strategy gives. Null values
 * and keys (tombstones) pass. A batch with any record that breaks the rule is refused as a whole with
 * INVALID_RECORD, naming each such record (KIP-467 record errors), as for keyless records in a compacted topic.
 *
 * <p>Records are first walked (in place for an uncompressed batch, see {@link RecordPayloads}), noting each framed
 * id; the lookups follow. A batch that does not decode is let through here: the append's own validation refuses it with
 * its proper error. A topic without validation costs two map lookups.
 *
 * <p>Thread-safety: thread-safe; the lookup is set once, when the node wires its registry, before it serves.
 */
public final class SchemaValidation {

    public static final String VALUE_VALIDATION = "confluent.value.schema.validation";
    public static final String KEY_VALIDATION = "confluent.key.schema.validation";
    public static final String VALUE_STRATEGY = "confluent.value.subject.name.strategy";
    public static final String KEY_STRATEGY = "confluent.key.subject.name.strategy";

    /** No id in the record: a null key or value (passes). */
    static final int NULL = -1;
    /** Not framed: not magic byte 0 and a 4-byte id. */
    static final int UNFRAMED = -2;
    private static final byte MAGIC = 0;
    private static final int FRAME_BYTES = 5;

    private volatile SchemaLookup lookup = SchemaLookup.NONE;

    /** Answers lookups with {@code lookup} from now on. */
    public void use(SchemaLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * Checks the records appended to a partition of {@code topic}, whose topic configs (overrides) are
     * {@code configs}.
     *
     * @throws RejectedRecordsException when some records break the topic's rule, each of them named
     * @throws InvalidRecordException when the topic's strategy is not one this broker knows
     */
    public void check(String topic, Map<String, String> configs, ByteBuffer records) {
        boolean values = isTrue(configs.get(VALUE_VALIDATION));
        boolean keys = isTrue(configs.get(KEY_VALIDATION));
        if (!values && !keys) {
            return;
        }
        FramedIds ids = new FramedIds(keys, values);
        try {
            RecordPayloads.forEach(records, ids);
        } catch (KafkaException | IllegalArgumentException | IllegalStateException | BufferUnderflowException
                | IndexOutOfBoundsException e) {
            return; // undecodable: the append's validation refuses it with its own error
        }
        SubjectNameStrategy keyStrategy = keys ? strategy(configs.get(KEY_STRATEGY), KEY_STRATEGY) : null;
        SubjectNameStrategy valueStrategy = values ? strategy(configs.get(VALUE_STRATEGY), VALUE_STRATEGY) : null;
        List<RecordError> errors = new ArrayList<>();
        SubjectCheck checker = new SubjectCheck(topic, lookup);
        for (int i = 0; i < ids.count; i++) {
            String problem = null;
            if (keys) {
                problem = checker.problem(true, keyStrategy, ids.keyIds[i]);
            }
            if (problem == null && values) {
                problem = checker.problem(false, valueStrategy, ids.valueIds[i]);
            }
            if (problem != null) {
                errors.add(new RecordError(ids.batchIndex[i], "Record " + ids.batchIndex[i] + " of the batch "
                        + problem));
            }
        }
        if (!errors.isEmpty()) {
            throw new RejectedRecordsException(errors);
        }
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    private static SubjectNameStrategy strategy(String value, String config) {
        SubjectNameStrategy s = SubjectNameStrategy.parse(value);
        if (s == null) {
            throw new InvalidRecordException("Unsupported " + config + " " + value);
        }
        return s;
    }

    /**
     * The framed schema id of a key or value of {@code length} bytes at {@code pos} of {@code buf} (-1: null):
     * {@link #NULL}, {@link #UNFRAMED} or the id (not negative).
     */
    static int framedId(ByteBuffer buf, int pos, int length) {
        if (length < 0) {
            return NULL;
        }
        if (length < FRAME_BYTES || buf.get(pos) != MAGIC) {
            return UNFRAMED;
        }
        int id = buf.getInt(pos + 1); // the batch buffer is big-endian, as the id is
        return id < 0 ? UNFRAMED : id;
    }

    /** The ids of each record's key and value, collected while the batch is walked. Not thread-safe. */
    private static final class FramedIds implements RecordPayloads.Visitor {
        private final boolean keys;
        private final boolean values;
        private int[] batchIndex = new int[16];
        private int[] keyIds = new int[16];
        private int[] valueIds = new int[16];
        private int count;

        FramedIds(boolean keys, boolean values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public void record(int index, ByteBuffer keyBuf, int keyPos, int keyLength, ByteBuffer valueBuf,
                int valuePos, int valueLength) {
            if (count == batchIndex.length) {
                batchIndex = Arrays.copyOf(batchIndex, 2 * count);
                keyIds = Arrays.copyOf(keyIds, 2 * count);
                valueIds = Arrays.copyOf(valueIds, 2 * count);
            }
            batchIndex[count] = index;
            keyIds[count] = keys ? framedId(keyBuf, keyPos, keyLength) : NULL;
            valueIds[count] = values ? framedId(valueBuf, valuePos, valueLength) : NULL;
            count++;
        }
    }
}
