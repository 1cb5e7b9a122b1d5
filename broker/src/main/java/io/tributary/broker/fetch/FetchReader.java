package io.tributary.broker.fetch;

import io.tributary.codec.FileRegionRecords;
import io.tributary.broker.replica.Partition;
import io.tributary.metadata.MetadataImage;
import io.tributary.storage.ReadResult;
import java.util.List;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the partition entries of a fetch response from the partitions' leaders, honouring the
 * response-level and partition-level byte limits: the first partition with data may exceed them by
 * one batch (so a consumer always progresses); later partitions get what is left. Stateless.
 */
final class FetchReader {

    private static final Logger LOG = LoggerFactory.getLogger(FetchReader.class);

    private FetchReader() {}

    /**
     * How a consumer's fetch reads: its isolation, whether followers may serve it (v11+), and
     * its rack with the broker's read-replica selection (KIP-392).
     */
    record Reads(boolean readCommitted, boolean followerReads, String clientRack, ReadReplicaSelector selector,
            MetadataImage image) {}

    /** Reads every partition from its leader; returns the total bytes of records in the response. */
    static long read(List<PartitionFetch> fetches, int responseMaxBytes, boolean readCommitted) {
        return read(fetches, responseMaxBytes, new Reads(readCommitted, false, null, null, null));
    }

    /** Reads every partition; returns the total bytes of records in the response. */
    static long read(List<PartitionFetch> fetches, int responseMaxBytes, Reads how) {
        long total = 0;
        boolean first = true;
        for (PartitionFetch f : fetches) {
            reset(f.out());
            if (f.partition() == null) {
                f.out().setErrorCode(f.unresolvedError());
                continue;
            }
            Partition p = f.partition();
            int budget = (int) Math.max(0, Math.min(f.maxBytes(), responseMaxBytes - total));
            try {
                p.checkLeaderEpoch(f.currentLeaderEpoch());
                int preferred = how.selector() == null ? -1 : how.selector().select(p, how.clientRack(), how.image());
                if (preferred >= 0) {
                    f.out().setPreferredReadReplica(preferred); // the consumer goes there for records
                    fillBounds(f, p, p.logStartOffset());
                    continue;
                }
                if (budget == 0 && !first) {
                    fillBounds(f, p, p.logStartOffset());
                    continue;
                }
                ReadResult r = p.readForConsumer(f.fetchOffset(), budget, first, how.readCommitted(),
                        how.followerReads());
                FileRegionRecords records = r.records();
                f.out().setRecords(records);
                fillBounds(f, p, r.logStartOffset());
                if (records.sizeInBytes() > 0) {
                    total += records.sizeInBytes();
                    first = false;
                }
            } catch (OffsetOutOfRangeException e) {
                f.out().setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                fillBounds(f, p, p.logStartOffset());
            } catch (ApiException e) {
                f.out().setErrorCode(Errors.forException(e).code());
            } catch (RuntimeException e) {
                LOG.error("Fetch from {} failed", p.topicPartition(), e);
                f.out().setErrorCode(Errors.forException(e).code());
            }
        }
        return total;
    }

    /** Clears an entry before a (re-)read: no error, no bounds, no records, no divergence. */
    static void reset(org.apache.kafka.common.message.FetchResponseData.PartitionData out) {
        out.divergingEpoch().setEpoch(-1).setEndOffset(-1);
        out.setErrorCode((short) 0)
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setPreferredReadReplica(-1)
                .setRecords(FileRegionRecords.empty());
    }

    private static void fillBounds(PartitionFetch f, Partition p, long logStartOffset) {
        fillBounds(f.out(), p, logStartOffset);
    }

    /** The partition's high watermark, last stable offset and {@code logStartOffset}, for the fetcher to follow. */
    static void fillBounds(org.apache.kafka.common.message.FetchResponseData.PartitionData out, Partition p,
            long logStartOffset) {
        out.setHighWatermark(p.highWatermark())
                .setLastStableOffset(p.lastStableOffset())
                .setLogStartOffset(logStartOffset);
    }
}
