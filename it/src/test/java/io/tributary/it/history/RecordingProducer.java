package io.tributary.it.history;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link KafkaProducer} (acks=all, idempotence on) that records every send and its outcome in a
 * {@link History}. Each send carries a new value {@code p<id>-<seq>}, unique in the history as long as
 * producer ids are. A send is recorded before it is handed to the client; its outcome once, as an
 * {@link Op.Type#ACK} or an {@link Op.Type#SEND_FAILED} that is definite only when the record
 * certainly was not written: the client refused it before queueing it, or the broker rejected it
 * for a reason it cannot have written it for (size, topic, authorisation). Everything else (timeouts,
 * disconnections, a forced close) is indeterminate.
 *
 * <p>Thread-safe, as {@link KafkaProducer} is.
 */
public final class RecordingProducer implements AutoCloseable {

    private final String process;
    private final String topic;
    private final History history;
    private final KafkaProducer<String, String> producer;
    private final AtomicLong seq = new AtomicLong();

    public RecordingProducer(int id, String bootstrap, String topic, History history, Map<String, Object> overrides) {
        this.process = "p" + id;
        this.topic = topic;
        this.history = history;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "history-" + process);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p);
    }

    /** The process name of this producer in the history. */
    public String process() {
        return process;
    }

    /**
     * Sends the next value to {@code partition} (or the partitioner's choice when null) and returns it;
     * {@code done} runs after the outcome has been recorded.
     */
    public String send(Integer partition, Callback done) {
        long n = seq.getAndIncrement();
        String value = process + "-" + n;
        String key = "k" + (n % 16);
        history.record(Op.of(process, Op.Type.SEND).withTopic(topic).withPartition(partition).withKeyValue(key, value));
        AtomicBoolean once = new AtomicBoolean();
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, value), (md, e) -> {
                if (once.compareAndSet(false, true)) {
                    outcome(key, value, md, e);
                }
                done.onCompletion(md, e);
            });
        } catch (RuntimeException e) {
            if (once.compareAndSet(false, true)) {
                history.record(Op.of(process, Op.Type.SEND_FAILED).withTopic(topic).withPartition(partition)
                        .withKeyValue(key, value).withFailure(true, describe(e)));
                done.onCompletion(null, e);
            }
        }
        return value;
    }

    private void outcome(String key, String value, RecordMetadata md, Exception e) {
        if (e == null) {
            history.record(Op.of(process, Op.Type.ACK).withTopic(topic).withPartition(md.partition())
                    .withOffset(md.offset()).withKeyValue(key, value));
        } else {
            history.record(Op.of(process, Op.Type.SEND_FAILED).withTopic(topic).withKeyValue(key, value)
                    .withFailure(definite(e), describe(e)));
        }
    }

    /** True when {@code e}, reported for a send, means the record certainly was not written. */
    static boolean definite(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException || e instanceof SerializationException
                || e instanceof TopicAuthorizationException || e instanceof ClusterAuthorizationException;
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** How many times the client has retried a batch ({@code record-retry-total}). */
    public double retries() {
        for (var e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    /** Closes the client, waiting at most {@code timeout} for sends in flight (the rest fail, indeterminate). */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
