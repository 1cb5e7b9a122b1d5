package io.tributary.it.faults;

import static org.assertj.core.api.Assertions.fail;

import io.tributary.it.history.Anomaly;
import io.tributary.it.history.CheckResult;
import io.tributary.it.history.History;
import io.tributary.it.history.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One history of the fault matrix: the workload (2 producers with acks=all and idempotence, each at
 * most {@code -Dfaults.rate} sends a second (default 1000), and the verifying consumer) on its own
 * topic of a running {@link FaultCluster}; after a warm-up the nemesis runs {@code rounds} times
 * (and, for a long run, again until {@code longRun} has passed), with progress awaited between
 * rounds; then the cluster is healed (whatever happened), the workload must
 * make progress again, is stopped, the final read reads everything and the checker judges the
 * history. A nemesis (or a healing) that throws does not cut the run short: the history is still
 * read and checked, and {@link Outcome#nemesisFailure} carries the exception.
 *
 * <p>Histories, reports and a one-line summary per run are kept in {@code target/history/}
 * ({@code <name>.jsonl}, {@code <name>.result.txt}, {@code fault-matrix-summary.txt}).
 */
final class FaultRun {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);
    static final Path OUT = Path.of("target", "history");
    private static final long WARM_UP_ACKS = 300;
    private static final long ACKS_AFTER_HEALING = 300;
    private static final Duration AWAIT = Duration.ofSeconds(60);
    /** Per producer ({@code -Dfaults.rate}): enough to have many sends in flight at each fault, few enough
     * that a half-hour history fits in memory. */
    private static final int SENDS_PER_SECOND = Integer.getInteger("faults.rate", 1000);

    /** What a run found. */
    record Outcome(CheckResult check, boolean finalReadComplete, boolean progressAfterHealing, int faults,
            Throwable nemesisFailure, String summary) {

        /** The anomalies, the failure of the nemesis and the progress, as one message. */
        String describe() {
            return summary + "\n" + check + (nemesisFailure == null ? "" : "\n  nemesis failed: " + nemesisFailure);
        }
    }

    /** What to run. */
    record Plan(String name, String topic, int partitions, int rf, Nemesis nemesis, int rounds, Duration longRun,
            Duration sessionTimeout) {
    }

    private FaultRun() {
    }

    static Outcome run(FaultCluster cluster, Plan plan) throws Exception {
        Files.createDirectories(OUT);
        Path historyFile = OUT.resolve(plan.name() + ".jsonl");
        Time time = Time.SYSTEM;
        long started = time.nanoseconds();
        cluster.heal();
        cluster.awaitHealthy(null, plan.rf(), AWAIT);
        try (History history = History.toFile(historyFile, time)) {
            cluster.record(history);
            Workload.Config config = Workload.Config.of(cluster.bootstrapServers())
                    .withReplication((short) plan.rf(),
                            Map.of("min.insync.replicas", Integer.toString(Math.min(2, plan.rf()))))
                    .withTopic(plan.topic(), plan.partitions(), 2, SENDS_PER_SECOND);
            Workload workload = new Workload(config, history, time);
            createTopic(workload, plan.rf());
            cluster.awaitHealthy(plan.topic(), plan.rf(), AWAIT);
            NemesisContext ctx = new NemesisContext(cluster, plan.topic(), plan.partitions(), plan.rf(), workload,
                    plan.sessionTimeout());
            int[] rounds = {0};
            Throwable failure = null;
            workload.start();
            try {
                awaitAcks(workload, WARM_UP_ACKS);
                inject(ctx, plan, time, rounds);
            } catch (Exception | AssertionError e) {
                failure = e;
                LOG.warn("{}: the nemesis failed; healing and checking the history anyway", plan.name(), e);
            }
            boolean progress = false;
            try {
                cluster.heal();
                cluster.awaitHealthy(plan.topic(), plan.rf(), AWAIT);
                progress = ctx.awaitProgress(ACKS_AFTER_HEALING, AWAIT);
            } catch (Exception | AssertionError e) {
                LOG.warn("{}: healing failed; checking the history anyway", plan.name(), e);
                cluster.dumpThreads(OUT, plan.name());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                workload.stop();
            }
            boolean complete = workload.finalRead(AWAIT);
            CheckResult check = workload.check();
            cluster.record(null);
            long seconds = Duration.ofNanos(time.nanoseconds() - started).toSeconds();
            int faults = rounds[0];
            String summary = String.format("%s %s rf=%d: %d fault rounds in %d s, %d sends, %d acks, %d indeterminate,"
                    + " final read %s, progress after healing %s, %s; leaders %s", Instant.now(), plan.name(),
                    plan.rf(), faults, seconds, check.stat("sends"), check.stat("acks"),
                    check.stat("indeterminate-failures"), complete ? "complete" : "INCOMPLETE",
                    progress ? "yes" : "NO", counts(check), cluster.describe(plan.topic()));
            report(plan.name(), summary, check, failure, historyFile);
            return new Outcome(check, complete, progress, faults, failure, summary);
        } finally {
            cluster.record(null);
        }
    }

    /** Runs the nemesis; {@code rounds[0]} counts the rounds begun (so a round that throws counts). */
    private static void inject(NemesisContext ctx, Plan plan, Time time, int[] rounds) throws Exception {
        long deadline = time.nanoseconds() + plan.longRun().toNanos();
        while (rounds[0] < plan.rounds() || time.nanoseconds() < deadline) {
            rounds[0]++;
            plan.nemesis().run(ctx);
            ctx.awaitProgress(200, Duration.ofSeconds(30));
        }
    }

    /**
     * Creates the workload's topic, retrying (bounded) while the controller counts fewer live brokers
     * than the replication factor (a node just back may not be counted yet); a replication factor the
     * cluster does not support fails the test with a message saying why (it must never pass for a run
     * that could not replicate).
     */
    static void createTopic(Workload workload, int rf) throws Exception {
        Awaitility.await("topic created").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> tryCreateTopic(workload, rf));
    }

    private static boolean tryCreateTopic(Workload workload, int rf) throws Exception {
        try {
            workload.createTopic();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidReplicationFactorException r) {
                if (r.getMessage().contains("not supported")) {
                    fail("The cluster refused a topic with replication factor " + rf + " (INVALID_REPLICATION_FACTOR: "
                            + r.getMessage() + "). Data replication is not on this branch yet, so the fault matrix "
                            + "cannot run: this is a FAILURE, not a pass. (-Dfaults.rf=1 runs the harness's "
                            + "mechanics without replication, for developing it.)");
                }
                LOG.warn("topic not created yet: {}", r.getMessage());
                return false;
            }
            throw e;
        }
    }

    private static void awaitAcks(Workload workload, long atLeast) {
        try {
            Awaitility.await(atLeast + " acknowledgements before the first fault").atMost(AWAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> workload.acked() >= atLeast);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the workload did not get " + atLeast + " acknowledgements in " + AWAIT
                    + " on a healthy cluster (acked " + workload.acked() + ", failed " + workload.failed() + ")", e);
        }
    }

    private static String counts(CheckResult r) {
        if (r.valid()) {
            return "history valid";
        }
        StringBuilder sb = new StringBuilder("INVALID");
        for (Anomaly a : Anomaly.values()) {
            if (r.count(a) > 0) {
                sb.append(' ').append(a).append('=').append(r.count(a));
            }
        }
        return sb.toString();
    }

    private static void report(String name, String summary, CheckResult check, Throwable failure, Path historyFile)
            throws IOException {
        String text = summary + "\n" + check + (failure == null ? "" : "\n  nemesis failed: " + failure)
                + "\n  history: " + historyFile + "\n";
        LOG.info("{}: {}", name, text);
        Files.writeString(OUT.resolve(name + ".result.txt"), text, StandardCharsets.UTF_8);
        Files.writeString(OUT.resolve("fault-matrix-summary.txt"), summary + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
