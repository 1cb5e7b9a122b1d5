package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code subscribe(SubscriptionPattern)} with the Java consumer (KIP-848): the broker resolves the
 * RE2/J pattern, assigns the matching topics, hands over a topic created after the subscription
 * and takes back one that is deleted.
 */
class PatternSubscriptionTest {

    @Test
    void aPatternSubscriptionFollowsTopicsCreatedAndDeleted() throws Exception {
        try (Tributary node = GroupTestSupport.node().start()) {
            GroupTestSupport.createTopic(node, "orders-eu", 2);
            GroupTestSupport.createTopic(node, "payments", 2);
            GroupTestSupport.produce(node, "orders-eu", 2, 5);
            Properties p = GroupTestSupport.consumerProps(node, "g-pattern");
            p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            Set<String> seen = new HashSet<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                c.subscribe(new SubscriptionPattern("orders-.*"));
                pollUntil(c, seen, () -> c.assignment().equals(GroupTestSupport.partitions("orders-eu", 2))
                        && seen.size() == 10);

                GroupTestSupport.createTopic(node, "orders-us", 3);
                GroupTestSupport.produce(node, "orders-us", 3, 4);
                Set<TopicPartition> both = new HashSet<>(GroupTestSupport.partitions("orders-eu", 2));
                both.addAll(GroupTestSupport.partitions("orders-us", 3));
                pollUntil(c, seen, () -> c.assignment().equals(both) && seen.size() == 22);
                assertThat(seen).anyMatch(v -> v.startsWith("orders-us/"));
                assertThat(seen).noneMatch(v -> v.startsWith("payments/"));

                try (Admin admin = GroupTestSupport.admin(node)) {
                    admin.deleteTopics(List.of("orders-eu")).all().get(30, TimeUnit.SECONDS);
                }
                pollUntil(c, seen, () -> c.assignment().equals(GroupTestSupport.partitions("orders-us", 3)));
            }
        }
    }

    private static void pollUntil(KafkaConsumer<String, String> c, Set<String> seen,
            java.util.function.BooleanSupplier done) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, String> r : c.poll(GroupTestSupport.POLL)) {
                seen.add(r.topic() + "/" + r.partition() + "/" + r.offset());
            }
            return done.getAsBoolean();
        });
    }
}
