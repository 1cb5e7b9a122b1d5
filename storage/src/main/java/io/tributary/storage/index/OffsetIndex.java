package io.tributary.storage.index;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Apache Kafka's {@code .index} file: 8-byte entries (relative offset int32, file position int32),
 * mapping the last offset of an indexed batch to the position where that batch starts. Entries
 * are added every {@code index.interval.bytes} of appended data.
 *
 * <p>Thread-safety: see {@link MappedIndex}.
 */
public final class OffsetIndex extends MappedIndex {
    public static final int ENTRY_SIZE = 8;

    /** An index entry: an offset and the file position of the batch holding it. */
    public record OffsetPosition(long offset, int position) {}

    private static final EntryKey RELATIVE_OFFSET = (m, at) -> m.getInt(at);
    private static final EntryKey POSITION = (m, at) -> m.getInt(at + 4);

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** Appends an entry; offsets must strictly increase. */
    public void append(long offset, int position) {
        int n = entries();
        if (n > 0 && offset <= lastOffset()) {
            throw new IllegalArgumentException("Index offset " + offset + " is not larger than the last entry "
                    + lastOffset() + " of " + file());
        }
        if (isFull()) {
            throw new IllegalStateException("Offset index " + file() + " is full");
        }
        MappedByteBuffer m = buffer();
        m.putInt(n * ENTRY_SIZE, relative(offset));
        m.putInt(n * ENTRY_SIZE + 4, position);
        commitEntry();
    }

    /** The last entry with offset at or below {@code target}, or (baseOffset, 0) when none. */
    public OffsetPosition lookup(long target) {
        int slot = largestLowerBound(entries(), target);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : entry(slot);
    }

    /**
     * The last entry whose batch starts at or before {@code position}, or (baseOffset, 0) when
     * none; positions increase with offsets, so the entries are searched by position.
     */
    public OffsetPosition floorByPosition(int position) {
        int slot = lastAtOrBelow(entries(), POSITION, position);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : entry(slot);
    }

    public OffsetPosition entry(int slot) {
        return new OffsetPosition(offsetAt(slot), buffer().getInt(slot * ENTRY_SIZE + 4));
    }

    /** The absolute offset of entry {@code slot}. */
    private long offsetAt(int slot) {
        return baseOffset + buffer().getInt(slot * ENTRY_SIZE);
    }

    public long lastOffset() {
        int n = entries();
        return n == 0 ? baseOffset : offsetAt(n - 1);
    }

    public OffsetPosition lastEntry() {
        int n = entries();
        return n == 0 ? new OffsetPosition(baseOffset, 0) : entry(n - 1);
    }

    private int largestLowerBound(int n, long target) {
        return lastAtOrBelow(n, RELATIVE_OFFSET, target - baseOffset);
    }

    @Override
    public void truncateTo(long offset) {
        int slot = largestLowerBound(entries(), offset);
        if (slot < 0) {
            setEntries(0);
        } else if (offsetAt(slot) == offset) {
            setEntries(slot);
        } else {
            setEntries(slot + 1);
        }
    }

    /**
     * Whether the entries look sound for a segment of {@code logSize} bytes: strictly increasing
     * offsets and positions within the file.
     */
    public boolean isSane(long logSize) {
        int n = entries();
        MappedByteBuffer m = buffer();
        int prevRel = -1;
        int prevPos = -1;
        for (int i = 0; i < n; i++) {
            int rel = m.getInt(i * ENTRY_SIZE);
            int pos = m.getInt(i * ENTRY_SIZE + 4);
            if (rel <= prevRel || pos <= prevPos || pos >= logSize) {
                return false;
            }
            prevRel = rel;
            prevPos = pos;
        }
        return true;
    }
}
