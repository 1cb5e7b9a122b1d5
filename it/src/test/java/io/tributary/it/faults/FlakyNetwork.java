package io.tributary.it.faults;

import java.time.Duration;

/**
 * R5: a degraded network on every node for a while, then healed: random packet loss through
 * {@code iptables -m statistic} (each node drops a share of what it receives, from the other nodes
 * and from clients), or delay, jitter, reordering and loss through {@code tc netem} (which needs a
 * kernel with {@code CONFIG_NET_SCH_NETEM}; the test skips that kind where the kernel lacks it).
 */
final class FlakyNetwork implements Nemesis {

    /** Which degradation. */
    enum Kind {
        /** 15% of incoming packets dropped on every node. */
        LOSS,
        /** 40 ms ± 20 ms delay, 25% reordered, 2% lost on every node's outgoing packets. */
        NETEM_DELAY_REORDER
    }

    private static final Duration HOLD = Duration.ofSeconds(10);
    private final Kind kind;

    FlakyNetwork(Kind kind) {
        this.kind = kind;
    }

    @Override
    public void run(NemesisContext ctx) throws Exception {
        NetworkNamespaces net = ctx.cluster().net();
        ctx.cluster().fault("flaky network " + kind + " on every node");
        try {
            for (int id : ctx.cluster().ids()) {
                if (kind == Kind.LOSS) {
                    net.loss(id, 0.15);
                } else {
                    net.netem(id, "delay", "40ms", "20ms", "reorder", "25%", "50%", "loss", "2%");
                }
            }
            ctx.holdFor(HOLD, 200, Duration.ofSeconds(20));
        } finally {
            ctx.cluster().fault("heal network");
            net.heal();
        }
        ctx.awaitHealthy();
    }
}
