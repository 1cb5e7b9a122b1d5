package io.tributary.it.config;

import static io.tributary.it.config.ConfigTestSupport.admin;
import static io.tributary.it.config.ConfigTestSupport.consumer;
import static io.tributary.it.config.ConfigTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.server.Tributary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retention by size and time, and DeleteRecords, against live consumers and Kafka's clients. */
class RetentionTest {

    private static Tributary node;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "1")
                .config("log.retention.check.interval.ms", "100")
                .config("log.segment.delete.delay.ms", "300").start();
        admin = admin(node);
    }

    @AfterAll
    static void stop() {
        admin.close();
        node.close();
    }

    private static void create(String name, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
    }

    private static long earliest(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
    }

    private static long segmentFiles(TopicPartition tp) throws Exception {
        Path dir = node.config().logDirs().get(0).resolve(tp.topic() + "-" + tp.partition());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).count();
        }
    }

    private static void produce(String topic, int count, int valueSize) throws Exception {
        java.util.Properties props = producer(node);
        // batches must fit the small segments (Kafka refuses a batch larger than segment.bytes)
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, "1024");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props)) {
            String value = "v".repeat(valueSize);
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(p.send(new ProducerRecord<>(topic, "k" + i, value)));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    @Test
    void retentionBytesDeletesOldSegmentsWhileAConsumerReads() throws Exception {
        TopicPartition tp = new TopicPartition("sized", 0);
        create("sized", Map.of("segment.bytes", "8192", "retention.bytes", "40000", "file.delete.delay.ms", "200"));
        int total = 20_000;
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            try {
                produce("sized", total, 100);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long last = -1;
        long seen = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(node, "earliest"))) {
            c.assign(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (last < total - 1 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    assertThat(r.offset()).isGreaterThan(last);
                    last = r.offset();
                    seen++;
                }
            }
        }
        producing.get();
        assertThat(last).isEqualTo(total - 1);
        assertThat(seen).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(earliest(tp)).isPositive();
            assertThat(segmentFiles(tp)).isLessThanOrEqualTo(8);
        });
        long start = earliest(tp);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(node, "none"))) {
            c.assign(List.of(tp));
            c.seek(tp, 0);
            assertThatThrownBy(() -> c.poll(Duration.ofSeconds(5))).isInstanceOf(OffsetOutOfRangeException.class);
            c.seek(tp, start);
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.poll(Duration.ofMillis(100)).isEmpty());
        }
    }

    @Test
    void retentionMsSetOnALiveTopicDeletesExpiredData() throws Exception {
        TopicPartition tp = new TopicPartition("timed", 0);
        create("timed", Map.of("segment.bytes", "4096", "file.delete.delay.ms", "100"));
        produce("timed", 500, 50);
        assertThat(segmentFiles(tp)).isGreaterThan(3);
        assertThat(earliest(tp)).isZero();
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "timed"),
                (Collection<AlterConfigOp>) List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "500"),
                        AlterConfigOp.OpType.SET)))).all().get();
        // everything expires: the active segment is rolled, the old ones deleted; the offsets go on
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(earliest(tp)).isEqualTo(500);
            assertThat(segmentFiles(tp)).isEqualTo(1);
        });
        produce("timed", 1, 10);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset()).isEqualTo(501);
    }

    @Test
    void deleteRecordsMovesTheLogStartOffset() throws Exception {
        TopicPartition tp = new TopicPartition("trimmed", 0);
        create("trimmed", Map.of("segment.bytes", "4096"));
        produce("trimmed", 300, 50);
        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(120))).lowWatermarks().get(tp).get()
                .lowWatermark();
        assertThat(low).isEqualTo(120);
        assertThat(earliest(tp)).isEqualTo(120);
        assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(301))).all().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(node, "earliest"))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.poll(Duration.ofMillis(100)).forEach(got::add);
                return !got.isEmpty();
            });
            assertThat(got.get(0).offset()).isEqualTo(120);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(segmentFiles(tp)).isLessThan(8));
    }
}
