package io.tributary.broker.fetch;

import io.tributary.broker.replica.Partition;
import org.apache.kafka.common.message.FetchResponseData;

/**
 * One partition of a fetch request, resolved to the local partition (null when not hosted), and
 * the response entry it fills.
 */
record PartitionFetch(
        Partition partition,
        long fetchOffset,
        int maxBytes,
        int currentLeaderEpoch,
        FetchResponseData.PartitionData out,
        short unresolvedError) {}
