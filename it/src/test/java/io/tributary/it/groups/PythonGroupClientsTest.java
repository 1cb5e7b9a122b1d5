package io.tributary.it.groups;

import io.tributary.it.ExternalClient;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 100;
    private static Tributary node;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        ExternalClient.requireExecutable(ExternalClient.PYTHON, "python3");
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
        if (lib.equals("kafka-python")) {
            ExternalClient.requirePythonModule("kafka", "python3-kafka");
        } else {
            ExternalClient.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        }
        String topic = "py-" + lib;
        String group = "py-group-" + lib;
        GroupTestSupport.createTopic(node, topic, PARTITIONS);
        int total = GroupTestSupport.produce(node, topic, PARTITIONS, PER_PARTITION);
        Path script = ExternalClient.copyResource("groups/python_group.py", dir);
        ExternalClient.Result run = ExternalClient.python(script, lib, node.bootstrapServers(), topic, group,
                Integer.toString(PARTITIONS), Integer.toString(total)).timeout(Duration.ofSeconds(90)).run();
        GroupTestSupport.assertEveryRecordProcessedOnce(run, total);
        GroupTestSupport.assertCommittedTo(node, group, PARTITIONS, PER_PARTITION);
    }
}
