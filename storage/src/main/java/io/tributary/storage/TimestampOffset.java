package io.tributary.storage;

/**
 * A ListOffsets answer: an offset and the timestamp of the record found there (-1 when the
 * answer is not tied to a record, as for earliest and latest), and the leader epoch of that
 * record's batch (-1 when unknown).
 */
public record TimestampOffset(long timestamp, long offset, int leaderEpoch) {}
