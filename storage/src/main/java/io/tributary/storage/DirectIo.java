package io.tributary.storage;

import com.sun.nio.file.ExtendedOpenOption;
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
 * <p>The switch is process-wide, set once at start-up from the broker's configuration
 * ({@code log.direct.io}, default false); a file system that refuses {@code O_DIRECT} makes the
 * segment fall back to buffered writes and {@code sendfile} reads.
 */
public final class DirectIo {
    private static volatile boolean enabled;
    private static final Map<Path, Integer> ALIGNMENTS = new ConcurrentHashMap<>();
    private static final Map<Path, Boolean> SUPPORTED = new ConcurrentHashMap<>();

    private DirectIo() {
    }

    /** Whether new and reopened segments use direct I/O. Call before logs are opened. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    /**
     * Whether segment files like {@code file} get direct I/O: it is switched on and the file
     * system accepts {@code O_DIRECT}, tried once per directory by opening {@code file} so.
     */
    static boolean supported(Path file) {
        if (!enabled) {
            return false;
        }
        return SUPPORTED.computeIfAbsent(file.toAbsolutePath().getParent(), dir -> {
            try (FileChannel probe = open(file)) {
                return probe.isOpen();
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        });
    }

    /** Opens {@code file} for direct reads and writes. */
    static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }

    /**
     * The alignment direct transfers to {@code file} need: its file system's block size, looked up
     * once per directory (finding a file's store reads the mount table).
     */
    static int alignment(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Integer known = ALIGNMENTS.get(dir);
        if (known != null) {
            return known;
        }
        long block = Files.getFileStore(file).getBlockSize();
        if (block <= 0 || block > 1 << 16 || Long.bitCount(block) != 1) {
            throw new IOException("Unusable block size " + block + " for direct I/O on " + file);
        }
        ALIGNMENTS.put(dir, (int) block);
        return (int) block;
    }

    /** A direct buffer of {@code capacity} bytes whose address is a multiple of {@code alignment}. */
    static ByteBuffer allocate(int capacity, int alignment) {
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity);
    }

    static long alignDown(long position, int alignment) {
        return position & -alignment;
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) & -alignment;
    }
}
