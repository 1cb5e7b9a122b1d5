package io.tributary.it.groups;

import static io.tributary.it.groups.GroupTestSupport.POLL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Static members (group.instance.id) restart without a rebalance; a duplicate instance is fenced. */
class StaticMembershipTest {

    private static Tributary node;

    @BeforeAll
    static void start() throws Exception {
        node = GroupTestSupport.node().start();
        GroupTestSupport.createTopic(node, "static", 6);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static final class Counting implements ConsumerRebalanceListener {
        final AtomicInteger rebalances = new AtomicInteger();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            rebalances.incrementAndGet();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            rebalances.incrementAndGet();
        }
    }

    private static KafkaConsumer<String, String> member(String instance, ConsumerRebalanceListener listener) {
        Properties p = GroupTestSupport.consumerProps(node, "g-static");
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of("static"), listener);
        return c;
    }

    private static KafkaConsumer<String, String> consumerProtocolMember(String instance, ConsumerRebalanceListener l) {
        Properties p = GroupTestSupport.consumerProps(node, "g-static-848");
        p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of("static"), l);
        return c;
    }

    @Test
    void aRestartedStaticMemberOfAConsumerProtocolGroupGetsItsPartitionsBack() {
        Counting aEvents = new Counting();
        KafkaConsumer<String, String> a = consumerProtocolMember("instance-a", aEvents);
        KafkaConsumer<String, String> b = consumerProtocolMember("instance-b", new Counting());
        Set<TopicPartition> all = GroupTestSupport.partitions("static", 6);
        try {
            pollUntil(List.of(a, b), () -> GroupTestSupport.ownsExactly(List.of(a, b), all)
                    && a.assignment().size() == 3 && b.assignment().size() == 3);
            Set<TopicPartition> bOwned = new HashSet<>(b.assignment());
            Set<TopicPartition> aOwned = new HashSet<>(a.assignment());
            for (int i = 0; i < 5; i++) {
                a.poll(POLL);
            }
            int aRebalances = aEvents.rebalances.get();
            b.close(Duration.ofSeconds(5));
            KafkaConsumer<String, String> b2 = consumerProtocolMember("instance-b", new Counting());
            try {
                pollUntil(List.of(a, b2), () -> !b2.assignment().isEmpty());
                assertThat(b2.assignment()).isEqualTo(bOwned);
                for (int i = 0; i < 10; i++) {
                    a.poll(POLL);
                    b2.poll(POLL);
                }
                assertThat(a.assignment()).isEqualTo(aOwned);
                assertThat(aEvents.rebalances.get()).as("member a saw no reassignment").isEqualTo(aRebalances);
            } finally {
                b2.close(Duration.ofSeconds(5));
            }
        } finally {
            a.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRestartedStaticMemberKeepsItsPartitionsAndTheOthersDoNotRebalance() {
        Counting aEvents = new Counting();
        KafkaConsumer<String, String> a = member("instance-a", aEvents);
        KafkaConsumer<String, String> b = member("instance-b", new Counting());
        Set<TopicPartition> all = GroupTestSupport.partitions("static", 6);
        try {
            pollUntil(List.of(a, b), () -> GroupTestSupport.ownsExactly(List.of(a, b), all)
                    && !a.assignment().isEmpty() && !b.assignment().isEmpty());
            Set<TopicPartition> bOwned = new HashSet<>(b.assignment());
            Set<TopicPartition> aOwned = new HashSet<>(a.assignment());
            int aRebalances = aEvents.rebalances.get();
            b.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));

            KafkaConsumer<String, String> b2 = member("instance-b", new Counting());
            try {
                pollUntil(List.of(a, b2), () -> !b2.assignment().isEmpty());
                assertThat(b2.assignment()).isEqualTo(bOwned);
                for (int i = 0; i < 10; i++) {
                    a.poll(POLL);
                    b2.poll(POLL);
                }
                assertThat(a.assignment()).isEqualTo(aOwned);
                assertThat(aEvents.rebalances.get()).as("member a saw no rebalance").isEqualTo(aRebalances);

                KafkaConsumer<String, String> duplicate = member("instance-b", new Counting());
                try {
                    pollUntil(List.of(duplicate), () -> !duplicate.assignment().isEmpty());
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    boolean fenced = false;
                    while (!fenced) {
                        assertThat(System.nanoTime()).as("the older instance was never fenced").isLessThan(deadline);
                        try {
                            b2.poll(POLL);
                        } catch (FencedInstanceIdException e) {
                            fenced = true;
                        }
                    }
                } finally {
                    duplicate.close(Duration.ofSeconds(5));
                }
            } finally {
                b2.close(Duration.ofSeconds(1));
            }
        } finally {
            a.close(Duration.ofSeconds(5));
        }
    }

    private static void pollUntil(List<KafkaConsumer<String, String>> consumers,
            java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            consumers.forEach(c -> c.poll(POLL));
        }
    }
}
