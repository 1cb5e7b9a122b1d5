package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.server.Tributary;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafkajs (Node.js), classic protocol: an idempotent producer writes 6 partitions, three
 * consumers in one group split them with each partition owned by exactly one member, commit before
 * processing and process every record once. The Node.js client lives in {@code src/test/node}
 * ({@code npm ci} there; {@code .ci/run} does it).
 */
class KafkaJsGroupTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 200;
    private static Tributary node;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        assertThat(NODE_DIR.resolve("node_modules").resolve("kafkajs")).as(
                "kafkajs is not installed: run 'npm ci' in %s (.ci/run does)", NODE_DIR).isDirectory();
        node = GroupTestSupport.node().start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void threeKafkaJsMembersShareSixPartitionsAndProcessEveryRecordOnce() throws Exception {
        String topic = "kafkajs-group";
        String group = "kafkajs";
        GroupTestSupport.createTopic(node, topic, PARTITIONS);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of("node", "kafkajs_group.js", node.bootstrapServers(), topic, group,
                Integer.toString(PARTITIONS), Integer.toString(PER_PARTITION)))
                .directory(NODE_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kafkajs did not finish; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
        assertThat(stdout).as("stderr: %s", Files.readString(err, StandardCharsets.UTF_8)).isNotEmpty();
        String[] lines = stdout.split("\n");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(summary.path("errors").size()).as(summary.toString()).isZero();
        assertThat(summary.path("duplicates").size()).as("records processed twice: %s", summary).isZero();
        assertThat(summary.path("processed").asInt()).isEqualTo(PARTITIONS * PER_PARTITION);
        assertThat(summary.path("ok").asBoolean()).as("each partition owned by exactly one of 3 members: %s", summary)
                .isTrue();
        assertThat(p.exitValue()).isZero();
        try (var admin = GroupTestSupport.admin(node)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed).hasSize(PARTITIONS);
            committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(PER_PARTITION));
        }
    }
}
