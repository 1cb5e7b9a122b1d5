package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.LeaderElections;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersRequest;

/**
 * ElectLeaders (v0-2, {@code kafka-leader-election}): preferred (v0 always) or unclean elections of
 * the named partitions, or of every partition when none is named; the controller decides
 * ({@link LeaderElections}) and each partition gets its own error, ELECTION_NOT_NEEDED included.
 */
public final class ElectLeadersHandler extends TypedHandler<ElectLeadersRequest> {

    private final BrokerContext broker;

    public ElectLeadersHandler(BrokerContext broker) {
        super(ApiKeys.ELECT_LEADERS, 0, 2, ElectLeadersRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ElectLeadersRequest request) {
        ElectLeadersRequestData data = request.data();
        LeaderElections.Type type;
        if (ctx.apiVersion() == 0 || data.electionType() == 0) {
            type = LeaderElections.Type.PREFERRED;
        } else if (data.electionType() == 1) {
            type = LeaderElections.Type.UNCLEAN;
        } else {
            return CompletableFuture.completedFuture(new ElectLeadersResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        List<LeaderElections.Target> targets = null;
        if (data.topicPartitions() != null) {
            targets = new ArrayList<>();
            for (ElectLeadersRequestData.TopicPartitions t : data.topicPartitions()) {
                for (int p : t.partitions()) {
                    targets.add(new LeaderElections.Target(t.topic(), p));
                }
            }
        }
        return broker.controller().electLeaders(type, targets).thenApply(results -> {
            ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
            Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
            for (LeaderElections.Result r : results) {
                byTopic.computeIfAbsent(r.topic(), name -> {
                    ReplicaElectionResult tr = new ReplicaElectionResult().setTopic(name);
                    response.replicaElectionResults().add(tr);
                    return tr;
                }).partitionResult().add(new PartitionResult().setPartitionId(r.partition())
                        .setErrorCode(r.errorCode()).setErrorMessage(r.message()));
            }
            return response;
        });
    }
}
