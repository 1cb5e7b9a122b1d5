package io.tributary.broker.replica.fetcher;

import io.tributary.broker.codec.FetchedRecords;
import io.tributary.broker.replica.Partition;
import io.tributary.storage.EpochEndOffset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a follower does with its leader's answer for one partition, as Kafka's fetcher does:
 *
 * <ul>
 *   <li>records: appended as the leader wrote them; then the high watermark and the log start
 *       offset follow the leader's;
 *   <li>a diverging epoch (KIP-320): the log is cut where it leaves the leader's. When this log
 *       has the leader's epoch, at the smaller of both ends of it; when it has not, at the end of
 *       its own largest epoch below (the next fetch narrows it down further); when the leader
 *       knows no epoch at all, at the leader's high watermark;
 *   <li>OFFSET_OUT_OF_RANGE: a log behind the leader's log start restarts empty there; one ahead
 *       of the leader's end is cut to the leader's high watermark;
 *   <li>any other error: the partition waits (the metadata will move it, or the leader recover).
 * </ul>
 *
 * Stateless; runs on the fetcher's thread.
 */
final class FollowerResponses {

    private static final Logger LOG = LoggerFactory.getLogger(FollowerResponses.class);

    private FollowerResponses() {}

    /** Applies {@code data} to {@code p}; returns how long the partition should wait, 0 for not at all. */
    static long apply(Partition p, int leaderEpoch, FetchResponseData.PartitionData data, long backoffMs) {
        Errors error = Errors.forCode(data.errorCode());
        try {
            switch (error) {
                case NONE -> {
                    if (FetchResponse.isDivergingEpoch(data)) {
                        truncateToDivergence(p, leaderEpoch, data);
                        return 0;
                    }
                    append(p, leaderEpoch, data);
                    return 0;
                }
                case OFFSET_OUT_OF_RANGE -> {
                    outOfRange(p, leaderEpoch, data);
                    return 0;
                }
                case UNKNOWN_LEADER_EPOCH -> {
                    return Math.min(backoffMs, 100L); // the leader has yet to learn its epoch
                }
                default -> {
                    LOG.debug("Fetch of {} under leader epoch {} failed: {}", p.topicPartition(), leaderEpoch, error);
                    return backoffMs;
                }
            }
        } catch (ApiException | UncheckedIOException e) {
            LOG.info("Could not apply the leader's answer for {}: {}", p.topicPartition(), e.toString());
            return backoffMs;
        } catch (IOException e) {
            LOG.warn("Truncating {} failed", p.topicPartition(), e);
            return backoffMs;
        }
    }

    private static void append(Partition p, int leaderEpoch, FetchResponseData.PartitionData data) {
        ByteBuffer records = FetchedRecords.buffer(data);
        if (records.hasRemaining()) {
            p.appendAsFollower(records, leaderEpoch);
        }
        p.updateFollowerHighWatermark(data.highWatermark());
        if (data.logStartOffset() >= 0) {
            p.updateFollowerLogStartOffset(data.logStartOffset(), leaderEpoch);
        }
    }

    private static void truncateToDivergence(Partition p, int leaderEpoch, FetchResponseData.PartitionData data)
            throws IOException {
        FetchResponseData.EpochEndOffset diverging = data.divergingEpoch();
        long target;
        if (diverging.epoch() < 0 || diverging.endOffset() < 0) {
            target = Math.max(0L, data.highWatermark());
        } else {
            EpochEndOffset local = p.localEndOffsetForEpoch(diverging.epoch());
            target = local.leaderEpoch() == diverging.epoch()
                    ? Math.min(diverging.endOffset(), local.endOffset())
                    : Math.max(0L, local.endOffset());
        }
        LOG.info("Truncating {} to {}: its log diverges from the leader's at epoch {} (leader's end offset {})",
                p.topicPartition(), target, diverging.epoch(), diverging.endOffset());
        p.truncateAsFollower(target, false, leaderEpoch);
    }

    private static void outOfRange(Partition p, int leaderEpoch, FetchResponseData.PartitionData data)
            throws IOException {
        long end = p.logEndOffset();
        if (data.logStartOffset() >= 0 && end < data.logStartOffset()) {
            LOG.info("Restarting {} at the leader's log start offset {} (local end {})", p.topicPartition(),
                    data.logStartOffset(), end);
            p.truncateAsFollower(data.logStartOffset(), true, leaderEpoch);
        } else if (data.highWatermark() >= 0 && data.highWatermark() < end) {
            LOG.info("Truncating {} to the leader's high watermark {} (local end {})", p.topicPartition(),
                    data.highWatermark(), end);
            p.truncateAsFollower(data.highWatermark(), false, leaderEpoch);
        }
    }
}
