package io.tributary.storage.directio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The read-ahead of one reader going through a segment in order: up to {@link #DEPTH} contiguous
 * chunks of {@link ReadAheadPool#CHUNK_BYTES}, read by the pool's thread, ahead of where the reader
 * last was.
 *
 * <p>Invariants: the chunks are contiguous and in file order; a chunk holds the file's bytes
 * {@code [start, end)}, every one of them below the segment's published size when the chunk was
 * asked for, so they are final; each chunk holds one pool buffer until it is dropped.
 *
 * <p>Thread-safety: none; {@link DirectReader} guards its streams with its monitor.
 */
public final class ReadAheadStream {
    public static final int DEPTH = 4;

    /** Reads {@code [start, end)} into a pool buffer (aligned at {@code start}'s block) and returns it. */
    @FunctionalInterface
    public interface Filler {
        ByteBuffer fill(ByteBuffer buffer, long start, long end);
    }

    /** The file's bytes {@code [start, end)}, at {@code skip} in a pool buffer, once read. */
    private record Chunk(long start, long end, CompletableFuture<ByteBuffer> buffer, int skip) {
        boolean holds(long position) {
            return position >= start && position < end;
        }
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long lastUse;

    public long lastUse() {
        return lastUse;
    }

    public void used(long tick) {
        lastUse = tick;
    }

    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Whether a chunk holds {@code position}. */
    public boolean holds(long position) {
        return !chunks.isEmpty() && position >= chunks.peekFirst().start && position < chunks.peekLast().end;
    }

    /** Whether a reader now at {@code position} continues this stream. */
    public boolean follows(long position) {
        return !chunks.isEmpty() && position >= chunks.peekFirst().start && position <= chunks.peekLast().end;
    }

    /**
     * Copies what the chunks hold of the range from {@code position} into {@code dst}, waiting for
     * chunks still being read; the number of bytes copied.
     */
    public int copy(long position, ByteBuffer dst) throws IOException {
        long pos = position;
        for (Chunk c : chunks) {
            if (!dst.hasRemaining()) {
                break;
            }
            if (!c.holds(pos)) {
                if (pos >= c.end) {
                    continue;
                }
                break;
            }
            ByteBuffer data = await(c);
            if (data == null) {
                break;
            }
            int n = (int) Math.min(dst.remaining(), c.end - pos);
            dst.put(dst.position(), data, c.skip + (int) (pos - c.start), n);
            dst.position(dst.position() + n);
            pos += n;
        }
        return (int) (pos - position);
    }

    /**
     * Asks for chunks after the last one (or from {@code from} when there is none) until there
     * are {@link #DEPTH}, stopping at {@code limit} or when the pool has no buffer free.
     */
    public void topUp(long from, long limit, int alignment, ReadAheadPool pool, Filler filler) {
        long start = chunks.isEmpty() ? from : chunks.peekLast().end;
        while (chunks.size() < DEPTH && start < limit) {
            ByteBuffer buffer = pool.take(alignment);
            if (buffer == null) {
                return;
            }
            long chunkStart = start;
            long blockStart = DirectIo.alignDown(chunkStart, alignment);
            long end = Math.min(limit, blockStart + ReadAheadPool.CHUNK_BYTES);
            chunks.addLast(new Chunk(chunkStart, end,
                    CompletableFuture.supplyAsync(() -> filler.fill(buffer, chunkStart, end), pool.reads()),
                    (int) (chunkStart - blockStart)));
            start = end;
        }
    }

    /**
     * Drops the chunks that end at or before {@code position}; each returns its buffer to {@code
     * pool} once its read is done (at once when it is), without waiting for it here.
     */
    public void dropBefore(long position, ReadAheadPool pool) {
        while (!chunks.isEmpty() && chunks.peekFirst().end <= position) {
            chunks.pollFirst().buffer.thenAccept(pool::give);
        }
    }

    /** Drops every chunk. */
    public void clear(ReadAheadPool pool) {
        dropBefore(Long.MAX_VALUE, pool);
    }

    private static ByteBuffer await(Chunk c) throws IOException {
        try {
            return c.buffer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted waiting for a read-ahead", e);
        } catch (ExecutionException e) {
            return null; // the filler returned the buffer to the pool
        }
    }
}
