package io.tributary.it.groups;

import static io.tributary.it.groups.GroupTestSupport.POLL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumption resumes exactly at the committed offsets when a member dies without leaving (its
 * session times out) and when the broker restarts (offsets are replayed from __consumer_offsets).
 */
class GroupRecoveryTest {

    private static final int PARTITIONS = 6;

    @Test
    void survivorsResumeAtTheCommittedOffsetsOfAMemberThatDied() throws Exception {
        try (Tributary node = GroupTestSupport.node().start()) {
            String topic = "dies";
            GroupTestSupport.createTopic(node, topic, PARTITIONS);
            int total = GroupTestSupport.produce(node, topic, PARTITIONS, 40);
            Set<TopicPartition> all = GroupTestSupport.partitions(topic, PARTITIONS);
            Set<String> processed = new HashSet<>();
            List<KafkaConsumer<String, String>> members = new ArrayList<>();
            members.add(consumer(node, "g-dies", topic));
            members.add(consumer(node, "g-dies", topic));
            ClassicConsumerGroupTest.pollUntil(members, processed,
                    () -> GroupTestSupport.ownsExactly(members, all)
                            && members.stream().allMatch(c -> !c.assignment().isEmpty())
                            && processed.size() >= total / 3);
            KafkaConsumer<String, String> dead = members.remove(0);
            Set<TopicPartition> orphaned = new HashSet<>(dead.assignment());
            dead.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            Map<TopicPartition, OffsetAndMetadata> committed = committed(node, "g-dies");

            KafkaConsumer<String, String> survivor = members.get(0);
            Map<TopicPartition, Long> firstSeen = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (processed.size() < total || !survivor.assignment().containsAll(all)) {
                assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
                ConsumerRecords<String, String> records = survivor.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                commitThenProcess(survivor, records, processed, firstSeen);
            }
            for (TopicPartition tp : orphaned) {
                long expected = committed.containsKey(tp) ? committed.get(tp).offset() : 0;
                if (expected < 40) {
                    assertThat(firstSeen.get(tp)).as("first offset of %s after the failover", tp).isEqualTo(expected);
                }
            }
            assertThat(processed).hasSize(total);
            survivor.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void committedOffsetsSurviveABrokerRestart(@TempDir Path dir) throws Exception {
        String topic = "restart";
        Map<TopicPartition, OffsetAndMetadata> before;
        Set<String> processed = new HashSet<>();
        try (Tributary node = GroupTestSupport.node().dataDir(dir).start()) {
            GroupTestSupport.createTopic(node, topic, PARTITIONS);
            GroupTestSupport.produce(node, topic, PARTITIONS, 30);
            try (KafkaConsumer<String, String> c = consumer(node, "g-restart", topic)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (processed.size() < 60) {
                    assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
                    ConsumerRecords<String, String> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        commitThenProcess(c, records, processed, new HashMap<>());
                    }
                }
            }
            before = committed(node, "g-restart");
            assertThat(before).isNotEmpty();
        }
        assertThat(Files.exists(dir.resolve("__consumer_offsets-0"))).isTrue();
        try (Tributary node = GroupTestSupport.node().dataDir(dir).start()) {
            assertThat(committed(node, "g-restart")).isEqualTo(before);
            Map<TopicPartition, Long> firstSeen = new HashMap<>();
            try (KafkaConsumer<String, String> c = consumer(node, "g-restart", topic)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (processed.size() < PARTITIONS * 30) {
                    assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
                    ConsumerRecords<String, String> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        commitThenProcess(c, records, processed, firstSeen);
                    }
                }
            }
            before.forEach((tp, o) -> {
                if (o.offset() < 30) {
                    assertThat(firstSeen.get(tp)).as("first offset of %s after the restart", tp).isEqualTo(o.offset());
                }
            });
        }
    }

    static KafkaConsumer<String, String> consumer(Tributary node, String group, String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(GroupTestSupport.consumerProps(node, group));
        c.subscribe(List.of(topic));
        return c;
    }

    static Map<TopicPartition, OffsetAndMetadata> committed(Tributary node, String group) throws Exception {
        try (var admin = GroupTestSupport.admin(node)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Commits the batch's next offsets, then processes it (refusing duplicates), noting each partition's first
     * offset.
     */
    static void commitThenProcess(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records,
            Set<String> processed, Map<TopicPartition, Long> firstSeen) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
            firstSeen.putIfAbsent(tp, rs.get(0).offset());
        }
        c.commitSync(next);
        for (ConsumerRecord<String, String> r : records) {
            assertThat(processed.add(r.value())).as("record %s processed twice", r.value()).isTrue();
        }
    }
}
