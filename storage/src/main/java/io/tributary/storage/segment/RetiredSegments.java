package io.tributary.storage.segment;

import io.tributary.storage.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Segments removed from a log (by retention, truncation or a compaction swap) whose files stay
 * open until {@code file.delete.delay.ms} has passed, so a reader still holding one keeps a
 * consistent view. Their files are already renamed {@code .deleted}.
 *
 * <p>Not thread-safe: owned by one {@link Log} and used under its lock.
 */
public final class RetiredSegments {

    private record Retired(LogSegment segment, long deleteAtMs) {}

    private final List<Retired> segments = new ArrayList<>();

    public void add(LogSegment segment, long deleteAtMs) {
        segments.add(new Retired(segment, deleteAtMs));
    }

    /** Closes and deletes the segments due at {@code nowMs}; throws the first failure after trying them all. */
    public void deleteDue(long nowMs) throws IOException {
        IOException first = null;
        Iterator<Retired> it = segments.iterator();
        while (it.hasNext()) {
            Retired r = it.next();
            if (r.deleteAtMs() <= nowMs) {
                try {
                    r.segment().delete();
                    it.remove();
                } catch (IOException e) { // kept for the next call; the others are still deleted
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes and deletes every segment; returns the first failure (the others are still tried). */
    public IOException deleteAll() {
        IOException first = null;
        for (Retired r : segments) {
            try {
                r.segment().delete();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        segments.clear();
        return first;
    }
}
