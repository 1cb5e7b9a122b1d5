package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.index.OffsetIndex;
import io.tributary.storage.index.TimeIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
    @TempDir
    Path dir;

    @Test
    void offsetIndexLookupTruncateAndTrim() throws Exception {
        Path f = dir.resolve("00000000000000000100.index");
        OffsetIndex idx = new OffsetIndex(f, 100, 80);
        assertThat(idx.maxEntries()).isEqualTo(10);
        assertThat(idx.lookup(150)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        idx.append(110, 1000);
        idx.append(120, 2000);
        idx.append(130, 3000);
        assertThatThrownBy(() -> idx.append(130, 4000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(idx.lookup(105)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(idx.lookup(110)).isEqualTo(new OffsetIndex.OffsetPosition(110, 1000));
        assertThat(idx.lookup(129)).isEqualTo(new OffsetIndex.OffsetPosition(120, 2000));
        assertThat(idx.lookup(1000)).isEqualTo(new OffsetIndex.OffsetPosition(130, 3000));
        assertThat(idx.isSane(3001)).isTrue();
        assertThat(idx.isSane(3000)).isFalse();
        idx.truncateTo(120);
        assertThat(idx.entries()).isEqualTo(1);
        idx.append(125, 2500);
        idx.trimToValidSize();
        assertThat(Files.size(f)).isEqualTo(16);
        idx.close();
        OffsetIndex reopened = new OffsetIndex(f, 100, 80);
        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.lastEntry()).isEqualTo(new OffsetIndex.OffsetPosition(125, 2500));
        assertThat(Files.size(f)).isEqualTo(16);
        reopened.resize(80);
        assertThat(Files.size(f)).isEqualTo(80);
        reopened.append(130, 3000);
        assertThat(reopened.lookup(131)).isEqualTo(new OffsetIndex.OffsetPosition(130, 3000));
        reopened.close();
    }

    @Test
    void timeIndexKeepsStrictlyIncreasingTimestamps() throws Exception {
        TimeIndex idx = new TimeIndex(dir.resolve("00000000000000000000.timeindex"), 0, 48);
        assertThat(idx.lastEntry()).isEqualTo(new TimeIndex.TimestampOffsetEntry(-1, 0));
        idx.maybeAppend(-1, 0, false);
        assertThat(idx.entries()).isZero();
        idx.maybeAppend(100, 5, false);
        idx.maybeAppend(100, 7, false);
        idx.maybeAppend(200, 9, false);
        assertThat(idx.entries()).isEqualTo(2);
        idx.maybeAppend(300, 12, false);
        assertThat(idx.isFull()).isTrue();
        idx.maybeAppend(400, 15, true);
        assertThat(idx.entries()).isEqualTo(4);
        assertThat(idx.lookup(99)).isEqualTo(new TimeIndex.TimestampOffsetEntry(-1, 0));
        assertThat(idx.lookup(250)).isEqualTo(new TimeIndex.TimestampOffsetEntry(200, 9));
        idx.truncateTo(9);
        assertThat(idx.lastEntry()).isEqualTo(new TimeIndex.TimestampOffsetEntry(100, 5));
        assertThat(idx.isSane(6)).isTrue();
        assertThat(idx.isSane(5)).isFalse();
        idx.close();
    }

    @Test
    void checkpointFileFormat() throws Exception {
        CheckpointFile<long[]> cp = new CheckpointFile<>(dir.resolve("cp"), e -> e[0] + " " + e[1],
                f -> new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        assertThat(cp.read()).isEmpty();
        cp.write(java.util.List.of(new long[] {1, 2}, new long[] {3, 4}));
        assertThat(Files.readString(dir.resolve("cp"))).isEqualTo("0\n2\n1 2\n3 4\n");
        assertThat(cp.read()).hasSize(2);
        Files.writeString(dir.resolve("cp"), "1\n0\n");
        assertThatThrownBy(cp::read).isInstanceOf(java.io.IOException.class);
    }
}
