package io.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.server.Tributary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} and {@code /health/*} of a real embedded node, driven by the Java client. */
class HttpEndpointsTest {

    private static Tributary node;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        node = Tributary.embedded().config("num.partitions", "2").start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void metricsParseAndCountersMoveWithTraffic() throws Exception {
        produce("metered", 10);
        PrometheusText before = scrape();
        produce("metered", 25);
        assertThat(consume("metered")).isEqualTo(35);
        PrometheusText after = scrape();

        Map<String, String> topic = Map.of("topic", "metered");
        assertThat(after.value("tributary_topic_records_in_total", topic)
                - before.value("tributary_topic_records_in_total", topic)).isEqualTo(25);
        assertThat(after.value("tributary_topic_bytes_in_total", topic))
                .isGreaterThan(before.value("tributary_topic_bytes_in_total", topic));
        assertThat(after.value("tributary_topic_records_out_total", topic)).isEqualTo(35);
        assertThat(after.value("tributary_topic_bytes_out_total", topic)).isPositive();

        Map<String, String> produceOk = Map.of("api", "Produce", "outcome", "success");
        assertThat(after.value("tributary_request_latency_seconds_count", produceOk))
                .isGreaterThan(before.value("tributary_request_latency_seconds_count", produceOk));
        assertThat(after.value("tributary_request_latency_seconds_bucket",
                Map.of("api", "Produce", "outcome", "success", "le", "+Inf")))
                .isEqualTo(after.value("tributary_request_latency_seconds_count", produceOk));
        assertThat(after.value("tributary_request_latency_seconds_count",
                Map.of("api", "Metadata", "outcome", "success")))
                .isPositive();

        double size0 = after.value("tributary_partition_log_size_bytes", Map.of("topic", "metered", "partition", "0"));
        double size1 = after.value("tributary_partition_log_size_bytes", Map.of("topic", "metered", "partition", "1"));
        assertThat(size0 + size1).isPositive();
        assertThat(after.value("tributary_partition_log_segments", Map.of("topic", "metered", "partition", "0")))
                .isEqualTo(1);
        assertThat(after.value("tributary_partition_log_end_offset", Map.of("topic", "metered", "partition", "0"))
                + after.value("tributary_partition_log_end_offset", Map.of("topic", "metered", "partition", "1")))
                .isEqualTo(35);
        assertThat(after.value("tributary_network_connections", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(after.has("jvm_memory_used_bytes")).isTrue();
        assertThat(after.has("jvm_gc_pause_seconds_count") || after.has("jvm_gc_memory_allocated_bytes_total"))
                .isTrue();
        assertThat(after.has("process_uptime_seconds")).isTrue();
    }

    @Test
    void consumerGroupLagPerPartition() throws Exception {
        produce("lagged", 20);
        long[] ends = new long[2];
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", node.bootstrapServers()))) {
            for (int p = 0; p < 2; p++) {
                TopicPartition tp = new TopicPartition("lagged", p);
                ends[p] = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(tp).get().offset();
            }
            admin.alterConsumerGroupOffsets("lag-group", Map.of(
                    new TopicPartition("lagged", 0), new org.apache.kafka.clients.consumer.OffsetAndMetadata(1),
                    new TopicPartition("lagged", 1), new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)))
                    .all().get();
        }
        PrometheusText metrics = scrape();
        Map<String, String> p0 = Map.of("group", "lag-group", "topic", "lagged", "partition", "0");
        Map<String, String> p1 = Map.of("group", "lag-group", "topic", "lagged", "partition", "1");
        assertThat(metrics.value("tributary_group_committed_offset", p0)).isEqualTo(1);
        assertThat(metrics.value("tributary_group_lag", p0)).isEqualTo(ends[0] - 1);
        assertThat(metrics.value("tributary_group_lag", p1)).isEqualTo(ends[1]);
        assertThat(ends[0] + ends[1]).isEqualTo(20);
    }

    @Test
    void healthEndpoints() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("UP");
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void readinessGoesDownOnClose() throws Exception {
        Tributary other = Tributary.embedded().start();
        int port = other.httpPort();
        assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
        other.close();
        assertThatThrownBy(() -> get(port, "/health/live")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void strictParserRejectsMalformedText() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n")).hasMessageContaining("TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"1} 1\n")).hasMessageContaining("label");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PrometheusText.parse("# TYPE x_seconds histogram\nx_seconds_bucket{le=\"+Inf\"} 2\n")
                .value("x_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(2);
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        return PrometheusText.parse(r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return get(node.httpPort(), path);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(String topic, int n) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", node.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static int consume(String topic) {
        Properties c = new Properties();
        c.put("bootstrap.servers", node.bootstrapServers());
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int n = 0;
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    n++;
                }
            }
            return n;
        }
    }
}
