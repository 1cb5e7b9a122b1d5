package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.it.ExternalClient;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafkajs (Node.js), classic protocol: an idempotent producer writes 6 partitions, three
 * consumers in one group split them with each partition owned by exactly one member, commit before
 * processing and process every record once. The Node.js client lives in {@code src/test/node}
 * ({@code npm ci} there; {@code bin/test} does it).
 */
class KafkaJsGroupTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 200;
    private static Tributary node;

    @BeforeAll
    static void start() {
        assertThat(NODE_DIR.resolve("node_modules").resolve("kafkajs")).as(
                "kafkajs is not installed: run 'npm ci' in %s (bin/test does)", NODE_DIR).isDirectory();
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
        ExternalClient.Result run = ExternalClient.command(ExternalClient.NODE, "kafkajs_group.js",
                        node.bootstrapServers(), topic, group, Integer.toString(PARTITIONS),
                        Integer.toString(PER_PARTITION))
                .directory(NODE_DIR).timeout(Duration.ofSeconds(120)).run();
        GroupTestSupport.assertEveryRecordProcessedOnce(run, PARTITIONS * PER_PARTITION);
        GroupTestSupport.assertCommittedTo(node, group, PARTITIONS, PER_PARTITION);
    }
}
