package io.tributary.broker.fetch;

import org.apache.kafka.common.Uuid;

/**
 * One partition a consumer fetches: what it asked for (offset, byte limit, leader epoch) and, in a
 * fetch session, what the last response told it (high watermark, last stable offset, log start),
 * so an incremental response can leave out partitions with nothing new.
 *
 * <p>Not thread-safe: owned by one request, or by its {@link FetchSession} under the session's lock.
 */
final class FetchTarget {

    final String topic;
    final Uuid topicId;
    final int partition;
    long fetchOffset;
    int maxBytes;
    int currentLeaderEpoch;
    int lastFetchedEpoch = -1; // a follower's, KIP-320
    long replicaLogStartOffset = -1; // a follower's
    long sentHighWatermark = -1;
    long sentLastStableOffset = -1;
    long sentLogStartOffset = -1;

    FetchTarget(String topic, Uuid topicId, int partition, long fetchOffset, int maxBytes, int currentLeaderEpoch) {
        this.topic = topic;
        this.topicId = topicId;
        this.partition = partition;
        this.fetchOffset = fetchOffset;
        this.maxBytes = maxBytes;
        this.currentLeaderEpoch = currentLeaderEpoch;
    }

    /** The session key: the topic id from v13 on, else the name. */
    Object key() {
        return topicId != null && !Uuid.ZERO_UUID.equals(topicId)
                ? new IdKey(topicId, partition)
                : new NameKey(topic, partition);
    }

    record IdKey(Uuid topicId, int partition) {}

    record NameKey(String topic, int partition) {}
}
