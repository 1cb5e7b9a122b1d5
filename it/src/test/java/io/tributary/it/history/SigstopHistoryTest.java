package io.tributary.it.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload against a node in its own process that is frozen with SIGSTOP until the producers'
 * requests have timed out and been retried, then thawed: the node then reads the original requests
 * and the retries. With idempotence on, the retries must be recognised and nothing written twice.
 * With idempotence off the same run writes duplicates, and the checker must find them: the
 * checker's duplicate detection proven end to end on real clients.
 */
class SigstopHistoryTest {

    private static final int ACKS_PER_PHASE = 1000;

    @TempDir
    Path dir;

    @Test
    void idempotentRetriesAcrossAFrozenNodeWriteNothingTwice() throws Exception {
        CheckResult r = run("sigstop", Map.of());
        assertThat(r.count(Anomaly.DUPLICATE)).as(r.toString()).isZero();
        assertThat(r.valid()).as(r.toString()).isTrue();
    }

    @Test
    void retriesWithoutIdempotenceAcrossAFrozenNodeAreReportedAsDuplicates() throws Exception {
        CheckResult r = run("sigstop-no-idempotence", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
        assertThat(r.count(Anomaly.DUPLICATE)).as(r.toString()).isPositive();
        assertThat(r.count(Anomaly.LOST)).as(r.toString()).isZero();
        assertThat(r.count(Anomaly.INCONSISTENT_OFFSET)).as(r.toString()).isZero();
    }

    private CheckResult run(String name, Map<String, Object> producerOverrides) throws Exception {
        Path out = Files.createDirectories(KillRestartHistoryTest.OUT);
        Path historyFile = out.resolve(name + ".jsonl");
        try (History history = History.toFile(historyFile, Time.SYSTEM);
                KillableNode node = new KillableNode(history, dir.resolve("data"), out.resolve(name + "-server.log"),
                        KillRestartHistoryTest.NODE_SETTINGS)) {
            node.start();
            Workload workload = new Workload(Workload.Config.of(node.bootstrap())
                    .withProducerOverrides(producerOverrides), history, Time.SYSTEM);
            workload.createTopic();
            workload.start();
            try {
                KillRestartHistoryTest.awaitAcks(workload, ACKS_PER_PHASE);
                double retries = workload.retries();
                node.pause();
                try {
                    Awaitility.await("producer retries while the node is frozen").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(100)).until(() -> workload.retries() > retries);
                } finally {
                    node.resume();
                }
                KillRestartHistoryTest.awaitAcks(workload, workload.acked() + ACKS_PER_PHASE);
            } finally {
                workload.stop();
            }
            boolean complete = workload.finalRead(Duration.ofSeconds(30));
            CheckResult result = workload.check();
            KillRestartHistoryTest.report(name, result, historyFile);
            assertThat(complete).as("final read complete; " + result).isTrue();
            return result;
        }
    }
}
