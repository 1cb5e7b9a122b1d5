package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.broker.replica.Partition;
import io.tributary.server.Tributary;
import io.tributary.server.TributaryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Data replication in a three-node cluster in this JVM, through the Java client: every replica of
 * an RF=3 topic ends with the same records; acks=all waits for the ISR; a stopped broker leaves
 * the ISR, acks=all goes on with min.insync.replicas=2 and fails with NOT_ENOUGH_REPLICAS below
 * it; leadership moves to an in-sync replica that has every acknowledged record; the broker
 * comes back, catches up and rejoins the ISR; a reassignment grows a partition onto new brokers and
 * then moves it off its first one; a preferred leader election gives leadership back to the first
 * replicas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationTest {

    private static final Duration AWAIT = Duration.ofSeconds(40);
    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3).config("broker.session.timeout.ms", "4000")
                .config("replica.lag.time.max.ms", "3000").config("offsets.topic.num.partitions", "3")
                .config("group.initial.rebalance.delay.ms", "0").start();
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

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<String> consumeAll(String topic, int expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            consumer.assign(tps);
            await().atMost(AWAIT).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, String prefix, int count)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), prefix + i)));
        }
        for (Future<RecordMetadata> f : acks) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    /** Every running replica of {@code topic}'s partitions has the same log end offset and high watermark. */
    private static void assertReplicasAgree(String topic, int partitions) {
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            List<Long> ends = new ArrayList<>();
            List<Long> hws = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                Tributary n = cluster.node(id);
                Partition part = n == null ? null : n.broker().context().replicaManager().partition(tp);
                if (part != null) {
                    ends.add(part.logEndOffset());
                    hws.add(part.highWatermark());
                }
            }
            assertThat(ends).as("log end offsets of %s", tp).hasSizeGreaterThan(1).containsOnly(ends.get(0));
            assertThat(hws).as("high watermarks of %s", tp).containsOnly(ends.get(0));
        }
    }

    @Test
    @Order(1)
    void everyReplicaGetsEveryAcknowledgedRecord() throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")), new NewTopic("strict", 1, (short) 3)
                    .configs(Map.of("min.insync.replicas", "3")))).all().get(30, TimeUnit.SECONDS);
            // the broker the client asks may learn of the new topic a moment after the controller
            await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
                for (TopicPartitionInfo p : describe(a, "replicated").partitions()) {
                    assertThat(p.replicas()).hasSize(3);
                    assertThat(p.isr()).hasSize(3);
                }
            });
        }
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "replicated", "a-", 600);
        }
        await().atMost(AWAIT).untilAsserted(() -> assertReplicasAgree("replicated", 3));
        assertThat(consumeAll("replicated", 600)).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void aStoppedBrokerLeavesTheIsrAndLeadershipMovesWithoutLosingRecords() throws Exception {
        int victim = cluster.activeController() == 3 ? 2 : 3;
        cluster.stop(victim);
        try (Admin a = admin()) {
            await().atMost(AWAIT).untilAsserted(() -> {
                for (TopicPartitionInfo p : describe(a, "replicated").partitions()) {
                    assertThat(p.isr().stream().map(Node::id)).doesNotContain(victim).hasSize(2);
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.leader().id()).isNotEqualTo(victim);
                }
            });
        }
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "replicated", "b-", 300);
        }
        List<String> all = consumeAll("replicated", 900);
        assertThat(all).hasSize(900).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void belowMinInsyncReplicasAcksAllIsRefused() throws Exception {
        try (Admin a = admin()) {
            await().atMost(AWAIT).untilAsserted(() ->
                    assertThat(describe(a, "strict").partitions().get(0).isr()).hasSize(2));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.RETRIES_CONFIG, "0"); // the client retries NOT_ENOUGH_REPLICAS otherwise
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("strict", "k", "v")).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(NotEnoughReplicasException.class)
                    .hasMessageContaining("min.isr requirement of 3");
        }
    }

    @Test
    @Order(4)
    void theBrokerComesBackCatchesUpAndRejoinsTheIsr() throws Exception {
        cluster.start();
        try (Admin a = admin()) {
            await().atMost(AWAIT).untilAsserted(() -> {
                for (TopicPartitionInfo p : describe(a, "replicated").partitions()) {
                    assertThat(p.isr()).hasSize(3);
                }
            });
        }
        await().atMost(AWAIT).untilAsserted(() -> assertReplicasAgree("replicated", 3));
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "strict", "c-", 10);
        }
        assertThat(consumeAll("replicated", 900)).hasSize(900).doesNotHaveDuplicates();
    }

    @Test
    @Order(5)
    void aReassignmentMovesReplicasAndKeepsEveryRecord() throws Exception {
        TopicPartition tp = new TopicPartition("moving", 0);
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic("moving", Map.of(0, List.of(1))))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = producer()) {
                produce(producer, "moving", "m-", 200);
            }
            a.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3, 1)))))
                    .all().get(30, TimeUnit.SECONDS);
            await().atMost(AWAIT).untilAsserted(() -> {
                assertThat(a.listPartitionReassignments().reassignments().get()).isEmpty();
                TopicPartitionInfo p = describe(a, "moving").partitions().get(0);
                assertThat(p.replicas().stream().map(Node::id)).containsExactly(2, 3, 1);
                assertThat(p.isr()).hasSize(3);
            });
            a.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                    .all().get(30, TimeUnit.SECONDS);
            await().atMost(AWAIT).untilAsserted(() -> {
                TopicPartitionInfo p = describe(a, "moving").partitions().get(0);
                assertThat(p.replicas().stream().map(Node::id)).containsExactly(2, 3);
                assertThat(p.leader().id()).isIn(2, 3);
            });
            assertThatThrownBy(() -> a.alterPartitionReassignments(Map.of(tp, Optional.empty())).all()
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NoReassignmentInProgressException.class);
        }
        await().atMost(AWAIT).until(() -> cluster.node(1).broker().context().replicaManager().partition(tp) == null);
        assertThat(consumeAll("moving", 200)).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    @Order(6)
    void preferredLeaderElectionGivesLeadershipBackToTheFirstReplicas() throws Exception {
        try (Admin a = admin()) {
            Set<TopicPartition> tps = Set.of(new TopicPartition("replicated", 0), new TopicPartition("replicated", 1),
                    new TopicPartition("replicated", 2));
            await().atMost(AWAIT).untilAsserted(() -> {
                a.electLeaders(ElectionType.PREFERRED, tps).partitions().get(10, TimeUnit.SECONDS);
                for (TopicPartitionInfo p : describe(a, "replicated").partitions()) {
                    assertThat(p.leader().id()).isEqualTo(p.replicas().get(0).id());
                }
            });
            Map<TopicPartition, Optional<Throwable>> again =
                    a.electLeaders(ElectionType.PREFERRED, tps).partitions().get(10, TimeUnit.SECONDS);
            assertThat(again.values()).allSatisfy(e ->
                    assertThat(e).containsInstanceOf(ElectionNotNeededException.class));
        }
    }
}
