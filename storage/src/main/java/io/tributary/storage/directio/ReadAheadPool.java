package io.tributary.storage.directio;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The buffers and the thread of direct read-ahead, shared by every segment of the process: at most
 * {@link #BUFFERS} buffers of {@link #CHUNK_BYTES} each, allocated on first use and reused. A
 * segment that finds none free reads without read-ahead.
 *
 * <p>Thread-safety: {@link #take} and {@link #give} are synchronized; the executor's one daemon
 * thread runs the reads, one at a time, in the order they were asked for.
 */
public final class ReadAheadPool {
    public static final int CHUNK_BYTES = 1024 * 1024;
    public static final int BUFFERS = 32;

    public static final ReadAheadPool SHARED = new ReadAheadPool();

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int allocated;
    private final ExecutorService reads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-read-ahead");
        t.setDaemon(true);
        return t;
    });

    private ReadAheadPool() {
    }

    /** A free buffer of {@link #CHUNK_BYTES} aligned to {@code alignment}, or null when all are taken. */
    public synchronized ByteBuffer take(int alignment) {
        ByteBuffer b = free.pollFirst();
        if (b != null) {
            if (b.alignmentOffset(0, alignment) == 0) {
                return b.clear();
            }
            allocated--;
        }
        if (allocated == BUFFERS) {
            return null;
        }
        allocated++;
        return DirectIo.allocate(CHUNK_BYTES, alignment);
    }

    public synchronized void give(ByteBuffer buffer) {
        free.addFirst(buffer);
    }

    /** Buffers taken and not given back. */
    public synchronized int inUse() {
        return allocated - free.size();
    }

    /** Waits until the reads asked for so far are done (and their chunks' buffers, if dropped, back). */
    public void awaitReads() throws Exception {
        reads.submit(() -> { }).get(1, java.util.concurrent.TimeUnit.MINUTES);
    }

    public ExecutorService reads() {
        return reads;
    }
}
