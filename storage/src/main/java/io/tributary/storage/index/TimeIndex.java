package io.tributary.storage.index;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Apache Kafka's {@code .timeindex} file: 12-byte entries (timestamp int64, relative offset
 * int32). Each entry says: up to and including the batch whose last offset is this offset, the
 * largest timestamp is this timestamp. Timestamps strictly increase; one slot is kept free for
 * the entry written when the segment is rolled.
 *
 * <p>Thread-safety: see {@link MappedIndex}.
 */
public final class TimeIndex extends MappedIndex {
    public static final int ENTRY_SIZE = 12;
    private static final EntryKey TIMESTAMP = (m, at) -> m.getLong(at);

    /** A time index entry. */
    public record TimestampOffsetEntry(long timestamp, long offset) {}

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * Appends (timestamp, offset) if the timestamp is larger than the last entry's.
     *
     * @param force write into the slot reserved for the roll even when the index is otherwise full
     */
    public void maybeAppend(long timestamp, long offset, boolean force) {
        int n = entries();
        if (!force && isFull()) {
            throw new IllegalStateException("Time index " + file() + " is full");
        }
        if (n >= maxEntries()) {
            return;
        }
        TimestampOffsetEntry last = lastEntry();
        if (n > 0 && offset < last.offset()) {
            throw new IllegalArgumentException("Time index offset " + offset + " is below the last entry " + last);
        }
        if (timestamp > last.timestamp()) {
            MappedByteBuffer m = buffer();
            m.putLong(n * ENTRY_SIZE, timestamp);
            m.putInt(n * ENTRY_SIZE + 8, relative(offset));
            commitEntry();
        }
    }

    /** The last entry, or (-1, baseOffset) when there is none. */
    public TimestampOffsetEntry lastEntry() {
        int n = entries();
        return n == 0 ? new TimestampOffsetEntry(-1L, baseOffset) : entry(buffer(), n - 1);
    }

    private TimestampOffsetEntry entry(MappedByteBuffer m, int slot) {
        return new TimestampOffsetEntry(m.getLong(slot * ENTRY_SIZE), baseOffset + m.getInt(slot * ENTRY_SIZE + 8));
    }

    /** The last entry whose timestamp is at or below {@code target}, or (-1, baseOffset) when none. */
    public TimestampOffsetEntry lookup(long target) {
        int slot = lastAtOrBelow(entries(), TIMESTAMP, target);
        return slot < 0 ? new TimestampOffsetEntry(-1L, baseOffset) : entry(buffer(), slot);
    }

    @Override
    public void truncateTo(long offset) {
        int n = entries();
        MappedByteBuffer m = buffer();
        int keep = 0;
        while (keep < n && baseOffset + m.getInt(keep * ENTRY_SIZE + 8) < offset) {
            keep++;
        }
        setEntries(keep);
    }

    /** Strictly increasing timestamps, non-decreasing offsets below {@code nextOffset}. */
    public boolean isSane(long nextOffset) {
        int n = entries();
        MappedByteBuffer m = buffer();
        long prevTs = Long.MIN_VALUE;
        int prevRel = -1;
        for (int i = 0; i < n; i++) {
            long ts = m.getLong(i * ENTRY_SIZE);
            int rel = m.getInt(i * ENTRY_SIZE + 8);
            if (ts <= prevTs || rel < prevRel || baseOffset + rel >= nextOffset) {
                return false;
            }
            prevTs = ts;
            prevRel = rel;
        }
        return true;
    }
}
