package io.tributary.cli;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients for one CLI invocation, with timeouts bounded by {@code --timeout}. The cluster
 * is probed once (a TCP connect to a bootstrap address) before the first client is made, so an
 * unreachable cluster fails in a moment with exit 3. Not thread-safe.
 */
final class Clients implements AutoCloseable {

    private final Bootstrap bootstrap;
    private final int timeoutMs;
    private boolean probed;
    private Admin admin;

    Clients(Bootstrap bootstrap, int timeoutMs) {
        if (timeoutMs <= 0) {
            throw new CliException(ExitCodes.USAGE, "--timeout must be positive: " + timeoutMs, null);
        }
        this.bootstrap = bootstrap;
        this.timeoutMs = timeoutMs;
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    int timeoutMs() {
        return timeoutMs;
    }

    Admin admin() {
        if (admin == null) {
            probe();
            Properties p = common();
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
            admin = Admin.create(p);
        }
        return admin;
    }

    KafkaProducer<byte[], byte[]> producer(Properties extra) {
        probe();
        Properties p = common();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, Math.min(timeoutMs, 30_000) + 100));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(extra);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<byte[], byte[]> consumer(Properties extra) {
        probe();
        Properties p = common();
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putAll(extra);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Properties common() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-cli");
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000));
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(timeoutMs, 10_000));
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return p;
    }

    private void probe() {
        if (!probed) {
            bootstrap.requireReachable(Math.min(timeoutMs, 5_000));
            probed = true;
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
