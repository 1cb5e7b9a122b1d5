package io.tributary.registry.store;

import io.tributary.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's storage: the compacted single-partition topic {@code _schemas}, written and read with
 * Kafka clients against the node's own listener, and the {@link RegistryState} it folds into.
 *
 * <p>A reader thread ({@code tributary-registry-reader}) consumes the topic from the beginning and applies
 * every record to the state. A write produces its records (acks=all, idempotent) and returns once the reader
 * has applied them, so a client reads its own writes. Writers serialise on {@link #writerLock()}, and before
 * deciding anything (the next id, the next version) they {@link #catchUp} to the topic's end: what they decide
 * from is everything written before. One writer at a time is the design: within a node the lock ensures it;
 * across nodes the writer is the node leading {@code _schemas-0}: the others forward their writes to it
 * ({@link io.tributary.registry.rest.WriteForwarder}).
 *
 * <p>Thread-safety: thread-safe. The state is read under its own monitor through {@link #read}.
 */
public final class SchemaStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaStore.class);

    private final String topic;
    private final short replicationFactor;
    private final TopicPartition partition;
    private final Map<String, Object> clientConfig;
    private final Time time;
    private final RegistryState state = new RegistryState();
    private final ReentrantLock writerLock = new ReentrantLock(true);
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private long applied = -1;
    private volatile boolean running;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;

    /**
     * @param bootstrap the node's own Kafka listener
     * @param topic the topic holding the registry ({@code _schemas})
     */
    public SchemaStore(String bootstrap, String topic, Time time) {
        this(bootstrap, topic, (short) -1, time);
    }

    /** @param replicationFactor of the topic when this store creates it; -1 for the cluster's default */
    public SchemaStore(String bootstrap, String topic, short replicationFactor, Time time) {
        this.replicationFactor = replicationFactor;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.time = time;
        this.clientConfig = new HashMap<>();
        clientConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        clientConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-registry");
    }

    /** Creates the topic if it is missing, starts the reader and waits until it has read the whole topic. */
    public synchronized void start(Duration timeout) {
        if (running) {
            return;
        }
        admin = Admin.create(new HashMap<>(clientConfig));
        createTopic(timeout);
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        running = true;
        reader = new Thread(this::readLoop, "tributary-registry-reader");
        reader.setDaemon(true);
        reader.start();
        catchUp(timeout);
        LOG.info("Schema registry loaded {} up to offset {}", topic, applied);
    }

    private void createTopic(Duration timeout) {
        NewTopic t = new NewTopic(topic, Optional.of(1),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                .configs(Map.of("cleanup.policy", "compact"));
        try {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryException.storeError("Cannot create the topic " + topic + ": " + e.getCause());
            }
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Timed out creating the topic " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted creating the topic " + topic);
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return c;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    private void readLoop() {
        long backoffNanos = 0;
        while (running) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    RegistryRecord decoded = RecordCodec.decode(r.key(), r.value());
                    synchronized (state) {
                        state.apply(decoded);
                    }
                }
                advance(consumer.position(partition));
                backoffNanos = 0;
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Reading {} failed; retrying", topic, e);
                backoffNanos = Math.min(Math.max(2 * backoffNanos, 100_000_000L), 5_000_000_000L);
                pause(backoffNanos);
            }
        }
    }

    private void advance(long position) {
        progressLock.lock();
        try {
            if (position > applied) {
                applied = position;
                progressed.signalAll();
            }
        } finally {
            progressLock.unlock();
        }
    }

    private void pause(long nanos) {
        progressLock.lock();
        try {
            progressed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progressLock.unlock();
        }
    }

    /** Waits until the reader has applied everything written to the topic before this call. */
    public void catchUp(Duration timeout) {
        long end;
        try {
            end = endOffset(time.nanoseconds() + timeout.toNanos());
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot read the end of " + topic + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Timed out reading the end of " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted reading the end of " + topic);
        }
        awaitApplied(end, timeout);
    }

    /**
     * The topic's end offset. A node that has just created the topic, or whose partition has a new
     * leader, may not know it yet (unknown topic, or a retriable error): asked again every 100 ms
     * until {@code deadlineNanos}.
     */
    private long endOffset(long deadlineNanos) throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            long left = deadlineNanos - time.nanoseconds();
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException e) {
                // unknown topic or partition is one of Kafka's retriable errors
                if (!(e.getCause() instanceof RetriableException) || left <= TimeUnit.MILLISECONDS.toNanos(100)) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100); // a back-off between attempts, bounded by the deadline
            }
        }
    }

    private void awaitApplied(long offset, Duration timeout) {
        long deadline = time.nanoseconds() + timeout.toNanos();
        progressLock.lock();
        try {
            while (applied < offset) {
                long left = deadline - time.nanoseconds();
                if (left <= 0 || !running) {
                    throw RegistryException.timeout("Timed out waiting for " + topic + " to be read up to offset "
                            + offset + " (at " + applied + ")");
                }
                progressed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while reading " + topic);
        } finally {
            progressLock.unlock();
        }
    }

    /** The Kafka cluster's id, as the node reports it. */
    public String clusterId(Duration timeout) {
        try {
            return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot describe the cluster: " + e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Timed out describing the cluster");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted describing the cluster");
        }
    }

    /** Runs {@code query} on the state as read so far. */
    public <T> T read(Function<RegistryState, T> query) {
        synchronized (state) {
            return query.apply(state);
        }
    }

    /** The lock a writer holds from its {@link #catchUp} through its {@link #write}. */
    public ReentrantLock writerLock() {
        return writerLock;
    }

    /** Appends {@code records} in order and returns once the reader has applied them. */
    public void write(List<RegistryRecord> records, Duration timeout) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (RegistryRecord r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, 0, RecordCodec.key(r), RecordCodec.value(r))));
        }
        long last = -1;
        try {
            for (Future<RecordMetadata> f : sent) {
                last = Math.max(last, f.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
            }
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot write to " + topic + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Timed out writing to " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted writing to " + topic);
        }
        awaitApplied(last + 1, timeout);
    }

    /** The offset up to which the state reflects the topic (-1 before the first read). */
    public long appliedOffset() {
        progressLock.lock();
        try {
            return applied;
        } finally {
            progressLock.unlock();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null && (reader == null || !reader.isAlive())) {
            consumer.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(1));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
        progressLock.lock();
        try {
            progressed.signalAll(); // waiters see running false and fail
        } finally {
            progressLock.unlock();
        }
    }
}
