package io.tributary.broker.replica;

import io.tributary.broker.replica.PartitionState.Leader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * When a leader asks for a new ISR, as Kafka decides it: a follower outside the ISR joins once
 * its log end offset has reached both the high watermark and the start of the current leader
 * epoch (so it holds every record this leader kept from earlier epochs); an in-sync follower
 * leaves once it has not been caught up for {@code replica.lag.time.max.ms}. Nothing is proposed
 * while a change is pending. Stateless.
 */
public final class IsrPolicy {

    private IsrPolicy() {}

    /** The ISR to propose after {@code replicaId}'s fetch, or null. */
    public static List<Integer> expansion(Partition p, int replicaId) {
        if (!(p.state() instanceof Leader l) || l.pendingIsr() != null || l.isr().contains(replicaId)) {
            return null;
        }
        ReplicaState f = l.followers().get(replicaId);
        if (f == null || f.logEndOffset() < p.highWatermark() || f.logEndOffset() < l.epochStartOffset()) {
            return null;
        }
        List<Integer> next = new ArrayList<>(l.isr());
        next.add(replicaId);
        return next;
    }

    /** The ISR without the in-sync followers not caught up within {@code maxLagMs} at {@code nowMs}, or null. */
    public static List<Integer> shrink(Partition p, long nowMs, long maxLagMs) {
        if (!(p.state() instanceof Leader l) || l.pendingIsr() != null) {
            return null;
        }
        Set<Integer> out = l.outOfSyncReplicas(p.localBrokerId(), p.logEndOffset(), nowMs, maxLagMs);
        if (out.isEmpty()) {
            return null;
        }
        List<Integer> next = new ArrayList<>(l.isr());
        next.removeAll(out);
        return next;
    }
}
