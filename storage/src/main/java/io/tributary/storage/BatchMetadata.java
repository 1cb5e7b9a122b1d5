package io.tributary.storage;

/**
 * What the producer state remembers of one appended idempotent batch, to answer its retries.
 *
 * @param firstSeq the batch's base sequence
 * @param lastSeq the batch's last sequence
 * @param firstOffset the offset given to its first record
 * @param lastOffset the offset given to its last record
 * @param timestamp the batch's max timestamp as stored
 */
record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {}
