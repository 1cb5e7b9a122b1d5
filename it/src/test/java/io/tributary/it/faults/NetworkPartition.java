package io.tributary.it.faults;

import java.time.Duration;

/**
 * R3: a network partition between the nodes (the test's clients, on the bridge, still reach every
 * node, so a stale leader on the minority side keeps getting requests), held until the majority has
 * fenced the cut-off node (or for at most {@link NemesisContext#AWAIT}) and then for
 * {@link #HOLD_AFTER_FAILOVER} more while the workload goes on, then healed.
 */
final class NetworkPartition implements Nemesis {

    /** Which partition. */
    enum Kind {
        /** The leader of partition 0 cut off from both other nodes, both ways. */
        ISOLATED_LEADER,
        /** The active controller alone in the minority, both ways: the majority must elect another. */
        CONTROLLER_IN_MINORITY,
        /** The leader of partition 0 receives nothing from the other nodes but can still send to them. */
        ONE_WAY_TO_LEADER
    }

    static final Duration HOLD_AFTER_FAILOVER = Duration.ofSeconds(5);
    private final Kind kind;

    NetworkPartition(Kind kind) {
        this.kind = kind;
    }

    @Override
    public void run(NemesisContext ctx) throws Exception {
        NetworkNamespaces net = ctx.cluster().net();
        int victim = kind == Kind.CONTROLLER_IN_MINORITY ? ctx.controller() : ctx.leader(0);
        int viewer = ctx.other(victim);
        ctx.cluster().fault("partition " + kind + ": node " + victim + " | " + ctx.peers(victim));
        for (int peer : ctx.peers(victim)) {
            if (kind == Kind.ONE_WAY_TO_LEADER) {
                net.dropFrom(victim, peer);
            } else {
                net.cut(victim, peer);
            }
        }
        try {
            ctx.awaitFailoverQuietly(victim, viewer, ctx.sessionTimeout());
            ctx.holdFor(HOLD_AFTER_FAILOVER, 200, Duration.ofSeconds(15));
        } finally {
            ctx.cluster().fault("heal network partition");
            net.heal();
        }
        ctx.awaitHealthy();
    }
}
