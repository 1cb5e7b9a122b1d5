package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offsets committed for a topic or partition that does not exist are refused with
 * UNKNOWN_TOPIC_OR_PARTITION and not stored, as Kafka does, while the other partitions of the same
 * commit are stored: through the Admin client (a group without members) and through consumers of
 * both group protocols (whose commitSync fails). Topics are not created by metadata requests
 * here, so a missing topic stays missing.
 */
class CommitToMissingPartitionTest {

    private static final String TOPIC = "commit-known";

    private static Tributary node;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        node = GroupTestSupport.node().config("auto.create.topics.enable", "false").start();
        admin = GroupTestSupport.admin(node);
        GroupTestSupport.createTopic(node, TOPIC, 2);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theAdminClientGetsUnknownTopicOrPartitionForWhatDoesNotExistAndTheRestIsStored() throws Exception {
        String group = "admin-commit";
        TopicPartition known = new TopicPartition(TOPIC, 1);
        TopicPartition beyond = new TopicPartition(TOPIC, 2);
        TopicPartition absent = new TopicPartition("commit-absent", 0);
        AlterConsumerGroupOffsetsResult result = admin.alterConsumerGroupOffsets(group, Map.of(
                known, new OffsetAndMetadata(5), beyond, new OffsetAndMetadata(6), absent, new OffsetAndMetadata(7)));

        assertThat(result.partitionResult(known).get(30, TimeUnit.SECONDS)).isNull();
        for (TopicPartition missing : List.of(beyond, absent)) {
            assertThatThrownBy(() -> result.partitionResult(missing).get(30, TimeUnit.SECONDS)).as("%s", missing)
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
        assertThat(committed(group)).containsOnlyKeys(known).containsEntry(known, new OffsetAndMetadata(5));

        // a commit holding nothing that exists stores nothing and leaves no group behind
        AlterConsumerGroupOffsetsResult none = admin.alterConsumerGroupOffsets("admin-nothing",
                Map.of(absent, new OffsetAndMetadata(1)));
        assertThatThrownBy(() -> none.all().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS))
                .noneMatch(g -> g.groupId().equals("admin-nothing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aConsumerCommitToAPartitionThatDoesNotExistFailsAndOnlyTheExistingOneIsStored(String protocol)
            throws Exception {
        String group = "consumer-commit-" + protocol;
        Properties p = GroupTestSupport.consumerProps(node, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("consumer")) {
            p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        }
        TopicPartition known = new TopicPartition(TOPIC, 0);
        TopicPartition beyond = new TopicPartition(TOPIC, 9);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(TOPIC));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(GroupTestSupport.POLL);
                return consumer.assignment().size() == 2;
            });
            assertThatThrownBy(() -> consumer.commitSync(Map.of(known, new OffsetAndMetadata(3),
                    beyond, new OffsetAndMetadata(4)), Duration.ofSeconds(3))).isInstanceOf(KafkaException.class);
        }
        // the existing partition of the same request is stored, as in Kafka
        assertThat(committed(group)).containsOnlyKeys(known).containsEntry(known, new OffsetAndMetadata(3));
    }
}
