package io.tributary.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Produce rules Apache Kafka enforces beyond a single append, through real clients and raw
 * frames against one node: clients cannot append to {@code __consumer_offsets}, a client's
 * metadata request that creates it creates the real one (so groups keep working), and an acks=0
 * produce that fails closes the connection instead of going unnoticed, and a record stamped too far
 * ahead of the broker's clock is refused.
 */
class ProduceRulesTest {

    private static Tributary node;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("offsets.topic.num.partitions", "7").start();
        address = new InetSocketAddress("127.0.0.1", node.port("PLAINTEXT"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void clientsCannotAppendToTheOffsetsTopicAndItsAutoCreationKeepsGroupsWorking() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            // the producer's metadata request is what creates __consumer_offsets here
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("__consumer_offsets", new byte[] {1}))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTopicException.class);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
            TopicDescription offsets = admin.describeTopics(List.of("__consumer_offsets")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("__consumer_offsets");
            assertThat(offsets.isInternal()).isTrue();
            assertThat(offsets.partitions()).hasSize(7);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        TopicPartition tp = new TopicPartition("rules-data", 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(tp.topic(), new byte[] {2})).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps("rules-group"))) {
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(1)), Duration.ofSeconds(30));
            assertThat(consumer.committed(java.util.Set.of(tp), Duration.ofSeconds(30)).get(tp).offset())
                    .isEqualTo(1);
        }
    }

    @Test
    void anAcksZeroProduceThatFailsClosesTheConnectionAndOneThatSucceedsDoesNot() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.getOutputStream().write(produce("rules-acks0-missing", 1));
            assertThat(BadInputTest.closedByServer(s)).as("unknown topic with acks=0").isTrue();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>("rules-acks0", new byte[] {3})).get(30, TimeUnit.SECONDS);
        }
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.getOutputStream().write(produce("rules-acks0", 2));
            s.getOutputStream().write(BadInputTest.frame(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("t").setClientSoftwareVersion("1"), 3));
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(in.readInt()).isPositive();
            assertThat(in.readInt()).as("the next response is the ApiVersions one").isEqualTo(3);
        }
    }

    @Test
    void aRecordStampedMoreThanAnHourAheadIsRefusedWithInvalidTimestamp() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            long now = Time.SYSTEM.milliseconds(); // the embedded node runs on the system clock
            producer.send(new ProducerRecord<>("rules-time", 0, now + 60_000, null, new byte[] {5}))
                    .get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("rules-time", 0, now + 3 * 3_600_000L, null,
                    new byte[] {6})).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTimestampException.class);
        }
    }

    /** A produce v9 frame with acks=0 of one record to partition 0 of {@code topic}. */
    private static byte[] produce(String topic, int correlationId) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[] {4}));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(30_000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        return BadInputTest.frame(ApiKeys.PRODUCE, (short) 9, data, correlationId);
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return p;
    }

    private static Properties consumerProps(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
