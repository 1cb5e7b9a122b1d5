package io.tributary.it.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.it.ExternalClient;
import io.tributary.it.clients.JavaSide.PartitionDigests;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * confluent-kafka (librdkafka) against one embedded node: idempotent acks=all producers with lz4 and zstd, consumers
 * assigned at OFFSET_BEGINNING without subscribing or committing, byte-identical exchange with the Java client, and the
 * AdminClient's metadata, topic creation and config description.
 */
class ConfluentKafkaTest {

    static final int PARTITIONS = 4;
    static final int COUNT = 5000;

    private static Tributary node;

    @TempDir
    static Path dir;

    private static Path script;

    @BeforeAll
    static void start() {
        ExternalClient.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        script = ExternalClient.copyResource("clients/confluent_kafka_roundtrip.py", dir);
        ExternalClient.copyResource("clients/roundtrip_common.py", dir); // imported by the script
        node = Tributary.embedded().config("num.partitions", Integer.toString(PARTITIONS)).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static List<JsonNode> runScript(String command, String... args) {
        return ExternalClient.python(script, command, node.bootstrapServers()).args(args).run().assertSuccess()
                .jsonLines();
    }

    /** librdkafka's default {@code consistent_random} partitioner for a non-empty key. */
    static int librdkafkaPartition(byte[] key) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % PARTITIONS);
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
    }

    @Test
    void idempotentCompressedProduceAndAssignedConsumeRoundTrip() throws Exception {
        List<JsonNode> summaries = runScript("roundtrip", "ck-roundtrip", Integer.toString(COUNT));
        assertThat(summaries).extracting(s -> s.path("compression").asText()).containsExactly("lz4", "zstd");
        for (JsonNode s : summaries) {
            String topic = s.path("topic").asText();
            assertThat(s.path("produced").asInt()).as(topic).isEqualTo(COUNT);
            assertThat(s.path("consumed").asInt()).as(topic).isEqualTo(COUNT);
            assertThat(s.path("partitions").size()).as("partitions used in %s", topic).isEqualTo(PARTITIONS);

            // the Java client decodes librdkafka's compressed idempotent batches to the same bytes
            JavaSide.readAndDigest(node.bootstrapServers(), topic, PARTITIONS, COUNT,
                            ConfluentKafkaTest::librdkafkaPartition)
                    .assertMatches(s, topic);
        }
    }

    @Test
    void confluentKafkaReadsWhatTheJavaProducerWroteByteIdentical() throws Exception {
        String topic = "java-to-confluent-kafka";
        PartitionDigests sent = JavaSide.produceAndDigest(node.bootstrapServers(),
                JavaSide.randomRecords(topic, COUNT, 13), PARTITIONS);

        List<JsonNode> out = runScript("digest", topic, Integer.toString(COUNT));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).path("consumed").asInt()).isEqualTo(COUNT);
        sent.assertMatches(out.get(0), topic);
    }

    @Test
    void adminListTopicsReportsTheBrokerAndPartitions() throws Exception {
        String topic = "ck-metadata";
        JavaSide.produceAll(node.bootstrapServers(),
                List.of(new ProducerRecord<>(topic, "k".getBytes(), "v".getBytes())));

        JsonNode md = runScript("metadata", topic).get(0);
        String[] hostPort = node.bootstrapServers().split(":");
        assertThat(md.path("brokers")).hasSize(1);
        assertThat(md.path("brokers").get(0).path("id").asInt()).isEqualTo(1);
        assertThat(md.path("brokers").get(0).path("host").asText()).isEqualTo(hostPort[0]);
        assertThat(md.path("brokers").get(0).path("port").asInt()).isEqualTo(Integer.parseInt(hostPort[1]));
        assertThat(md.path("controller_id").asInt()).isEqualTo(1);
        assertThat(md.path("orig_broker_id").asInt()).isEqualTo(1);
        assertThat(md.path("cluster_id").asText()).isNotBlank();
        assertThat(md.path("topics")).extracting(JsonNode::asText).contains(topic);
        JsonNode t = md.path("topic");
        assertThat(t.path("error").isNull()).as("topic error in %s", t).isTrue();
        assertThat(t.path("partitions").size()).isEqualTo(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            JsonNode partition = t.path("partitions").path(Integer.toString(p));
            assertThat(partition.path("leader").asInt()).as("leader of %d in %s", p, t).isEqualTo(1);
            assertThat(partition.path("replicas")).extracting(JsonNode::asInt).containsExactly(1);
            assertThat(partition.path("isrs")).extracting(JsonNode::asInt).containsExactly(1);
            assertThat(partition.path("error").isNull()).isTrue();
        }
    }

    @Test
    void adminCreatesATopicWithThreePartitions() throws Exception {
        String topic = "ck-created";
        JsonNode out = runScript("create", topic, "3").get(0);
        assertThat(out.path("second_create").asText()).isEqualTo("TOPIC_ALREADY_EXISTS");
        JsonNode t = out.path("topic");
        assertThat(t.path("error").isNull()).as("topic error in %s", t).isTrue();
        assertThat(t.path("partitions").size()).isEqualTo(3);
        for (int p = 0; p < 3; p++) {
            assertThat(t.path("partitions").path(Integer.toString(p)).path("leader").asInt()).isEqualTo(1);
        }
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(d.partitions()).hasSize(3);
        }
    }

    @Test
    void adminDescribesTopicConfigs() throws Exception {
        String auto = "ck-configs-auto";
        JavaSide.produceAll(node.bootstrapServers(),
                List.of(new ProducerRecord<>(auto, "k".getBytes(), "v".getBytes())));
        JsonNode defaults = runScript("describe-configs", auto).get(0);
        assertThat(defaults.path("cleanup.policy").asText()).isEqualTo("delete");
        assertThat(defaults.path("retention.ms").asText()).isEqualTo("604800000");

        String created = "ck-configs-created";
        runScript("create", created, "3");
        JsonNode overridden = runScript("describe-configs", created).get(0);
        assertThat(overridden.path("retention.ms").asText()).isEqualTo("3600000");
        assertThat(overridden.path("cleanup.policy").asText()).isEqualTo("delete");
    }
}
