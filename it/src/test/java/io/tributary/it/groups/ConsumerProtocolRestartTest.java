package io.tributary.it.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KIP-848 member keeps its partitions across a restart of the broker: the group's epochs and
 * assignments are replayed from __consumer_offsets, so the consumer's next heartbeat (same member
 * id, same epoch) continues where it was, with no revocation, no lost partitions and no new
 * assignment.
 */
class ConsumerProtocolRestartTest {

    private static final String TOPIC = "restart848";
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    /** The node on a fixed port, so the consumer finds the restarted broker where it left it. */
    private Tributary start(int port) {
        return GroupTestSupport.node().dataDir(dir).config("listeners", "PLAINTEXT://127.0.0.1:" + port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aMemberKeepsItsPartitionsAcrossABrokerRestart() throws Exception {
        int port = freePort();
        List<String> rebalances = new CopyOnWriteArrayList<>();
        Set<String> seen = new HashSet<>();
        Tributary node = start(port);
        try (KafkaConsumer<String, String> c = consumer(node)) {
            GroupTestSupport.createTopic(node, TOPIC, PARTITIONS);
            GroupTestSupport.produce(node, TOPIC, PARTITIONS, 5);
            c.subscribe(List.of(TOPIC), recording(rebalances));
            pollUntil(c, seen, () -> seen.size() == 20 && c.assignment().size() == PARTITIONS);
            c.commitSync();
            String memberId = c.groupMetadata().memberId();
            Set<TopicPartition> assigned = Set.copyOf(c.assignment());
            List<String> before = List.copyOf(rebalances);
            assertThat(before).containsExactly("assigned " + assigned.size());

            node.close();
            node = start(port);
            GroupTestSupport.produce(node, TOPIC, PARTITIONS, 5);
            pollUntil(c, seen, () -> seen.size() == 40);
            c.commitSync();

            assertThat(rebalances).as("no revocation, no lost partitions, no new assignment").isEqualTo(before);
            assertThat(c.assignment()).isEqualTo(assigned);
            assertThat(c.groupMetadata().memberId()).isEqualTo(memberId);
            try (var admin = GroupTestSupport.admin(node)) {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("g-restart848")).all()
                        .get(10, TimeUnit.SECONDS).get("g-restart848");
                assertThat(d.members()).singleElement().satisfies(m -> assertThat(m.consumerId()).isEqualTo(memberId));
            }
        } finally {
            node.close();
        }
    }

    private static KafkaConsumer<String, String> consumer(Tributary node) {
        Properties p = GroupTestSupport.consumerProps(node, "g-restart848");
        p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        p.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        return new KafkaConsumer<>(p);
    }

    /** Notes every callback that changes what the member owns (empty ones are not changes). */
    private static ConsumerRebalanceListener recording(List<String> events) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    events.add("revoked " + partitions.size());
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    events.add("assigned " + partitions.size());
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                events.add("lost " + partitions.size());
            }
        };
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
