package io.tributary.codec;

import static io.tributary.codec.RecordBatchHeader.HEADER_SIZE;

import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;

/**
 * Walks the records of an uncompressed v2 batch in place, as Apache Kafka's leader does before it
 * accepts one (its validator iterates every record of an uncompressed batch): each record's
 * length must cover exactly its fields, offset deltas must run 0, 1, 2, ..., header counts must
 * not be negative, and the records must fill the batch exactly, as many as it declares. A batch
 * whose CRC is right but whose records are not (a client's bug, or a crafted batch) would
 * otherwise be stored and then fail every consumer that reaches it.
 *
 * <p>Reads the records from the heap buffer's array, or from a per-thread copy of them when they
 * are off the heap (a copy costs less than reading a direct buffer a byte at a time); allocates
 * nothing per record. Stateless apart from that per-thread buffer.
 */
public final class UncompressedRecords {
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private UncompressedRecords() {
    }

    /** The smallest and largest timestamp of a batch's records. */
    public record Timestamps(long min, long max) {}

    /**
     * Checks the records of the batch at {@code pos} ({@code size} bytes, {@code count} records,
     * header and CRC already valid) and returns their smallest and largest timestamps.
     *
     * @throws InvalidRecordException records that do not match their batch or their own lengths
     * @throws CorruptRecordException a varint that runs past its record
     */
    public static Timestamps timestamps(ByteBuffer buf, int pos, int size, int count) {
        long baseTimestamp = RecordBatchHeader.baseTimestamp(buf, pos);
        long maxDelta = Long.MIN_VALUE;
        long minDelta = Long.MAX_VALUE;
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
            c.skipBytes(); // key
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
            minDelta = Math.min(minDelta, timestampDelta);
        }
        if (c.at != end) {
            throw new InvalidRecordException("Record batch declares " + count + " records but has "
                    + (end - c.at) + " bytes left after them");
        }
        return new Timestamps(baseTimestamp + minDelta, baseTimestamp + maxDelta);
    }

    /** A per-thread buffer of at least {@code n} bytes, to walk records held outside the heap. */
    private static byte[] scratch(int n) {
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[Math.max(n, 2 * b.length)];
            SCRATCH.set(b);
        }
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

        int varint() {
            long v = varlong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new CorruptRecordException("Varint out of range at position " + at);
            }
            return (int) v;
        }

        /** A zig-zag varlong of at most 10 bytes, inside the record. */
        long varlong() {
            if (at < limit) {
                int first = buf[at];
                if (first >= 0) { // one byte: most lengths, deltas and counts of small records
                    at++;
                    return (first >>> 1) ^ -(first & 1);
                }
            }
            long raw = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (at >= limit) {
                    throw new CorruptRecordException("Varint runs past its record at position " + at);
                }
                byte b = buf[at++];
                raw |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new CorruptRecordException("Varint longer than 10 bytes at position " + at);
        }

        /** Skips a length-prefixed field (a negative length is a null one). */
        void skipBytes() {
            int n = varint();
            if (n > 0) {
                skip(n);
            }
        }

        void skip(int n) {
            if (n > limit - at) {
                throw new InvalidRecordException("A record field of " + n + " bytes runs past its record");
            }
            at += n;
        }
    }
}
