package io.tributary.broker.replica;

import io.tributary.broker.replica.PartitionState.Leader;
import io.tributary.storage.Log;
import io.tributary.storage.TimestampOffset;
import java.util.Optional;
import org.apache.kafka.common.errors.OffsetNotAvailableException;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets on a leader: earliest (-2) and earliest local (-4) give the log start offset, latest
 * (-1) what consumers may read up to, max timestamp (-3) and a timestamp the matching record below
 * that bound; other negative timestamps (latest tiered, -5) find nothing. A new leader whose high
 * watermark has not yet reached the start of its epoch answers "latest" with OFFSET_NOT_AVAILABLE
 * (retriable), as Kafka does, rather than an offset below one a consumer may already have seen.
 * Stateless.
 */
final class OffsetLookup {

    private OffsetLookup() {}

    static Optional<TimestampOffset> forTimestamp(Leader leader, Log log, long timestamp, long readable) {
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(new TimestampOffset(-1, log.logStartOffset(), leader.leaderEpoch()));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            if (readable < leader.epochStartOffset()) {
                throw new OffsetNotAvailableException("The high watermark " + readable + " of the new leader has "
                        + "not reached the start of its epoch " + leader.epochStartOffset() + " yet");
            }
            return Optional.of(new TimestampOffset(-1, readable, leader.leaderEpoch()));
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return log.maxTimestampOffset().filter(t -> t.offset() < readable);
        }
        if (timestamp < 0) {
            return Optional.empty();
        }
        return log.offsetForTimestamp(timestamp).filter(t -> t.offset() < readable);
    }
}
