package io.tributary.it.faults;

import java.time.Duration;

/**
 * R1: kill -9 of a partition leader; once the others have fenced it and elected new leaders, it is
 * started again on its data and must catch up until the ISR is full. Each run takes the leader of the
 * next partition, so repeated runs kill different nodes.
 */
final class KillLeader implements Nemesis {

    private int round;

    @Override
    public void run(NemesisContext ctx) throws Exception {
        int partition = round++ % ctx.partitions();
        int victim = ctx.leader(partition);
        int viewer = ctx.other(victim);
        ctx.cluster().kill(victim);
        ctx.awaitFailover(victim, viewer, Duration.ZERO);
        ctx.awaitProgress(100, Duration.ofSeconds(20));
        ctx.cluster().start(victim);
        ctx.awaitHealthy();
    }
}
