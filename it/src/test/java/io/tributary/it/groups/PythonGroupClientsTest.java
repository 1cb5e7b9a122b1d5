package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.server.Tributary;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer groups of kafka-python and confluent-kafka (librdkafka), classic protocol: three members
 * share a six-partition topic, commit before processing, process every record once, and the offsets the Java
 * admin client then reads are the end of every partition.
 */
class PythonGroupClientsTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 100;
    private static Tributary node;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        assertThat(Path.of(PYTHON)).as("Debian's python3 (with python3-kafka, python3-confluent-kafka) is needed").isExecutable();
        node = GroupTestSupport.node().start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka-python", "confluent-kafka"})
    void threeMembersShareTheTopicAndCommitEverything(String lib) throws Exception {
        String module = lib.equals("kafka-python") ? "kafka" : "confluent_kafka";
        assertThat(run(List.of(PYTHON, "-c", "import " + module), 30).exitCode)
                .as("python module %s is not installed (Debian package python3-%s)", module,
                        lib.equals("kafka-python") ? "kafka" : "confluent-kafka")
                .isZero();
        String topic = "py-" + lib;
        String group = "py-group-" + lib;
        GroupTestSupport.createTopic(node, topic, PARTITIONS);
        int total = GroupTestSupport.produce(node, topic, PARTITIONS, PER_PARTITION);
        Path script = dir.resolve("python_group.py");
        try (InputStream in = PythonGroupClientsTest.class.getResourceAsStream("/groups/python_group.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Outcome out = run(List.of(PYTHON, script.toString(), lib, node.bootstrapServers(), topic, group,
                Integer.toString(PARTITIONS), Integer.toString(total)), 90);
        assertThat(out.exitCode).as(out.stderr).isZero();
        String[] lines = out.stdout.strip().split("\n");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(summary.path("errors").size()).as(summary.toString()).isZero();
        assertThat(summary.path("duplicates").size()).as("records processed twice").isZero();
        assertThat(summary.path("processed").asInt()).isEqualTo(total);
        assertThat(summary.path("ok").asBoolean()).as("every member owns partitions, none shared: %s", summary).isTrue();
        try (var admin = GroupTestSupport.admin(node)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed).hasSize(PARTITIONS);
            committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(PER_PARTITION));
        }
    }

    private record Outcome(int exitCode, String stdout, String stderr) {}

    private static Outcome run(List<String> command, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
