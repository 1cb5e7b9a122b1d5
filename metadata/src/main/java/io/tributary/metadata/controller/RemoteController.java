package io.tributary.metadata.controller;

import io.tributary.metadata.PartitionImage;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.ControllerRpc.Call;
import io.tributary.metadata.controller.ControllerRpc.ResourceChanges;
import io.tributary.metadata.controller.ControllerRpc.ResourceConfigs;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.metadata.quorum.QuorumInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.requests.ApiError;

/**
 * The controller as a node reaches it when the active one runs elsewhere: each call is encoded by
 * {@link ControllerRpc}, sent over {@code transport} (which finds the quorum's leader), served
 * there, and its answer, or the Kafka error it failed with, decoded here. Stateless and
 * thread-safe.
 */
public final class RemoteController implements Controller {

    private final ControllerConfig config;
    private final Function<ByteBuffer, CompletableFuture<ByteBuffer>> transport;

    public RemoteController(ControllerConfig config, Function<ByteBuffer, CompletableFuture<ByteBuffer>> transport) {
        this.config = config;
        this.transport = transport;
    }

    private <T> CompletableFuture<T> call(Call call, TypeReference<T> answer) {
        return transport.apply(ControllerRpc.encode(call)).thenApply(bytes -> ControllerRpc.decode(bytes, answer));
    }

    @Override
    public ControllerConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        return call(new ControllerRpc.CreateTopics(topics, validateOnly), ControllerRpc.BY_NAME);
    }

    @Override
    public CompletableFuture<List<TopicDeletion.Result>> deleteTopics(List<TopicDeletion.Ref> refs) {
        return call(new ControllerRpc.DeleteTopics(refs), ControllerRpc.DELETIONS);
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createPartitions(List<NewPartitions> requests,
            boolean validateOnly) {
        return call(new ControllerRpc.CreatePartitions(requests, validateOnly), ControllerRpc.BY_NAME);
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> alterConfigs(
            Map<ConfigResource, Map<String, String>> configs, boolean validateOnly, Set<String> staticBrokerKeys) {
        List<ResourceConfigs> resources = new ArrayList<>();
        configs.forEach((r, c) -> resources.add(new ResourceConfigs(r.type().id(), r.name(), c)));
        return call(new ControllerRpc.AlterConfigs(resources, validateOnly, staticBrokerKeys), ControllerRpc.RESOURCES)
                .thenApply(ControllerRpc::resourceMap);
    }

    @Override
    public CompletableFuture<Map<ConfigResource, ApiError>> incrementalAlterConfigs(
            Map<ConfigResource, List<Change>> changes, boolean validateOnly, Set<String> staticBrokerKeys) {
        List<ResourceChanges> resources = new ArrayList<>();
        changes.forEach((r, c) -> resources.add(new ResourceChanges(r.type().id(), r.name(), c)));
        return call(new ControllerRpc.IncrementalAlterConfigs(resources, validateOnly, staticBrokerKeys),
                ControllerRpc.RESOURCES).thenApply(ControllerRpc::resourceMap);
    }

    @Override
    public CompletableFuture<Long> registerBroker(BrokerRegistration registration) {
        return call(new ControllerRpc.RegisterBroker(registration), ControllerRpc.LONG);
    }

    @Override
    public CompletableFuture<HeartbeatReply> heartbeat(BrokerHeartbeat heartbeat) {
        return call(new ControllerRpc.Heartbeat(heartbeat), ControllerRpc.HEARTBEAT);
    }

    @Override
    public CompletableFuture<Long> allocateProducerIds(int brokerId, int count) {
        return call(new ControllerRpc.AllocateProducerIds(brokerId, count), ControllerRpc.LONG);
    }

    @Override
    public CompletableFuture<PartitionImage> alterPartition(AlterPartition request) {
        return call(new ControllerRpc.AlterPartitionCall(request), ControllerRpc.PARTITION);
    }

    @Override
    public CompletableFuture<List<Reassignments.Result>> alterPartitionReassignments(
            List<Reassignments.Request> requests, boolean allowReplicationFactorChange) {
        return call(new ControllerRpc.AlterReassignments(requests, allowReplicationFactorChange),
                ControllerRpc.REASSIGNMENTS);
    }

    @Override
    public CompletableFuture<List<LeaderElections.Result>> electLeaders(LeaderElections.Type type,
            List<LeaderElections.Target> targets) {
        return call(new ControllerRpc.ElectLeaders(type, targets), ControllerRpc.ELECTIONS);
    }

    @Override
    public CompletableFuture<QuorumInfo> describeQuorum() {
        return call(new ControllerRpc.DescribeQuorum(), ControllerRpc.QUORUM);
    }
}
