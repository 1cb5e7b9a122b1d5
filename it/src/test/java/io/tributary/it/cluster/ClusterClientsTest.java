package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.it.ExternalClient;
import io.tributary.server.TributaryCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other client families against a three-node cluster, with partitions led by every broker:
 * kcat (librdkafka), confluent-kafka-python, kafka-python and kafkajs produce and consume (and, for
 * kafkajs, share a group) through whichever broker leads each partition.
 */
class ClusterClientsTest {

    private static final int PARTITIONS = 6;
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

    @TempDir
    static Path dir;
    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        ExternalClient.requireExecutable(ExternalClient.KCAT, "kcat");
        ExternalClient.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        ExternalClient.requirePythonModule("kafka", "python3-kafka");
        cluster = TributaryCluster.embedded(3).config("num.partitions", Integer.toString(PARTITIONS)).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Creates {@code topic} and checks that its partitions' leaders are all three brokers. */
    private static void createSpread(String topic) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // the node asked may learn of the topic a moment after the controller committed it
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                Set<Integer> leaders = new HashSet<>();
                for (TopicPartitionInfo p : a.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions()) {
                    leaders.add(p.leader().id());
                }
                assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
            });
        }
    }

    @Test
    void kcatProducesToAndConsumesFromEveryBroker() throws Exception {
        createSpread("kcat-spread");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            input.append("key-").append(i).append(':').append("value-").append(i).append('\n');
        }
        ExternalClient.command(ExternalClient.KCAT, "-b", cluster.node(1).bootstrapServers(), "-P",
                "-t", "kcat-spread", "-K:").stdin(input.toString().getBytes(StandardCharsets.UTF_8))
                .run().assertSuccess();
        ExternalClient.Result read = ExternalClient.command(ExternalClient.KCAT, "-b",
                cluster.node(2).bootstrapServers(), "-C", "-t", "kcat-spread", "-o", "beginning", "-e",
                "-f", "%p %s\\n").run().assertSuccess();
        Set<String> values = new HashSet<>();
        Set<String> partitions = new HashSet<>();
        for (String line : read.stdout().split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split(" ", 2);
                partitions.add(parts[0]);
                values.add(parts[1]);
            }
        }
        assertThat(values).hasSize(600);
        assertThat(partitions).hasSize(PARTITIONS);
    }

    @Test
    void pythonClientsRoundTripThroughTheCluster() {
        for (String[] client : List.of(new String[] {"confluent_kafka_roundtrip.py", "ck-cluster"},
                new String[] {"kafka_python_roundtrip.py", "kp-cluster"})) {
            Path script = ExternalClient.copyResource("clients/" + client[0], dir);
            ExternalClient.copyResource("clients/roundtrip_common.py", dir);
            String bootstrap = cluster.bootstrapServers();
            String[] head = client[0].startsWith("confluent")
                    ? new String[] {"roundtrip", bootstrap} : new String[] {bootstrap};
            List<JsonNode> summaries = ExternalClient.python(script, head)
                    .args(client[1], "2000").timeout(Duration.ofSeconds(180)).run().assertSuccess().jsonLines();
            assertThat(summaries).as(client[0]).isNotEmpty();
            for (JsonNode s : summaries) {
                assertThat(s.path("consumed").asInt()).as("%s %s", client[0], s).isEqualTo(2000);
                assertThat(s.path("partitions").size()).as("%s partitions", client[0]).isEqualTo(PARTITIONS);
            }
        }
    }

    @Test
    void kafkaJsMembersShareAGroupWhoseCoordinatorIsAnyNode() throws Exception {
        createSpread("kafkajs-cluster");
        ExternalClient.Result run = ExternalClient.command(ExternalClient.NODE, "kafkajs_group.js",
                        cluster.node(2).bootstrapServers(), "kafkajs-cluster", "kafkajs-cluster",
                        Integer.toString(PARTITIONS), "100")
                .directory(NODE_DIR).timeout(Duration.ofSeconds(180)).run();
        JsonNode summary = run.summary();
        assertThat(summary.path("errors").size()).as("errors in %s", summary).isZero();
        assertThat(summary.path("duplicates").size()).as("duplicates in %s", summary).isZero();
        assertThat(summary.path("processed").asInt()).as("processed: %s", summary).isEqualTo(PARTITIONS * 100);
        run.assertSuccess();
        try (Admin a = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets("kafkajs-cluster")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed).hasSize(PARTITIONS);
            committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(100));
        }
    }
}
