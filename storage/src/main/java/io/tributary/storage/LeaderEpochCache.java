package io.tributary.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The partition's leader epochs and the offset at which each began, persisted to
 * {@code leader-epoch-checkpoint} in Apache Kafka's format (version 0, count, "epoch startOffset"
 * lines) whenever it changes.
 *
 * <p>Invariants: epochs and start offsets both strictly increase.
 *
 * <p>Thread-safety: thread-safe; every method is synchronized (updates come from the log's
 * writer, queries from request threads).
 */
final class LeaderEpochCache {
    static final String FILE_NAME = "leader-epoch-checkpoint";

    /** An epoch and its first offset. */
    record EpochEntry(int epoch, long startOffset) {}

    private final CheckpointFile<EpochEntry> checkpoint;
    private final List<EpochEntry> entries = new ArrayList<>();

    LeaderEpochCache(Path dir) throws IOException {
        this.checkpoint = new CheckpointFile<>(dir.resolve(FILE_NAME),
                e -> e.epoch() + " " + e.startOffset(),
                f -> new EpochEntry(Integer.parseInt(f[0]), Long.parseLong(f[1])));
        for (EpochEntry e : checkpoint.read()) {
            if (entries.isEmpty() || (e.epoch() > last().epoch() && e.startOffset() > last().startOffset())) {
                entries.add(e);
            }
        }
    }

    private EpochEntry last() {
        return entries.get(entries.size() - 1);
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset} if it is newer than the latest
     * epoch. A newer epoch at an offset not above the latest start replaces those entries.
     */
    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        if (!entries.isEmpty() && epoch <= last().epoch()) {
            return;
        }
        while (!entries.isEmpty() && last().startOffset() >= startOffset) {
            entries.remove(entries.size() - 1);
        }
        entries.add(new EpochEntry(epoch, startOffset));
        checkpoint.write(entries);
    }

    synchronized OptionalInt latestEpoch() {
        return entries.isEmpty() ? OptionalInt.empty() : OptionalInt.of(last().epoch());
    }

    /** Removes epochs starting at or after {@code endOffset} (after truncation of the log's end). */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        boolean changed = false;
        while (!entries.isEmpty() && last().startOffset() >= endOffset) {
            entries.remove(entries.size() - 1);
            changed = true;
        }
        if (changed) {
            checkpoint.write(entries);
        }
    }

    /** Drops epochs wholly below {@code startOffset}; the one holding it now starts there. */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        boolean changed = false;
        while (entries.size() > 1 && entries.get(1).startOffset() <= startOffset) {
            entries.remove(0);
            changed = true;
        }
        if (!entries.isEmpty() && entries.get(0).startOffset() < startOffset) {
            entries.set(0, new EpochEntry(entries.get(0).epoch(), startOffset));
            changed = true;
        }
        if (changed) {
            checkpoint.write(entries);
        }
    }

    /**
     * Forgets every epoch. Without a checkpoint file there is nothing on disk to empty (a missing
     * file reads as no epochs), so a new log creates none: that write cost two fsyncs per new
     * partition, the metadata log's at every first start included.
     */
    synchronized void clear() throws IOException {
        entries.clear();
        if (Files.notExists(checkpoint.file())) {
            return;
        }
        checkpoint.write(entries);
    }

    /**
     * Kafka's OffsetsForLeaderEpoch answer: for the latest epoch, (epoch, logEndOffset); else the
     * largest known epoch at or below {@code epoch} (or {@code epoch} itself when none is) and the
     * start offset of the first epoch above it; (-1, -1) when no epoch above it is known.
     */
    synchronized EpochEntry endOffsetFor(int epoch, long logEndOffset) {
        if (!entries.isEmpty() && epoch == last().epoch()) {
            return new EpochEntry(epoch, logEndOffset);
        }
        EpochEntry floor = null;
        for (EpochEntry e : entries) {
            if (e.epoch() > epoch) {
                return new EpochEntry(floor == null ? epoch : floor.epoch(), e.startOffset());
            }
            floor = e;
        }
        return new EpochEntry(-1, -1L);
    }

    /** The epoch of the batch holding {@code offset}, if known. */
    synchronized OptionalInt epochForOffset(long offset) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).startOffset() <= offset) {
                return OptionalInt.of(entries.get(i).epoch());
            }
        }
        return OptionalInt.empty();
    }

    synchronized List<EpochEntry> entries() {
        return List.copyOf(entries);
    }
}
