package io.tributary.it.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * Drives {@code producers} recording producers (each with a bounded number of sends in flight,
 * round-robin over the partitions) and one verifying consumer ({@code c0}, reading every partition
 * from the beginning, committing now and then, and now and then seeking back a little in one
 * partition to read it again) against a bootstrap string, until stopped or until
 * a budget of sends is spent; then reads every partition from the beginning to its end offsets
 * ({@code final}) and checks the history. Faults are the caller's business: the workload keeps
 * going through them (its clients retry, its failures are recorded).
 *
 * <p>Thread-safe: {@link #start}, {@link #stop}, {@link #finalRead} are called by one driving
 * thread; the progress counters may be read from any thread.
 */
public final class Workload implements AutoCloseable {

    /**
     * What to run. {@code sendBudget} &lt;= 0 means no limit (until {@link #stop}); {@code sendsPerSecond}
     * caps each producer's rate (&lt;= 0: no cap), which keeps long histories within memory.
     */
    public record Config(String bootstrap, String topic, int partitions, short replicationFactor,
            Map<String, String> topicConfigs, int producers, int inFlightPerProducer, long sendBudget,
            Map<String, Object> producerOverrides, int sendsPerSecond) {

        public static Config of(String bootstrap) {
            return new Config(bootstrap, "history", 3, (short) 1, Map.of(), 3, 50, 0, Map.of(), 0);
        }

        public Config withSendBudget(long budget) {
            return new Config(bootstrap, topic, partitions, replicationFactor, topicConfigs, producers,
                    inFlightPerProducer, budget, producerOverrides, sendsPerSecond);
        }

        public Config withReplication(short rf, Map<String, String> configs) {
            return new Config(bootstrap, topic, partitions, rf, configs, producers, inFlightPerProducer, sendBudget,
                    producerOverrides, sendsPerSecond);
        }

        /** Producer settings over {@link RecordingProducer}'s (acks=all, idempotence on, ...). */
        public Config withProducerOverrides(Map<String, Object> overrides) {
            return new Config(bootstrap, topic, partitions, replicationFactor, topicConfigs, producers,
                    inFlightPerProducer, sendBudget, Map.copyOf(overrides), sendsPerSecond);
        }

        /** The topic, its partition count and {@code producers} producers of at most {@code perSecond} sends each. */
        public Config withTopic(String name, int partitionCount, int producerCount, int perSecond) {
            return new Config(bootstrap, name, partitionCount, replicationFactor, topicConfigs, producerCount,
                    inFlightPerProducer, sendBudget, producerOverrides, perSecond);
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    /** The verifying consumer steps back this many records in one partition every so many polls. */
    private static final int REREAD_RECORDS = 200;
    private static final int REREAD_EVERY_POLLS = 40;

    private final Config config;
    private final History history;
    private final Time time;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<RecordingProducer> producers = new CopyOnWriteArrayList<>();

    public Workload(Config config, History history, Time time) {
        this.config = config;
        this.history = history;
        this.time = time;
    }

    private List<Integer> partitions() {
        return IntStream.range(0, config.partitions()).boxed().toList();
    }

    /** Creates the topic (an existing one is kept). */
    public void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            NewTopic t = new NewTopic(config.topic(), config.partitions(), config.replicationFactor())
                    .configs(config.topicConfigs());
            admin.createTopics(List.of(t)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Starts the producers and the verifying consumer. */
    public void start() {
        for (int i = 0; i < config.producers(); i++) {
            int id = i;
            threads.add(Thread.ofPlatform().name("history-p" + id).start(() -> produce(id)));
        }
        threads.add(Thread.ofPlatform().name("history-c0").start(this::consume));
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public long read() {
        return read.get();
    }

    /** Batches the producers have retried so far (the clients' {@code record-retry-total}). */
    public double retries() {
        return producers.stream().mapToDouble(RecordingProducer::retries).sum();
    }

    /** True once the send budget (if any) is spent and every send has its outcome. */
    public boolean budgetDone() {
        return config.sendBudget() > 0 && sent.get() >= config.sendBudget()
                && acked.get() + failed.get() >= sent.get();
    }

    private void produce(int id) {
        Semaphore inFlight = new Semaphore(config.inFlightPerProducer());
        try (RecordingProducer producer = new RecordingProducer(id, config.bootstrap(), config.topic(), history,
                config.producerOverrides())) {
            producers.add(producer);
            long n = 0;
            long interval = config.sendsPerSecond() > 0 ? TimeUnit.SECONDS.toNanos(1) / config.sendsPerSecond() : 0;
            long due = time.nanoseconds();
            while (!stopping.get()) {
                if (interval > 0) {
                    due = pace(due, interval);
                }
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (config.sendBudget() > 0 && sent.incrementAndGet() > config.sendBudget()) {
                    sent.decrementAndGet();
                    inFlight.release();
                    break;
                } else if (config.sendBudget() <= 0) {
                    sent.incrementAndGet();
                }
                producer.send((int) (n++ % config.partitions()), (md, e) -> {
                    (e == null ? acked : failed).incrementAndGet();
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(config.inFlightPerProducer(), 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Rate pacing, not synchronisation: waits until {@code due} (catching up at most 100 ms of a
     * backlog after a stall) and returns when the next send is due.
     */
    private long pace(long due, long interval) throws InterruptedException {
        long now = time.nanoseconds();
        long next = Math.max(due, now - TimeUnit.MILLISECONDS.toNanos(100));
        if (next - now >= TimeUnit.MILLISECONDS.toNanos(1)) {
            TimeUnit.NANOSECONDS.sleep(next - now);
        }
        return next + interval;
    }

    private void consume() {
        try (RecordingConsumer c = new RecordingConsumer("c0", config.bootstrap(), config.topic(), history,
                Map.of("group.id", "history-verifier"))) {
            c.assign(partitions());
            c.seekToBeginning(partitions());
            long polls = 0;
            while (!stopping.get()) {
                try {
                    read.addAndGet(c.poll(POLL).size());
                    if (++polls % 50 == 0) {
                        c.commit(Duration.ofSeconds(2));
                    }
                    if (polls % REREAD_EVERY_POLLS == 0) {
                        int p = (int) (polls / REREAD_EVERY_POLLS % config.partitions());
                        c.seek(p, Math.max(0, c.position(p, Duration.ofSeconds(2)) - REREAD_RECORDS));
                    }
                } catch (org.apache.kafka.common.KafkaException e) {
                    // recorded by the consumer; it keeps its position and polls again
                }
            }
        }
    }

    /** Stops producing and consuming; waits (bounded) for the clients to close. */
    public void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 60 s");
            }
        }
    }

    /**
     * Reads every partition from the beginning up to the end offsets it finds first (retrying that
     * until {@code timeout}); returns false when the read did not complete in time (the checker
     * reports it as {@link Anomaly#INCOMPLETE_FINAL_READ}).
     */
    public boolean finalRead(Duration timeout) {
        long deadline = time.nanoseconds() + timeout.toNanos();
        try (RecordingConsumer c = new RecordingConsumer("final", config.bootstrap(), config.topic(), history,
                Map.of())) {
            c.assign(partitions());
            c.seekToBeginning(partitions());
            Map<Integer, Long> ends = null;
            while (ends == null && time.nanoseconds() < deadline) {
                try {
                    ends = c.endOffsets(partitions(), Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.KafkaException e) {
                    // the cluster is not answering yet: ask again until the deadline
                }
            }
            if (ends == null) {
                return false;
            }
            c.beginFinalRead(ends);
            while (time.nanoseconds() < deadline) {
                if (reachedEnds(c, ends)) {
                    return true;
                }
                try {
                    c.poll(POLL);
                } catch (org.apache.kafka.common.KafkaException e) {
                    // recorded; poll again until the deadline
                }
            }
            return false;
        }
    }

    private static boolean reachedEnds(RecordingConsumer c, Map<Integer, Long> ends) {
        for (var e : ends.entrySet()) {
            if (c.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Checks the history recorded so far. */
    public CheckResult check() {
        return new HistoryChecker().check(history.ops());
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopping.get()) {
            stop();
        }
    }
}
