package io.tributary.jmh;

import io.tributary.jmh.codec.Batches;
import io.tributary.storage.AppendResult;
import io.tributary.storage.Log;
import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * {@link Log#appendAsLeader}: validation, offset assignment, leader-epoch stamping, the write to the
 * active segment (page cache; no fsync under Kafka's default flush settings) and index upkeep.
 * Each iteration starts from an empty log in {@code -Dtributary.jmh.dir} (default java.io.tmpdir);
 * default 1 GiB segments, so long iterations also measure segment rolls.
 *
 * <p>Score: batches per second; records/s = score x recordsPerBatch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogAppendBenchmark {

    @Param({"100", "1024"})
    int recordSize;

    @Param({"1", "100"})
    int recordsPerBatch;

    private ByteBuffer template;
    private ByteBuffer work;
    private Path dir;
    private Log log;

    @Setup(Level.Trial)
    public void batch() {
        template = Batches.batch(recordsPerBatch, recordSize, Time.SYSTEM.milliseconds());
        work = ByteBuffer.allocate(template.remaining());
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Dirs.newLogDir("jmh-append");
        log = Log.open(dir, LogConfig.defaults(), Time.SYSTEM, 0, false);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        log.close();
        Dirs.deleteTree(dir.getParent());
    }

    @Benchmark
    public AppendResult append() {
        // appendAsLeader rewrites the batch in place (offsets, epoch): start from a fresh copy every time,
        // as a produce request does
        work.clear();
        work.put(template.duplicate());
        work.flip();
        return log.appendAsLeader(work, 0);
    }
}
