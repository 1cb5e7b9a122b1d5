package io.tributary.metadata.controller;

import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.controller.ConfigOperations.Change;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.metadata.quorum.QuorumInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.requests.ApiError;

/**
 * Everything a broker asks of the metadata controller. The controller is the only writer of
 * metadata: each call decides records against the newest committed image, commits them through
 * the metadata quorum and completes once the resulting image is committed (and, on the node that
 * decided, published to its broker). Every argument and answer is plain data, so a call can travel
 * to the active controller on another node ({@link RemoteController}) as well as run in this
 * process ({@link QuorumController}).
 *
 * <p>A call made where no controller is active fails with
 * {@link org.apache.kafka.common.errors.NotControllerException} (retriable).
 */
public interface Controller {

    /** Settings the broker needs to answer for the controller (defaults of create requests). */
    ControllerConfig config();

    /** CreateTopics: one result per distinct name, with Kafka's validation; nothing written with validateOnly. */
    CompletableFuture<Map<String, ApiError>> createTopics(List<NewTopic> topics, boolean validateOnly);

    /** DeleteTopics by name or id; one result per request entry, in request order. */
    CompletableFuture<List<TopicDeletion.Result>> deleteTopics(List<TopicDeletion.Ref> refs);

    /** CreatePartitions: one result per distinct topic name. */
    CompletableFuture<Map<String, ApiError>> createPartitions(List<NewPartitions> requests, boolean validateOnly);

    /**
     * AlterConfigs: each resource's overrides become exactly the given map.
     *
     * @param staticBrokerKeys the names of the asking node's static broker configs
     */
    CompletableFuture<Map<ConfigResource, ApiError>> alterConfigs(Map<ConfigResource, Map<String, String>> configs,
            boolean validateOnly, Set<String> staticBrokerKeys);

    /** IncrementalAlterConfigs: SET, DELETE, APPEND, SUBTRACT; each resource changes entirely or not at all. */
    CompletableFuture<Map<ConfigResource, ApiError>> incrementalAlterConfigs(
            Map<ConfigResource, List<Change>> changes, boolean validateOnly, Set<String> staticBrokerKeys);

    /** Registers a broker (fenced until its first heartbeat shows it caught up); answers its broker epoch. */
    CompletableFuture<Long> registerBroker(BrokerRegistration registration);

    /** A registered broker's heartbeat: keeps its session, unfences it, or runs its controlled shutdown. */
    CompletableFuture<HeartbeatReply> heartbeat(BrokerHeartbeat heartbeat);

    /** Hands out the block [first, first + count) of producer ids; answers first. */
    CompletableFuture<Long> allocateProducerIds(int brokerId, int count);

    /**
     * AlterPartition: the leader of a partition changes its ISR (see {@link IsrOperations}); answers
     * the partition as committed.
     */
    CompletableFuture<PartitionImage> alterPartition(AlterPartition request);

    /**
     * AlterPartitionReassignments: starts, replaces or (target null) cancels reassignments; one
     * result per request, in order (see {@link Reassignments}).
     */
    CompletableFuture<List<Reassignments.Result>> alterPartitionReassignments(List<Reassignments.Request> requests,
            boolean allowReplicationFactorChange);

    /** ElectLeaders: one result per partition (every partition when {@code targets} is null). */
    CompletableFuture<List<LeaderElections.Result>> electLeaders(LeaderElections.Type type,
            List<LeaderElections.Target> targets);

    /** The metadata quorum as its leader sees it (DescribeQuorum). */
    CompletableFuture<QuorumInfo> describeQuorum();

    /**
     * A broker's registration.
     *
     * @param incarnationId new at every start of the broker process: a second live process with the
     *     same id is refused (DUPLICATE_BROKER_REGISTRATION)
     */
    record BrokerRegistration(int brokerId, Uuid incarnationId, List<BrokerEndpoint> endpoints, String rack) {

        public BrokerRegistration {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * A partition leader's request to change the ISR.
     *
     * @param brokerEpoch the asking broker's registration epoch
     * @param leaderEpoch the leader epoch the leader acts under
     * @param partitionEpoch the partition epoch the new ISR was decided against
     */
    record AlterPartition(int brokerId, long brokerEpoch, Uuid topicId, int partition, int leaderEpoch,
            int partitionEpoch, List<Integer> isr) {

        public AlterPartition {
            isr = List.copyOf(isr);
        }
    }

    /**
     * A broker's heartbeat.
     *
     * @param metadataOffset the offset of the newest metadata image the broker has applied
     * @param wantShutdown the broker is shutting down and asks for its leaderships to move away
     */
    record BrokerHeartbeat(int brokerId, long brokerEpoch, long metadataOffset, boolean wantShutdown) {}

    /**
     * The controller's answer to a heartbeat.
     *
     * @param fenced the broker may not lead or serve partitions (yet, or any more)
     * @param shouldShutdown its controlled shutdown is complete: the broker may stop
     */
    record HeartbeatReply(boolean fenced, boolean shouldShutdown) {}
}
