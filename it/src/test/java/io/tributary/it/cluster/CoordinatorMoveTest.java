package io.tributary.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.ControllerResult;
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
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator of a group follows the leadership of its {@code __consumer_offsets} partition
 * across a three-node cluster: when the metadata takes the leadership away from the broker (here
 * by writing the partition's record through the active controller, leaving it without a leader)
 * that broker drops the group and answers NOT_COORDINATOR; when the leadership comes back at a new
 * epoch it replays the partition's log and serves the committed offsets again, and takes new
 * commits.
 */
class CoordinatorMoveTest {

    private static final String GROUP = "moving-group";
    private static final String TOPIC = "moving-topic";
    private static final int OFFSETS_PARTITIONS = 3;

    private static TributaryCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TributaryCluster.embedded(3).config("offsets.topic.num.partitions", "" + OFFSETS_PARTITIONS)
                .start();
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
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata o = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).get(new TopicPartition(TOPIC, 0));
        return o == null ? -1 : o.offset();
    }

    /** Rewrites the offsets partition's record through the active controller with {@code leader}. */
    private static void moveLeader(int partition, int leader) {
        cluster.node(cluster.activeController()).broker().localController().execute((MetadataImage image) -> {
            TopicImage t = image.topic(OffsetsTopic.NAME).orElseThrow();
            PartitionImage p = t.partition(partition);
            return new ControllerResult<Void>(List.of(new MetadataRecord.PartitionRecord(t.id(), partition,
                    p.replicas(), p.isr(), leader, p.leaderEpoch() + 1, p.partitionEpoch() + 1)), null);
        }).join();
    }

    private static PartitionImage offsetsPartition(int node, int partition) {
        return cluster.node(node).broker().context().image().topic(OffsetsTopic.NAME).orElseThrow()
                .partition(partition);
    }

    @Test
    void theCoordinatorUnloadsWhenItsPartitionLosesItsLeaderAndReloadsTheLogWhenItReturns() throws Exception {
        int partition = Utils.abs(GROUP.hashCode()) % OFFSETS_PARTITIONS;
        try (Admin admin = admin(); KafkaConsumer<String, String> consumer = consumer()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(5)));
                assertThat(committed(admin)).isEqualTo(5);
            });
            int leader = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP)
                    .coordinator().id();
            assertThat(offsetsPartition(leader, partition).leader()).isEqualTo(leader);

            moveLeader(partition, -1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(offsetsPartition(leader, partition).leader()).isNotEqualTo(leader);
                Errors fetched = Errors.forCode(cluster.node(leader).broker().groups()
                        .fetchOffsets(new OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(null))
                        .get(10, TimeUnit.SECONDS).errorCode());
                assertThat(fetched).isEqualTo(Errors.NOT_COORDINATOR);
                assertThat(cluster.node(leader).broker().groups().committedOffsets().get(10, TimeUnit.SECONDS))
                        .as("the group's offsets are no longer held in memory").doesNotContainKey(GROUP);
            });

            moveLeader(partition, leader);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(committed(admin)).as("replayed from the partition's log").isEqualTo(5));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(8)));
                assertThat(committed(admin)).isEqualTo(8);
            });
        }
    }
}
