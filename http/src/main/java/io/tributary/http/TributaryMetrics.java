package io.tributary.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.network.api.RequestMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The node's meters in one Micrometer {@link PrometheusMeterRegistry}: it is the broker's
 * {@link BrokerMetrics} (records and bytes per topic), the network's {@link RequestMetrics}
 * (requests and latency per API), and reads partitions, connections and the JVM when scraped.
 *
 * <p>Prometheus names: {@code tributary_topic_{bytes,records}_{in,out}_total{topic}},
 * {@code tributary_request_latency_seconds{api,outcome}} (histogram; its {@code _count} is the
 * request count), {@code tributary_partition_log_size_bytes}, {@code
 * tributary_partition_log_segments}, {@code tributary_partition_log_end_offset} and {@code
 * tributary_partition_log_start_offset} {@code {topic,partition}}, {@code tributary_group_lag} and
 * {@code tributary_group_committed_offset} {@code {group,topic,partition}}, {@code
 * tributary_network_connections}, and Micrometer's {@code jvm_*}, {@code process_*}, {@code
 * system_*}.
 *
 * <p>Thread-safety: the recording methods are thread-safe and lock-free after a meter's first
 * use; {@link #scrape()} is synchronized (it brings the partition gauges in line first); meters
 * may be registered from any thread.
 */
public final class TributaryMetrics implements BrokerMetrics, RequestMetrics, AutoCloseable {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();
    private final Map<ApiKeys, Timer[]> requests = new ConcurrentHashMap<>(new EnumMap<>(ApiKeys.class));
    private final Map<TopicPartition, List<Meter>> partitionGauges = new HashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private static final Duration GROUP_SNAPSHOT_TIMEOUT = Duration.ofSeconds(2);

    private volatile ReplicaManager replicas;
    private volatile Supplier<CompletableFuture<Map<String, Map<TopicPartition, Long>>>> groupOffsets;
    private MultiGauge groupLag;
    private MultiGauge groupCommitted;

    /** A registry without the JVM meters yet; {@link #bindJvmMetrics()} adds them. */
    public TributaryMetrics() {}

    /**
     * Adds Micrometer's JVM, process and system meters ({@code jvm_*}, {@code process_*}, {@code
     * system_*}). Call once; it may run on another thread than the one recording the broker's
     * meters (start-up does it beside the broker's start: it reads the JVM's management beans,
     * which takes a while the first time).
     */
    public void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Starts reporting the partitions of {@code manager} and the connection count. Call once. */
    public void bind(ReplicaManager manager, IntSupplier connections) {
        this.replicas = manager;
        Gauge.builder("tributary.network.connections", connections, IntSupplier::getAsInt)
                .description("Open Kafka client connections")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void recordsIn(String topic, long records, long bytes) {
        TopicMeters m = topic(topic);
        m.recordsIn.increment(records);
        m.bytesIn.increment(bytes);
    }

    @Override
    public void recordsOut(String topic, long records, long bytes) {
        TopicMeters m = topic(topic);
        m.recordsOut.increment(records);
        m.bytesOut.increment(bytes);
    }

    @Override
    public void requestCompleted(ApiKeys api, short version, long latencyNanos, boolean failed) {
        Timer[] timers = requests.computeIfAbsent(api, this::requestTimers);
        timers[failed ? 1 : 0].record(Duration.ofNanos(Math.max(0, latencyNanos)));
    }

    /**
     * Starts reporting consumer-group lag: per group and partition, the committed offset and the
     * lag behind the partition's high watermark, read from {@code committed} at each scrape.
     */
    public void bindGroups(Supplier<CompletableFuture<Map<String, Map<TopicPartition, Long>>>> committed) {
        this.groupLag = MultiGauge.builder("tributary.group.lag")
                .description("Records a consumer group has not yet committed, per partition "
                        + "(high watermark - committed offset)")
                .register(registry);
        this.groupCommitted = MultiGauge.builder("tributary.group.committed.offset")
                .description("A consumer group's committed offset, per partition")
                .register(registry);
        this.groupOffsets = committed; // volatile write last: a scrape that sees it sees the gauges
    }

    /** The registry's current state in the Prometheus text format (0.0.4). */
    public synchronized String scrape() {
        refreshPartitionGauges();
        refreshGroupGauges();
        return registry.scrape();
    }

    private void refreshGroupGauges() {
        Supplier<CompletableFuture<Map<String, Map<TopicPartition, Long>>>> source = groupOffsets;
        ReplicaManager manager = replicas;
        if (source == null || manager == null) {
            return;
        }
        Map<String, Map<TopicPartition, Long>> committed;
        try {
            committed = source.get().get(GROUP_SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            return; // the coordinator is busy or not loaded: keep the last values
        }
        List<MultiGauge.Row<?>> lag = new ArrayList<>();
        List<MultiGauge.Row<?>> offsets = new ArrayList<>();
        committed.forEach((group, byPartition) -> byPartition.forEach((tp, offset) -> {
            Tags tags = Tags.of("group", group, "topic", tp.topic(), "partition", Integer.toString(tp.partition()));
            offsets.add(MultiGauge.Row.of(tags, offset));
            Partition p = manager.partition(tp);
            if (p != null) {
                lag.add(MultiGauge.Row.of(tags, Math.max(0, p.highWatermark() - offset)));
            }
        }));
        groupLag.register(lag, true);
        groupCommitted.register(offsets, true);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private TopicMeters topic(String topic) {
        TopicMeters m = topics.get(topic);
        return m != null ? m : topics.computeIfAbsent(topic, t -> new TopicMeters(t, this));
    }

    private Timer[] requestTimers(ApiKeys api) {
        return new Timer[] {requestTimer(api, "success"), requestTimer(api, "error")};
    }

    private Timer requestTimer(ApiKeys api, String outcome) {
        return Timer.builder("tributary.request.latency")
                .description("Time from a request's last byte read to its response, per API")
                .tags("api", api.name, "outcome", outcome)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private void refreshPartitionGauges() {
        ReplicaManager manager = replicas;
        if (manager == null) {
            return;
        }
        Map<TopicPartition, Partition> current = manager.partitions();
        partitionGauges.entrySet().removeIf(e -> {
            if (current.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (Map.Entry<TopicPartition, Partition> e : current.entrySet()) {
            partitionGauges.computeIfAbsent(e.getKey(), tp -> partitionMeters(tp, e.getValue()));
        }
    }

    private List<Meter> partitionMeters(TopicPartition tp, Partition partition) {
        Tags tags = Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("tributary.partition.log.size", "bytes", "Bytes of the partition's log segments",
                tags, partition, Partition::logSize));
        meters.add(gauge("tributary.partition.log.segments", null, "Segments of the partition's log",
                tags, partition, Partition::numberOfSegments));
        meters.add(gauge("tributary.partition.log.end.offset", null, "The partition's log end offset",
                tags, partition, Partition::logEndOffset));
        meters.add(gauge("tributary.partition.log.start.offset", null, "The partition's log start offset",
                tags, partition, Partition::logStartOffset));
        return meters;
    }

    private Meter gauge(String name, String unit, String description, Tags tags, Partition partition,
            ToDoubleFunction<Partition> value) {
        return Gauge.builder(name, partition, p -> {
                    try {
                        return value.applyAsDouble(p);
                    } catch (RuntimeException e) { // the log closed under us (the partition is going away) or offline
                        return Double.NaN;
                    }
                })
                .baseUnit(unit)
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    /** The four traffic counters of one topic. */
    private static final class TopicMeters {
        final Counter bytesIn;
        final Counter recordsIn;
        final Counter bytesOut;
        final Counter recordsOut;

        TopicMeters(String topic, TributaryMetrics owner) {
            bytesIn = owner.counter("tributary.topic.bytes.in", topic, "Bytes of record batches appended");
            recordsIn = owner.counter("tributary.topic.records.in", topic, "Records appended");
            bytesOut = owner.counter("tributary.topic.bytes.out", topic, "Bytes of record batches sent to consumers");
            recordsOut = owner.counter("tributary.topic.records.out", topic, "Records sent to consumers");
        }
    }

    private Counter counter(String name, String topic, String description) {
        return Counter.builder(name).description(description).tag("topic", topic).register(registry);
    }
}
