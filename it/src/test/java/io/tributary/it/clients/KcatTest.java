package io.tributary.it.clients;

import static io.tributary.it.ExternalClient.KCAT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.it.ExternalClient;
import io.tributary.server.Tributary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kcat (librdkafka) against one embedded node: metadata listing, keyed line produce and consume, headers and compressed
 * batches, and records crossing between kcat and the Java client. Topics are auto-created with {@value #PARTITIONS}
 * partitions; kcat's default partitioner puts a keyed record in partition {@code crc32(key) % partitions}.
 */
class KcatTest {

    static final int PARTITIONS = 4;

    private static Tributary node;

    @BeforeAll
    static void start() {
        ExternalClient.requireExecutable(KCAT, "kcat");
        node = Tributary.embedded().config("num.partitions", Integer.toString(PARTITIONS)).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A keyed line as kcat {@code -K:} reads it: the key up to the first ':', the value after it. */
    record Line(String key, String value) {
        String text() {
            return key + ":" + value;
        }
    }

    /** {@code n} keyed lines over a few hundred keys; values carry ':' and multi-byte UTF-8 so byte identity shows. */
    static List<Line> lines(int n, long seed) {
        Random random = new Random(seed);
        String[] alphabet = {"a", "b", "z", "0", "9", " ", ":", "=", ",", "é", "€", "日本", "\uD834\uDD1E", "\t"};
        List<Line> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder value = new StringBuilder("v").append(i).append('-');
            int len = random.nextInt(120);
            for (int j = 0; j < len; j++) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            lines.add(new Line("key-" + random.nextInt(300), value.toString()));
        }
        return lines;
    }

    /** librdkafka's default {@code consistent_random} partitioner for a non-empty key. */
    static int partitionOf(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    static Map<Integer, List<Line>> byPartition(List<Line> lines) {
        Map<Integer, List<Line>> out = new TreeMap<>();
        lines.forEach(l -> out.computeIfAbsent(partitionOf(l.key()), p -> new ArrayList<>()).add(l));
        return out;
    }

    static byte[] stdin(List<Line> lines) {
        return lines.stream().map(l -> l.text() + "\n").collect(Collectors.joining()).getBytes(UTF_8);
    }

    static ExternalClient.Result kcat(byte[] stdin, String... args) {
        return ExternalClient.command(KCAT, "-b", node.bootstrapServers()).args(args).stdin(stdin).run();
    }

    /** Produces {@code lines} with kcat and fails unless kcat reports every delivery as successful. */
    static void kcatProduce(String topic, List<Line> lines, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("-P", "-t", topic, "-K:", "-X", "request.required.acks=all"));
        args.addAll(List.of(extraArgs));
        ExternalClient.Result r = kcat(stdin(lines), args.toArray(String[]::new)).assertSuccess();
        assertThat(r.stderr()).as("kcat producer stderr").doesNotContainIgnoringCase("error").doesNotContain("Failed");
    }

    /** One partition from the beginning to its end, each record printed with {@code format}. */
    static String kcatConsume(String topic, int partition, String format) {
        return kcat(null, "-C", "-t", topic, "-p", Integer.toString(partition), "-o", "beginning", "-e", "-q",
                "-f", format).assertSuccess().stdout();
    }

    /** The whole topic from the beginning, as (partition, offset, key=value) lines split per partition. */
    static Map<Integer, List<String>> kcatConsumeAll(String topic, int expected) {
        String out = kcat(null, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p %o %k=%s\n")
                .assertSuccess().stdout();
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        int count = 0;
        for (String row : out.split("\n", -1)) {
            if (row.isEmpty()) {
                continue;
            }
            String[] f = row.split(" ", 3);
            int partition = Integer.parseInt(f[0]);
            List<String> records = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            assertThat(Long.parseLong(f[1])).as("offset in partition %d", partition).isEqualTo(records.size());
            records.add(f[2]);
            count++;
        }
        assertThat(count).as("records consumed by kcat from %s", topic).isEqualTo(expected);
        return byPartition;
    }

    static Map<Integer, List<String>> expectedKeyEqualsValue(List<Line> lines) {
        Map<Integer, List<String>> out = new TreeMap<>();
        byPartition(lines).forEach((p, ls) -> out.put(p, ls.stream().map(l -> l.key() + "=" + l.value()).toList()));
        return out;
    }

    @Test
    void metadataListsTheBrokerAndTopics() throws Exception {
        String topic = "kcat-metadata";
        JavaSide.produceAll(node.bootstrapServers(),
                List.of(new ProducerRecord<>(topic, "k".getBytes(), "v".getBytes())));

        JsonNode md = new ObjectMapper().readTree(kcat(null, "-L", "-J").assertSuccess().stdoutBytes());
        assertThat(md.path("brokers")).hasSize(1);
        assertThat(md.path("brokers").get(0).path("id").asInt()).isEqualTo(1);
        assertThat(md.path("brokers").get(0).path("name").asText()).isEqualTo(node.bootstrapServers());
        assertThat(md.path("controllerid").asInt()).isEqualTo(1);
        JsonNode t = null;
        for (JsonNode candidate : md.path("topics")) {
            if (candidate.path("topic").asText().equals(topic)) {
                t = candidate;
            }
        }
        assertThat(t).as("topic %s in %s", topic, md).isNotNull();
        assertThat(t.has("error")).as("topic error in %s", t).isFalse();
        assertThat(t.path("partitions")).hasSize(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            JsonNode partition = t.path("partitions").get(p);
            assertThat(partition.path("partition").asInt()).isEqualTo(p);
            assertThat(partition.path("leader").asInt()).isEqualTo(1);
            assertThat(partition.path("replicas").get(0).path("id").asInt()).isEqualTo(1);
            assertThat(partition.path("isrs").get(0).path("id").asInt()).isEqualTo(1);
        }

        String text = kcat(null, "-L", "-t", topic).assertSuccess().stdout();
        assertThat(text).contains(" 1 brokers:", "broker 1 at " + node.bootstrapServers(),
                "topic \"" + topic + "\" with " + PARTITIONS + " partitions:",
                "partition 0, leader 1, replicas: 1, isrs: 1");
    }

    @Test
    void keyedLinesComeBackExactlyInOrderPerPartition() {
        String topic = "kcat-keyed";
        List<Line> lines = lines(5000, 1);
        kcatProduce(topic, lines);

        Map<Integer, List<Line>> expected = byPartition(lines);
        assertThat(expected).hasSize(PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            String want = expected.get(p).stream().map(l -> l.key() + "=" + l.value() + "\n")
                    .collect(Collectors.joining());
            assertThat(kcatConsume(topic, p, "%k=%s\n")).as("partition %d", p).isEqualTo(want);
        }
        assertThat(kcatConsumeAll(topic, lines.size())).isEqualTo(expectedKeyEqualsValue(lines));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesFromKcatRoundTrip(String codec) {
        String topic = "kcat-codec-" + codec;
        List<Line> lines = lines(3000, codec.hashCode());
        // a longer linger so that batches hold many records and really get compressed
        kcatProduce(topic, lines, "-z", codec, "-X", "linger.ms=50");
        assertThat(kcatConsumeAll(topic, lines.size())).isEqualTo(expectedKeyEqualsValue(lines));

        // and the Java client decodes kcat's batches to the same bytes
        var javaRead = JavaSide.readAll(node.bootstrapServers(), topic, PARTITIONS, lines.size());
        Map<Integer, List<String>> javaSeen = new TreeMap<>();
        javaRead.forEach((p, rs) -> javaSeen.put(p,
                rs.stream().map(r -> new String(r.key(), UTF_8) + "=" + new String(r.value(), UTF_8)).toList()));
        assertThat(javaSeen).isEqualTo(expectedKeyEqualsValue(lines));
    }

    @Test
    void kcatSeesWhatTheJavaProducerWroteWithHeaders() throws Exception {
        String topic = "kcat-java-headers";
        int n = 3000;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            var r = new ProducerRecord<byte[], byte[]>(topic, ("jk-" + random.nextInt(200)).getBytes(UTF_8),
                    ("java value " + i + " €").getBytes(UTF_8));
            r.headers().add(new RecordHeader("i", Integer.toString(i).getBytes(UTF_8)));
            r.headers().add(new RecordHeader("src", "java".getBytes(UTF_8)));
            records.add(r);
        }
        var sent = JavaSide.produceAll(node.bootstrapServers(), records);
        assertThat(sent).hasSize(PARTITIONS);

        for (var e : sent.entrySet()) {
            String want = e.getValue().stream().map(r -> new String(r.key(), UTF_8) + "|"
                    + headerText(r.headers().toArray()) + "|" + new String(r.value(), UTF_8) + "\n")
                    .collect(Collectors.joining());
            assertThat(kcatConsume(topic, e.getKey(), "%k|%h|%s\n")).as("partition %d", e.getKey()).isEqualTo(want);
        }
    }

    /** kcat's {@code %h}: name=value pairs joined by ','. */
    static String headerText(Header[] headers) {
        return Arrays.stream(headers).map(h -> h.key() + "=" + new String(h.value(), UTF_8))
                .collect(Collectors.joining(","));
    }

    @Test
    void javaConsumerReadsWhatKcatProduced() {
        String topic = "kcat-to-java";
        List<Line> lines = lines(4000, 3);
        kcatProduce(topic, lines, "-H", "origin=kcat", "-H", "empty=");

        var got = JavaSide.readAll(node.bootstrapServers(), topic, PARTITIONS, lines.size());
        Map<Integer, List<Line>> expected = byPartition(lines);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        for (int p : expected.keySet()) {
            List<ConsumerRecord<byte[], byte[]>> records = got.get(p);
            List<Line> want = expected.get(p);
            assertThat(records).as("partition %d", p).hasSameSizeAs(want);
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(r.key()).isEqualTo(want.get(i).key().getBytes(UTF_8));
                assertThat(r.value()).isEqualTo(want.get(i).value().getBytes(UTF_8));
                assertThat(headerText(r.headers().toArray())).isEqualTo("origin=kcat,empty=");
            }
        }
    }

    @Test
    void aLineWithoutAKeyToACompactedTopicIsReportedAndNotStored() throws Exception {
        String topic = "kcat-compacted";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        // one batch: kcat -K: gives a line without the delimiter no key
        ExternalClient.Result keyless = kcat("a:first\nno key here\nb:third\n".getBytes(UTF_8), "-P", "-t", topic,
                "-p", "0", "-K:", "-X", "request.required.acks=all", "-X", "linger.ms=1000");
        assertThat(keyless.exitCode()).as("kcat exit code; stderr: %s", keyless.stderr()).isEqualTo(1);
        // librdkafka's text for INVALID_RECORD, for each record of the refused batch
        assertThat(keyless.stderr().split("\n")).filteredOn(l -> !l.isBlank()).hasSize(3).allSatisfy(l ->
                assertThat(l).isEqualTo("% Delivery failed for message: Broker: Broker failed to validate record"));

        kcatProduce(topic, List.of(new Line("k", "kept")), "-p", "0");
        assertThat(kcatConsume(topic, 0, "%o %k=%s\n")).as("only the keyed line is stored").isEqualTo("0 k=kept\n");
    }
}
