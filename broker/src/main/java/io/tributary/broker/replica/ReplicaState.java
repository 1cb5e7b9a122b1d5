package io.tributary.broker.replica;

/**
 * What a leader knows of one follower replica, from that follower's fetches: its log start and end
 * offsets, when it last fetched and what the leader's log end offset was then, and when it was
 * last caught up with the leader. A follower is caught up when it fetched from the leader's log end
 * offset, or from at least the leader's log end offset of its previous fetch (it then had
 * everything the leader had at that earlier time). Immutable; a fetch makes a new one.
 *
 * @param logStartOffset the follower's log start offset, -1 while unknown
 * @param logEndOffset the follower's log end offset (its fetch offset), -1 while unknown
 * @param lastFetchLeaderLogEndOffset the leader's log end offset at the follower's last fetch, -1
 *     while unknown
 * @param lastFetchTimeMs when the follower last fetched, 0 while unknown
 * @param lastCaughtUpTimeMs the last time the follower was caught up with the leader
 */
public record ReplicaState(
        long logStartOffset,
        long logEndOffset,
        long lastFetchLeaderLogEndOffset,
        long lastFetchTimeMs,
        long lastCaughtUpTimeMs) {

    /** Offsets not known yet. */
    public static final long UNKNOWN_OFFSET = -1L;

    /**
     * The state of a follower when this broker becomes its leader: offsets unknown until it
     * fetches; an in-sync follower counts as caught up now, others as never (so a replica outside
     * the ISR does not look caught up and a lagging one is not held in the ISR).
     */
    static ReplicaState unknown(boolean inSync, long nowMs) {
        return new ReplicaState(UNKNOWN_OFFSET, UNKNOWN_OFFSET, UNKNOWN_OFFSET, 0L, inSync ? nowMs : 0L);
    }

    /**
     * The state after a fetch from {@code fetchOffset} at {@code fetchTimeMs}, when the leader's
     * log ended at {@code leaderEndOffset}.
     */
    ReplicaState fetched(long fetchOffset, long followerStartOffset, long fetchTimeMs, long leaderEndOffset) {
        long caughtUp = lastCaughtUpTimeMs;
        if (fetchOffset >= leaderEndOffset) {
            caughtUp = Math.max(caughtUp, fetchTimeMs);
        } else if (lastFetchLeaderLogEndOffset != UNKNOWN_OFFSET && fetchOffset >= lastFetchLeaderLogEndOffset) {
            caughtUp = Math.max(caughtUp, lastFetchTimeMs);
        }
        return new ReplicaState(followerStartOffset, fetchOffset, leaderEndOffset, fetchTimeMs, caughtUp);
    }

    /**
     * Whether the follower is in step with a leader whose log ends at {@code leaderEndOffset}: it
     * has everything, or it was caught up within the last {@code maxLagMs}.
     */
    public boolean isCaughtUp(long leaderEndOffset, long nowMs, long maxLagMs) {
        return logEndOffset >= leaderEndOffset || nowMs - lastCaughtUpTimeMs <= maxLagMs;
    }
}
