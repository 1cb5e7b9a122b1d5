package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.it.ExternalClient;
import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Helpers shared by the consumer group tests: clients against one node, topics, ownership and summary checks. */
final class GroupTestSupport {

    private GroupTestSupport() {}

    /** A node whose group settings suit fast tests. */
    static Tributary.Builder node() {
        return Tributary.embedded()
                .config("offsets.topic.num.partitions", "5")
                .config("group.initial.rebalance.delay.ms", "0")
                .config("group.min.session.timeout.ms", "1000")
                .config("group.consumer.heartbeat.interval.ms", "500");
    }

    static Admin admin(Tributary node) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
    }

    static void createTopic(Tributary node, String topic, int partitions) throws Exception {
        try (Admin admin = admin(node)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Produces {@code perPartition} records "p-i" to every partition; returns how many. */
    static int produce(Tributary node, String topic, int partitions, int perPartition) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, part, null, part + "-" + i));
                }
            }
            producer.flush();
        }
        return partitions * perPartition;
    }

    /**
     * The checks on a run of an external group client (three members sharing a topic): its summary,
     * the last JSON line it printed, reports no errors, no record processed twice, {@code expected}
     * records processed and {@code ok} (each partition owned by exactly one member, every member
     * owning some); and it exited 0.
     */
    static void assertEveryRecordProcessedOnce(ExternalClient.Result run, int expected) {
        JsonNode summary = run.summary();
        assertThat(summary.path("errors").size()).as("errors in %s", summary).isZero();
        assertThat(summary.path("duplicates").size()).as("records processed twice: %s", summary).isZero();
        assertThat(summary.path("processed").asInt()).as("records processed: %s", summary).isEqualTo(expected);
        assertThat(summary.path("ok").asBoolean()).as("each partition owned by exactly one member: %s", summary)
                .isTrue();
        run.assertSuccess();
    }

    /** Asserts that {@code group} committed offset {@code end} in each of its {@code partitions} partitions. */
    static void assertCommittedTo(Tributary node, String group, int partitions, long end) throws Exception {
        try (Admin admin = admin(node)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed).hasSize(partitions);
            committed.values().forEach(o -> assertThat(o.offset()).isEqualTo(end));
        }
    }

    static Properties consumerProps(Tributary node, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        return p;
    }

    static Set<TopicPartition> partitions(String topic, int n) {
        return IntStream.range(0, n).mapToObj(i -> new TopicPartition(topic, i)).collect(Collectors.toSet());
    }

    /** No partition is owned by two consumers. */
    static void assertDisjoint(List<? extends KafkaConsumer<?, ?>> consumers) {
        Set<TopicPartition> seen = new HashSet<>();
        for (KafkaConsumer<?, ?> c : consumers) {
            for (TopicPartition tp : c.assignment()) {
                assertThat(seen.add(tp)).as("%s owned by two members", tp).isTrue();
            }
        }
    }

    /** Every partition of {@code all} is owned by exactly one of {@code consumers}. */
    static boolean ownsExactly(List<? extends KafkaConsumer<?, ?>> consumers, Set<TopicPartition> all) {
        List<TopicPartition> owned = new ArrayList<>();
        consumers.forEach(c -> owned.addAll(c.assignment()));
        return owned.size() == all.size() && new HashSet<>(owned).equals(all);
    }

    static final Duration POLL = Duration.ofMillis(50);
}
