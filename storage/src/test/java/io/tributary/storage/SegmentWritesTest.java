package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.storage.segment.SegmentWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A buffered segment write that fails part-way leaves the file as it was before it. */
class SegmentWritesTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsPartWayIsCutBackAndTheNextOneLandsAtTheSamePlace() throws IOException {
        Path file = dir.resolve("00000000000000000000.log");
        byte[] first = new byte[10_000];
        byte[] failed = new byte[50_000];
        byte[] next = new byte[3_000];
        Random random = new Random(3);
        random.nextBytes(first);
        random.nextBytes(failed);
        random.nextBytes(next);
        try (FailingFileChannel ch = new FailingFileChannel(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            SegmentWrites.writeFully(ch, ByteBuffer.wrap(first), 0);
            ch.failAfter(0, 4096);
            assertThatThrownBy(() -> SegmentWrites.writeFully(ch, ByteBuffer.wrap(failed), first.length))
                    .isInstanceOf(IOException.class).hasMessage("No space left on device");
            assertThat(Files.size(file)).isEqualTo(first.length);
            SegmentWrites.writeFully(ch, ByteBuffer.wrap(next), first.length);
        }
        byte[] expected = Arrays.copyOf(first, first.length + next.length);
        System.arraycopy(next, 0, expected, first.length, next.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }
}
