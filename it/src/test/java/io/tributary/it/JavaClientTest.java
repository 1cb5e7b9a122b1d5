package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Produce and consume through the real Java client, against one embedded node per class. */
class JavaClientTest {

    private static Tributary node;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "1").start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()));
    }

    /** Reads every record of {@code partitions} from offset 0 up to {@code expected} records. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(List<TopicPartition> partitions, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void hundredThousandKeyedRecordsComeBackByteIdenticalInOrderPerPartition() throws Exception {
        String topic = "keyed";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        int n = 100_000;
        Random random = new Random(42);
        Map<Integer, List<byte[][]>> sent = new HashMap<>();
        Properties props = producerProps();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>(n);
            List<byte[][]> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] key = ("key-" + random.nextInt(5000)).getBytes();
                byte[] value = new byte[random.nextInt(200)];
                random.nextBytes(value);
                records.add(new byte[][] {key, value});
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key, value);
                r.headers().add(new RecordHeader("i", Integer.toString(i).getBytes()));
                futures.add(producer.send(r));
            }
            for (int i = 0; i < n; i++) {
                RecordMetadata md = futures.get(i).get();
                sent.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add(records.get(i));
            }
        }
        List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2), new TopicPartition(topic, 3));
        List<ConsumerRecord<byte[], byte[]>> got = readAll(tps, n);
        assertThat(got).hasSize(n);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        got.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
        assertThat(byPartition.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (Map.Entry<Integer, List<byte[][]>> e : sent.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> received = byPartition.get(e.getKey());
            assertThat(received).hasSameSizeAs(e.getValue());
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).offset()).isEqualTo(i);
                assertThat(received.get(i).key()).isEqualTo(e.getValue().get(i)[0]);
                assertThat(received.get(i).value()).isEqualTo(e.getValue().get(i)[1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionCodecRoundTrips(String codec) throws Exception {
        String topic = "codec-" + codec;
        Properties props = producerProps();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int n = 2000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(),
                        ("value-" + i + "-" + codec).getBytes()));
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> got = readAll(List.of(new TopicPartition(topic, 0)), n);
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i).offset()).isEqualTo(i);
            assertThat(new String(got.get(i).value())).isEqualTo("value-" + i + "-" + codec);
        }
    }

    @Test
    void acksZeroAndOneDeliver() throws Exception {
        for (String acks : List.of("0", "1")) {
            String topic = "acks-" + acks;
            Properties props = producerProps();
            props.put(ProducerConfig.ACKS_CONFIG, acks);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < 500; i++) {
                    producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes()));
                }
                producer.flush();
            }
            assertThat(readAll(List.of(new TopicPartition(topic, 0)), 500)).hasSize(500);
        }
    }

    @Test
    void adminCreatesDescribesAndListsOffsets() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("admin-t", 3, (short) 1))).all().get();
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("admin-t", 3, (short) 1))).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicExistsException.class);
            TopicDescription d = admin.describeTopics(List.of("admin-t")).allTopicNames().get().get("admin-t");
            assertThat(d.partitions()).hasSize(3);
            assertThat(d.partitions().get(0).leader().id()).isEqualTo(1);
            TopicPartition tp = new TopicPartition("admin-t", 1);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("admin-t", 1, 1000L + i, null, ("v" + i).getBytes())).get();
                }
            }
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset()).isZero();
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset()).isEqualTo(10);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(1004L))).all().get().get(tp).offset())
                    .isEqualTo(4);
            var max = admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).all().get().get(tp);
            assertThat(max.offset()).isEqualTo(9);
            assertThat(max.timestamp()).isEqualTo(1009L);
        }
    }

    @Test
    void oversizedBatchIsRejectedWithRecordTooLarge() {
        Properties props = producerProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("too-large", new byte[2 * 1024 * 1024])).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class);
            // the partition still takes records of an acceptable size
            assertThat(producer.send(new ProducerRecord<>("too-large", new byte[1000])).get().offset()).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invalidTopicNamesAreRefused() {
        Properties props = producerProps();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("bad name!", new byte[1])).get())
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.InvalidTopicException.class);
        }
        try (Admin admin = admin()) {
            assertThatThrownBy(
                    () -> admin.createTopics(List.of(new NewTopic("a".repeat(250), 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.InvalidTopicException.class);
        }
    }

    @Test
    void longPollFetchReturnsAsSoonAsDataArrives() throws Exception {
        String topic = "long-poll";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties cp = consumerProps();
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "30000");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.poll(Duration.ofMillis(300)).count()).isZero();
            producer.send(new ProducerRecord<>(topic, "hello".getBytes())).get();
            long start = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
                consumer.poll(Duration.ofSeconds(10)).forEach(got::add);
            }
            assertThat(got).hasSize(1);
            // a 30 s max wait must not delay a record that is already there
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
