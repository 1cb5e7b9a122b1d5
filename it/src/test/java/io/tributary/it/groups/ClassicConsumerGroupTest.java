package io.tributary.it.groups;

import static io.tributary.it.groups.GroupTestSupport.POLL;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classic-protocol consumer groups with the real Java consumer: several members share six
 * partitions under the eager range assignor and the cooperative-sticky one, members come and go,
 * and every record is processed once (offsets are committed before processing).
 */
class ClassicConsumerGroupTest {

    private static final int PARTITIONS = 6;
    private static Tributary node;

    @BeforeAll
    static void start() {
        node = GroupTestSupport.node().start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void membersShareThePartitionsAndNoRecordIsProcessedTwice(String assignor) throws Exception {
        String topic = "classic-" + assignor;
        String group = "group-" + assignor;
        GroupTestSupport.createTopic(node, topic, PARTITIONS);
        int total = GroupTestSupport.produce(node, topic, PARTITIONS, 50);
        Set<TopicPartition> all = GroupTestSupport.partitions(topic, PARTITIONS);
        Set<String> processed = new HashSet<>();
        List<KafkaConsumer<String, String>> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(consumer(group, topic, assignor));
                pollUntil(members, processed, () -> GroupTestSupport.ownsExactly(members, all));
            }
            pollUntil(members, processed, () -> processed.size() >= total / 2);
            KafkaConsumer<String, String> fourth = consumer(group, topic, assignor);
            members.add(fourth);
            pollUntil(members, processed, () -> GroupTestSupport.ownsExactly(members, all)
                    && members.stream().allMatch(c -> !c.assignment().isEmpty()));
            KafkaConsumer<String, String> leaving = members.remove(0);
            leaving.close(Duration.ofSeconds(5));
            pollUntil(members, processed,
                    () -> GroupTestSupport.ownsExactly(members, all) && processed.size() == total);
            assertThat(processed).hasSize(total);
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
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                assignor.equals("range") ? RangeAssignor.class.getName() : CooperativeStickyAssignor.class.getName());
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of(topic));
        return c;
    }

    /**
     * Polls every member in turn until {@code done}; each batch is committed before it is
     * processed, and after every round no partition may have two owners.
     */
    static void pollUntil(List<KafkaConsumer<String, String>> members, Set<String> processed,
            java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            for (KafkaConsumer<String, String> c : members) {
                ConsumerRecords<String, String> records = c.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> next = new java.util.HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> rs = records.records(tp);
                    next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
                }
                try {
                    c.commitSync(next);
                } catch (org.apache.kafka.common.errors.RebalanceInProgressException
                        | org.apache.kafka.clients.consumer.CommitFailedException
                        | org.apache.kafka.common.errors.StaleMemberEpochException e) {
                    // not committed, so not processed: read the batch again if the partition is still ours
                    for (TopicPartition tp : records.partitions()) {
                        if (c.assignment().contains(tp)) {
                            c.seek(tp, records.records(tp).get(0).offset());
                        }
                    }
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    assertThat(processed.add(r.value())).as("record %s processed twice", r.value()).isTrue();
                }
            }
            GroupTestSupport.assertDisjoint(members);
        }
    }
}
