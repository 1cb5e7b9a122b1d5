package io.tributary.it.groups;

import static io.tributary.it.groups.GroupTestSupport.POLL;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Apache Kafka's kafka-consumer-groups tool lists, describes (with lag) and resets a Tributary group. */
class ConsumerGroupCommandTest {

    private static Tributary node;

    @BeforeAll
    static void start() throws Exception {
        node = GroupTestSupport.node().start();
        GroupTestSupport.createTopic(node, "tool", 3);
        GroupTestSupport.produce(node, "tool", 3, 10);
        try (KafkaConsumer<String, String> c = GroupRecoveryTest.consumer(node, "g-tool", "tool")) {
            Set<String> processed = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (processed.size() < 30) {
                assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
                ConsumerRecords<String, String> records = c.poll(POLL);
                if (!records.isEmpty()) {
                    GroupRecoveryTest.commitThenProcess(c, records, processed, new HashMap<>());
                }
            }
            c.commitSync(Map.of(new TopicPartition("tool", 0), new OffsetAndMetadata(4)));
        }
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("kafka-consumer-groups exited with " + code + ": " + message);
        });
    }

    @AfterAll
    static void stop() {
        Exit.resetExitProcedure();
        node.close();
    }

    private static String run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = node.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ConsumerGroupCommand.main(all);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.println(text);
        return text;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"classic", "consumer"})
    void describesTheMembersOfALiveGroup(String protocol) {
        String group = "g-live-" + protocol;
        java.util.Properties p = GroupTestSupport.consumerProps(node, group);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("consumer")) {
            p.remove(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            p.remove(org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        }
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(java.util.List.of("tool"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.assignment().size() < 3) {
                assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
                c.poll(POLL);
            }
            assertThat(run("--list", "--state", "Stable")).contains(group);
            String members = run("--describe", "--group", group, "--members");
            assertThat(members).contains(group).contains("consumer-" + group).containsPattern("\\s3\\s");
            assertThat(run("--describe", "--group", group, "--state")).contains("Stable");
        }
    }

    @Test
    void listsDescribesWithLagAndResetsOffsets() {
        assertThat(run("--list")).contains("g-tool");
        assertThat(run("--list", "--state", "Empty")).contains("g-tool");
        assertThat(run("--list", "--state", "Stable")).doesNotContain("g-tool");

        String described = run("--describe", "--group", "g-tool");
        assertThat(described).containsPattern("g-tool\\s+tool\\s+0\\s+4\\s+10\\s+6");
        assertThat(described).containsPattern("g-tool\\s+tool\\s+1\\s+10\\s+10\\s+0");
        assertThat(run("--describe", "--group", "g-tool", "--state")).contains("Empty");

        String reset = run("--reset-offsets", "--group", "g-tool", "--topic", "tool", "--to-earliest", "--execute");
        assertThat(reset).containsPattern("tool\\s+2\\s+0");
        assertThat(run("--describe", "--group", "g-tool")).containsPattern("g-tool\\s+tool\\s+2\\s+0\\s+10\\s+10");

        assertThat(run("--delete", "--group", "g-tool")).contains("successful");
        assertThat(run("--list")).doesNotContain("g-tool");
    }
}
