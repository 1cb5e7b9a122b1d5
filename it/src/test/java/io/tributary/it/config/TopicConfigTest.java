package io.tributary.it.config;

import static io.tributary.it.config.ConfigTestSupport.admin;
import static io.tributary.it.config.ConfigTestSupport.consumer;
import static io.tributary.it.config.ConfigTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import io.tributary.storage.LogConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Topic and broker configs changed with Kafka's Admin client and with Kafka's own
 * {@code kafka-configs} tool take effect on live partitions, persist, and bad changes are refused
 * without changing anything.
 */
class TopicConfigTest {

    private static Tributary node;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "1").start();
        admin = admin(node);
    }

    @AfterAll
    static void stop() {
        admin.close();
        node.close();
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static void create(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }

    private static Config describe(ConfigResource r) throws Exception {
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }

    private static LogConfig liveConfig(String topic) {
        return node.broker().context().replicaManager().partition(new TopicPartition(topic, 0)).log().config();
    }

    private static void incremental(ConfigResource r, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(r, (Collection<AlterConfigOp>) List.of(ops))).all().get();
    }

    private static AlterConfigOp set(String k, String v) {
        return new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET);
    }

    @Test
    void incrementalAlterConfigsReachesTheLivePartition() throws Exception {
        create("inc");
        incremental(topic("inc"), set("retention.ms", "123456"), set("segment.bytes", "65536"),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
        Config c = describe(topic("inc"));
        assertThat(c.get("retention.ms").value()).isEqualTo("123456");
        assertThat(c.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(c.get("cleanup.policy").value()).isEqualTo("delete,compact");
        LogConfig live = liveConfig("inc");
        assertThat(live.retentionMs()).isEqualTo(123456);
        assertThat(live.segmentBytes()).isEqualTo(65536);
        assertThat(live.compact()).isTrue();
        assertThat(live.delete()).isTrue();
        incremental(topic("inc"), new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT));
        assertThat(describe(topic("inc")).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(liveConfig("inc").retentionMs()).isEqualTo(604_800_000L);
        assertThat(liveConfig("inc").delete()).isFalse();
    }

    @Test
    void alterConfigsReplacesOverridesAndMaxMessageBytesAndTimestampTypeApply() throws Exception {
        create("full");
        incremental(topic("full"), set("retention.ms", "1000"));
        assertThat(alterConfigs("full", false, Map.of("max.message.bytes", "2000",
                "message.timestamp.type", "LogAppendTime"))).isEqualTo(Errors.NONE);
        Config c = describe(topic("full"));
        assertThat(c.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(c.get("max.message.bytes").value()).isEqualTo("2000");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producer(node))) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>("full", "k", "x".repeat(5000))).get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            p.send(new ProducerRecord<>("full", null, 1L, "k", "small")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumer(node, "earliest"))) {
            consumer.assign(List.of(new TopicPartition("full", 0)));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            assertThat(got.get(0).timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(got.get(0).timestamp()).isGreaterThan(1L);
        }
        // validateOnly changes nothing
        assertThat(alterConfigs("full", true, Map.of("retention.ms", "5"))).isEqualTo(Errors.NONE);
        assertThat(alterConfigs("full", false, Map.of("retention.ms", "5", "nope", "1")))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(describe(topic("full")).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    /** AlterConfigs v2 (no longer in the Admin client) replacing all overrides of a topic. */
    private static Errors alterConfigs(String name, boolean validateOnly, Map<String, String> configs)
            throws Exception {
        AlterConfigsRequestData.AlterConfigsResource r = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(name);
        configs.forEach((k, v) -> r.configs().add(
                new AlterConfigsRequestData.AlterableConfig().setName(k).setValue(v)));
        AlterConfigsRequestData data = new AlterConfigsRequestData().setValidateOnly(validateOnly);
        data.resources().add(r);
        AlterConfigsResponse response = (AlterConfigsResponse) ConfigTestSupport.send(node,
                new AlterConfigsRequest(data, (short) 2));
        return Errors.forCode(response.data().responses().get(0).errorCode());
    }

    @Test
    void badChangesAreRefusedAndChangeNothing() throws Exception {
        create("bad");
        incremental(topic("bad"), set("retention.ms", "1000"));
        assertRefused(InvalidConfigurationException.class, topic("bad"), set("segment.bytes", "65536"),
                set("no.such.config", "1"));
        assertRefused(InvalidConfigurationException.class, topic("bad"), set("segment.bytes", "10"));
        assertRefused(InvalidConfigurationException.class, topic("bad"), set("retention.ms", "soon"));
        assertRefused(InvalidConfigurationException.class, topic("bad"), set("cleanup.policy", "shred"));
        assertRefused(UnknownTopicOrPartitionException.class, topic("missing"), set("retention.ms", "1"));
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        assertRefused(InvalidRequestException.class, cluster, set("log.dirs", "/tmp/elsewhere"));
        assertRefused(InvalidRequestException.class,
                new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node.config().nodeId())),
                set("listeners", "PLAINTEXT://:1"));
        Config c = describe(topic("bad"));
        assertThat(c.get("retention.ms").value()).isEqualTo("1000");
        assertThat(c.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(liveConfig("bad").retentionMs()).isEqualTo(1000);
        assertThat(describe(cluster).entries()).isEmpty();
    }

    private static void assertRefused(Class<? extends Throwable> error, ConfigResource r, AlterConfigOp... ops) {
        assertThatThrownBy(() -> incremental(r, ops)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(error);
    }

    @Test
    void dynamicBrokerDefaultAppliesToTopicsWithoutOverride() throws Exception {
        create("dyn-a");
        create("dyn-b");
        incremental(topic("dyn-b"), set("retention.ms", "777"));
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        try {
            incremental(cluster, set("log.retention.ms", "424242"));
            assertThat(liveConfig("dyn-a").retentionMs()).isEqualTo(424242);
            assertThat(liveConfig("dyn-b").retentionMs()).isEqualTo(777);
            ConfigEntry e = describe(topic("dyn-a")).get("retention.ms");
            assertThat(e.value()).isEqualTo("424242");
            assertThat(e.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertThat(describe(cluster).get("log.retention.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            ConfigEntry onBroker = describe(new ConfigResource(ConfigResource.Type.BROKER,
                    Integer.toString(node.config().nodeId()))).get("log.retention.ms");
            assertThat(onBroker.value()).isEqualTo("424242");
            assertThat(onBroker.isReadOnly()).isFalse();
        } finally {
            incremental(cluster,
                    new AlterConfigOp(new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE));
        }
        assertThat(liveConfig("dyn-a").retentionMs()).isEqualTo(604_800_000L);
    }

    @Test
    void kafkaConfigsToolChangesTopicAndBrokerConfigs() throws Exception {
        create("tool");
        kafkaConfigs("--entity-type", "topics", "--entity-name", "tool", "--alter", "--add-config",
                "retention.ms=5555,segment.ms=66666");
        assertThat(liveConfig("tool").retentionMs()).isEqualTo(5555);
        assertThat(liveConfig("tool").segmentMs()).isEqualTo(66666);
        kafkaConfigs("--entity-type", "topics", "--entity-name", "tool", "--alter", "--delete-config", "segment.ms");
        assertThat(liveConfig("tool").segmentMs()).isEqualTo(604_800_000L);
        kafkaConfigs("--entity-type", "brokers", "--entity-default", "--alter", "--add-config",
                "log.segment.bytes=99999");
        try {
            assertThat(liveConfig("tool").segmentBytes()).isEqualTo(99999);
        } finally {
            kafkaConfigs("--entity-type", "brokers", "--entity-default", "--alter", "--delete-config",
                    "log.segment.bytes");
        }
        kafkaConfigs("--entity-type", "topics", "--entity-name", "tool", "--describe");
        assertThatThrownBy(() -> kafkaConfigs("--entity-type", "topics", "--entity-name", "tool", "--alter",
                "--add-config", "retention.ms=never")).isInstanceOf(IllegalStateException.class);
        assertThat(liveConfig("tool").retentionMs()).isEqualTo(5555);
        assertThat(Set.of(describe(topic("tool")).get("retention.ms").value())).containsExactly("5555");
    }

    /** Runs Kafka's ConfigCommand in this JVM; a non-zero exit becomes an IllegalStateException. */
    private static void kafkaConfigs(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", node.bootstrapServers()));
        all.addAll(List.of(args));
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("kafka-configs exited with " + code + ": " + message);
        });
        try {
            org.apache.kafka.tools.ConfigCommand.main(all.toArray(String[]::new));
        } finally {
            Exit.resetExitProcedure();
        }
    }
}
