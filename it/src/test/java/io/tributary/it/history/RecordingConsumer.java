package io.tributary.it.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@link KafkaConsumer} of one topic, with manual assignment, that records its assignments, seeks,
 * non-empty polls (every record returned, in order), commits and failures in a {@link History}.
 *
 * <p>Not thread-safe, as {@link KafkaConsumer} is not: one thread drives it. The history it records
 * into is shared and thread-safe.
 */
public final class RecordingConsumer implements AutoCloseable {

    private final String process;
    private final String topic;
    private final History history;
    private final KafkaConsumer<String, String> consumer;

    public RecordingConsumer(String process, String bootstrap, String topic, History history,
            Map<String, Object> overrides) {
        this.process = process;
        this.topic = topic;
        this.history = history;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "history-" + process);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.putAll(overrides);
        this.consumer = new KafkaConsumer<>(p);
    }

    public String process() {
        return process;
    }

    private List<TopicPartition> tps(List<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    public void assign(List<Integer> partitions) {
        history.record(Op.of(process, Op.Type.ASSIGN).withTopic(topic).withPartitions(partitions));
        consumer.assign(tps(partitions));
    }

    public void seek(int partition, long offset) {
        history.record(Op.of(process, Op.Type.SEEK).withTopic(topic).withPartition(partition).withOffset(offset));
        consumer.seek(new TopicPartition(topic, partition), offset);
    }

    public void seekToBeginning(List<Integer> partitions) {
        for (int p : partitions) {
            history.record(Op.of(process, Op.Type.SEEK).withTopic(topic).withPartition(p).withOffset(Op.BEGINNING));
        }
        consumer.seekToBeginning(tps(partitions));
    }

    /** The end offsets of {@code partitions} (not recorded: see {@link #beginFinalRead}). */
    public Map<Integer, Long> endOffsets(List<Integer> partitions, Duration timeout) {
        Map<Integer, Long> ends = new TreeMap<>();
        consumer.endOffsets(tps(partitions), timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
        return ends;
    }

    /** Records the start of this process's final read, up to {@code ends}. */
    public void beginFinalRead(Map<Integer, Long> ends) {
        history.record(Op.of(process, Op.Type.FINAL_READ).withTopic(topic).withOffsets(ends));
    }

    public long position(int partition, Duration timeout) {
        return consumer.position(new TopicPartition(topic, partition), timeout);
    }

    /** Polls once; a non-empty result is recorded, a failure is recorded and rethrown. */
    public List<Op.Rec> poll(Duration timeout) {
        List<Op.Rec> recs = new ArrayList<>();
        try {
            for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
                recs.add(new Op.Rec(r.partition(), r.offset(), r.key(), r.value()));
            }
        } catch (RuntimeException e) {
            history.record(Op.of(process, Op.Type.ERROR).withTopic(topic).withError(RecordingProducer.describe(e)));
            throw e;
        }
        if (!recs.isEmpty()) {
            history.record(Op.of(process, Op.Type.POLL).withTopic(topic).withRecords(recs));
        }
        return recs;
    }

    /** Commits the current positions of the assigned partitions (needs a {@code group.id}). */
    public void commit(Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Long> recorded = new TreeMap<>();
        try {
            for (TopicPartition tp : consumer.assignment()) {
                long pos = consumer.position(tp, timeout);
                offsets.put(tp, new OffsetAndMetadata(pos));
                recorded.put(tp.partition(), pos);
            }
            consumer.commitSync(offsets, timeout);
            history.record(Op.of(process, Op.Type.COMMIT).withTopic(topic).withOffsets(recorded));
        } catch (RuntimeException e) {
            history.record(Op.of(process, Op.Type.ERROR).withTopic(topic).withOffsets(recorded)
                    .withError("commit: " + RecordingProducer.describe(e)));
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
