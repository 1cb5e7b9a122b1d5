package io.tributary.broker.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * An incremental fetch session (KIP-227): the partitions a consumer fetches, remembered between
 * requests so that steady consumers send only what changed and receive only partitions with news.
 *
 * <p>Invariants: {@link #expectedEpoch} is the epoch the next incremental request must carry;
 * partitions keep the order in which they were added.
 *
 * <p>Thread-safety: guarded by this object's monitor; a client has at most one fetch in flight
 * per session, so contention is rare.
 */
final class FetchSession {

    final int id;
    private final Map<Object, FetchTarget> partitions = new LinkedHashMap<>();
    private int expectedEpoch = FetchMetadata.INITIAL_EPOCH;
    private volatile long lastUse;

    FetchSession(int id, long use) {
        this.id = id;
        this.lastUse = use;
    }

    /** When this session was last used, as a stamp of the cache's use counter. */
    long lastUse() {
        return lastUse;
    }

    synchronized int expectedEpoch() {
        return expectedEpoch;
    }

    /**
     * Adds or updates {@code targets}, drops {@code forgotten}, and advances the epoch.
     *
     * @param epoch the epoch the request carries; checked unless it is the initial epoch 0
     * @return every partition of the session, or null when {@code epoch} is not the expected one
     */
    synchronized List<FetchTarget> update(int epoch, List<FetchTarget> targets, List<Object> forgotten, long use) {
        if (epoch != FetchMetadata.INITIAL_EPOCH && epoch != expectedEpoch) {
            return null;
        }
        for (Object key : forgotten) {
            partitions.remove(key);
        }
        for (FetchTarget t : targets) {
            FetchTarget existing = partitions.get(t.key());
            if (existing == null) {
                partitions.put(t.key(), t);
            } else {
                existing.fetchOffset = t.fetchOffset;
                existing.maxBytes = t.maxBytes;
                existing.currentLeaderEpoch = t.currentLeaderEpoch;
            }
        }
        expectedEpoch = FetchMetadata.nextEpoch(expectedEpoch);
        lastUse = use;
        return new ArrayList<>(partitions.values());
    }

    synchronized int size() {
        return partitions.size();
    }
}
