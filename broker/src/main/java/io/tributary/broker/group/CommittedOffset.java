package io.tributary.broker.group;

/**
 * A committed offset of one partition for one group. Immutable.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, or -1
 * @param metadata the client's metadata string (never null)
 * @param commitTimestampMs when the commit was made, by the coordinator's clock
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
    public CommittedOffset {
        metadata = metadata == null ? "" : metadata;
    }
}
