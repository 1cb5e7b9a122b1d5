package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.server.TributaryCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group's coordinator fails over with its {@code __consumer_offsets} partition: offsets
 * committed (answered once every in-sync replica has them), the coordinator's broker stopped, the
 * partition's new leader replays its replica of the log and serves the same offsets, and takes new
 * commits.
 */
class GroupFailoverTest {

    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final String GROUP = "failover-group";
    private static final TopicPartition TP = new TopicPartition("failover-data", 0);

    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3).config("broker.session.timeout.ms", "4000")
                .config("replica.lag.time.max.ms", "3000").config("offsets.topic.num.partitions", "3").start();
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

    private static KafkaConsumer<String, String> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata o = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).get(TP);
        return o == null ? -1 : o.offset();
    }

    private static void commit(long offset) {
        await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
            try (KafkaConsumer<String, String> consumer = consumer(); Admin admin = admin()) {
                consumer.commitSync(Map.of(TP, new OffsetAndMetadata(offset)));
                assertThat(committed(admin)).isEqualTo(offset);
            }
        });
    }

    @Test
    void committedOffsetsSurviveTheLossOfTheirCoordinatorsBroker() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        commit(5);
        int coordinator;
        try (Admin admin = admin()) {
            coordinator = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP)
                    .coordinator().id();
        }

        cluster.stop(coordinator);
        try {
            await().atMost(AWAIT).ignoreExceptions().untilAsserted(() -> {
                try (Admin admin = admin()) {
                    assertThat(admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS)
                            .get(GROUP).coordinator().id()).isNotEqualTo(coordinator);
                    assertThat(committed(admin)).as("replayed by the new leader of the offsets partition")
                            .isEqualTo(5);
                }
            });
            commit(9);
        } finally {
            cluster.start();
        }
    }
}
