package io.tributary.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.TimestampType;

/**
 * Reads and rewrites the fixed 61-byte header of a v2 record batch in place, by absolute index into
 * a big-endian {@link ByteBuffer}, without allocating. {@code pos} is the index of the batch's first
 * byte (its base offset).
 *
 * <p>The header layout is Apache Kafka's: baseOffset int64, batchLength int32,
 * partitionLeaderEpoch int32, magic int8, crc uint32, attributes int16, lastOffsetDelta int32,
 * baseTimestamp int64, maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence
 * int32, recordCount int32. The CRC-32C covers everything from the attributes to the end of the
 * batch, so base offset and leader epoch can be rewritten without recomputing it.
 *
 * <p>Thread-safety: stateless; callers own the buffers.
 */
public final class RecordBatchHeader {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    /** Size of the v2 batch header; also the smallest possible v2 batch. */
    public static final int HEADER_SIZE = 61;
    /** Bytes before the batch length counts: base offset and the length field itself. */
    public static final int LOG_OVERHEAD = 12;
    public static final byte MAGIC_V2 = 2;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private static final int COMPRESSION_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;

    private RecordBatchHeader() {}

    public static long baseOffset(ByteBuffer buf, int pos) {
        return buf.getLong(pos + BASE_OFFSET_OFFSET);
    }

    /** The batch length field: bytes after the length field. */
    public static int batchLength(ByteBuffer buf, int pos) {
        return buf.getInt(pos + LENGTH_OFFSET);
    }

    /** Whole batch size in bytes, header included. */
    public static int sizeInBytes(ByteBuffer buf, int pos) {
        return buf.getInt(pos + LENGTH_OFFSET) + LOG_OVERHEAD;
    }

    public static int partitionLeaderEpoch(ByteBuffer buf, int pos) {
        return buf.getInt(pos + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public static byte magic(ByteBuffer buf, int pos) {
        return buf.get(pos + MAGIC_OFFSET);
    }

    public static long storedCrc(ByteBuffer buf, int pos) {
        return Integer.toUnsignedLong(buf.getInt(pos + CRC_OFFSET));
    }

    public static short attributes(ByteBuffer buf, int pos) {
        return buf.getShort(pos + ATTRIBUTES_OFFSET);
    }

    /** Kafka's compression id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public static int compressionId(ByteBuffer buf, int pos) {
        return attributes(buf, pos) & COMPRESSION_MASK;
    }

    public static TimestampType timestampType(ByteBuffer buf, int pos) {
        return (attributes(buf, pos) & TIMESTAMP_TYPE_MASK) == 0
                ? TimestampType.CREATE_TIME
                : TimestampType.LOG_APPEND_TIME;
    }

    public static boolean isTransactional(ByteBuffer buf, int pos) {
        return (attributes(buf, pos) & TRANSACTIONAL_MASK) != 0;
    }

    public static boolean isControl(ByteBuffer buf, int pos) {
        return (attributes(buf, pos) & CONTROL_MASK) != 0;
    }

    public static int lastOffsetDelta(ByteBuffer buf, int pos) {
        return buf.getInt(pos + LAST_OFFSET_DELTA_OFFSET);
    }

    public static long lastOffset(ByteBuffer buf, int pos) {
        return baseOffset(buf, pos) + lastOffsetDelta(buf, pos);
    }

    public static long baseTimestamp(ByteBuffer buf, int pos) {
        return buf.getLong(pos + BASE_TIMESTAMP_OFFSET);
    }

    public static long maxTimestamp(ByteBuffer buf, int pos) {
        return buf.getLong(pos + MAX_TIMESTAMP_OFFSET);
    }

    public static long producerId(ByteBuffer buf, int pos) {
        return buf.getLong(pos + PRODUCER_ID_OFFSET);
    }

    public static short producerEpoch(ByteBuffer buf, int pos) {
        return buf.getShort(pos + PRODUCER_EPOCH_OFFSET);
    }

    public static int baseSequence(ByteBuffer buf, int pos) {
        return buf.getInt(pos + BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the batch's last record; wraps past {@link Integer#MAX_VALUE} to 0 as Kafka does. */
    public static int lastSequence(ByteBuffer buf, int pos) {
        int base = baseSequence(buf, pos);
        return base < 0 ? base : incrementSequence(base, lastOffsetDelta(buf, pos));
    }

    public static int recordCount(ByteBuffer buf, int pos) {
        return buf.getInt(pos + RECORDS_COUNT_OFFSET);
    }

    /** Kafka's sequence arithmetic: sequences wrap from Integer.MAX_VALUE to 0. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    /** CRC-32C of the batch from the attributes to its end ({@code size} bytes from {@code pos}). */
    public static long computeCrc(ByteBuffer buf, int pos, int size) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(pos + size).position(pos + ATTRIBUTES_OFFSET));
        return crc.getValue();
    }

    public static boolean isCrcValid(ByteBuffer buf, int pos, int size) {
        return computeCrc(buf, pos, size) == storedCrc(buf, pos);
    }

    public static void setBaseOffset(ByteBuffer buf, int pos, long baseOffset) {
        buf.putLong(pos + BASE_OFFSET_OFFSET, baseOffset);
    }

    public static void setPartitionLeaderEpoch(ByteBuffer buf, int pos, int epoch) {
        buf.putInt(pos + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the max timestamp and timestamp type (as Kafka's {@code setMaxTimestamp}) and recomputes
     * the CRC when anything changed.
     */
    public static void setMaxTimestamp(ByteBuffer buf, int pos, TimestampType type, long maxTimestamp) {
        short attributes = attributes(buf, pos);
        short newAttributes = (short) (type == TimestampType.LOG_APPEND_TIME
                ? attributes | TIMESTAMP_TYPE_MASK
                : attributes & ~TIMESTAMP_TYPE_MASK);
        if (newAttributes == attributes && maxTimestamp(buf, pos) == maxTimestamp) {
            return;
        }
        buf.putShort(pos + ATTRIBUTES_OFFSET, newAttributes);
        buf.putLong(pos + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        int size = sizeInBytes(buf, pos);
        buf.putInt(pos + CRC_OFFSET, (int) computeCrc(buf, pos, size));
    }
}
