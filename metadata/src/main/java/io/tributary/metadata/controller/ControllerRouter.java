package io.tributary.metadata.controller;

import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.metadata.quorum.MetadataQuorum;
import io.tributary.metadata.quorum.QuorumInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.requests.ApiError;

/**
 * The controller a broker of a cluster node talks to: this node's own when it is the active one (a
 * local call), else the active controller elsewhere ({@link RemoteController}). Which one is
 * decided per call, so a controller failover needs nothing from the broker but a retry of a call
 * that failed with NOT_CONTROLLER. Thread-safe.
 */
public final class ControllerRouter implements Controller {

    private final QuorumController local;
    private final RemoteController remote;
    private final MetadataQuorum quorum;

    /** @param local this node's controller, or null when the node is not a voter */
    public ControllerRouter(QuorumController local, RemoteController remote, MetadataQuorum quorum) {
        this.local = local;
        this.remote = remote;
        this.quorum = quorum;
    }

    private Controller target() {
        return local != null && quorum.isActive() ? local : remote;
    }

    @Override
    public ControllerConfig config() {
        return remote.config();
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        return target().createTopics(topics, validateOnly);
    }

    @Override
    public CompletableFuture<List<TopicDeletion.Result>> deleteTopics(List<TopicDeletion.Ref> refs) {
        return target().deleteTopics(refs);
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createPartitions(List<NewPartitions> requests,
            boolean validateOnly) {
        return target().createPartitions(requests, validateOnly);
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> alterConfigs(
            Map<ConfigResource, Map<String, String>> configs, boolean validateOnly, Set<String> staticBrokerKeys) {
        return target().alterConfigs(configs, validateOnly, staticBrokerKeys);
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> incrementalAlterConfigs(
            Map<ConfigResource, List<Change>> changes, boolean validateOnly, Set<String> staticBrokerKeys) {
        return target().incrementalAlterConfigs(changes, validateOnly, staticBrokerKeys);
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        return target().registerBroker(registration);
    }

    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(BrokerHeartbeat heartbeat) {
        return target().heartbeat(heartbeat);
    }

    @Override
    public CompletableFuture<Long> allocateProducerIds(int brokerId, int count) {
        return target().allocateProducerIds(brokerId, count);
    }

    @Override
    public CompletableFuture<PartitionImage> alterPartition(AlterPartition request) {
        return target().alterPartition(request);
    }

    @Override
    public CompletableFuture<List<Reassignments.Result>> alterPartitionReassignments(
            List<Reassignments.Request> requests, boolean allowReplicationFactorChange) {
        return target().alterPartitionReassignments(requests, allowReplicationFactorChange);
    }

    @Override
    public CompletableFuture<List<LeaderElections.Result>> electLeaders(LeaderElections.Type type,
            List<LeaderElections.Target> targets) {
        return target().electLeaders(type, targets);
    }

    @Override
    public CompletableFuture<QuorumInfo> describeQuorum() {
        return target().describeQuorum();
    }
}
