package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.server.TributaryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetching from the closest replica (KIP-392): with Kafka's rack-aware replica selector and
 * brokers in racks r1..r3, a Java consumer with {@code client.rack=r2} reads a partition led by
 * broker 1 from its follower on broker 2, which serves every record; the leader sends it none.
 */
class ClosestReplicaTest {

    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3)
                .config("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector")
                .config(1, "broker.rack", "r1").config(2, "broker.rack", "r2").config(3, "broker.rack", "r3")
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The records of {@code topic} node {@code id} sent to consumers, from its Prometheus scrape. */
    private static double recordsOut(int id, String topic) {
        for (String line : cluster.node(id).metrics().scrape().split("\n")) {
            if (line.startsWith("tributary_topic_records_out") && line.contains("topic=\"" + topic + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void aConsumerInRackTwoReadsFromTheFollowerThere() throws Exception {
        try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            a.createTopics(List.of(new NewTopic("near", Map.of(0, List.of(1, 2, 3))))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("near", "k" + i, "v" + i));
            }
            producer.flush();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_RACK_CONFIG, "r2");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("near", 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= 100;
            });
        }
        assertThat(values).hasSize(100).doesNotHaveDuplicates();
        assertThat(recordsOut(2, "near")).as("the follower in rack r2 served them").isEqualTo(100);
        assertThat(recordsOut(1, "near")).as("the leader sent the consumer none").isZero();
    }
}
