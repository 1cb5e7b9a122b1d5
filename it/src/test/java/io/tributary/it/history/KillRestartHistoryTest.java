package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workload (a budget of 3000 sends) against a node in its own process that is killed with
 * SIGKILL and restarted in the middle of the run. With {@code log.flush.interval.messages=1} every
 * acknowledged record is on disk before its acknowledgement, so the checker must find nothing.
 * The planted-bug run truncates the partition logs while the node is down, as a node that
 * acknowledged writes it never made durable would lose them: the checker must report the lost
 * acknowledged writes from the history alone. Histories and reports are kept under
 * {@code target/history/}.
 */
class KillRestartHistoryTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillRestartHistoryTest.class);
    static final Path OUT = Path.of("target", "history");
    static final String[] NODE_SETTINGS = {"log.flush.interval.messages=1", "offsets.topic.num.partitions=1",
        "group.initial.rebalance.delay.ms=0"};
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final int ACKS_PER_PHASE = 1500;
    /** The run's send budget: the node is killed after {@link #ACKS_PER_PHASE} acknowledgements. */
    private static final int SENDS = 2 * ACKS_PER_PHASE;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRecordIsLostDuplicatedOrMovedAcrossSigkill() throws Exception {
        CheckResult r = run("kill-restart", node -> {
        });
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isZero();
        assertThat(r.count(Anomaly.UNSEEN)).as(r.toString()).isZero();
        assertThat(r.count(Anomaly.DUPLICATE)).as(r.toString()).isZero();
        assertThat(r.count(Anomaly.INCONSISTENT_OFFSET)).as(r.toString()).isZero();
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(r.stat("sends")).isEqualTo(SENDS);
        assertThat(r.stat("acks") + r.stat("indeterminate-failures")).isEqualTo(SENDS);
        assertThat(sendsAcknowledgedAcrossTheKill(History.read(OUT.resolve("kill-restart.jsonl"))))
                .as("sends in flight at the kill, acknowledged after the restart").isPositive();
    }

    /** Sends recorded before the kill whose acknowledgement came after the restart. */
    static long sendsAcknowledgedAcrossTheKill(List<Op> ops) {
        long kill = -1;
        long restart = -1;
        Set<String> sentBeforeKill = new HashSet<>();
        long count = 0;
        for (Op op : ops) {
            if (op.type() == Op.Type.FAULT && op.error().startsWith("kill")) {
                kill = op.index();
            } else if (op.type() == Op.Type.FAULT && kill >= 0 && op.error().startsWith("start")) {
                restart = op.index();
            } else if (op.type() == Op.Type.SEND && kill < 0) {
                sentBeforeKill.add(op.value());
            } else if (op.type() == Op.Type.ACK && restart >= 0 && sentBeforeKill.contains(op.value())) {
                count++;
            }
        }
        return count;
    }

    /** The planted bug: the tail of every partition log vanishes while the node is down. */
    @Test
    void logsTruncatedWhileTheNodeIsDownAreReportedAsLostAcknowledgedWrites() throws Exception {
        CheckResult r = run("truncated-logs", KillRestartHistoryTest::truncatePartitionLogs);
        assertThat(r.valid()).as(r.toString()).isFalse();
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isPositive();
        assertThat(r.count(Anomaly.UNSEEN)).as(r.toString()).isGreaterThanOrEqualTo(r.count(Anomaly.LOST));
        assertThat(r.count(Anomaly.INCONSISTENT_OFFSET)).as(r.toString()).isPositive();
    }

    /** What happens to the node's files between the kill and the restart. */
    interface WhileDown {
        void apply(KillableNode node) throws IOException;
    }

    private CheckResult run(String name, WhileDown whileDown) throws Exception {
        Files.createDirectories(OUT);
        Path historyFile = OUT.resolve(name + ".jsonl");
        try (History history = History.toFile(historyFile, Time.SYSTEM);
                KillableNode node = new KillableNode(history, dir.resolve("data"), OUT.resolve(name + "-server.log"),
                        NODE_SETTINGS)) {
            node.start();
            Workload workload = new Workload(Workload.Config.of(node.bootstrap()).withSendBudget(SENDS), history,
                    Time.SYSTEM);
            workload.createTopic();
            workload.start();
            try {
                awaitAcks(workload, ACKS_PER_PHASE);
                node.kill();
                whileDown.apply(node);
                node.start();
                Awaitility.await("every send of the budget answered").atMost(AWAIT)
                        .pollInterval(Duration.ofMillis(50)).until(workload::budgetDone);
            } finally {
                workload.stop();
            }
            boolean complete = workload.finalRead(AWAIT);
            CheckResult result = workload.check();
            report(name, result, historyFile);
            assertThat(complete).as("final read complete; " + result).isTrue();
            return result;
        }
    }

    static void awaitAcks(Workload workload, long atLeast) {
        Awaitility.await(atLeast + " acknowledgements").atMost(AWAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> workload.acked() >= atLeast);
    }

    static void report(String name, CheckResult result, Path historyFile) throws IOException {
        String text = result + "\n  history: " + historyFile + "\n";
        LOG.info("{}: {}", name, text);
        Files.writeString(OUT.resolve(name + ".result.txt"), text, StandardCharsets.UTF_8);
    }

    /**
     * Cuts every partition log of the workload's topic to half its size (the partial batch at the cut
     * is for the node's recovery to drop), and removes the indexes so they are rebuilt.
     */
    static void truncatePartitionLogs(KillableNode node) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(node.dataDir())) {
            dirs = s.filter(d -> d.getFileName().toString().startsWith("history-")).toList();
        }
        assertThat(dirs).as("partition directories").isNotEmpty();
        node.history().record(Op.of("nemesis", Op.Type.FAULT).withError("truncate partition logs to half"));
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".log")) {
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                            ch.truncate(ch.size() / 2);
                        }
                    } else if (n.endsWith(".index") || n.endsWith(".timeindex")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
