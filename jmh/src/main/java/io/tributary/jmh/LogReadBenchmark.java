package io.tributary.jmh;

import io.tributary.jmh.codec.Batches;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import io.tributary.storage.ReadResult;
import io.tributary.storage.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Index lookups on a filled log: {@link Log#read} at a random offset (segment floor lookup, sparse
 * offset-index binary search, then a scan of batch headers to the exact batch; it returns a file
 * region, whose bytes are copied only when it is at most 16 KiB, and finds where whole batches end
 * within {@code maxBytes} from the index entry before the cut) and {@link Log#offsetForTimestamp}
 * (time index, then offset index). The log holds {@code batches} batches of 10 records x 100 B in segments of
 * {@code segmentBytes}; index entries every 4096 bytes (Kafka's default index.interval.bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogReadBenchmark {

    private static final int RECORDS_PER_BATCH = 10;

    @Param({"100000"})
    int batches;

    /** 1 GiB (Kafka's default: one segment here) or 16 MiB (about 75 segments). */
    @Param({"1073741824", "16777216"})
    int segmentBytes;

    /** Fetch size: 1 MiB is max.partition.fetch.bytes' default; 16 KiB shows the lookup without the walk. */
    @Param({"1048576", "16384"})
    int maxBytes;

    private Path dir;
    private Log log;
    private long endOffset;
    private long firstTimestamp;

    @State(Scope.Thread)
    public static class Rng {
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Dirs.newLogDir("jmh-read");
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
        log = Log.open(dir, config, Time.SYSTEM, 0, false);
        firstTimestamp = 1_700_000_000_000L;
        for (int i = 0; i < batches; i++) {
            ByteBuffer b = Batches.batch(RECORDS_PER_BATCH, 100, firstTimestamp + (long) i * RECORDS_PER_BATCH);
            log.appendAsLeader(b, 0);
        }
        log.flush();
        endOffset = log.logEndOffset();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        Dirs.deleteTree(dir.getParent());
    }

    @Benchmark
    public ReadResult readAtRandomOffset(Rng rng) {
        return log.read(rng.random.nextLong(endOffset), maxBytes, Long.MAX_VALUE, true);
    }

    @Benchmark
    public Optional<TimestampOffset> offsetForRandomTimestamp(Rng rng) {
        return log.offsetForTimestamp(firstTimestamp + rng.random.nextLong(endOffset));
    }
}
