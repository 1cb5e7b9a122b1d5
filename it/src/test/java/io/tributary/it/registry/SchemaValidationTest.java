package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broker-side schema validation ({@code confluent.value.schema.validation}, {@code confluent.key.schema.validation}
 * and the subject name strategies) with the Java producer and admin client against one node: framed records whose
 * schema id is a live version of the subject pass; unframed records, unknown ids and ids of another subject refuse
 * the whole batch with INVALID_RECORD and a message per record.
 */
class SchemaValidationTest {

    private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"it\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    private static final String PAYMENT = "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"it\","
            + "\"fields\":[{\"name\":\"amount\",\"type\":\"double\"}]}";
    private static final String STRATEGY = "io.confluent.kafka.serializers.subject.";

    private static Tributary node;
    private static RegistryHttp http;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
        http = new RegistryHttp(node.httpPort());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void valueValidationPassesRegisteredIdsAndRefusesTheRest() throws Exception {
        createTopic("orders", Map.of("confluent.value.schema.validation", "true"));
        int order = register("orders-value", ORDER);
        int payment = register("payments-value", PAYMENT);

        assertThat(send("orders", null, framed(order, "o1")).offset()).isZero();
        assertThat(send("orders", "k".getBytes(StandardCharsets.UTF_8), null).offset()).as("a tombstone passes")
                .isEqualTo(1);
        assertRefused("orders", null, "plain".getBytes(StandardCharsets.UTF_8),
                "Record 0 of the batch has no schema id framing in its value");
        assertRefused("orders", null, framed(424242, "x"),
                "schema id 424242 is not registered under subject orders-value");
        assertRefused("orders", null, framed(payment, "p"),
                "schema id " + payment + " is not registered under subject orders-value");
        assertThat(endOffset("orders")).isEqualTo(2);

        assertThat(http.delete("/subjects/orders-value/versions/1").status()).isEqualTo(200);
        assertRefused("orders", null, framed(order, "o2"),
                "schema id " + order + " is not registered under subject orders-value");
    }

    @Test
    void oneBadRecordRefusesItsWholeBatchNamingIt() throws Exception {
        createTopic("batched", Map.of("confluent.value.schema.validation", "true"));
        int id = register("batched-value", ORDER);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        sent.add(producer.send(new ProducerRecord<>("batched", 0, null, framed(id, "a"))));
        sent.add(producer.send(new ProducerRecord<>("batched", 0, null, "unframed".getBytes(StandardCharsets.UTF_8))));
        sent.add(producer.send(new ProducerRecord<>("batched", 0, null, framed(id, "c"))));
        producer.flush();
        assertThatThrownBy(() -> sent.get(1).get()).cause().isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Record 1 of the batch has no schema id framing");
        assertThatThrownBy(() -> sent.get(0).get()).cause().hasMessageContaining("part of a batch");
        assertThatThrownBy(() -> sent.get(2).get()).cause().hasMessageContaining("part of a batch");
        assertThat(endOffset("batched")).isZero();
    }

    @Test
    void withoutValidationAnythingPasses() throws Exception {
        createTopic("free", Map.of());
        assertThat(send("free", null, "plain".getBytes(StandardCharsets.UTF_8)).offset()).isZero();
        assertThat(send("free", null, framed(999_999, "x")).offset()).isEqualTo(1);
    }

    @Test
    void keyValidationTurnedOnByIncrementalAlterConfigs() throws Exception {
        createTopic("keyed", Map.of());
        int key = register("keyed-key", ORDER);
        assertThat(send("keyed", "plain".getBytes(StandardCharsets.UTF_8), null).offset()).isZero();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "keyed");
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry("confluent.key.schema.validation", "true"), AlterConfigOp.OpType.SET))))
                .all().get();
        Config described = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        assertThat(described.get("confluent.key.schema.validation").value()).isEqualTo("true");
        assertThat(described.get("confluent.value.schema.validation").value()).isEqualTo("false");
        assertThat(described.get("confluent.key.subject.name.strategy").value())
                .isEqualTo(STRATEGY + "TopicNameStrategy");
        assertRefused("keyed", "plain".getBytes(StandardCharsets.UTF_8), null, "no schema id framing in its key");
        assertThat(send("keyed", framed(key, "k"), "any value".getBytes(StandardCharsets.UTF_8)).offset())
                .isEqualTo(1);
    }

    @Test
    void recordNameStrategiesTakeTheSubjectFromTheSchema() throws Exception {
        createTopic("by-record", Map.of("confluent.value.schema.validation", "true",
                "confluent.value.subject.name.strategy", STRATEGY + "RecordNameStrategy"));
        createTopic("by-topic-record", Map.of("confluent.value.schema.validation", "true",
                "confluent.value.subject.name.strategy", STRATEGY + "TopicRecordNameStrategy"));
        int byRecord = register("it.Order", ORDER);
        int byTopicRecord = register("by-topic-record-it.Payment", PAYMENT);
        assertThat(send("by-record", null, framed(byRecord, "o")).offset()).isZero();
        assertThat(send("by-topic-record", null, framed(byTopicRecord, "p")).offset()).isZero();
        assertRefused("by-record", null, framed(byTopicRecord, "p"),
                "is not registered under subject it.Payment");
        assertRefused("by-topic-record", null, framed(byRecord, "o"),
                "is not registered under subject by-topic-record-it.Order");
    }

    @Test
    void unsupportedStrategiesAndValuesAreRefusedAsInvalidConfig() {
        assertThatThrownBy(() -> createTopic("bad-strategy", Map.of("confluent.value.subject.name.strategy",
                "com.example.MyStrategy"))).cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid value com.example.MyStrategy for configuration "
                        + "confluent.value.subject.name.strategy: broker-side schema validation supports the subject "
                        + "name strategies io.confluent.kafka.serializers.subject.TopicNameStrategy");
        assertThatThrownBy(() -> createTopic("bad-flag", Map.of("confluent.key.schema.validation", "yes")))
                .cause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Expected value to be either true or false");
    }

    @Test
    void aRecordProducedBeforeTheRegistryLoadedIsRetriedUntilItHas() throws Exception {
        try (Tributary fresh = Tributary.embedded().start();
                Admin freshAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        fresh.bootstrapServers()));
                KafkaProducer<byte[], byte[]> freshProducer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fresh.bootstrapServers(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            freshAdmin.createTopics(List.of(new NewTopic("early", 1, (short) 1)
                    .configs(Map.of("confluent.value.schema.validation", "true")))).all().get();
            assertThatThrownBy(() -> freshProducer.send(new ProducerRecord<>("early", framed(1, "x"))).get())
                    .cause().isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("schema id 1 is not registered under subject early-value");
        }
    }

    private static void createTopic(String name, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
    }

    private static int register(String subject, String schema) {
        RegistryHttp.Reply reply = http.register(subject, null, schema);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json().path("id").asInt();
    }

    private static byte[] framed(int id, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    private static RecordMetadata send(String topic, byte[] key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
    }

    private static void assertRefused(String topic, byte[] key, byte[] value, String message) {
        assertThatThrownBy(() -> send(topic, key, value)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining(message);
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }
}
