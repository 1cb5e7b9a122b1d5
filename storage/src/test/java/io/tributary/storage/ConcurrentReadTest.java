package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReadTest {
    @TempDir
    Path dir;

    @Test
    void readsDuringAppendsSeeOnlyWholeValidBatches() throws Exception {
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.SEGMENT_BYTES, "20000",
                LogConfig.INDEX_INTERVAL_BYTES, "500"));
        try (Log log = Log.open(dir.resolve("c-0"), config, new ManualTime(0), 0, false)) {
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (!done.get() || reads < 100) {
                        long end = log.logEndOffset();
                        if (end == 0) {
                            continue;
                        }
                        long offset = ThreadLocalRandom.current().nextLong(end);
                        ReadResult r = log.read(offset, 4096, Long.MAX_VALUE, true);
                        List<RecordBatch> batches = TestBatches.batchesOf(r.records());
                        assertThat(batches).isNotEmpty();
                        assertThat(batches.get(0).baseOffset()).isLessThanOrEqualTo(offset);
                        assertThat(batches.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
                        int bytes = 0;
                        for (RecordBatch b : batches) {
                            b.ensureValid();
                            bytes += b.sizeInBytes();
                        }
                        assertThat(bytes).isEqualTo(r.records().sizeInBytes());
                        assertThat(r.records().offsetSpan())
                                .isEqualTo(batches.get(batches.size() - 1).nextOffset() - batches.get(0).baseOffset());
                        reads++;
                    }
                    return reads;
                }));
            }
            try {
                for (int i = 0; i < 1000; i++) {
                    log.appendAsLeader(TestBatches.batch(1 + i % 5, i), 0);
                }
            } finally {
                done.set(true);
            }
            for (Future<Integer> f : readers) {
                assertThat(f.get()).isGreaterThanOrEqualTo(100);
            }
            pool.shutdown();
            assertThat(log.numberOfSegments()).isGreaterThan(2);
        }
    }
}
