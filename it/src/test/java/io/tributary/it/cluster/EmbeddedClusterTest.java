package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.server.TributaryCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.MetadataQuorumCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A three-node cluster in this JVM (three brokers, three voters of the Ratis metadata quorum),
 * driven by the Java client: metadata is the same through every node, partitions and leaders
 * spread over the brokers, records go to and come from partitions led by different brokers, and
 * a stopped controller is replaced.
 */
class EmbeddedClusterTest {

    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3).config("broker.session.timeout.ms", "4000").start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @Test
    void aTopicCreatedThroughOneNodeIsSeenThroughEveryNodeWithLeadersSpread() throws Exception {
        try (Admin a = admin(cluster.node(2).bootstrapServers())) {
            a.createTopics(List.of(new NewTopic("spread", 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        for (int id = 1; id <= 3; id++) {
            try (Admin a = admin(cluster.node(id).bootstrapServers())) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(a.describeCluster().nodes().get().stream().map(Node::id))
                            .containsExactlyInAnyOrder(1, 2, 3);
                    TopicDescription d = a.describeTopics(List.of("spread")).allTopicNames().get().get("spread");
                    Set<Integer> leaders = new HashSet<>();
                    for (TopicPartitionInfo p : d.partitions()) {
                        leaders.add(p.leader().id());
                    }
                    assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
                });
            }
        }
    }

    @Test
    void recordsGoToAndComeFromPartitionsLedByEveryBroker() throws Exception {
        try (Admin a = admin(cluster.bootstrapServers())) {
            a.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("orders", i % 3, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(3).bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 2));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Set<String> seen = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(r -> seen.add(r.value()));
                return seen.size() == 300;
            });
        }
    }

    @Test
    void aConsumerGroupWorksWithItsCoordinatorOnWhicheverNodeLeadsItsPartition() throws Exception {
        try (Admin a = admin(cluster.bootstrapServers())) {
            a.createTopics(List.of(new NewTopic("grouped", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 90; i++) {
                producer.send(new ProducerRecord<>("grouped", i % 3, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Set<Integer> coordinators = new HashSet<>();
        for (String group : List.of("g-a", "g-b", "g-c", "g-d", "g-e", "g-f")) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(1).bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of("grouped"));
                Set<String> seen = new HashSet<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    return seen.size() == 90;
                });
                consumer.commitSync();
            }
            try (Admin a = admin(cluster.node(2).bootstrapServers())) {
                coordinators.add(a.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id());
                long committed = a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()
                        .stream().mapToLong(o -> o.offset()).sum();
                assertThat(committed).isEqualTo(90);
            }
        }
        assertThat(coordinators).hasSizeGreaterThan(1);
    }

    @Test
    void theQuorumIsDescribedThroughAnyNodeAndKafkasQuorumToolReadsIt() throws Exception {
        try (Admin a = admin(cluster.node(3).bootstrapServers())) {
            QuorumInfo q = a.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            assertThat(q.leaderId()).isEqualTo(cluster.activeController());
            assertThat(q.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(q.highWatermark()).isPositive();
        }
        String status = quorumTool("describe", "--status");
        assertThat(status).contains("LeaderId:").contains("HighWatermark:").contains("CurrentVoters:");
        String replication = quorumTool("describe", "--replication");
        assertThat(replication).contains("Leader").contains("Follower");
    }

    private static String quorumTool(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.node(1).bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return KafkaTool.run(MetadataQuorumCommand::main, all);
    }

    @Test
    void aStoppedActiveControllerIsReplacedAndTopicsCanStillBeCreated() throws Exception {
        int active = cluster.activeController();
        assertThat(active).isBetween(1, 3);
        cluster.stop(active);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                int now = cluster.activeController();
                return now != -1 && now != active;
            });
            try (Admin a = admin(cluster.bootstrapServers())) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        a.createTopics(List.of(new NewTopic("after-failover", 2, (short) 1))).all()
                                .get(10, TimeUnit.SECONDS));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(a.listTopics().names().get()).contains("after-failover"));
            }
        } finally {
            cluster.start();
        }
        try (Admin a = admin(cluster.node(active).bootstrapServers())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(a.listTopics().names().get()).contains("after-failover"));
        }
    }
}
