package io.tributary.broker;

import io.tributary.broker.fetch.FetchHandler;
import io.tributary.broker.fetch.FetchMetrics;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupConfigs;
import io.tributary.broker.group.ImageTopicLookup;
import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.group.OffsetsTopicCreator;
import io.tributary.broker.group.OffsetsTopicLoader;
import io.tributary.broker.group.OffsetsTopicWriter;
import io.tributary.broker.group.handler.ConsumerGroupDescribeHandler;
import io.tributary.broker.group.handler.ConsumerGroupHeartbeatHandler;
import io.tributary.broker.group.handler.DeleteGroupsHandler;
import io.tributary.broker.group.handler.DescribeGroupsHandler;
import io.tributary.broker.group.handler.FindCoordinatorHandler;
import io.tributary.broker.group.handler.HeartbeatHandler;
import io.tributary.broker.group.handler.JoinGroupHandler;
import io.tributary.broker.group.handler.LeaveGroupHandler;
import io.tributary.broker.group.handler.ListGroupsHandler;
import io.tributary.broker.group.handler.OffsetCommitHandler;
import io.tributary.broker.group.handler.OffsetDeleteHandler;
import io.tributary.broker.group.handler.OffsetFetchHandler;
import io.tributary.broker.group.handler.SyncGroupHandler;
import io.tributary.broker.handler.AutoTopicCreator;
import io.tributary.broker.handler.DeleteRecordsHandler;
import io.tributary.broker.handler.InitProducerIdHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
import io.tributary.broker.handler.MetadataHandler;
import io.tributary.broker.handler.ProduceHandler;
import io.tributary.broker.handler.admin.AlterConfigsHandler;
import io.tributary.broker.handler.admin.CreatePartitionsHandler;
import io.tributary.broker.handler.admin.IncrementalAlterConfigsHandler;
import io.tributary.broker.handler.admin.CreateTopicsHandler;
import io.tributary.broker.handler.admin.DeleteTopicsHandler;
import io.tributary.broker.handler.admin.DescribeClusterHandler;
import io.tributary.broker.handler.admin.DescribeConfigsHandler;
import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.controller.ClusterOperations;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.QuorumController;
import io.tributary.metadata.log.LocalMetadataLog;
import io.tributary.network.NodeIdentity;
import io.tributary.network.api.ApiHandler;
import io.tributary.storage.CleanerConfig;
import io.tributary.storage.LogConfig;
import io.tributary.storage.LogManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of one node: logs, metadata controller, hosted partitions and the request handlers
 * over them. Starting it opens (and recovers) every log, replays the metadata log and brings the
 * partitions in line with the image; {@link #register} then announces the bound listeners. The
 * network layer is wired by the server; this class only supplies the handlers.
 *
 * <p>Lifecycle: {@link #start} then {@link #close} once; close flushes and checkpoints every log
 * and leaves the clean-shutdown marker.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final long PERIODIC_TASK_INTERVAL_MS = 200;

    private final LogManager logManager;
    private final QuorumController controller;
    private final DeadlineTimer timer;
    private final ScheduledExecutorService scheduler;
    private final BrokerContext context;
    private final GroupCoordinator groups;
    private final List<ApiHandler> handlers;

    private Broker(LogManager logManager, QuorumController controller, DeadlineTimer timer,
            ScheduledExecutorService scheduler, BrokerContext context) {
        this.logManager = logManager;
        this.controller = controller;
        this.timer = timer;
        this.scheduler = scheduler;
        this.context = context;
        this.groups = groups(context);
        AutoTopicCreator autoCreator = new AutoTopicCreator(context,
                Map.of(OffsetsTopic.NAME, OffsetsTopicCreator.topic(groups.config())));
        this.handlers = List.of(
                new ProduceHandler(context),
                FetchMetrics.metered(new FetchHandler(context), context),
                new MetadataHandler(context, autoCreator),
                new ListOffsetsHandler(context),
                new DeleteRecordsHandler(context),
                new InitProducerIdHandler(context),
                new CreateTopicsHandler(context),
                new DeleteTopicsHandler(context),
                new CreatePartitionsHandler(context),
                new DescribeConfigsHandler(context),
                new AlterConfigsHandler(context),
                new IncrementalAlterConfigsHandler(context),
                new DescribeClusterHandler(context),
                new FindCoordinatorHandler(context, groups),
                new JoinGroupHandler(groups),
                new SyncGroupHandler(groups),
                new HeartbeatHandler(groups),
                new LeaveGroupHandler(groups),
                new OffsetCommitHandler(context, groups),
                new OffsetFetchHandler(context, groups),
                new OffsetDeleteHandler(groups),
                new ListGroupsHandler(groups),
                new DescribeGroupsHandler(groups),
                new DeleteGroupsHandler(groups),
                new ConsumerGroupHeartbeatHandler(groups),
                new ConsumerGroupDescribeHandler(groups));
    }

    private static GroupCoordinator groups(BrokerContext context) {
        var config = GroupConfigs.from(context.brokerConfig());
        int partitions = config.offsetsPartitions();
        return new GroupCoordinator(config, context.time(), context.timer(),
                new OffsetsTopicWriter(context.replicaManager(),
                        g -> org.apache.kafka.common.utils.Utils.abs(g.hashCode()) % partitions, context.time()),
                new ImageTopicLookup(context));
    }

    public static Broker start(BrokerSettings settings, BrokerConfigView brokerConfig, LogConfig logDefaults,
            List<Path> logDirs, Time time) throws IOException {
        return start(settings, brokerConfig, logDefaults, logDirs, time, BrokerMetrics.NONE);
    }

    /** Starts a broker whose handlers report their traffic per topic to {@code metrics}. */
    public static Broker start(BrokerSettings settings, BrokerConfigView brokerConfig, LogConfig logDefaults,
            List<Path> logDirs, Time time, BrokerMetrics metrics) throws IOException {
        LogManager logManager = LogManager.open(logDirs, logDefaults, time);
        logManager.setRetentionCheckIntervalMs(longConfig(brokerConfig, "log.retention.check.interval.ms", 300_000L));
        logManager.setCheckpointIntervalMs(
                longConfig(brokerConfig, "log.flush.offset.checkpoint.interval.ms", 60_000L));
        QuorumController controller = QuorumController.start(
                LocalMetadataLog.open(logDirs.get(0), time),
                new ControllerConfig(settings.nodeId(), settings.defaultPartitions(),
                        settings.defaultReplicationFactor(), true));
        TopicConfigResolver topicConfigs = new TopicConfigResolver(logDefaults, brokerConfig, settings.nodeId(),
                controller::image);
        DeadlineTimer timer = new DeadlineTimer(r -> daemon(r, "tributary-timer"));
        ReplicaManager replicas = new ReplicaManager(settings.nodeId(), logManager, topicConfigs, time, timer);
        controller.addPublisher(replicas.publisher()).join();
        logManager.startCleaner(new CleanerConfig(
                view(brokerConfig, "log.cleaner.enable").map(Boolean::parseBoolean).orElse(true),
                view(brokerConfig, "log.cleaner.threads").map(Integer::parseInt).orElse(1),
                view(brokerConfig, "log.cleaner.io.max.bytes.per.second").map(Double::parseDouble)
                        .orElse(Double.MAX_VALUE),
                longConfig(brokerConfig, "log.cleaner.backoff.ms", 15_000L),
                longConfig(brokerConfig, "log.cleaner.dedupe.buffer.size", 128L * 1024 * 1024)));
        String nodeId = Integer.toString(settings.nodeId());
        controller.addPublisher((previous, current) -> {
            // dynamic cleaner throttle (per broker, else cluster-wide), and a wake-up on any config
            // change, which may make a log cleanable
            String rate = current.brokerConfigs(nodeId).getOrDefault("log.cleaner.io.max.bytes.per.second",
                    current.brokerConfigs("").get("log.cleaner.io.max.bytes.per.second"));
            double staticRate = view(brokerConfig, "log.cleaner.io.max.bytes.per.second").map(Double::parseDouble)
                    .orElse(Double.MAX_VALUE);
            logManager.setCleanerIoMaxBytesPerSecond(rate == null ? staticRate : Double.parseDouble(rate.trim()));
            logManager.wakeCleaner();
        }).join();
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tributary-log-tasks"));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                logManager.runPeriodicTasks();
            } catch (RuntimeException e) {
                LOG.error("Periodic log task failed", e);
            }
        }, PERIODIC_TASK_INTERVAL_MS, PERIODIC_TASK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        BrokerContext context = new BrokerContext(settings, brokerConfig, controller, replicas, topicConfigs,
                new ProducerIdManager(settings.nodeId(), controller), time, timer, metrics);
        return new Broker(logManager, controller, timer, scheduler, context);
    }

    private static long longConfig(BrokerConfigView view, String name, long dflt) {
        return view(view, name).map(Long::parseLong).orElse(dflt);
    }

    private static java.util.Optional<String> view(BrokerConfigView view, String name) {
        return view.value(name).map(String::trim);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Registers this broker with the endpoints clients should use; called once the listeners are
     * bound (their ports may have been ephemeral). Completes when the registration is committed.
     */
    public void register(List<BrokerEndpoint> advertised) {
        controller.run(image -> ClusterOperations.registerBroker(image, context.settings().nodeId(), advertised, null))
                .join();
        groups.startWhenNeeded(controller.image().topic(OffsetsTopic.NAME).isPresent(),
                () -> OffsetsTopicCreator.create(controller, groups.config()),
                new OffsetsTopicLoader(context.replicaManager(), context.time()));
    }

    /** Which node of which cluster this broker is, for ApiVersions v5+ (KIP-1242). */
    public NodeIdentity identity() {
        return new NodeIdentity(context.image().clusterId(), context.settings().nodeId());
    }

    /**
     * The request handlers this broker serves, ApiVersions excepted: the server registers that one,
     * with {@link #identity()}.
     */
    public List<ApiHandler> handlers() {
        return handlers;
    }

    public GroupCoordinator groups() {
        return groups;
    }

    public BrokerContext context() {
        return context;
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        groups.close();
        timer.stop();
        controller.close();
        logManager.close();
    }
}
