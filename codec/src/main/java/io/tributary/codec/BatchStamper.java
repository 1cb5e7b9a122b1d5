package io.tributary.codec;

import org.apache.kafka.common.record.TimestampType;

/**
 * Rewrites validated batches in place for the leader's append: assigns offsets, stamps the
 * partition leader epoch and sets the max timestamp (LogAppendTime, or for a compressed batch the
 * largest record timestamp, as Kafka's validator does). Base offset and leader epoch lie outside
 * the CRC; a timestamp change recomputes it.
 *
 * <p>Thread-safety: stateless; the caller owns the buffer.
 */
public final class BatchStamper {
    private BatchStamper() {}

    /**
     * @param firstOffset the offset of the first record of the first batch
     * @param logAppendTime the broker time to stamp under {@link TimestampType#LOG_APPEND_TIME}
     * @return the offset given to the last record
     */
    public static long stamp(ValidatedBatches batches, long firstOffset, int leaderEpoch,
            TimestampType timestampType, long logAppendTime) {
        long next = firstOffset;
        var buf = batches.buffer();
        for (BatchInfo b : batches.batches()) {
            int pos = b.position();
            RecordBatchHeader.setBaseOffset(buf, pos, next);
            RecordBatchHeader.setPartitionLeaderEpoch(buf, pos, leaderEpoch);
            if (timestampType == TimestampType.LOG_APPEND_TIME) {
                RecordBatchHeader.setMaxTimestamp(buf, pos, TimestampType.LOG_APPEND_TIME, logAppendTime);
            } else if (b.compressed() || RecordBatchHeader.timestampType(buf, pos) != TimestampType.CREATE_TIME
                    || RecordBatchHeader.maxTimestamp(buf, pos) != b.maxTimestamp()) {
                RecordBatchHeader.setMaxTimestamp(buf, pos, TimestampType.CREATE_TIME, b.maxTimestamp());
            }
            next += b.recordCount();
        }
        return next - 1;
    }
}
