package io.tributary.storage.directio;

import com.sun.nio.file.ExtendedOpenOption;
import io.tributary.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct I/O ({@code O_DIRECT}) for segment files: transfers between the device and this
 * process's own, reused buffers, bypassing the page cache.
 *
 * <p>Why: a write through the page cache copies every byte into page-cache pages the kernel has
 * to find, and on a virtual machine whose free memory goes back to the host, the first touch of
 * such a page is a fault on the host too; reads of data that has left the page cache pay the
 * same. Direct transfers touch only the broker's own buffers, which stay warm. See
 * docs/performance.md, "Direct I/O".
 *
 * <p>Direct transfers must start at a multiple of {@link #alignment(Path)}, span a multiple of it and
 * use a buffer whose address is aligned to it ({@link #allocate}).
 *
 * <p>The cost moves rather than vanishes: each append waits for the device, and a fetch copies its
 * bytes through memory and the socket instead of {@code sendfile} from the page cache, so produce
 * CPU falls while produce latency and consume CPU rise (measured in docs/performance.md). Off by
 * default.
 *
 * <p>A log uses it when its {@link LogConfig#directIo()} is on: partition logs take the broker's
 * {@code log.direct.io} (default false), the metadata log never does (it forces every record
 * anyway). A file system that refuses {@code O_DIRECT} makes the segment fall back to buffered
 * writes and {@code sendfile} reads.
 */
public final class DirectIo {
    /** Per directory: the alignment of direct transfers there, 0 where there are none. */
    private static final Map<Path, Integer> ALIGNMENTS = new ConcurrentHashMap<>();

    private DirectIo() {
    }

    /**
     * The alignment direct transfers to segment files like {@code file} need (its file system's
     * block size), or 0 when they can have no direct I/O: the file system refuses {@code
     * O_DIRECT} or its block size is unusable. Found once per directory, by opening {@code
     * file} with {@code O_DIRECT} and reading the file store (which reads the mount table).
     */
    public static int alignment(Path file) {
        return ALIGNMENTS.computeIfAbsent(file.toAbsolutePath().getParent(), dir -> {
            try (FileChannel probe = open(file)) {
                long block = Files.getFileStore(file).getBlockSize();
                return block > 0 && block <= 1 << 16 && Long.bitCount(block) == 1 ? (int) block : 0;
            } catch (IOException | UnsupportedOperationException e) {
                return 0;
            }
        });
    }

    /** Opens {@code file} for direct reads and writes. */
    public static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }

    /** A direct buffer of {@code capacity} bytes whose address is a multiple of {@code alignment}. */
    public static ByteBuffer allocate(int capacity, int alignment) {
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity);
    }

    public static long alignDown(long position, int alignment) {
        return position & -alignment;
    }

    public static long alignUp(long position, int alignment) {
        return (position + alignment - 1) & -alignment;
    }
}
