package io.tributary.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * R2: a rolling restart: every node in turn, the active controller first, stopped with SIGTERM (a
 * controlled shutdown, which must exit cleanly) and started again; the next node goes only once the
 * restarted one is back in every ISR and the workload has made progress.
 */
final class RollingRestart implements Nemesis {

    @Override
    public void run(NemesisContext ctx) throws Exception {
        int controller = ctx.controller();
        List<Integer> order = new ArrayList<>(List.of(controller));
        order.addAll(ctx.peers(controller));
        for (int id : order) {
            int code = ctx.cluster().terminate(id);
            assertThat(code).as("exit code of node %d on SIGTERM; see %s", id, ctx.cluster().logFile(id))
                    .isEqualTo(143);
            ctx.cluster().start(id);
            ctx.awaitHealthy();
            ctx.awaitProgress(100, Duration.ofSeconds(20));
        }
    }
}
