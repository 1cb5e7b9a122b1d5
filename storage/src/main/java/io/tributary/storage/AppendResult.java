package io.tributary.storage;

/**
 * What an append did.
 *
 * @param firstOffset offset given to the first record of the appended batches
 * @param lastOffset offset given to the last record
 * @param logAppendTime the broker time stamped on the batches under LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param recordCount records appended (0 for a duplicate)
 * @param duplicate true when the batch was a retry of one already in the log; the offsets are
 *     then those the original append was given
 */
public record AppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTime,
        long logStartOffset,
        int recordCount,
        boolean duplicate) {}
