package io.tributary.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tributary.storage.directio.DirectIo;
import io.tributary.storage.directio.SegmentDirectIo;
import io.tributary.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A direct append that fails part-way (a full file system) leaves no trace in what the segment
 * holds: the segment's size does not move, the next append starts again at that size over
 * whatever part of the failed one reached the file, and neither readers nor the file after the
 * appends end see the failed bytes. The segment's size is kept here as {@link LogSegment} keeps
 * it: advanced only after an append returned. Sizes are given for 4 KiB blocks and scaled to the
 * file system's alignment.
 */
class DirectAppendFailureTest {
    @TempDir
    Path dir;

    final Random random = new Random(7);
    final AtomicInteger size = new AtomicInteger();
    Path file;
    FileChannel buffered;
    FailingFileChannel direct;
    SegmentDirectIo io;
    int block;

    @BeforeEach
    void open() throws IOException {
        file = dir.resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        buffered = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        io = SegmentDirectIo.open(() -> file, p -> direct = new FailingFileChannel(DirectIo.open(p)), buffered,
                size::get, true);
        assumeThat(io).as("direct I/O on the test's file system").isNotNull();
        block = DirectIo.alignment(file);
    }

    @AfterEach
    void close() throws IOException {
        if (io != null) {
            io.close();
        }
        buffered.close();
    }

    /**
     * Where the failing write is not the append's first, the appender had already moved its end
     * past the segment's size: only dropping it makes the next append start at the size again
     * (cases 3 and 4); in the others the failed append moved nothing.
     */
    @ParameterizedTest(name = "{0} bytes, then {1} failing after {2} writes with {3} bytes written")
    @CsvSource({
        "10000, 20000, 0, 4096",  // the first write of the append fails, part of it on disk
        "10000, 20000, 0, 0",     // nothing reached the file
        "5000, 900000, 2, 8192",  // an append over several staging windows fails in its third write
        "12288, 600000, 1, 0",    // ... in its second write, which wrote nothing; the old end on a boundary
        "8192, 4096, 0, 4096",    // the old end on a block boundary; the failed block was written whole
    })
    void aFailedAppendLeavesNoTrace(int before, int failed, int writesFirst, int partial) throws IOException {
        byte[] a = append(scaled(before));
        direct.failAfter(writesFirst, scaled(partial));
        assertThatThrownBy(() -> io.append(ByteBuffer.wrap(bytes(scaled(failed)))))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThat(Files.size(file)).as("the file cut back to the segment's size").isEqualTo(a.length);
        byte[] c = append(scaled(3000));
        byte[] expected = concat(a, c);

        ByteBuffer read = ByteBuffer.allocate(expected.length);
        io.reader().read(0, read);
        assertThat(read.array()).isEqualTo(expected);

        io.endAppends();
        assertThat(Files.size(file)).isEqualTo(expected.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    /** {@code bytes} for 4 KiB blocks, scaled to this file system's block. */
    private int scaled(int bytes) {
        return (int) ((long) bytes * block / 4096);
    }

    private byte[] append(int n) throws IOException {
        byte[] b = bytes(n);
        io.append(ByteBuffer.wrap(b));
        size.addAndGet(n);
        return b;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
