package io.tributary.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.tributary.it.history.Anomaly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix's checker proven against a real bug planted in the broker: with the internal,
 * test-only broker setting {@value #UNSAFE} on every node, a leader acknowledges {@code acks=all}
 * produces before its in-sync replicas have the records. The run freezes both followers of the
 * topic's one partition (SIGSTOP, briefly, so they stay in the ISR), lets the leader acknowledge
 * records only it has, kills it with SIGKILL right after and thaws the followers: one of them becomes
 * leader without those records, and the killed leader, started again, truncates to it. The checker,
 * from the history alone, must report {@code LOST}.
 *
 * <p>Skipped (with the reason) while the broker does not know the setting: it warns about an unknown
 * key and ignores it, which is what this test looks for in the node logs.
 */
class AckBeforeReplicationSelfTest {

    static final String UNSAFE = "tributary.unsafe.ack.before.replication";

    @Test
    void acknowledgingBeforeReplicationIsReportedAsLostAcknowledgedWrites() throws Exception {
        Path dir = FaultCluster.freshDir(FaultRun.OUT.resolve("self-test-nodes"));
        try (FaultCluster cluster = FaultCluster.create(dir, null, 3,
                FaultMatrixTest.settings(3, UNSAFE + "=true"))) {
            try {
                cluster.startAll();
            } catch (CompletionException e) {
                assumeSettingKnown(cluster);
                throw e;
            }
            assumeSettingKnown(cluster);
            FaultRun.Outcome o = FaultRun.run(cluster, new FaultRun.Plan("faults-self-test-ack-before-replication",
                    "fm-unsafe-ack", 1, 3, new AckOnlyOnLeaderThenKillIt(), 1, Duration.ZERO,
                    FaultMatrixTest.SESSION_TIMEOUT));
            assertThat(o.nemesisFailure()).as(o.describe()).isNull();
            assertThat(o.finalReadComplete()).as(o.describe()).isTrue();
            assertThat(o.check().count(Anomaly.LOST)).as("LOST with %s=true; %s", UNSAFE, o.describe())
                    .isPositive();
        }
    }

    /** Aborts the test when a node's log says it does not know {@link #UNSAFE}. */
    private static void assumeSettingKnown(FaultCluster cluster) throws IOException {
        for (int id : cluster.ids()) {
            Optional<String> refusal = refusal(cluster.logFile(id));
            if (refusal.isPresent()) {
                abort("the broker does not support " + UNSAFE + " yet (node " + id + " says: " + refusal.get()
                        + "); this self-test of the fault matrix's checker runs once the setting exists");
            }
        }
    }

    private static Optional<String> refusal(Path log) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.stream().filter(l -> l.contains(UNSAFE)).filter(l -> {
            String lower = l.toLowerCase(Locale.ROOT);
            return lower.contains("known config") || lower.contains("unknown") || lower.contains("configexception");
        }).map(String::trim).findFirst();
    }

    /**
     * Freezes both followers of partition 0 (for at most 4 s, under {@code replica.lag.time.max.ms}, so
     * they stay in the ISR), waits for acknowledgements the leader gives alone, kills the leader,
     * thaws the followers, waits for one of them to lead and starts the old leader again.
     */
    static final class AckOnlyOnLeaderThenKillIt implements Nemesis {

        @Override
        public void run(NemesisContext ctx) throws Exception {
            int leader = ctx.leader(0);
            List<Integer> followers = ctx.peers(leader);
            for (int f : followers) {
                ctx.cluster().pause(f);
            }
            try {
                boolean acked = ctx.awaitProgress(100, Duration.ofSeconds(4));
                ctx.cluster().fault((acked ? "" : "no ") + "acknowledgements with both followers frozen");
                ctx.cluster().kill(leader);
            } finally {
                for (int f : followers) {
                    ctx.cluster().resume(f);
                }
            }
            ctx.awaitFailover(leader, followers.get(0), Duration.ZERO);
            ctx.cluster().start(leader);
            ctx.awaitHealthy();
        }
    }
}
