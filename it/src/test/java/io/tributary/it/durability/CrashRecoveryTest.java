package io.tributary.it.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.it.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a Tributary process with SIGKILL while a producer sends continuously with acks=all and
 * the broker flushes every message (or writes with direct I/O); after each restart every
 * acknowledged record must be read back at its acknowledged offset, and the consumer (which
 * checks CRCs) must never see a corrupt batch.
 */
class CrashRecoveryTest {

    private static final String TOPIC = "durable";
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        killAndVerify("log.flush.interval.messages=1");
    }

    /**
     * With direct I/O and no flush setting: an acknowledged append is on the device, and the zero
     * padding after the active segment's last batch is cut by the recovery after each kill.
     */
    @Test
    void everyAcknowledgedRecordSurvivesSigkillWithDirectIo() throws Exception {
        killAndVerify("log.direct.io=true");
    }

    private void killAndVerify(String setting) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("server.log");
        Map<Long, String> acked = new ConcurrentSkipListMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (ServerProcess server = ServerProcess.start(data, log, setting)) {
                verify(server.bootstrapServers(), acked);
                int before = acked.size();
                AtomicBoolean stop = new AtomicBoolean();
                Thread producer = new Thread(() -> produce(server.bootstrapServers(), acked, stop), "producer");
                producer.start();
                int round0 = round;
                Awaitility.await("acknowledgements in round " + round0).atMost(Duration.ofSeconds(60))
                        .until(() -> acked.size() >= before + 500);
                server.kill();
                stop.set(true);
                producer.join(Duration.ofSeconds(60).toMillis());
                assertThat(producer.isAlive()).isFalse();
            }
        }
        try (ServerProcess server = ServerProcess.start(data, log, setting)) {
            verify(server.bootstrapServers(), acked);
            assertThat(server.terminate()).as("exit code after SIGTERM").isEqualTo(143);
        }
        assertThat(data.resolve(".kafka_cleanshutdown")).as("clean-shutdown marker after SIGTERM").exists();
        assertThat(acked.size()).isGreaterThanOrEqualTo(ROUNDS * 500);
    }

    private static void produce(String bootstrap, Map<Long, String> acked, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        // once the server is killed, send() must not block the loop for long waiting for metadata
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            long i = 0;
            while (!stop.get()) {
                String value = "value-" + System.nanoTime() + "-" + i++;
                try {
                    producer.send(new ProducerRecord<>(TOPIC, 0, null, value), (md, e) -> {
                        if (e == null) {
                            acked.put(md.offset(), value);
                        }
                    });
                } catch (org.apache.kafka.common.KafkaException e) {
                    // the server is gone (killed): nothing more can be acknowledged
                }
                if (i % 200 == 0) {
                    Thread.onSpinWait();
                }
            }
            producer.close(Duration.ZERO);
        }
    }

    private static void verify(String bootstrap, Map<Long, String> acked) {
        if (acked.isEmpty()) {
            return;
        }
        long last = ((ConcurrentSkipListMap<Long, String>) acked).lastKey();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        Map<Long, String> read = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) <= last && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.put(r.offset(), r.value());
                }
            }
        }
        for (Map.Entry<Long, String> e : acked.entrySet()) {
            assertThat(read.get(e.getKey())).as("acknowledged record at offset %d", e.getKey()).isEqualTo(e.getValue());
        }
    }
}
