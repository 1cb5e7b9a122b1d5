package io.tributary.metadata.controller;

import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.MetadataRecord;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.metadata.quorum.MetadataQuorum;
import io.tributary.metadata.quorum.QuorumInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata controller of this node. Every decision runs on one thread, which reads the newest
 * committed image, decides records (pure functions: {@link TopicOperations},
 * {@link ConfigOperations}, {@link BrokerLifecycle} ...), commits them through the quorum and waits
 * for the commit before the next decision, so decisions are linearizable and never based on
 * uncommitted state. An operation completes once its records are committed and, when a publication
 * waiter is given, published on this node.
 *
 * <p>Only the active controller (the quorum's leader) decides; elsewhere every operation fails with
 * {@link NotControllerException}. A periodic tick (every {@value #TICK_MS} ms) writes the cluster id
 * once, starts broker sessions afresh when this node becomes active, and fences brokers whose
 * session expired. Time comes from the injected clock.
 *
 * <p>Thread-safety: public methods may be called from any thread; state is confined to the
 * controller thread.
 */
public final class QuorumController implements Controller, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumController.class);
    static final long TICK_MS = 250;
    private static final long COMMIT_TIMEOUT_MS = 30_000;

    private final MetadataQuorum quorum;
    private final ControllerConfig config;
    private final Time time;
    private final LongFunction<CompletableFuture<MetadataImage>> published;
    private final ScheduledExecutorService thread;
    private final BrokerHeartbeats heartbeats = new BrokerHeartbeats(); // controller thread only
    private boolean active; // controller thread only

    private QuorumController(MetadataQuorum quorum, ControllerConfig config, Time time,
            LongFunction<CompletableFuture<MetadataImage>> published) {
        this.quorum = quorum;
        this.config = config;
        this.time = time;
        this.published = published;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the controller over {@code quorum}; where this node is already active (a single
     * voter) the first tick runs before this returns, so the cluster id exists.
     *
     * @param published completes once this node has published the image with a given offset
     */
    public static QuorumController start(MetadataQuorum quorum, ControllerConfig config, Time time,
            LongFunction<CompletableFuture<MetadataImage>> published) {
        QuorumController controller = new QuorumController(quorum, config, time, published);
        CompletableFuture.runAsync(controller::tick, controller.thread).join();
        controller.thread.scheduleWithFixedDelay(controller::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        MetadataImage image = quorum.image();
        LOG.info("Controller started: {} topics, cluster id {}, at offset {}", image.topics().size(),
                image.clusterId().isEmpty() ? "(not yet chosen)" : image.clusterId(), image.offset());
        return controller;
    }

    @Override
    public ControllerConfig config() {
        return config;
    }

    /** The newest committed image. */
    public MetadataImage image() {
        return quorum.image();
    }

    public MetadataQuorum quorum() {
        return quorum;
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        return execute(image -> TopicOperations.createTopics(image, config, topics, validateOnly));
    }

    @Override
    public CompletableFuture<List<TopicDeletion.Result>> deleteTopics(List<TopicDeletion.Ref> refs) {
        return execute(image -> TopicDeletion.delete(image, config, refs));
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createPartitions(List<NewPartitions> requests,
            boolean validateOnly) {
        return execute(image -> TopicOperations.createPartitions(image, requests, validateOnly));
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> alterConfigs(
            Map<ConfigResource, Map<String, String>> configs, boolean validateOnly, Set<String> staticBrokerKeys) {
        return execute(image -> ConfigOperations.alter(image, configs, validateOnly, staticBrokerKeys));
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> incrementalAlterConfigs(
            Map<ConfigResource, List<Change>> changes, boolean validateOnly, Set<String> staticBrokerKeys) {
        return execute(image -> ConfigOperations.incrementalAlter(image, changes, validateOnly, staticBrokerKeys));
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        int id = registration.brokerId();
        return execute(image -> {
            boolean alive = heartbeats.heardWithin(id, time.milliseconds(), config.brokerSessionTimeoutMs());
            ControllerResult<Void> result = BrokerLifecycle.register(image, registration, alive,
                    config.uncleanLeaderElectionEnable());
            heartbeats.touch(id, time.milliseconds());
            return result;
        }).thenApply(v -> quorum.image().broker(id).orElseThrow().epoch());
    }

    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(BrokerHeartbeat heartbeat) {
        return execute(image -> {
            ControllerResult<HeartbeatReply> result = BrokerLifecycle.heartbeat(image, heartbeat,
                    config.uncleanLeaderElectionEnable());
            if (heartbeat.wantShutdown()) {
                heartbeats.remove(heartbeat.brokerId());
            } else {
                heartbeats.touch(heartbeat.brokerId(), time.milliseconds());
            }
            return result;
        });
    }

    @Override
    public CompletableFuture<Long> allocateProducerIds(int brokerId, int count) {
        return execute(image -> ClusterOperations.allocateProducerIds(image, brokerId, count));
    }

    @Override
    public CompletableFuture<PartitionImage> alterPartition(AlterPartition request) {
        return execute(image -> IsrOperations.alterPartition(image, request));
    }

    @Override
    public CompletableFuture<List<Reassignments.Result>> alterPartitionReassignments(
            List<Reassignments.Request> requests, boolean allowReplicationFactorChange) {
        return execute(image -> Reassignments.alter(image, requests, allowReplicationFactorChange));
    }

    @Override
    public CompletableFuture<List<LeaderElections.Result>> electLeaders(LeaderElections.Type type,
            List<LeaderElections.Target> targets) {
        return execute(image -> LeaderElections.elect(image, type, targets));
    }

    @Override
    public CompletableFuture<QuorumInfo> describeQuorum() {
        return CompletableFuture.supplyAsync(quorum::describe, thread);
    }

    /**
     * Runs {@code operation} on the controller thread against the newest committed image, commits
     * the records it returns and completes with its response. For tests and for the node's own
     * bootstrap records; brokers use the typed methods.
     */
    public <T> CompletableFuture<T> execute(Function<MetadataImage, ControllerResult<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                if (!isActiveNow()) {
                    throw notController();
                }
                ControllerResult<T> decided = operation.apply(quorum.image());
                if (decided.records().isEmpty()) {
                    result.complete(decided.response());
                    return;
                }
                MetadataImage committed = commit(decided.records());
                published.apply(committed.offset()).whenComplete((img, e) -> result.complete(decided.response()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private MetadataImage commit(List<MetadataRecord> records) {
        try {
            return quorum.append(records).get(COMMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.TimeoutException("interrupted while committing metadata");
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "metadata not committed within " + COMMIT_TIMEOUT_MS + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("metadata commit failed", e.getCause());
        }
    }

    private NotControllerException notController() {
        return new NotControllerException("Node " + config.nodeId() + " is not the active controller"
                + quorum.leaderId().stream().mapToObj(id -> "; the leader is node " + id).findFirst().orElse(""));
    }

    /** Whether this node may decide now; starts fresh broker sessions when it has just become active. */
    private boolean isActiveNow() {
        boolean now = quorum.isActive();
        if (now && !active) {
            heartbeats.reset(quorum.image().brokers().keySet(), time.milliseconds());
            lastBalanceMs = time.milliseconds();
            LOG.info("Node {} is the active controller", config.nodeId());
        }
        active = now;
        return now;
    }

    private long lastBalanceMs; // controller thread only; the first check waits a whole interval

    private void tick() {
        try {
            if (!isActiveNow()) {
                return;
            }
            MetadataImage image = quorum.image();
            if (image.clusterId().isEmpty()) {
                commit(List.of(new MetadataRecord.ClusterRecord(Uuid.randomUuid().toString())));
                LOG.info("New cluster, id {}", quorum.image().clusterId());
                return;
            }
            List<Integer> expired = heartbeats.expired(BrokerLifecycle.liveBrokers(image), time.milliseconds(),
                    config.brokerSessionTimeoutMs());
            if (!expired.isEmpty()) {
                LOG.warn("Fencing brokers {}: no heartbeat for {} ms", expired, config.brokerSessionTimeoutMs());
                commit(BrokerLifecycle.fence(image, expired, config.uncleanLeaderElectionEnable()));
                return;
            }
            ControllerConfig.LeaderBalance balance = config.leaderBalance();
            long now = time.milliseconds();
            if (balance.enabled() && now - lastBalanceMs >= balance.intervalMs()) {
                lastBalanceMs = now;
                List<MetadataRecord> elections = LeaderElections.rebalance(image, balance.imbalancePercent());
                if (!elections.isEmpty()) {
                    LOG.info("Moving {} leaderships back to their preferred replicas", elections.size());
                    commit(elections);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Controller tick failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
