package io.tributary.it.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.it.ExternalClient;
import io.tributary.it.clients.JavaSide.PartitionDigests;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.util.List;
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
        ExternalClient.requirePythonModule("kafka", "python3-kafka");
        script = ExternalClient.copyResource("clients/kafka_python_roundtrip.py", dir);
        ExternalClient.copyResource("clients/roundtrip_common.py", dir); // imported by the script
        node = Tributary.embedded().config("num.partitions", Integer.toString(PARTITIONS)).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static List<JsonNode> runScript(String... args) {
        return ExternalClient.python(script, node.bootstrapServers()).args(args).run().assertSuccess().jsonLines();
    }

    /** The murmur2 partitioner kafka-python shares with the Java client, for a non-empty key. */
    static int murmur2Partition(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
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
            JavaSide.readAndDigest(node.bootstrapServers(), topic, PARTITIONS, COUNT, KafkaPythonTest::murmur2Partition)
                    .assertMatches(s, topic);
        }
    }

    @Test
    void kafkaPythonReadsWhatTheJavaProducerWroteByteIdentical() throws Exception {
        String topic = "java-to-kafka-python";
        PartitionDigests sent = JavaSide.produceAndDigest(node.bootstrapServers(),
                JavaSide.randomRecords(topic, COUNT, 11), PARTITIONS);

        List<JsonNode> out = runScript(topic, Integer.toString(COUNT), "--digest-only");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).path("consumed").asInt()).isEqualTo(COUNT);
        sent.assertMatches(out.get(0), topic);
    }
}
