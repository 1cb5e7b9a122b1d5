package io.tributary.it.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Java client's side of the cross-client checks: produce, read back without a group, and digest partitions to
 * compare with what a client script reports.
 */
final class JavaSide {

    private JavaSide() {}

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    /**
     * Sends {@code records} in order, waits for every ack, and returns the records grouped by the partition they
     * landed in.
     */
    static Map<Integer, List<ProducerRecord<byte[], byte[]>>> produceAll(String bootstrap,
            List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Map<Integer, List<ProducerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            var futures = records.stream().map(producer::send).toList();
            producer.flush();
            for (int i = 0; i < records.size(); i++) {
                var md = futures.get(i).get();
                var partition = byPartition.computeIfAbsent(md.partition(), p -> new ArrayList<>());
                assertThat(md.offset()).as("offset of record %d in partition %d", i, md.partition())
                        .isEqualTo(partition.size());
                partition.add(records.get(i));
            }
        }
        return byPartition;
    }

    /**
     * Reads {@code partitions} of {@code topic} from offset 0 without a group until {@code expected} records or
     * 60 s.
     */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, String topic, int partitions,
            int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new TreeMap<>();
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i))
                    .toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(r.partition(), x -> new ArrayList<>()).add(r);
                    count++;
                }
            }
        }
        return out;
    }

    /**
     * SHA-256 over a partition's records in offset order, each as int32 key length (-1 for null), key, int32 value
     * length (-1 for null), value. The Python scripts compute the same digest.
     */
    static String digest(List<byte[][]> keyValues) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (byte[][] kv : keyValues) {
            for (byte[] part : kv) {
                sha.update(ByteBuffer.allocate(4).putInt(part == null ? -1 : part.length).array());
                if (part != null) {
                    sha.update(part);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String digestOfProduced(List<ProducerRecord<byte[], byte[]>> records) {
        return digest(records.stream().map(r -> new byte[][] {r.key(), r.value()}).toList());
    }

    static String digestOfConsumed(List<ConsumerRecord<byte[], byte[]>> records) {
        return digest(records.stream().map(r -> new byte[][] {r.key(), r.value()}).toList());
    }

    /**
     * Records per partition and their {@link #digest}s, keyed by the partition number as text, the
     * way the client scripts print them in their summaries ({@code "partitions"}, {@code "digests"}).
     */
    record PartitionDigests(Map<String, String> counts, Map<String, String> digests) {

        /** What a client script's summary says it produced or consumed. */
        static PartitionDigests of(JsonNode summary) {
            return new PartitionDigests(textMap(summary.path("partitions")), textMap(summary.path("digests")));
        }

        /** Asserts that {@code summary} reports these counts and digests. */
        void assertMatches(JsonNode summary, String what) {
            PartitionDigests reported = of(summary);
            assertThat(reported.counts()).as("records per partition of %s", what).isEqualTo(counts);
            assertThat(reported.digests()).as("digests of %s", what).isEqualTo(digests);
        }

        private static Map<String, String> textMap(JsonNode object) {
            Map<String, String> out = new TreeMap<>();
            object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
    }

    /** {@code count} records with random keys and values (every 101st value null), reproducible from {@code seed}. */
    static List<ProducerRecord<byte[], byte[]>> randomRecords(String topic, int count, long seed) {
        Random random = new Random(seed);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[1 + random.nextInt(16)];
            random.nextBytes(key);
            byte[] value = i % 101 == 0 ? null : new byte[random.nextInt(400)];
            if (value != null) {
                random.nextBytes(value);
            }
            records.add(new ProducerRecord<>(topic, key, value));
        }
        return records;
    }

    /**
     * Produces {@code records} ({@link #produceAll}), asserts they reached all {@code partitions}, and digests
     * them.
     */
    static PartitionDigests produceAndDigest(String bootstrap, List<ProducerRecord<byte[], byte[]>> records,
            int partitions) throws Exception {
        var sent = produceAll(bootstrap, records);
        assertThat(sent).hasSize(partitions);
        Map<String, String> counts = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        sent.forEach((p, rs) -> {
            counts.put(Integer.toString(p), Integer.toString(rs.size()));
            digests.put(Integer.toString(p), digestOfProduced(rs));
        });
        return new PartitionDigests(counts, digests);
    }

    /**
     * Reads {@code expected} records of {@code topic} ({@link #readAll}) and digests them, asserting
     * that each partition's offsets run from 0 without gaps and that every keyed record sits in the
     * partition {@code partitioner} picks for its key.
     */
    static PartitionDigests readAndDigest(String bootstrap, String topic, int partitions, int expected,
            ToIntFunction<byte[]> partitioner) {
        Map<String, String> counts = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        readAll(bootstrap, topic, partitions, expected).forEach((p, records) -> {
            counts.put(Integer.toString(p), Integer.toString(records.size()));
            digests.put(Integer.toString(p), digestOfConsumed(records));
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                assertThat(r.offset()).isEqualTo(i);
                assertThat(partitioner.applyAsInt(r.key())).as("partition of %s", new String(r.key(), UTF_8))
                        .isEqualTo(p);
            }
        });
        return new PartitionDigests(counts, digests);
    }
}
