package io.tributary.storage;

import io.tributary.codec.BatchInfo;
import io.tributary.codec.RecordBatchHeader;
import io.tributary.codec.ValidatedBatches;
import io.tributary.storage.segment.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * The idempotent-producer state of one partition (Apache Kafka's {@code ProducerStateManager}):
 * per producer id, the epoch and the last five batches, used to reject stale epochs and sequence
 * gaps and to answer retries with the original offsets.
 *
 * <p>The state reflects the log up to {@link #mapEndOffset()}. It is saved in
 * {@code <20-digit offset>.snapshot} files (format below, versioned and CRC-32C protected) when
 * a segment is rolled and when the log is closed, and rebuilt on open from the latest snapshot at
 * or below the log end plus a replay of the batch headers after it.
 *
 * <p>Snapshot format v1 (big-endian): magic int32 {@code 0x54525053} ("TRPS"), version int16,
 * crc32c uint32 of the rest, producer count int32, then per producer: id int64, epoch int16, last
 * timestamp int64, batch count int8, and per batch first seq int32, last seq int32, first offset
 * int64, last offset int64, timestamp int64.
 *
 * <p>Thread-safety: not thread-safe; guarded by the owning log's lock.
 */
final class ProducerStateManager {
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    static final int SNAPSHOT_MAGIC = 0x54525053;
    static final short SNAPSHOT_VERSION = 1;
    private static final int SNAPSHOTS_TO_KEEP = 2;

    /** How often {@link #expireIfDue} looks for expired producers (Kafka's default interval). */
    static final long EXPIRATION_CHECK_INTERVAL_MS = 10 * 60 * 1000L;

    private final Path dir;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private long mapEndOffset;
    private long nextExpirationCheckMs = Long.MIN_VALUE;

    ProducerStateManager(Path dir) {
        this.dir = dir;
    }

    long mapEndOffset() {
        return mapEndOffset;
    }

    void setMapEndOffset(long offset) {
        this.mapEndOffset = offset;
    }

    /**
     * Forgets the producers whose last batch is {@code expirationMs} or more before {@code nowMs}
     * (Kafka's {@code producer.id.expiration.ms}), at most once per {@link
     * #EXPIRATION_CHECK_INTERVAL_MS}: a producer that went away leaves no state behind for good,
     * and one that comes back after that long is taken as a new one. Returns how many it forgot.
     */
    int expireIfDue(long nowMs, long expirationMs) {
        if (nowMs < nextExpirationCheckMs) {
            return 0;
        }
        nextExpirationCheckMs = nowMs + EXPIRATION_CHECK_INTERVAL_MS;
        int before = producers.size();
        producers.values().removeIf(e -> nowMs - e.lastTimestamp() >= expirationMs);
        return before - producers.size();
    }

    Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    int producerCount() {
        return producers.size();
    }

    /** A retained batch of this producer and epoch with the same sequence range, if any. */
    Optional<BatchMetadata> findDuplicate(BatchInfo b) {
        ProducerStateEntry e = producers.get(b.producerId());
        return e == null ? Optional.empty() : e.findDuplicate(b.producerEpoch(), b.baseSequence(), b.lastSequence());
    }

    /**
     * The first retry among the idempotent batches of an append (control batches never are one):
     * the retained batch of the same producer, epoch and sequence range, if any.
     */
    Optional<BatchMetadata> findDuplicate(ValidatedBatches batches) {
        for (BatchInfo b : batches.batches()) {
            if (b.hasProducerId() && !b.control()) {
                Optional<BatchMetadata> d = findDuplicate(b);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /** Starts checking the idempotent batches of one append; nothing changes until {@link #commit}. */
    Staging stage() {
        return new Staging();
    }

    /**
     * Checks the producer batches of an append that will start at {@code firstOffset} and stages
     * their updates with the offsets and timestamps they are about to get; null when no batch has
     * a producer id. Nothing changes until {@link #commit}.
     *
     * @param checkSequences whether Kafka's epoch and sequence checks apply to the non-control
     *     batches (client appends)
     * @param logAppendTime whether the batches get {@code nowMs} as their timestamp instead of
     *     their own max timestamp
     */
    Staging stage(ValidatedBatches batches, boolean checkSequences, long firstOffset, boolean logAppendTime,
            long nowMs) {
        Staging staging = null;
        long offset = firstOffset;
        for (BatchInfo b : batches.batches()) {
            if (b.hasProducerId()) {
                if (staging == null) {
                    staging = stage();
                }
                if (checkSequences && !b.control()) {
                    staging.check(b);
                }
                long timestamp = logAppendTime ? nowMs : b.maxTimestamp();
                staging.record(b, offset, offset + b.recordCount() - 1, timestamp);
            }
            offset += b.recordCount();
        }
        return staging;
    }

    /** Applies {@code staging} (none when null) and moves the state to the log end {@code nextOffset}. */
    void commit(Staging staging, long nextOffset) {
        if (staging != null) {
            producers.putAll(staging.updated);
        }
        mapEndOffset = nextOffset;
    }

    /** Pending producer updates of one append. */
    final class Staging {
        private final Map<Long, ProducerStateEntry> updated = new HashMap<>(4);

        private ProducerStateEntry current(long producerId) {
            ProducerStateEntry e = updated.get(producerId);
            if (e == null) {
                ProducerStateEntry committed = producers.get(producerId);
                e = committed == null ? ProducerStateEntry.empty(producerId) : committed.copy();
                updated.put(producerId, e);
            }
            return e;
        }

        /**
         * Kafka's {@code checkProducerEpoch} and {@code checkSequence} for a producer's batch.
         *
         * @throws InvalidProducerEpochException when the epoch is older than the current one
         * @throws OutOfOrderSequenceException when a new epoch does not start at 0 or a sequence
         *     does not follow the last one
         */
        void check(BatchInfo b) {
            ProducerStateEntry e = current(b.producerId());
            short current = e.producerEpoch();
            if (b.producerEpoch() < current) {
                throw new InvalidProducerEpochException("Epoch of producer " + b.producerId() + " is "
                        + b.producerEpoch() + ", which is smaller than the last seen epoch " + current);
            }
            if (b.producerEpoch() != current) {
                if (b.baseSequence() != 0 && current != ProducerStateEntry.NO_EPOCH) {
                    throw new OutOfOrderSequenceException("Invalid sequence number for new epoch of producer "
                            + b.producerId() + ": " + b.producerEpoch() + " (request epoch), " + b.baseSequence()
                            + " (seq. number), " + current + " (current producer epoch)");
                }
            } else {
                int lastSeq = e.lastSeq();
                if (current != ProducerStateEntry.NO_EPOCH && !inSequence(lastSeq, b.baseSequence())) {
                    throw new OutOfOrderSequenceException("Out of order sequence number for producer "
                            + b.producerId() + ": " + b.baseSequence() + " (incoming seq. number), " + lastSeq
                            + " (current end sequence number)");
                }
            }
        }

        /** Records an appended batch (after {@link #check} or, for control batches, an epoch bump). */
        void record(BatchInfo b, long firstOffset, long lastOffset, long timestamp) {
            ProducerStateEntry e = current(b.producerId());
            if (b.control()) {
                if (b.producerEpoch() >= e.producerEpoch()) {
                    e.maybeUpdateEpoch(b.producerEpoch());
                }
                return;
            }
            e.addBatch(b.producerEpoch(), new BatchMetadata(b.baseSequence(), b.lastSequence(), firstOffset,
                    lastOffset, timestamp));
        }
    }

    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    /** Applies a batch read back from the log, without checks (recovery, replay). */
    void replay(ByteBuffer buf, int i) {
        long pid = RecordBatchHeader.producerId(buf, i);
        long last = RecordBatchHeader.lastOffset(buf, i);
        if (pid >= 0) {
            short epoch = RecordBatchHeader.producerEpoch(buf, i);
            ProducerStateEntry e = producers.computeIfAbsent(pid, ProducerStateEntry::empty);
            if (RecordBatchHeader.isControl(buf, i)) {
                if (epoch >= e.producerEpoch()) {
                    e.maybeUpdateEpoch(epoch);
                }
            } else {
                e.addBatch(epoch, new BatchMetadata(RecordBatchHeader.baseSequence(buf, i),
                        RecordBatchHeader.lastSequence(buf, i), RecordBatchHeader.baseOffset(buf, i), last,
                        RecordBatchHeader.maxTimestamp(buf, i)));
            }
        }
        mapEndOffset = Math.max(mapEndOffset, last + 1);
    }

    /** Forgets every producer; the state then reflects the log up to {@code offset}. */
    void reset(long offset) {
        producers.clear();
        mapEndOffset = offset;
    }

    // ---- snapshots ----

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(LogSegment.fileName(offset, SNAPSHOT_SUFFIX));
    }

    /** Snapshot files by offset. */
    TreeMap<Long, Path> listSnapshots() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SNAPSHOT_SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String digits = name.substring(0, name.length() - SNAPSHOT_SUFFIX.length());
                try {
                    out.put(Long.parseLong(digits), p);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return out;
    }

    /** Writes the state at {@link #mapEndOffset()} and keeps only the newest snapshots. */
    void takeSnapshot() throws IOException {
        AtomicFiles.write(snapshotFile(dir, mapEndOffset), encode());
        TreeMap<Long, Path> all = listSnapshots();
        while (all.size() > SNAPSHOTS_TO_KEEP) {
            Files.deleteIfExists(all.pollFirstEntry().getValue());
        }
    }

    /** Deletes snapshots above {@code offset} (they describe data no longer in the log). */
    void deleteSnapshotsAbove(long offset) throws IOException {
        for (Path p : listSnapshots().tailMap(offset, false).values()) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Loads the newest readable snapshot at or below {@code maxOffset} and at or above
     * {@code minOffset}; unreadable ones are deleted.
     *
     * @return true when a snapshot was loaded ({@link #mapEndOffset()} is then its offset)
     */
    boolean loadLatestSnapshot(long minOffset, long maxOffset) throws IOException {
        TreeMap<Long, Path> all = listSnapshots();
        for (Map.Entry<Long, Path> e : all.headMap(maxOffset, true).descendingMap().entrySet()) {
            if (e.getKey() < minOffset) {
                break;
            }
            Optional<List<ProducerStateEntry>> decoded = decode(Files.readAllBytes(e.getValue()));
            if (decoded.isPresent()) {
                reset(e.getKey());
                for (ProducerStateEntry p : decoded.get()) {
                    producers.put(p.producerId(), p);
                }
                return true;
            }
            Files.deleteIfExists(e.getValue());
        }
        reset(minOffset);
        return false;
    }

    byte[] encode() {
        int size = 14;
        for (ProducerStateEntry e : producers.values()) {
            size += 19 + e.batches().size() * 32;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(SNAPSHOT_MAGIC).putShort(SNAPSHOT_VERSION).putInt(0).putInt(producers.size());
        for (ProducerStateEntry e : producers.values()) {
            List<BatchMetadata> batches = e.batches();
            buf.putLong(e.producerId()).putShort(e.producerEpoch()).putLong(e.lastTimestamp())
                    .put((byte) batches.size());
            for (BatchMetadata b : batches) {
                buf.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset())
                        .putLong(b.timestamp());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 10, size - 10);
        buf.putInt(6, (int) crc.getValue());
        return buf.array();
    }

    /** The entries of a snapshot, or empty when it is not a valid v1 snapshot. */
    static Optional<List<ProducerStateEntry>> decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            if (buf.getInt() != SNAPSHOT_MAGIC || buf.getShort() != SNAPSHOT_VERSION) {
                return Optional.empty();
            }
            long stored = Integer.toUnsignedLong(buf.getInt());
            CRC32C crc = new CRC32C();
            crc.update(bytes, 10, bytes.length - 10);
            if (crc.getValue() != stored) {
                return Optional.empty();
            }
            int count = buf.getInt();
            List<ProducerStateEntry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long pid = buf.getLong();
                short epoch = buf.getShort();
                long ts = buf.getLong();
                int n = buf.get();
                List<BatchMetadata> batches = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    batches.add(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(),
                            buf.getLong()));
                }
                out.add(new ProducerStateEntry(pid, epoch, ts, batches));
            }
            return buf.hasRemaining() ? Optional.empty() : Optional.of(out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
