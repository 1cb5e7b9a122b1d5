package io.tributary.storage.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sparse, memory-mapped index file of fixed-size entries sorted by offset, relative to the
 * segment's base offset (Apache Kafka's {@code AbstractIndex}). A new index is pre-sized to
 * {@code segment.index.bytes}; {@link #trimToValidSize()} shrinks the file to its entries when
 * the segment stops being active.
 *
 * <p>Thread-safety: one writer at a time (the log's lock); readers may run concurrently with it.
 * The writer stores an entry, then publishes it by raising the volatile entry count; readers
 * take the count first and never look past it. Remapping replaces the volatile buffer reference;
 * an old mapping stays valid for the entries it covers.
 */
public abstract class MappedIndex implements Closeable {
    protected final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;

    /**
     * Opens {@code file}, creating it pre-sized to {@code maxIndexSize} if absent. An existing
     * file is taken as trimmed: its entries are all its whole entries, and it stays that size
     * until {@link #resize} makes room (for the active segment, or before a rebuild).
     */
    protected MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean exists = Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = exists ? raf.length() : 0;
            this.entries = (int) (length / entrySize);
            long wanted = exists ? roundDown(length) : roundDown(maxIndexSize);
            if (raf.length() != wanted) {
                raf.setLength(wanted);
            }
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, wanted);
        }
    }

    private long roundDown(long n) {
        return n / entrySize * entrySize;
    }

    protected final MappedByteBuffer buffer() {
        return mmap;
    }

    protected final int entrySize() {
        return entrySize;
    }

    /** Reads the search key of the entry that starts at byte {@code entryStart} of the map. */
    @FunctionalInterface
    protected interface EntryKey {
        long at(MappedByteBuffer map, int entryStart);
    }

    /**
     * Binary search: the slot of the last of the first {@code n} entries whose key is at or below
     * {@code target}, or -1 when there is none. The keys must not decrease from slot to slot.
     */
    protected final int lastAtOrBelow(int n, EntryKey key, long target) {
        MappedByteBuffer m = mmap;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (key.at(m, mid * entrySize) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    public final Path file() {
        return file;
    }

    public final int entries() {
        return entries;
    }

    public final int maxEntries() {
        return mmap.capacity() / entrySize;
    }

    public boolean isFull() {
        return entries >= maxEntries();
    }

    /** Size in bytes of the valid entries. */
    public final int sizeInBytes() {
        return entries * entrySize;
    }

    /** Publishes the entry the subclass has just written at slot {@link #entries()}. */
    protected final void commitEntry() {
        entries = entries + 1;
    }

    protected final void setEntries(int n) {
        entries = n;
    }

    /** Drops every entry. */
    public final void reset() {
        entries = 0;
    }

    /** Removes entries for offsets at or after {@code offset}. */
    public abstract void truncateTo(long offset);

    /** Resizes the file and mapping to hold exactly {@code newSize} bytes (rounded down to whole entries). */
    public final synchronized void resize(int newSize) throws IOException {
        long rounded = Math.max(roundDown(newSize), (long) entries * entrySize);
        if (rounded == mmap.capacity()) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(rounded);
            mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, rounded);
        }
    }

    public final void trimToValidSize() throws IOException {
        resize(entries * entrySize);
    }

    public final void flush() {
        mmap.force();
    }

    public final void renameTo(Path target) throws IOException {
        // a segment compacted twice within file.delete.delay.ms replaces its older .deleted twin
        Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    /** Leaves the mapping to the garbage collector: concurrent readers may still hold it. */
    @Override
    public void close() throws IOException {
        trimToValidSize();
    }

    public final void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The relative offset of {@code offset}; it must lie within the segment's int range. */
    protected final int relative(long offset) {
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " is out of range for index of segment "
                    + baseOffset);
        }
        return (int) rel;
    }
}
