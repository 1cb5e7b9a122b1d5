package io.tributary.it.faults;

import java.time.Duration;

/**
 * R4: SIGSTOP of a partition leader for longer than {@code broker.session.timeout.ms}, until the
 * others have fenced it and elected new leaders; then SIGCONT. The thawed node still believes it
 * leads: whatever it answers then (a stale leader) must not acknowledge a write the new leaders do
 * not have, nor serve reads that later vanish.
 */
final class PauseLeader implements Nemesis {

    @Override
    public void run(NemesisContext ctx) throws Exception {
        int victim = ctx.leader(0);
        int viewer = ctx.other(victim);
        ctx.cluster().pause(victim);
        try {
            ctx.awaitFailover(victim, viewer, ctx.sessionTimeout().plusSeconds(1));
            ctx.awaitProgress(100, Duration.ofSeconds(15));
        } finally {
            ctx.cluster().resume(victim);
        }
        ctx.awaitHealthy();
    }
}
