package io.tributary.it.config;

import static io.tributary.it.config.ConfigTestSupport.admin;
import static io.tributary.it.config.ConfigTestSupport.consumer;
import static io.tributary.it.config.ConfigTestSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.server.Tributary;
import io.tributary.storage.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log compaction with real clients: a compacted topic reads back the latest value of every key
 * while and after the cleaner runs, and Kafka's DumpLogSegments reads the compacted (and
 * recompressed) segments without error.
 */
class CompactionTest {

    private static Tributary node;
    private static Admin admin;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "1")
                .config("log.cleaner.backoff.ms", "50")
                .config("log.retention.check.interval.ms", "100").start();
        admin = admin(node);
    }

    @AfterAll
    static void stop() {
        admin.close();
        node.close();
    }

    private static Log log(String topic) {
        return node.broker().context().replicaManager().partition(new TopicPartition(topic, 0)).log();
    }

    private static Map<String, String> compacted(String segmentBytes) {
        return Map.of("cleanup.policy", "compact", "segment.bytes", segmentBytes, "min.cleanable.dirty.ratio", "0.01",
                "min.compaction.lag.ms", "0", "file.delete.delay.ms", "500", "segment.ms", "1000");
    }

    private static void produce(String topic, int count, int keys) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producer(node))) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(p.send(new ProducerRecord<>(topic, "key-" + (i % keys), "value-" + i)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Reads the partition from its start to {@code end}; checks offsets only grow. */
    private static List<ConsumerRecord<String, String>> readAll(String topic, long end) {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(node, "earliest"))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long last = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    assertThat(r.offset()).isGreaterThan(last);
                    last = r.offset();
                    out.add(r);
                }
            }
            assertThat(c.position(tp)).isGreaterThanOrEqualTo(end);
        }
        return out;
    }

    @Test
    void compactedTopicReadsBackTheLatestValueOfEveryKey() throws Exception {
        admin.createTopics(List.of(new NewTopic("latest", 1, (short) 1).configs(compacted("65536")))).all().get();
        int updates = 200_000;
        int keys = 1_000;
        produce("latest", updates, keys);
        TopicPartition tp = new TopicPartition("latest", 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        assertThat(end).isEqualTo(updates);
        // a consumer reading while the cleaner works sees a consistent log
        assertLatest(readAll("latest", end), updates, keys);
        // segment.ms rolls the active segment, so everything but the newest data gets compacted
        await().atMost(Duration.ofSeconds(90)).untilAsserted(
                () -> assertThat(log("latest").size()).as(() -> describe("latest")).isLessThan(150_000));
        // once the last segment has rolled and been cleaned, exactly one record per key is left
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                () -> assertThat(readAll("latest", end)).as(() -> describe("latest")).hasSize(keys));
        assertLatest(readAll("latest", end), updates, keys);
    }

    private static void assertLatest(List<ConsumerRecord<String, String>> records, int updates, int keys) {
        Map<String, String> last = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            last.put(r.key(), r.value());
        }
        assertThat(last).hasSize(keys);
        for (int k = 0; k < keys; k++) {
            int latestIndex = updates - keys + k;
            assertThat(last.get("key-" + k)).isEqualTo("value-" + latestIndex);
        }
    }

    private static String describe(String topic) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(log(topic).dir())) {
            s.sorted().forEach(p -> sb.append(p.getFileName()).append(' ').append(p.toFile().length()).append('\n'));
            sb.append(Files.readString(log(topic).dir().getParent().resolve("cleaner-offset-checkpoint")));
        } catch (Exception e) {
            sb.append(e);
        }
        return sb.toString();
    }

    private static long segmentFiles(String topic, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(log(topic).dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void dumpLogSegmentsReadsCompactedAndRecompressedSegments() throws Exception {
        Map<String, String> configs = new HashMap<>(compacted("8192"));
        configs.put("compression.type", "gzip");
        admin.createTopics(List.of(new NewTopic("dumped", 1, (short) 1).configs(configs))).all().get();
        produce("dumped", 5_000, 50);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(log("dumped").size()).isLessThan(20_000));
        // the cleaner may still replace a segment while the files are listed: retry until a dump is clean
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(CompactionTest::dumpIsClean);
    }

    private static void dumpIsClean() throws Exception {
        List<String> args = new ArrayList<>(List.of("--deep-iteration", "--print-data-log", "--files"));
        List<String> files;
        // the active segment's indexes are preallocated, as in Kafka, so only the others' are dumped
        String active;
        try (Stream<Path> s = Files.list(log("dumped").dir())) {
            active = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
                    .reduce((a, b) -> b).orElseThrow().substring(0, 20);
        }
        try (Stream<Path> s = Files.list(log("dumped").dir())) {
            files = s.map(Path::toString).filter(n -> n.endsWith(".log") || (!n.contains(active)
                    && (n.endsWith(".index") || n.endsWith(".timeindex")))).sorted().toList();
        }
        args.add(String.join(",", files));
        String out = runDumpLogSegments(args.toArray(String[]::new));
        assertThat(out).contains("compresscodec: gzip").contains("key: key-49").contains("baseOffset:");
        // (DumpLogSegments reports the gaps compaction leaves as "Non-consecutive offsets", as for Kafka's own logs)
        assertThat(out).doesNotContain("Mismatches").doesNotContain("Exception").doesNotContain("mismatch")
                .doesNotContain("not found in the log").doesNotContain("out of order").doesNotContain("invalid bytes");
    }

    /** Runs Kafka's DumpLogSegments in this JVM and returns what it printed. */
    private static String runDumpLogSegments(String... args) throws java.io.IOException {
        PrintStream saved = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("DumpLogSegments exited with " + code + ": " + message);
        });
        try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            System.setErr(ps);
            org.apache.kafka.tools.DumpLogSegments.main(args);
        } finally {
            System.setOut(saved);
            System.setErr(savedErr);
            Exit.resetExitProcedure();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
