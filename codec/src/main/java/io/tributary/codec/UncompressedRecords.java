package io.tributary.codec;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import java.nio.ByteBuffer;
import java.util.function.IntConsumer;
import org.apache.kafka.common.InvalidRecordException;

/**
 * Walks the records of an uncompressed v2 batch in place, as Apache Kafka's leader does before it
 * accepts one (its validator iterates every record of an uncompressed batch): each record's
 * length must cover exactly its fields, offset deltas must run 0, 1, 2, ..., header counts must
 * not be negative, and the records must fill the batch exactly, as many as it declares. A batch
 * whose CRC is right but whose records are not (a client's bug, or a crafted batch) would
 * otherwise be stored and then fail every consumer that reaches it.
 *
 * <p>The walk also reports the records that have no key, for the rule of compacted topics.
 *
 * <p>Reads the records from the heap buffer's array, or from a per-thread copy of them when they
 * are off the heap (a copy costs less than reading a direct buffer a byte at a time); allocates
 * nothing per record. Stateless apart from that per-thread buffer.
 */
public final class UncompressedRecords {
    private static final int MAX_KEPT_SCRATCH = 1024 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private UncompressedRecords() {
    }

    /**
     * The smallest timestamp of a batch's records other than NO_TIMESTAMP ({@code Long.MAX_VALUE}
     * when there is none) and the largest.
     */
    public record Timestamps(long min, long max) {}

    /**
     * Checks the records of the batch at {@code pos} ({@code size} bytes, {@code count} records,
     * header and CRC already valid) and returns their smallest and largest timestamps.
     *
     * @throws InvalidRecordException records that do not match their batch or their own lengths, or a
     *     varint longer than Kafka reads or running past its record
     */
    public static Timestamps timestamps(ByteBuffer buf, int pos, int size, int count) {
        return timestamps(buf, pos, size, count, null);
    }

    /**
     * As {@link #timestamps(ByteBuffer, int, int, int)}, and passes the index of every record
     * without a key (a null one) to {@code keyless} unless it is null.
     */
    public static Timestamps timestamps(ByteBuffer buf, int pos, int size, int count, IntConsumer keyless) {
        long baseTimestamp = RecordBatchHeader.baseTimestamp(buf, pos);
        long maxDelta = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        int n = size - HEADER_SIZE;
        byte[] bytes;
        int start;
        if (buf.hasArray()) {
            bytes = buf.array();
            start = buf.arrayOffset() + pos + HEADER_SIZE;
        } else {
            bytes = scratch(n);
            buf.get(pos + HEADER_SIZE, bytes, 0, n);
            start = 0;
        }
        int end = start + n;
        Cursor c = new Cursor(bytes, start, end);
        for (int i = 0; i < count; i++) {
            if (c.at >= end) {
                throw new InvalidRecordException("Record batch declares " + count + " records but holds " + i);
            }
            int length = c.varint();
            int recordEnd = c.at + length;
            if (length < 0 || recordEnd > end) {
                throw new InvalidRecordException("Record " + i + " has invalid length " + length);
            }
            c.limit = recordEnd;
            c.skip(1); // attributes
            long timestampDelta = c.varlong();
            int offsetDelta = c.varint();
            if (offsetDelta != i) {
                throw new InvalidRecordException("Inner record " + i + " has offset delta " + offsetDelta);
            }
            if (c.skipBytes() < 0 && keyless != null) { // key
                keyless.accept(i);
            }
            c.skipBytes(); // value
            int headers = c.varint();
            if (headers < 0) {
                throw new InvalidRecordException("Found invalid number of record headers " + headers);
            }
            for (int h = 0; h < headers; h++) {
                int keyLength = c.varint();
                if (keyLength < 0) {
                    throw new InvalidRecordException("Invalid negative header key size in record " + i);
                }
                c.skip(keyLength);
                c.skipBytes(); // header value
            }
            if (c.at != recordEnd) {
                throw new InvalidRecordException("Invalid record size: expected to read " + length
                        + " bytes in record payload, but instead read " + (c.at - (recordEnd - length)));
            }
            c.limit = end;
            maxDelta = Math.max(maxDelta, timestampDelta);
            long timestamp = baseTimestamp + timestampDelta;
            if (timestamp != RecordBatchHeader.NO_TIMESTAMP) {
                min = Math.min(min, timestamp);
            }
        }
        if (c.at != end) {
            throw new InvalidRecordException("Record batch declares " + count + " records but has "
                    + (end - c.at) + " bytes left after them");
        }
        return new Timestamps(min, baseTimestamp + maxDelta);
    }

    /** A per-thread buffer of at least {@code n} bytes, to walk records held outside the heap. */
    private static byte[] scratch(int n) {
        byte[] b = SCRATCH.get();
        if (b.length >= n) {
            return b;
        }
        if (n > MAX_KEPT_SCRATCH) {
            return new byte[n]; // a rare large batch: not kept by the thread
        }
        b = new byte[Math.min(MAX_KEPT_SCRATCH, Math.max(n, 2 * b.length))];
        SCRATCH.set(b);
        return b;
    }

    /** A read position within the current record ({@code limit}). */
    private static final class Cursor {
        private final byte[] buf;
        private int at;
        private int limit;

        Cursor(byte[] buf, int at, int limit) {
            this.buf = buf;
            this.at = at;
            this.limit = limit;
        }

        /** A zig-zag varint of at most 5 bytes, as Kafka reads it (bits past 32 dropped). */
        int varint() {
            int raw = (int) unsigned(5);
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** A zig-zag varlong of at most 10 bytes. */
        long varlong() {
            long raw = unsigned(10);
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** An unsigned varint of at most {@code maxBytes} bytes inside the record. */
        private long unsigned(int maxBytes) {
            if (at < limit && buf[at] >= 0) { // one byte: most lengths, deltas and counts of small records
                return buf[at++];
            }
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                if (at >= limit) {
                    throw new InvalidRecordException("A varint runs past its record");
                }
                byte b = buf[at++];
                raw |= (long) (b & 0x7f) << (7 * i);
                if (b >= 0) {
                    return raw;
                }
            }
            throw new InvalidRecordException("A varint is longer than " + maxBytes + " bytes");
        }

        /** Skips a length-prefixed field and returns its length (a negative length is a null one). */
        int skipBytes() {
            int n = varint();
            if (n > 0) {
                skip(n);
            }
            return n;
        }

        void skip(int n) {
            if (n > limit - at) {
                throw new InvalidRecordException("A record field of " + n + " bytes runs past its record");
            }
            at += n;
        }
    }
}
