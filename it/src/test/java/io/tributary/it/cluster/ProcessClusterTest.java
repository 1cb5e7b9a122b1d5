package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Tributary processes forming one cluster, killed and restarted: a killed broker is fenced
 * after its session timeout and its single-replica partitions go offline, then return with every
 * record when it restarts; a killed active controller is replaced, repeatedly, and every node ends
 * with the same metadata; and the whole cluster stopped and started again keeps its topics,
 * configs and committed offsets; after the failovers every node's metadata image has the same
 * offset and digest ({@code /cluster/metadata}). {@code -Dcluster.failovers=N} repeats the failover N times
 * (default 3; 20 for the long run recorded in docs/reliability.md).
 */
class ProcessClusterTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path dir;
    private static ProcessCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ProcessCluster(dir, 3, "broker.session.timeout.ms=3000", "broker.heartbeat.interval.ms=500",
                "log.flush.interval.messages=1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    private static int activeController() throws Exception {
        try (Admin a = admin()) {
            return a.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS).leaderId();
        }
    }

    private static void produce(String topic, int partitions, int perPartition) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < partitions * perPartition; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static Set<String> consumeAll(String topic, int partitions, int expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= expected;
            });
        }
        return seen;
    }

    private static Map<Integer, Integer> leaders(Admin a, String topic) throws Exception {
        TopicDescription d = a.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS).get(topic);
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            Node leader = p.leader();
            out.put(p.partition(), leader == null || leader.isEmpty() ? -1 : leader.id());
        }
        return out;
    }

    @Test
    void aKilledBrokerIsFencedItsPartitionsGoOfflineAndReturnWithEveryRecord() throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic("loss", 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce("loss", 6, 50);
        int controller = activeController();
        int victim = controller % 3 + 1;
        List<Integer> victimPartitions = new ArrayList<>();
        try (Admin a = admin()) {
            leaders(a, "loss").forEach((p, l) -> {
                if (l == victim) {
                    victimPartitions.add(p);
                }
            });
        }
        assertThat(victimPartitions).isNotEmpty();
        cluster.kill(victim);
        try (Admin a = admin()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                Map<Integer, Integer> now = leaders(a, "loss");
                victimPartitions.forEach(p -> assertThat(now.get(p)).as("leader of loss-%d", p).isEqualTo(-1));
                assertThat(a.describeCluster().nodes().get().stream().map(Node::id)).doesNotContain(victim);
            });
        }
        cluster.start();
        try (Admin a = admin()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                Map<Integer, Integer> now = leaders(a, "loss");
                victimPartitions.forEach(p -> assertThat(now.get(p)).isEqualTo(victim));
            });
        }
        assertThat(consumeAll("loss", 6, 300)).hasSize(300);
    }

    @Test
    void aKilledActiveControllerIsReplacedAgainAndAgainAndEveryNodeAgreesAfterwards() throws Exception {
        int rounds = Integer.getInteger("cluster.failovers", 3);
        for (int round = 0; round < rounds; round++) {
            int old = activeController();
            cluster.kill(old);
            String topic = "after-failover-" + round;
            try (Admin a = admin()) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        a.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS).leaderId() != old);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        a.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(10, TimeUnit.SECONDS));
            }
            cluster.start();
            try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.node(old).bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(a.listTopics().names().get()).contains(topic));
            }
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            List<Map<String, Object>> views = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                views.add(view(cluster.node(id).bootstrapServers()));
            }
            assertThat(views.get(1)).isEqualTo(views.get(0));
            assertThat(views.get(2)).isEqualTo(views.get(0));
        });
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            List<String> digests = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                digests.add(metadataDigest(cluster.node(id).httpUrl()));
            }
            assertThat(digests).as("offset and digest of every node's metadata image").containsOnly(digests.get(0));
        });
    }

    /** "offset/digest" of the metadata image a node has applied, from its {@code /cluster/metadata}. */
    private static String metadataDigest(String httpUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(httpUrl + "/cluster/metadata")).timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("\"offset\":(\\d+),\"digest\":\"([0-9a-f]{64})\"").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return m.group(1) + "/" + m.group(2);
    }

    /** What one node says of the cluster's topics: partitions with leader, replicas and ISR. */
    private static Map<String, Object> view(String bootstrap) throws Exception {
        try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Object> out = new TreeMap<>();
            Set<String> names = a.listTopics().names().get(10, TimeUnit.SECONDS);
            for (TopicDescription d : a.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                List<String> parts = new ArrayList<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    parts.add(p.partition() + ":" + (p.leader() == null ? -1 : p.leader().id()) + ":"
                            + p.replicas().stream().map(Node::id).toList() + ":"
                            + p.isr().stream().map(Node::id).toList());
                }
                out.put(d.name() + "/" + d.topicId(), parts);
            }
            return out;
        }
    }

    @Test
    void theWholeClusterStoppedAndStartedAgainKeepsTopicsConfigsAndCommittedOffsets() throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic("durable", 3, (short) 1).configs(Map.of("retention.ms", "7654321"))))
                    .all().get(30, TimeUnit.SECONDS);
            produce("durable", 3, 20);
            a.alterConsumerGroupOffsets("keeper", Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(7),
                    new TopicPartition("durable", 2), new OffsetAndMetadata(11))).all().get(30, TimeUnit.SECONDS);
        }
        for (int id = 1; id <= 3; id++) {
            cluster.terminate(id);
        }
        cluster.start();
        try (Admin a = admin()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "durable");
                assertThat(a.describeConfigs(List.of(r)).all().get().get(r).get("retention.ms").value())
                        .isEqualTo("7654321");
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        a.listConsumerGroupOffsets("keeper").partitionsToOffsetAndMetadata().get();
                Map<Integer, Long> byPartition = new HashMap<>();
                offsets.forEach((tp, o) -> byPartition.put(tp.partition(), o.offset()));
                assertThat(byPartition).containsEntry(0, 7L).containsEntry(2, 11L);
            });
        }
        assertThat(consumeAll("durable", 3, 60)).hasSize(60);
    }
}
