package io.tributary.it.faults;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * R6: kill -9 of the active controller while partition leadership is changing. A partition leader
 * that is not the controller is frozen (SIGSTOP); the moment a third node sees it fenced (the
 * controller is then electing new leaders for its partitions and shrinking ISRs) the controller is
 * killed and the frozen node thawed. The survivors elect a new controller, which must finish or redo
 * the elections from the committed metadata; then the killed controller is started again.
 */
final class KillControllerDuringElection implements Nemesis {

    @Override
    public void run(NemesisContext ctx) throws Exception {
        int controller = ctx.controller();
        int frozen = ctx.other(controller);
        for (Map.Entry<Integer, Integer> e : ctx.cluster().leaders(ctx.topic()).entrySet()) {
            if (e.getValue() > 0 && e.getValue() != controller) {
                frozen = e.getValue();
                break;
            }
        }
        int witness = ctx.other(controller, frozen);
        int fenced = frozen;
        ctx.cluster().pause(frozen);
        try {
            Awaitility.await("node " + witness + " sees node " + fenced + " fenced")
                    .atMost(NemesisContext.AWAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !ctx.cluster().view(witness, null).brokers().contains(fenced));
            ctx.cluster().kill(controller);
            ctx.cluster().resume(frozen);
            Awaitility.await("a new active controller").atMost(NemesisContext.AWAIT)
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> ctx.cluster().activeController(), id -> id > 0 && id != controller);
        } finally {
            if (ctx.cluster().paused(frozen)) {
                ctx.cluster().resume(frozen);
            }
        }
        ctx.cluster().fault("new controller; leaders " + ctx.cluster().describe(ctx.topic()));
        ctx.awaitProgress(100, Duration.ofSeconds(20));
        ctx.cluster().start(controller);
        ctx.awaitHealthy();
    }
}
