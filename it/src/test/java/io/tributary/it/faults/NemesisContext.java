package io.tributary.it.faults;

import io.tributary.it.history.Workload;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a {@link Nemesis} acts on: the cluster, the workload's topic and the workload (for its progress),
 * with the bounded waits the nemeses share. {@code rf} is the topic's replication factor: with 1 (the
 * development switch {@code -Dfaults.rf=1}) leadership cannot move, and the waits for a new leader
 * wait for the fencing of the old one instead.
 */
record NemesisContext(FaultCluster cluster, String topic, int partitions, int rf, Workload workload,
        Duration sessionTimeout) {

    static final Duration AWAIT = Duration.ofSeconds(40);

    /** The current leader of {@code partition} (waiting, bounded, until there is one). */
    int leader(int partition) {
        return Awaitility.await("a leader of " + topic + "-" + partition).atMost(AWAIT)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> cluster.leaders(topic).getOrDefault(partition, -1), l -> l > 0);
    }

    /** The active controller (waiting, bounded, until there is one). */
    int controller() {
        return Awaitility.await("an active controller").atMost(AWAIT).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(cluster::activeController, id -> id > 0);
    }

    /** A node other than {@code excluded}, the lowest id. */
    int other(int... excluded) {
        for (int id : cluster.ids()) {
            boolean ok = true;
            for (int e : excluded) {
                ok &= id != e;
            }
            if (ok) {
                return id;
            }
        }
        throw new IllegalStateException("no node left");
    }

    /** The other nodes than {@code victim}. */
    List<Integer> peers(int victim) {
        return cluster.ids().stream().filter(id -> id != victim).toList();
    }

    /**
     * Waits (bounded; at least {@code atLeast}) until node {@code viewer} itself says {@code victim} is
     * fenced and, with replication, none of the topic's partitions led by it. Throws when that does
     * not happen.
     */
    void awaitFailover(int victim, int viewer, Duration atLeast) {
        NodeView v = Awaitility.await("node " + viewer + " sees node " + victim
                        + " fenced and its partitions led elsewhere")
                .pollDelay(atLeast).atMost(AWAIT.plus(atLeast)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> cluster.view(viewer, topic), view -> {
                    if (view.brokers().contains(victim)) {
                        return false;
                    }
                    return rf == 1 || view.partitions().keySet().stream()
                            .allMatch(p -> view.leader(p) > 0 && view.leader(p) != victim);
                });
        cluster.fault("node " + viewer + " sees node " + victim + " fenced; leader:isr@epoch " + v.partitions());
    }

    /** Like {@link #awaitFailover} but returns false instead of throwing when it does not happen in time. */
    boolean awaitFailoverQuietly(int victim, int viewer, Duration atLeast) {
        try {
            awaitFailover(victim, viewer, atLeast);
            return true;
        } catch (ConditionTimeoutException e) {
            cluster.fault("node " + viewer + " did not see node " + victim + " fenced within " + AWAIT);
            return false;
        }
    }

    /** Waits (bounded, never failing) until {@code more} further sends are acknowledged; returns whether they were. */
    boolean awaitProgress(long more, Duration atMost) {
        long target = workload.acked() + more;
        try {
            Awaitility.await(more + " more acknowledgements").atMost(atMost).pollInterval(Duration.ofMillis(100))
                    .until(() -> workload.acked() >= target);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Like {@link #awaitProgress} but waiting at least {@code atLeast} first (how long a fault is held). */
    boolean holdFor(Duration atLeast, long more, Duration atMost) {
        long target = workload.acked() + more;
        try {
            Awaitility.await("held " + atLeast).pollDelay(atLeast).atMost(atMost.plus(atLeast))
                    .pollInterval(Duration.ofMillis(100)).until(() -> workload.acked() >= target);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Waits (bounded, failing) until every node is back and every partition has a full ISR. */
    void awaitHealthy() {
        cluster.awaitHealthy(topic, rf, Duration.ofSeconds(60));
        cluster.fault("healthy: " + cluster.describe(topic));
    }
}
