package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer rebalance protocol (KIP-848, group.protocol=consumer) with the Java consumer: the
 * broker assigns (uniform and range assignors), members reconcile incrementally, no partition
 * ever has two owners, and every record is processed once with commits before processing.
 */
class ConsumerProtocolGroupTest {

    private static final int PARTITIONS = 6;
    private static Tributary node;

    @BeforeAll
    static void start() {
        node = GroupTestSupport.node().config("group.consumer.heartbeat.interval.ms", "200").start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform", "range"})
    void theBrokerAssignsAndMembersReconcile(String assignor) throws Exception {
        String topic = "kip848-" + assignor;
        String group = "g848-" + assignor;
        GroupTestSupport.createTopic(node, topic, PARTITIONS);
        int total = GroupTestSupport.produce(node, topic, PARTITIONS, 50);
        Set<TopicPartition> all = GroupTestSupport.partitions(topic, PARTITIONS);
        Set<String> processed = new HashSet<>();
        List<KafkaConsumer<String, String>> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(consumer(group, topic, assignor));
            }
            ClassicConsumerGroupTest.pollUntil(members, processed, () -> GroupTestSupport.ownsExactly(members, all)
                    && members.stream().allMatch(c -> c.assignment().size() == 2));
            try (var admin = GroupTestSupport.admin(node)) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                        .get(10, TimeUnit.SECONDS).get(group);
                assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(d.members()).hasSize(3);
                assertThat(d.partitionAssignor()).isEqualTo(assignor);
            }
            ClassicConsumerGroupTest.pollUntil(members, processed, () -> processed.size() >= total / 2);
            members.add(consumer(group, topic, assignor));
            ClassicConsumerGroupTest.pollUntil(members, processed, () -> GroupTestSupport.ownsExactly(members, all)
                    && members.stream().allMatch(c -> !c.assignment().isEmpty()));
            members.remove(0).close(Duration.ofSeconds(5));
            ClassicConsumerGroupTest.pollUntil(members, processed,
                    () -> GroupTestSupport.ownsExactly(members, all) && processed.size() == total);
            try (var admin = GroupTestSupport.admin(node)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                assertThat(committed).hasSize(PARTITIONS);
                committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(50));
            }
        } finally {
            members.forEach(c -> c.close(Duration.ofSeconds(5)));
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String topic, String assignor) {
        Properties p = GroupTestSupport.consumerProps(node, group);
        p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of(topic));
        return c;
    }
}
