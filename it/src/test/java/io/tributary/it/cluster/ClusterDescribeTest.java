package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.TributaryCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult.ReplicaLogDirInfo;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.LogDirsCommand;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DescribeLogDirs and DescribeTopicPartitions against a three-node cluster on two racks (nodes 1
 * and 2 on rack "east", node 3 on "west"), through the Java Admin client and Apache Kafka's own
 * {@code kafka-log-dirs} and {@code kafka-topics}.
 */
class ClusterDescribeTest {

    private static TributaryCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TributaryCluster.embedded(3).config(1, "broker.rack", "east").config(2, "broker.rack", "east")
                .config(3, "broker.rack", "west").start();
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic("racked", 6, (short) 1), new NewTopic("sized", 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 90; i++) {
                producer.send(new ProducerRecord<>("sized", i % 3, "k" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
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

    @Test
    void describeLogDirsShowsEveryBrokersDirectoryWithItsPartitionsAndSizes() throws Exception {
        try (Admin a = admin()) {
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    a.describeLogDirs(List.of(1, 2, 3)).allDescriptions().get(30, TimeUnit.SECONDS);
            assertThat(dirs).containsOnlyKeys(1, 2, 3);
            Map<TopicPartition, Long> sizes = new HashMap<>();
            for (Map<String, LogDirDescription> broker : dirs.values()) {
                assertThat(broker).hasSize(1);
                LogDirDescription d = broker.values().iterator().next();
                assertThat(d.error()).isNull();
                assertThat(d.totalBytes()).isPresent();
                assertThat(d.usableBytes().getAsLong()).isBetween(0L, d.totalBytes().getAsLong());
                for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                    assertThat(r.getValue().offsetLag()).isZero();
                    assertThat(r.getValue().isFuture()).isFalse();
                    if (r.getKey().topic().equals("sized")) {
                        sizes.put(r.getKey(), r.getValue().size());
                    }
                }
            }
            assertThat(sizes).hasSize(3).allSatisfy((tp, size) -> assertThat(size).isPositive());

            TopicDescription racked = a.describeTopics(List.of("racked")).allTopicNames().get().get("racked");
            TopicPartitionInfo p0 = racked.partitions().get(0);
            int follower = p0.replicas().get(0).id(); // the one replica (replication is single for now)
            Map<TopicPartitionReplica, ReplicaLogDirInfo> replica = a.describeReplicaLogDirs(
                    List.of(new TopicPartitionReplica("racked", 0, follower))).all().get(30, TimeUnit.SECONDS);
            assertThat(replica.values()).singleElement()
                    .satisfies(i -> assertThat(i.getCurrentReplicaLogDir()).contains("node-" + follower));
        }
    }

    @Test
    void kafkasLogDirsToolDescribesTheBrokers() {
        String out = KafkaTool.run(LogDirsCommand::main, "--bootstrap-server", cluster.bootstrapServers(),
                "--describe",
                "--broker-list", "1,2,3", "--topic-list", "sized");
        assertThat(out).contains("\"broker\":1").contains("\"broker\":2").contains("\"broker\":3")
                .contains("\"partition\":\"sized-0\"").contains("\"partition\":\"sized-2\"")
                .doesNotContain("\"partition\":\"racked-");
    }

    @Test
    void describeTopicsPagesThroughPartitionsWithReplicasOnBothRacks() throws Exception {
        Map<Integer, String> racks = Map.of(1, "east", 2, "east", 3, "west");
        try (Admin a = admin()) {
            TopicDescription d = a.describeTopics(List.of("racked", "sized"),
                    new DescribeTopicsOptions().partitionSizeLimitPerResponse(2)).allTopicNames().get()
                    .get("racked");
            assertThat(d.partitions()).hasSize(6);
            for (TopicPartitionInfo p : d.partitions()) {
                assertThat(p.replicas()).hasSize(1);
                assertThat(p.leader()).isEqualTo(p.replicas().get(0));
                assertThat(p.isr()).containsExactlyElementsOf(p.replicas());
                assertThat(p.elr()).isEmpty();
                assertThat(p.lastKnownElr()).isEmpty();
            }
            assertThat(d.partitions().stream().map(p -> p.leader().id()).distinct()).hasSize(3);
            assertThat(d.partitions().stream().flatMap(p -> p.replicas().stream()).map(Node::rack))
                    .containsOnly("east", "west");
        }
    }

    @Test
    void kafkasTopicsToolDescribesThroughDescribeTopicPartitions() {
        String out = KafkaTool.run(TopicCommand::main, "--bootstrap-server", cluster.bootstrapServers(),
                "--describe",
                "--topic", "racked");
        assertThat(out).contains("PartitionCount: 6").contains("ReplicationFactor: 1")
                .contains("\tElr: \tLastKnownElr: ").doesNotContain("N/A");
        assertThat(out.lines().filter(l -> l.contains("Partition: "))).hasSize(6);
    }
}
