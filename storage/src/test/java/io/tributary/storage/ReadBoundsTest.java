package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.codec.FileRegionRecords;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Log#read} finds the end of a read through the offset index instead of walking every
 * batch; this compares it, over many random reads, with the plain definition: the longest run of
 * whole batches from the one holding the fetch offset that fits {@code maxBytes} and stays below
 * {@code maxOffset}.
 */
class ReadBoundsTest {

    private record Appended(long baseOffset, long nextOffset, int size) {}

    @TempDir
    Path dir;

    @Test
    void readsEndOnTheLastWholeBatchThatFits() throws Exception {
        Random random = new Random(20261122);
        LogConfig config = LogConfig.defaults().with(Map.of(LogConfig.INDEX_INTERVAL_BYTES, "700"));
        try (Log log = Log.open(dir.resolve("r-0"), config, new ManualTime(0), 0, false)) {
            List<Appended> batches = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ByteBuffer batch = TestBatches.batch(1 + random.nextInt(30), i);
                int size = batch.remaining();
                AppendResult r = log.appendAsLeader(batch, 0);
                batches.add(new Appended(r.firstOffset(), r.lastOffset() + 1, size));
            }
            long end = log.logEndOffset();
            for (int i = 0; i < 3000; i++) {
                long fetch = (long) (random.nextDouble() * end);
                int maxBytes = 1 + random.nextInt(i % 2 == 0 ? 3000 : 40_000);
                long maxOffset = random.nextBoolean()
                        ? Long.MAX_VALUE
                        : fetch + 1 + random.nextInt((int) (end - fetch));
                boolean minOne = random.nextBoolean();

                FileRegionRecords region = log.read(fetch, maxBytes, maxOffset, minOne).records();

                Appended[] expected = expected(batches, fetch, maxBytes, maxOffset, minOne);
                String read = "read(" + fetch + ", " + maxBytes + ", " + maxOffset + ", " + minOne + ")";
                if (expected == null) {
                    assertThat(region.sizeInBytes()).as(read).isZero();
                } else {
                    int bytes = 0;
                    for (Appended b : batches) {
                        if (b.baseOffset() >= expected[0].baseOffset() && b.nextOffset() <= expected[1].nextOffset()) {
                            bytes += b.size();
                        }
                    }
                    assertThat(region.sizeInBytes()).as(read).isEqualTo(bytes);
                    assertThat(region.offsetSpan()).as(read)
                            .isEqualTo(expected[1].nextOffset() - expected[0].baseOffset());
                }
            }
        }
    }

    /** The first and last batch of the read by definition, or null for an empty read. */
    private static Appended[] expected(List<Appended> batches, long fetch, int maxBytes, long maxOffset,
            boolean minOne) {
        int i = 0;
        while (batches.get(i).nextOffset() <= fetch) {
            i++;
        }
        Appended first = batches.get(i);
        if (first.nextOffset() - 1 >= maxOffset) {
            return null;
        }
        if (first.size() > maxBytes) {
            return minOne ? new Appended[] {first, first} : null;
        }
        int total = 0;
        Appended last = first;
        for (int j = i; j < batches.size(); j++) {
            Appended b = batches.get(j);
            if (b.nextOffset() - 1 >= maxOffset || total + b.size() > maxBytes) {
                break;
            }
            total += b.size();
            last = b;
        }
        return new Appended[] {first, last};
    }
}
