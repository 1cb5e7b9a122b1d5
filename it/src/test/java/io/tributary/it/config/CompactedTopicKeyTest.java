package io.tributary.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka's rule for compacted topics through the Java producer and a raw produce request: a batch
 * holding records without a key is refused whole (INVALID_RECORD, each keyless record named in the
 * response's {@code record_errors}), nothing of it is stored, and the rule follows the topic's
 * {@code cleanup.policy} as it is altered.
 */
class CompactedTopicKeyTest {

    private static final String NO_KEY = "Compacted topic cannot accept message without key in topic partition ";
    /** The Java producer's own words (sic) for the other records of such a batch. */
    private static final String REST_OF_BATCH =
            "Failed to append record because it was part of a batch which had one more more invalid records";

    private static Tributary node;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
        admin = ConfigTestSupport.admin(node);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static void create(String topic, String policy) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", policy))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
    }

    /** A producer that holds records until {@code flush()}, so the records sent before it form one batch. */
    private static KafkaProducer<String, String> producer(String compression) {
        Properties p = ConfigTestSupport.producer(node);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return new KafkaProducer<>(p);
    }

    private static List<Future<RecordMetadata>> sendBatch(KafkaProducer<String, String> producer, String topic,
            String... keys) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, 0, keys[i], "value-" + i)));
        }
        producer.flush();
        return sent;
    }

    /** Why the send of a completed future failed; fails the test if it succeeded. */
    private static Throwable failure(Future<RecordMetadata> f) throws Exception {
        assertThat(f).isDone();
        try {
            RecordMetadata m = f.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the send to fail, but it was stored at offset " + m.offset());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "lz4", "zstd"})
    void theJavaProducerFailsTheKeylessRecordsByIndexAndTheRestOfTheirBatch(String compression) throws Exception {
        String topic = "compacted-keys-" + compression;
        create(topic, "compact");
        try (KafkaProducer<String, String> producer = producer(compression)) {
            List<Future<RecordMetadata>> mixed = sendBatch(producer, topic, "a", null, "c", null, "e");
            for (int i : new int[] {1, 3}) {
                assertThat(failure(mixed.get(i))).as("record %d", i).isExactlyInstanceOf(InvalidRecordException.class)
                        .hasMessage(NO_KEY + topic + "-0");
            }
            for (int i : new int[] {0, 2, 4}) {
                assertThat(failure(mixed.get(i))).as("record %d", i).isExactlyInstanceOf(KafkaException.class)
                        .hasMessage(REST_OF_BATCH);
            }
            assertThat(endOffset(topic)).as("nothing of the refused batch is stored").isZero();

            List<Future<RecordMetadata>> keyed = sendBatch(producer, topic, "a", "b", "c");
            for (int i = 0; i < keyed.size(); i++) {
                assertThat(keyed.get(i).get(30, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
        }
        assertThat(endOffset(topic)).isEqualTo(3);
        assertThat(readAll(topic, 3)).extracting(ConsumerRecord::key).containsExactly("a", "b", "c");
    }

    @Test
    void aSingleKeylessRecordGetsInvalidRecordWithKafkasMessage() throws Exception {
        String topic = "compacted-single";
        create(topic, "compact,delete");
        try (KafkaProducer<String, String> producer = producer("none")) {
            Future<RecordMetadata> f = sendBatch(producer, topic, (String) null).get(0);
            assertThat(failure(f)).isExactlyInstanceOf(InvalidRecordException.class).hasMessage(NO_KEY + topic + "-0");
        }
        assertThat(endOffset(topic)).isZero();
    }

    @Test
    void theProduceResponseCarriesTheRecordErrorsAndKafkasErrorMessage() throws Exception {
        String topic = "compacted-raw";
        create(topic, "compact");
        MemoryRecords records = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(1L, "k".getBytes(), "v0".getBytes()), new SimpleRecord(1L, null, "v1".getBytes()),
                new SimpleRecord(1L, "k".getBytes(), "v2".getBytes()));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        short version = 9;
        ProduceResponse response = (ProduceResponse) ConfigTestSupport.send(node,
                new ProduceRequest.Builder(version, version, data).build(version));

        ProduceResponseData.PartitionProduceResponse p =
                response.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(p.baseOffset()).isEqualTo(-1);
        assertThat(p.recordErrors()).singleElement().satisfies(e -> {
            assertThat(e.batchIndex()).isEqualTo(1);
            assertThat(e.batchIndexErrorMessage()).isEqualTo(NO_KEY + topic + "-0");
        });
        assertThat(p.errorMessage()).isEqualTo("One or more records have been rejected due to 1 record errors in "
                + "total, and only showing the first three errors at most: [RecordError(batchIndex=1, message='"
                + NO_KEY + topic + "-0')]");
        assertThat(endOffset(topic)).isZero();
    }

    @Test
    void theRuleFollowsTheCleanupPolicyAsItIsAltered() throws Exception {
        String topic = "compacted-altered";
        create(topic, "delete");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (KafkaProducer<String, String> producer = producer("none")) {
            assertThat(sendBatch(producer, topic, (String) null).get(0).get(30, TimeUnit.SECONDS).offset()).isZero();

            alter(resource, AlterConfigOp.OpType.APPEND);
            assertThat(failure(sendBatch(producer, topic, (String) null).get(0)))
                    .isExactlyInstanceOf(InvalidRecordException.class).hasMessage(NO_KEY + topic + "-0");
            assertThat(endOffset(topic)).isEqualTo(1);

            alter(resource, AlterConfigOp.OpType.SUBTRACT);
            assertThat(sendBatch(producer, topic, (String) null).get(0).get(30, TimeUnit.SECONDS).offset())
                    .isEqualTo(1);
        }
    }

    /** Adds {@code compact} to the topic's cleanup.policy or takes it out again. */
    private static void alter(ConfigResource resource, AlterConfigOp.OpType op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, (Collection<AlterConfigOp>) List.of(
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), op)))).all().get(30, TimeUnit.SECONDS);
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ConfigTestSupport.consumer(node,
                "earliest"))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }
}
