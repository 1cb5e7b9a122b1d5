package io.tributary.storage.directio;

import io.tributary.codec.RegionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Serves a direct-I/O segment's bytes to fetches: from the {@link DirectAppender}'s staged tail
 * when the range is there, else from read-ahead chunks, else with a direct read of the device into
 * a per-thread buffer. A read of {@link #READ_AHEAD_FROM} bytes or more continues (or starts) a
 * {@link ReadAheadStream} after it, so a consumer reading the segment in order finds its next
 * fetches in memory while the device works ahead of it. Up to {@link #STREAMS} readers at
 * different positions of the segment keep streams of their own; a further one takes over the
 * least recently used.
 *
 * <p>Thread-safety: {@link #read} may run on any number of threads; the streams are guarded by
 * this object's monitor, which a read holds while it copies from a chunk or waits for one.
 */
public final class DirectReader implements RegionSource {
    public static final int READ_AHEAD_FROM = 64 * 1024;
    public static final int STREAMS = 4;
    private static final int SCRATCH_BYTES = 1024 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

    private final ChannelSource direct;
    private final int alignment;
    private final Supplier<DirectAppender> appender;
    private final LongSupplier size;
    private final ReadAheadPool pool;
    private final List<ReadAheadStream> streams = new ArrayList<>(STREAMS);
    private final LongAdder deviceReads = new LongAdder();
    private long tick;
    private long tickAtLastSweep;
    private boolean closed;

    /** The segment file opened for direct reads, opened on first use. */
    @FunctionalInterface
    public interface ChannelSource {
        FileChannel get() throws IOException;
    }

    public DirectReader(ChannelSource direct, int alignment, Supplier<DirectAppender> appender, LongSupplier size,
            ReadAheadPool pool) {
        this.direct = direct;
        this.alignment = alignment;
        this.appender = appender;
        this.size = size;
        this.pool = pool;
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        DirectAppender tail = appender.get();
        if (tail != null && tail.copy(position, dst)) {
            return;
        }
        int copied = copyFromStreams(position, dst);
        if (dst.hasRemaining()) {
            readDirect(position + copied, dst);
        }
        if (n >= READ_AHEAD_FROM) {
            readAhead(position + n);
        }
    }

    /** How many reads went to the device on the reading thread, found neither in memory nor read ahead. */
    public long deviceReads() {
        return deviceReads.sum();
    }

    private synchronized int copyFromStreams(long position, ByteBuffer dst) throws IOException {
        for (ReadAheadStream s : streams) {
            if (s.holds(position)) {
                s.used(++tick);
                return s.copy(position, dst);
            }
        }
        return 0;
    }

    /**
     * Drops the streams nobody read from since the last call (a consumer that stopped, moved away
     * or went on with fetches too small to read ahead), so their buffers go back to the pool;
     * called periodically.
     */
    public synchronized void releaseIdle() {
        for (ReadAheadStream s : streams) {
            if (!s.isEmpty() && s.lastUse() <= tickAtLastSweep) {
                s.clear(pool);
            }
        }
        tickAtLastSweep = tick;
    }

    /**
     * Moves the stream a reader now at {@code from} continues (else a free or the least recently
     * used one) to {@code from} and asks for its chunks, stopping at the segment's size and at the
     * bytes the appender holds in memory.
     */
    private synchronized void readAhead(long from) {
        if (closed) {
            return;
        }
        ReadAheadStream stream = streamFor(from);
        stream.dropBefore(from, pool);
        stream.used(++tick);
        long limit = size.getAsLong();
        DirectAppender tail = appender.get();
        if (tail != null) {
            limit = Math.min(limit, tail.windowStart());
        }
        stream.topUp(from, limit, alignment, pool, this::fill);
    }

    private ReadAheadStream streamFor(long from) {
        for (ReadAheadStream s : streams) {
            if (s.follows(from)) {
                return s;
            }
        }
        for (ReadAheadStream s : streams) {
            if (s.isEmpty()) {
                return s;
            }
        }
        if (streams.size() < STREAMS) {
            ReadAheadStream s = new ReadAheadStream();
            streams.add(s);
            return s;
        }
        ReadAheadStream lru = streams.get(0);
        for (ReadAheadStream s : streams) {
            if (s.lastUse() < lru.lastUse()) {
                lru = s;
            }
        }
        lru.clear(pool);
        return lru;
    }

    private ByteBuffer fill(ByteBuffer buffer, long start, long end) {
        try {
            long from = DirectIo.alignDown(start, alignment);
            buffer.clear().limit((int) (DirectIo.alignUp(end, alignment) - from));
            readAligned(buffer, from);
            if (buffer.position() < end - from) {
                throw new IOException("Short direct read at " + from);
            }
            return buffer;
        } catch (IOException e) {
            pool.give(buffer);
            throw new UncheckedIOException(e);
        }
    }

    private void readDirect(long position, ByteBuffer dst) throws IOException {
        deviceReads.increment();
        ByteBuffer scratch = SCRATCH.get();
        if (scratch == null || scratch.alignmentOffset(0, alignment) != 0) {
            scratch = DirectIo.allocate(SCRATCH_BYTES, alignment);
            SCRATCH.set(scratch);
        }
        long pos = position;
        while (dst.hasRemaining()) {
            long from = DirectIo.alignDown(pos, alignment);
            int skip = (int) (pos - from);
            int n = Math.min(dst.remaining(), SCRATCH_BYTES - skip);
            scratch.clear().limit((int) DirectIo.alignUp(skip + n, alignment));
            readAligned(scratch, from);
            if (scratch.position() < skip + n) {
                throw new IOException("Short direct read at " + from);
            }
            dst.put(dst.position(), scratch, skip, n);
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    /** Fills {@code into} from {@code from}; bytes past the file's end are left as they were. */
    private void readAligned(ByteBuffer into, long from) throws IOException {
        while (into.hasRemaining()) {
            int read = direct.get().read(into, from + into.position());
            if (read < 0) {
                return;
            }
            if (read == 0 || into.position() % alignment != 0) {
                return;
            }
        }
    }

    /**
     * Forgets the chunks (around a truncation, whose bytes they may hold); their buffers go back
     * to the pool as their reads finish.
     */
    public synchronized void reset() {
        for (ReadAheadStream s : streams) {
            s.clear(pool);
        }
    }

    /** Resets and stops reading ahead; reads afterwards go to the device. */
    public synchronized void close() {
        closed = true;
        reset();
    }
}
