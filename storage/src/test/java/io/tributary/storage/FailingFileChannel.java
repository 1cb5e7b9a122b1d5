package io.tributary.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileChannel} that passes everything to a real one, except that once {@link #failAfter}
 * armed it, one positional write writes only its first {@code partialBytes} and then throws, as a
 * full file system does in the middle of a write. Not thread-safe; for one test thread.
 */
final class FailingFileChannel extends FileChannel {
    private final FileChannel delegate;
    private int writesBeforeFailure = -1;
    private int partialBytes;

    FailingFileChannel(FileChannel delegate) {
        this.delegate = delegate;
    }

    /** Lets {@code writes} more positional writes through, then fails the one after them. */
    void failAfter(int writes, int partial) {
        this.writesBeforeFailure = writes;
        this.partialBytes = partial;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (writesBeforeFailure != 0) {
            if (writesBeforeFailure > 0) {
                writesBeforeFailure--;
            }
            return delegate.write(src, position);
        }
        writesBeforeFailure = -1;
        if (partialBytes > 0 && src.remaining() >= partialBytes) {
            ByteBuffer part = src.duplicate().limit(src.position() + partialBytes);
            delegate.write(part, position);
        }
        throw new IOException("No space left on device");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
