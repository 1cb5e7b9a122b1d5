package io.tributary.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.it.ExternalClient;
import io.tributary.server.Tributary;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real schema-registry clients against the node's registry: kafkajs with @kafkajs/confluent-schema-registry
 * (Avro, JSON Schema and Protobuf round trips through topics) and confluent-kafka-python's
 * SchemaRegistryClient with its JSON Schema serdes (Debian's python3-confluent-kafka, python3-requests,
 * python3-jsonschema).
 */
class RegistryClientsTest {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static Tributary node;

    @TempDir
    Path scripts;

    @BeforeAll
    static void start() {
        node = Tributary.embedded().start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String registryUrl() {
        return "http://127.0.0.1:" + node.httpPort();
    }

    @Test
    void kafkaJsRoundTripsAvroJsonSchemaAndProtobuf() {
        assertThat(NODE_DIR.resolve("node_modules").resolve("@kafkajs").resolve("confluent-schema-registry")).as(
                "@kafkajs/confluent-schema-registry is not installed: run 'npm ci' in %s (.ci/run does)", NODE_DIR)
                .isDirectory();
        ExternalClient.Result run = ExternalClient.command(ExternalClient.NODE, "kafkajs_registry.js",
                        node.bootstrapServers(), registryUrl(), "kafkajs-registry", "AVRO,JSON,PROTOBUF")
                .directory(NODE_DIR).timeout(Duration.ofSeconds(120)).run();
        JsonNode summary = run.summary();
        assertThat(summary.path("ok").asBoolean()).as(run.output()).isTrue();
        for (String format : new String[] {"AVRO", "JSON", "PROTOBUF"}) {
            assertThat(summary.at("/results/" + format + "/decoded").asInt()).as(format).isEqualTo(25);
        }
    }

    @Test
    void kafkaJsRoundTripsThroughTopicsWithBrokerSideSchemaValidation() {
        assertThat(NODE_DIR.resolve("node_modules").resolve("@kafkajs").resolve("confluent-schema-registry")).as(
                "@kafkajs/confluent-schema-registry is not installed: run 'npm ci' in %s (.ci/run does)", NODE_DIR)
                .isDirectory();
        ExternalClient.Result run = ExternalClient.command(ExternalClient.NODE, "kafkajs_registry.js",
                        node.bootstrapServers(), registryUrl(), "kafkajs-validated", "AVRO,JSON,PROTOBUF", "validate")
                .directory(NODE_DIR).timeout(Duration.ofSeconds(120)).run();
        JsonNode summary = run.summary();
        assertThat(summary.path("ok").asBoolean()).as(run.output()).isTrue();
        for (String format : new String[] {"AVRO", "JSON", "PROTOBUF"}) {
            assertThat(summary.at("/results/" + format + "/unframedRefused").asBoolean()).as(format).isTrue();
            assertThat(summary.at("/results/" + format + "/decoded").asInt()).as(format).isEqualTo(25);
        }
    }

    @Test
    void confluentKafkaPythonRoundTripsThroughATopicWithBrokerSideSchemaValidation() {
        ExternalClient.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        ExternalClient.requirePythonModule("requests", "python3-requests");
        ExternalClient.requirePythonModule("jsonschema", "python3-jsonschema");
        Path script = ExternalClient.copyResource("registry/python_registry.py", scripts);
        ExternalClient.Result run = ExternalClient.python(script, node.bootstrapServers(), registryUrl(),
                "py-validated-orders", "validate").timeout(Duration.ofSeconds(120)).run().assertSuccess();
        JsonNode s = run.summary();
        assertThat(s.path("ok").asBoolean()).as(run.output()).isTrue();
        assertThat(s.path("unframed_refused").asBoolean()).as(run.output()).isTrue();
        assertThat(s.path("consumed").asInt()).isEqualTo(20);
        assertThat(s.path("values_ok").asBoolean()).isTrue();
    }

    @Test
    void confluentKafkaPythonRegistersFetchesAndRoundTripsJsonSchema() {
        ExternalClient.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        ExternalClient.requirePythonModule("requests", "python3-requests");
        ExternalClient.requirePythonModule("jsonschema", "python3-jsonschema");
        Path script = ExternalClient.copyResource("registry/python_registry.py", scripts);
        ExternalClient.Result run = ExternalClient.python(script, node.bootstrapServers(), registryUrl(),
                "py-registry-orders").timeout(Duration.ofSeconds(120)).run().assertSuccess();
        JsonNode s = run.summary();
        assertThat(s.path("ok").asBoolean()).as(run.output()).isTrue();
        assertThat(s.path("avro_id_stable").asBoolean()).isTrue();
        assertThat(s.path("avro_fetched").asBoolean()).isTrue();
        assertThat(s.path("compatible_v2").asBoolean()).isTrue();
        assertThat(s.path("compatible_bad").asBoolean()).isFalse();
        assertThat(s.path("incompatible_status").asInt()).isEqualTo(409);
        assertThat(s.path("missing_code").asInt()).isEqualTo(40403);
        assertThat(s.path("lookup_version").asInt()).isEqualTo(1);
        assertThat(s.path("compatibility").asText()).isEqualTo("FULL");
        assertThat(s.path("consumed").asInt()).isEqualTo(20);
        assertThat(s.path("values_ok").asBoolean()).isTrue();
        assertThat(s.path("deleted").toString()).isEqualTo("[1]");
    }
}
