package io.tributary.metadata.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The active controller's view of broker sessions: when each broker last heartbeat. Only the
 * active controller keeps it; a controller that becomes active starts every registered broker's
 * session afresh (as Kafka's does), so a failover never fences a live broker.
 *
 * <p>Not thread-safe: owned by the controller thread.
 */
final class BrokerHeartbeats {

    private final Map<Integer, Long> lastContactMs = new HashMap<>();
    private final java.util.Set<Integer> heard = new java.util.HashSet<>();

    /** A heartbeat from {@code brokerId}. */
    void touch(int brokerId, long nowMs) {
        lastContactMs.put(brokerId, nowMs);
        heard.add(brokerId);
    }

    void remove(int brokerId) {
        lastContactMs.remove(brokerId);
        heard.remove(brokerId);
    }

    /**
     * Whether {@code brokerId} heartbeat to this controller within the last {@code timeoutMs}: a
     * session started by {@link #reset} alone does not count, so a broker restarted while the
     * controller failed over can register again at once.
     */
    boolean heardWithin(int brokerId, long nowMs, long timeoutMs) {
        return heard.contains(brokerId) && alive(brokerId, nowMs, timeoutMs);
    }

    /** Starts a fresh session for each of {@code brokerIds}, forgetting every other broker. */
    void reset(Collection<Integer> brokerIds, long nowMs) {
        lastContactMs.clear();
        heard.clear();
        brokerIds.forEach(id -> lastContactMs.put(id, nowMs));
    }

    /** Whether {@code brokerId} heartbeat within the last {@code timeoutMs}. */
    boolean alive(int brokerId, long nowMs, long timeoutMs) {
        Long last = lastContactMs.get(brokerId);
        return last != null && nowMs - last < timeoutMs;
    }

    /**
     * Brokers among {@code candidates} whose session has expired. A candidate without a session
     * (it entered the metadata other than by registering with this controller) starts one now.
     */
    List<Integer> expired(Collection<Integer> candidates, long nowMs, long timeoutMs) {
        List<Integer> out = new ArrayList<>();
        for (int id : candidates) {
            if (lastContactMs.putIfAbsent(id, nowMs) == null) {
                continue;
            }
            if (!alive(id, nowMs, timeoutMs)) {
                out.add(id);
            }
        }
        return out;
    }
}
