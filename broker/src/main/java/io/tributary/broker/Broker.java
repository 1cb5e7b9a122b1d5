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
import io.tributary.broker.handler.DescribeTopicPartitionsHandler;
import io.tributary.broker.handler.InitProducerIdHandler;
import io.tributary.broker.handler.ListOffsetsHandler;
import io.tributary.broker.handler.OffsetForLeaderEpochHandler;
import io.tributary.broker.handler.MetadataHandler;
import io.tributary.broker.handler.ProduceHandler;
import io.tributary.broker.handler.admin.AlterConfigsHandler;
import io.tributary.broker.handler.admin.AlterPartitionReassignmentsHandler;
import io.tributary.broker.handler.admin.CreatePartitionsHandler;
import io.tributary.broker.handler.admin.ListPartitionReassignmentsHandler;
import io.tributary.broker.handler.admin.IncrementalAlterConfigsHandler;
import io.tributary.broker.handler.admin.CreateTopicsHandler;
import io.tributary.broker.handler.admin.DeleteTopicsHandler;
import io.tributary.broker.handler.admin.DescribeClusterHandler;
import io.tributary.broker.handler.admin.DescribeConfigsHandler;
import io.tributary.broker.handler.admin.DescribeLogDirsHandler;
import io.tributary.broker.handler.admin.DescribeQuorumHandler;
import io.tributary.broker.handler.admin.ElectLeadersHandler;
import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.broker.schema.SchemaValidation;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.broker.lifecycle.BrokerLifecycleManager;
import io.tributary.metadata.controller.Controller;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.MetadataPublisher;
import io.tributary.metadata.controller.QuorumController;
import io.tributary.metadata.publish.ImagePublisher;
import io.tributary.metadata.quorum.MetadataQuorum;
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

    private static final long REGISTRATION_TIMEOUT_MS = 60_000;

    private final LogManager logManager;
    private final MetadataParts metadata;
    private final DeadlineTimer timer;
    private final ScheduledExecutorService scheduler;
    private final BrokerContext context;
    private final GroupCoordinator groups;
    private final List<ApiHandler> handlers;
    private final SchemaValidation schemaValidation = new SchemaValidation();

    private Broker(LogManager logManager, MetadataParts metadata, DeadlineTimer timer,
            ScheduledExecutorService scheduler, BrokerContext context) {
        this.logManager = logManager;
        this.metadata = metadata;
        this.timer = timer;
        this.scheduler = scheduler;
        this.context = context;
        this.groups = groups(context);
        // after the replicas' publisher, so a partition is leader before its coordinator loads it
        context.metadata().addPublisher(groups.leadership(context.settings().nodeId())).join();
        AutoTopicCreator autoCreator = new AutoTopicCreator(context,
                Map.of(OffsetsTopic.NAME, OffsetsTopicCreator.topic(groups.config())));
        this.handlers = List.of(
                new ProduceHandler(context, schemaValidation),
                FetchMetrics.metered(new FetchHandler(context), context),
                new MetadataHandler(context, autoCreator),
                new DescribeTopicPartitionsHandler(context),
                new ListOffsetsHandler(context),
                new DeleteRecordsHandler(context),
                new OffsetForLeaderEpochHandler(context),
                new InitProducerIdHandler(context),
                new CreateTopicsHandler(context),
                new DeleteTopicsHandler(context),
                new CreatePartitionsHandler(context),
                new AlterPartitionReassignmentsHandler(context),
                new ListPartitionReassignmentsHandler(context),
                new DescribeConfigsHandler(context),
                new AlterConfigsHandler(context),
                new IncrementalAlterConfigsHandler(context),
                new DescribeClusterHandler(context),
                new DescribeQuorumHandler(context),
                new ElectLeadersHandler(context),
                new DescribeLogDirsHandler(context, logManager.logDirs()),
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
        ReplicaManager replicas = context.replicaManager();
        return new GroupCoordinator(config, context.time(), context.timer(),
                new OffsetsTopicWriter(replicas::partition, replicas::delayedProduce, context.time(),
                        longConfig(context.brokerConfig(), "offsets.commit.timeout.ms", 5_000L)),
                new OffsetsTopicLoader(replicas::partition, context.time()),
                new ImageTopicLookup(context));
    }

    public static Broker start(BrokerSettings settings, BrokerConfigView brokerConfig, LogConfig logDefaults,
            List<Path> logDirs, Time time) throws IOException {
        return start(settings, brokerConfig, logDefaults, logDirs, time, BrokerMetrics.NONE);
    }

    /** Starts a single-node broker whose handlers report their traffic per topic to {@code metrics}. */
    public static Broker start(BrokerSettings settings, BrokerConfigView brokerConfig, LogConfig logDefaults,
            List<Path> logDirs, Time time, BrokerMetrics metrics) throws IOException {
        return start(settings, brokerConfig, logDefaults, logDirs, time, metrics,
                MetadataWiring.local(logDirs.get(0), settings.nodeId(), time));
    }

    /** Starts a broker whose metadata comes through {@code wiring}. */
    public static Broker start(BrokerSettings settings, BrokerConfigView brokerConfig, LogConfig logDefaults,
            List<Path> logDirs, Time time, BrokerMetrics metrics, MetadataWiring wiring) throws IOException {
        LogManager logManager = LogManager.open(logDirs, logDefaults, time);
        logManager.setRetentionCheckIntervalMs(longConfig(brokerConfig, "log.retention.check.interval.ms", 300_000L));
        logManager.setCheckpointIntervalMs(
                longConfig(brokerConfig, "log.flush.offset.checkpoint.interval.ms", 60_000L));
        ImagePublisher publisher = new ImagePublisher();
        MetadataQuorum quorum = wiring.openQuorum(publisher);
        ControllerConfig controllerConfig = new ControllerConfig(settings.nodeId(), settings.defaultPartitions(),
                settings.defaultReplicationFactor(), true,
                longConfig(brokerConfig, "broker.session.timeout.ms", ControllerConfig.DEFAULT_SESSION_TIMEOUT_MS),
                view(brokerConfig, "unclean.leader.election.enable").map(Boolean::parseBoolean).orElse(false),
                new ControllerConfig.LeaderBalance(
                        view(brokerConfig, "auto.leader.rebalance.enable").map(Boolean::parseBoolean).orElse(true),
                        longConfig(brokerConfig, "leader.imbalance.check.interval.seconds", 300L) * 1000L,
                        (int) longConfig(brokerConfig, "leader.imbalance.per.broker.percentage", 10L)));
        QuorumController local = wiring.isController()
                ? QuorumController.start(quorum, controllerConfig, time, publisher::awaitOffset) : null;
        Controller controller = wiring.controller(local);
        TopicConfigResolver topicConfigs = new TopicConfigResolver(logDefaults, brokerConfig, settings.nodeId(),
                publisher::image);
        DeadlineTimer timer = new DeadlineTimer(r -> daemon(r, "tributary-timer"));
        ReplicaManager replicas = new ReplicaManager(settings.nodeId(), logManager, topicConfigs, time, timer);
        publisher.addPublisher(replicas.publisher()).join();
        logManager.startCleaner(new CleanerConfig(
                view(brokerConfig, "log.cleaner.enable").map(Boolean::parseBoolean).orElse(true),
                view(brokerConfig, "log.cleaner.threads").map(Integer::parseInt).orElse(1),
                view(brokerConfig, "log.cleaner.io.max.bytes.per.second").map(Double::parseDouble)
                        .orElse(Double.MAX_VALUE),
                longConfig(brokerConfig, "log.cleaner.backoff.ms", 15_000L),
                longConfig(brokerConfig, "log.cleaner.dedupe.buffer.size", 128L * 1024 * 1024)));
        publisher.addPublisher(cleanerThrottle(brokerConfig, logManager, Integer.toString(settings.nodeId()))).join();
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tributary-log-tasks"));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                logManager.runPeriodicTasks();
            } catch (RuntimeException e) {
                LOG.error("Periodic log task failed", e);
            }
        }, PERIODIC_TASK_INTERVAL_MS, PERIODIC_TASK_INTERVAL_MS, TimeUnit.MILLISECONDS);
        BrokerContext context = new BrokerContext(settings, brokerConfig, controller, publisher, replicas,
                topicConfigs, new ProducerIdManager(settings.nodeId(), controller), time, timer, metrics);
        BrokerLifecycleManager lifecycle = new BrokerLifecycleManager(settings.nodeId(), controller,
                publisher::image, time, longConfig(brokerConfig, "broker.heartbeat.interval.ms", 2_000L));
        replicas.startReplication(ReplicationWiring.replication(settings.nodeId(), brokerConfig, controller,
                publisher::image, lifecycle::brokerEpoch, time));
        return new Broker(logManager, new MetadataParts(quorum, publisher, local, lifecycle), timer, scheduler,
                context);
    }

    /** The dynamic cleaner throttle (per broker, else cluster-wide), and a wake-up on any config change. */
    private static MetadataPublisher cleanerThrottle(BrokerConfigView brokerConfig, LogManager logManager,
            String nodeId) {
        double staticRate = view(brokerConfig, "log.cleaner.io.max.bytes.per.second").map(Double::parseDouble)
                .orElse(Double.MAX_VALUE);
        return (previous, current) -> {
            String rate = current.brokerConfigs(nodeId).getOrDefault("log.cleaner.io.max.bytes.per.second",
                    current.brokerConfigs("").get("log.cleaner.io.max.bytes.per.second"));
            logManager.setCleanerIoMaxBytesPerSecond(rate == null ? staticRate : Double.parseDouble(rate.trim()));
            logManager.wakeCleaner();
        };
    }

    /** The metadata side of a broker, closed in reverse order of start. */
    private record MetadataParts(MetadataQuorum quorum, ImagePublisher publisher, QuorumController controller,
            BrokerLifecycleManager lifecycle) {}

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
     * bound (their ports may have been ephemeral). Returns once the controller has unfenced it.
     */
    public void register(List<BrokerEndpoint> advertised) {
        register(advertised, null, REGISTRATION_TIMEOUT_MS);
    }

    /** Registers with a rack, waiting at most {@code timeoutMs} to be unfenced. */
    public void register(List<BrokerEndpoint> advertised, String rack, long timeoutMs) {
        metadata.lifecycle().start(advertised, rack, timeoutMs);
        context.replicaManager().metadataCaughtUp();
        boolean offsetsTopicExists = context.image().topic(OffsetsTopic.NAME).isPresent();
        groups.startWhenNeeded(offsetsTopicExists,
                () -> OffsetsTopicCreator.create(context.controller(), groups.config()));
        if (offsetsTopicExists) {
            // the image is caught up: the partitions led here are loading; serve once they are in
            groups.awaitLoads(timeoutMs);
        }
    }

    /** Controlled shutdown: asks the controller to move this broker's leaderships away first. */
    public void shutdownGracefully(long timeoutMs) {
        metadata.lifecycle().controlledShutdown(timeoutMs);
    }

    /** This node's controller, or null when the node is not a controller. */
    public QuorumController localController() {
        return metadata.controller();
    }

    public MetadataQuorum quorum() {
        return metadata.quorum();
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

    /** Broker-side schema validation of produced records; the server tells it how to reach the registry. */
    public SchemaValidation schemaValidation() {
        return schemaValidation;
    }

    @Override
    public void close() throws IOException {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metadata.lifecycle().close();
        context.replicaManager().close();
        groups.close();
        timer.stop();
        if (metadata.controller() != null) {
            metadata.controller().close();
        }
        metadata.quorum().close();
        metadata.publisher().close();
        logManager.close();
    }
}
