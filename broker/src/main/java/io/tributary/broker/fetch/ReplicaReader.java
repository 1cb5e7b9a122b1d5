package io.tributary.broker.fetch;

import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.storage.EpochEndOffset;
import io.tributary.storage.ReadResult;
import java.util.List;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a follower's fetch response, as the leader: each partition is read up to its log end
 * offset (not the high watermark), within the response and partition byte limits (the first
 * partition with data may exceed them by one batch). A follower whose last fetched epoch ends
 * before its fetch offset in this log, or that this log does not know, gets that epoch's end
 * here as a diverging epoch (KIP-320) and no records, so it truncates first. The high watermark
 * and log start offset are sent for the follower to follow. Stateless.
 */
final class ReplicaReader {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReader.class);

    private ReplicaReader() {}

    /**
     * Records each partition's follower state (what the follower has: everything before its fetch
     * offset) once, then reads. Returns the bytes of records in the response.
     */
    static long readAndRecord(List<PartitionFetch> fetches, List<FetchTarget> targets, int responseMaxBytes,
            int replicaId, ReplicaManager replicas) {
        for (int i = 0; i < fetches.size(); i++) {
            PartitionFetch f = fetches.get(i);
            Partition p = f.partition();
            if (p == null || !p.isLeader()) {
                continue;
            }
            FetchTarget t = targets.get(i);
            try {
                p.checkLeaderEpoch(f.currentLeaderEpoch());
                if (t.lastFetchedEpoch < 0 || p.divergingEpoch(t.lastFetchedEpoch, f.fetchOffset()) == null) {
                    replicas.followerFetched(p, replicaId, f.fetchOffset(), t.replicaLogStartOffset,
                            p.logEndOffset());
                }
            } catch (ApiException e) {
                // the read below answers with the same error
            }
        }
        return read(fetches, targets, responseMaxBytes);
    }

    /** Reads every partition for the follower; returns the total bytes of records. */
    static long read(List<PartitionFetch> fetches, List<FetchTarget> targets, int responseMaxBytes) {
        long total = 0;
        boolean first = true;
        for (int i = 0; i < fetches.size(); i++) {
            PartitionFetch f = fetches.get(i);
            FetchResponseData.PartitionData out = f.out();
            FetchReader.reset(out);
            Partition p = f.partition();
            if (p == null) {
                out.setErrorCode(f.unresolvedError());
                continue;
            }
            int budget = (int) Math.max(0, Math.min(f.maxBytes(), responseMaxBytes - total));
            try {
                p.checkLeaderEpoch(f.currentLeaderEpoch());
                int lastEpoch = targets.get(i).lastFetchedEpoch;
                EpochEndOffset diverging = lastEpoch < 0 ? null : p.divergingEpoch(lastEpoch, f.fetchOffset());
                if (diverging != null) {
                    out.divergingEpoch().setEpoch(diverging.leaderEpoch()).setEndOffset(diverging.endOffset());
                    FetchReader.fillBounds(out, p, p.logStartOffset());
                    continue;
                }
                if (budget == 0 && !first) {
                    FetchReader.fillBounds(out, p, p.logStartOffset());
                    continue;
                }
                ReadResult r = p.readForFollower(f.fetchOffset(), budget);
                out.setRecords(r.records());
                FetchReader.fillBounds(out, p, p.logStartOffset());
                if (r.records().sizeInBytes() > 0) {
                    total += r.records().sizeInBytes();
                    first = false;
                }
            } catch (OffsetOutOfRangeException e) {
                out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                FetchReader.fillBounds(out, p, p.logStartOffset());
            } catch (ApiException e) {
                out.setErrorCode(Errors.forException(e).code());
            } catch (RuntimeException e) {
                LOG.error("Follower fetch from {} failed", p.topicPartition(), e);
                out.setErrorCode(Errors.forException(e).code());
            }
        }
        return total;
    }

    /** Whether some partition answers a divergence (the follower must truncate before waiting makes sense). */
    static boolean anyDiverging(List<PartitionFetch> fetches) {
        for (PartitionFetch f : fetches) {
            if (f.out().divergingEpoch().epoch() >= 0) {
                return true;
            }
        }
        return false;
    }
}
