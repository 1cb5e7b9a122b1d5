package io.tributary.jmh;

import io.tributary.broker.schema.SchemaLookup;
import io.tributary.broker.schema.SchemaValidation;
import io.tributary.codec.BatchValidator;
import io.tributary.codec.ValidatedBatches;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The produce path's cost of broker-side schema validation ({@link SchemaValidation#check}) on one batch of
 * {@code recordsPerBatch} framed records of {@code recordSize} bytes, against the batch validation every append
 * does anyway ({@link BatchValidator#validate}). {@code checkOff}: a topic without validation; {@code checkOn}:
 * value validation, every record framed with one registered id; the lookup answers from a map under a monitor, as
 * the registry answers from its in-memory state. Score: batches/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SchemaValidationBenchmark {

    @Param({"100"})
    int recordsPerBatch;

    @Param({"100"})
    int recordSize;

    @Param({"none", "lz4"})
    String compression;

    private ByteBuffer batch;
    private final SchemaValidation validation = new SchemaValidation();
    private final Map<String, String> on = Map.of(SchemaValidation.VALUE_VALIDATION, "true");
    private final Map<String, String> off = Map.of();

    @Setup
    public void setUp() {
        SimpleRecord[] records = new SimpleRecord[recordsPerBatch];
        for (int i = 0; i < recordsPerBatch; i++) {
            ByteBuffer value = ByteBuffer.allocate(recordSize).put((byte) 0).putInt(7);
            while (value.hasRemaining()) {
                value.put((byte) i);
            }
            records[i] = new SimpleRecord(null, value.array());
        }
        Compression c = compression.equals("lz4") ? Compression.lz4().build() : Compression.NONE;
        ByteBuffer heap = MemoryRecords.withRecords(c, records).buffer();
        batch = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip(); // as Netty hands requests over
        Map<String, Integer> registry = new HashMap<>(Map.of("bench-value", 7));
        validation.use(new SchemaLookup() {
            @Override
            public boolean isVersionOf(String subject, int id) {
                synchronized (registry) {
                    Integer found = registry.get(subject);
                    return found != null && found == id;
                }
            }

            @Override
            public String recordName(int id) {
                return null;
            }
        });
    }

    @Benchmark
    public ValidatedBatches batchValidation() {
        return BatchValidator.validate(batch.duplicate(), Integer.MAX_VALUE, true);
    }

    @Benchmark
    public ByteBuffer checkOff() {
        validation.check("bench", off, batch);
        return batch;
    }

    @Benchmark
    public ByteBuffer checkOn() {
        validation.check("bench", on, batch);
        return batch;
    }
}
