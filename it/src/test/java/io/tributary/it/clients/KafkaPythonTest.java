package io.tributary.it.clients;

import static io.tributary.it.clients.ExternalProcess.PYTHON;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-python against one embedded node: its own produce (acks=all, uncompressed and gzip) and group-less consume
 * round trip, checked by the script itself and then re-read by the Java client; and Java-produced records read by
 * kafka-python byte for byte, compared through per-partition digests.
 */
class KafkaPythonTest {

    static final int PARTITIONS = 4;
    static final int COUNT = 5000;

    private static Tributary node;

    @TempDir
    static Path dir;

    private static Path script;

    @BeforeAll
    static void start() {
        ExternalProcess.requirePythonModule("kafka", "python3-kafka");
        script = ExternalProcess.script("kafka_python_roundtrip.py", dir);
        node = Tributary.embedded().config("num.partitions", Integer.toString(PARTITIONS)).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static List<JsonNode> runScript(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), node.bootstrapServers()));
        cmd.addAll(List.of(args));
        ExternalProcess.Result r = ExternalProcess.run(cmd, null).assertSuccess();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    static Map<String, String> textMap(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    @Test
    void kafkaPythonProducesAndConsumesItsOwnRecords() throws Exception {
        List<JsonNode> summaries = runScript("py-roundtrip", Integer.toString(COUNT));
        assertThat(summaries).extracting(s -> s.path("compression").asText()).containsExactly("none", "gzip");
        for (JsonNode s : summaries) {
            String topic = s.path("topic").asText();
            assertThat(s.path("produced").asInt()).as(topic).isEqualTo(COUNT);
            assertThat(s.path("consumed").asInt()).as(topic).isEqualTo(COUNT);
            assertThat(s.path("partitions").size()).as("partitions used in %s", topic).isEqualTo(PARTITIONS);

            // the Java client sees the same bytes, in the partitions kafka-python's murmur2 partitioner chose
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> got =
                    JavaSide.readAll(node.bootstrapServers(), topic, PARTITIONS, COUNT);
            Map<String, String> counts = new TreeMap<>();
            Map<String, String> digests = new TreeMap<>();
            got.forEach((p, records) -> {
                counts.put(Integer.toString(p), Integer.toString(records.size()));
                digests.put(Integer.toString(p), JavaSide.digestOfConsumed(records));
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord<byte[], byte[]> r = records.get(i);
                    assertThat(r.offset()).isEqualTo(i);
                    assertThat(Utils.toPositive(Utils.murmur2(r.key())) % PARTITIONS).as("partition of %s", new String(r.key(), UTF_8))
                            .isEqualTo(p);
                }
            });
            assertThat(counts).as("records per partition of %s", topic).isEqualTo(textMap(s.path("partitions")));
            assertThat(digests).as("digests of %s", topic).isEqualTo(textMap(s.path("digests")));
        }
    }

    @Test
    void kafkaPythonReadsWhatTheJavaProducerWroteByteIdentical() throws Exception {
        String topic = "java-to-kafka-python";
        Random random = new Random(11);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] key = new byte[1 + random.nextInt(16)];
            random.nextBytes(key);
            byte[] value = i % 101 == 0 ? null : new byte[random.nextInt(400)];
            if (value != null) {
                random.nextBytes(value);
            }
            records.add(new ProducerRecord<>(topic, key, value));
        }
        var sent = JavaSide.produceAll(node.bootstrapServers(), records);
        assertThat(sent).hasSize(PARTITIONS);
        Map<String, String> counts = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        sent.forEach((p, rs) -> {
            counts.put(Integer.toString(p), Integer.toString(rs.size()));
            digests.put(Integer.toString(p), JavaSide.digestOfProduced(rs));
        });

        List<JsonNode> out = runScript(topic, Integer.toString(COUNT), "--digest-only");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).path("consumed").asInt()).isEqualTo(COUNT);
        assertThat(textMap(out.get(0).path("partitions"))).isEqualTo(counts);
        assertThat(textMap(out.get(0).path("digests"))).isEqualTo(digests);
    }
}
