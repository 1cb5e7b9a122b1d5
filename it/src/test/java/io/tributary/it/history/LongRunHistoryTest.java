package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in long run ({@code -Dhistory.minutes=N}): the workload against one node in its own
 * process for N minutes, the node stopped every {@code history.acks.per.fault} acknowledgements
 * (default 3000) and started again: by SIGKILL, and every third time by SIGTERM. Then the final read
 * and the check, which must find nothing. The history is kept in {@code target/history/long-run.jsonl}
 * (re-check it with {@link RecheckHistoryTest}). See docs/reliability.md.
 */
@EnabledIfSystemProperty(named = "history.minutes", matches = "[0-9]+")
class LongRunHistoryTest {

    @TempDir
    Path dir;

    @Test
    void longRunWithRepeatedKillsFindsNoAnomaly() throws Exception {
        Time time = Time.SYSTEM;
        long budget = Duration.ofMinutes(Long.getLong("history.minutes")).toNanos();
        long perFault = Long.getLong("history.acks.per.fault", 3000);
        Path out = Files.createDirectories(KillRestartHistoryTest.OUT);
        Path historyFile = out.resolve("long-run.jsonl");
        try (History history = History.toFile(historyFile, time);
                KillableNode node = new KillableNode(history, dir.resolve("data"), out.resolve("long-run-server.log"),
                        KillRestartHistoryTest.NODE_SETTINGS)) {
            node.start();
            Workload workload = new Workload(Workload.Config.of(node.bootstrap()), history, time);
            workload.createTopic();
            workload.start();
            long start = time.nanoseconds();
            int faults = 0;
            try {
                while (time.nanoseconds() - start < budget) {
                    KillRestartHistoryTest.awaitAcks(workload, workload.acked() + perFault);
                    if (++faults % 3 == 0) {
                        node.terminate();
                    } else {
                        node.kill();
                    }
                    node.start();
                }
                KillRestartHistoryTest.awaitAcks(workload, workload.acked() + perFault);
            } finally {
                workload.stop();
            }
            boolean complete = workload.finalRead(Duration.ofMinutes(2));
            CheckResult r = workload.check();
            KillRestartHistoryTest.report("long-run", r, historyFile);
            assertThat(complete).as("final read complete").isTrue();
            assertThat(r.valid()).as(r.toString()).isTrue();
            assertThat(faults).isPositive();
        }
    }
}
