package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.Reassignments;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;

/**
 * AlterPartitionReassignments (v0-1, {@code kafka-reassign-partitions --execute/--cancel}): each
 * partition's target replica list starts or replaces its reassignment; a null list cancels it.
 * The controller decides ({@link Reassignments}); results come back per partition in request
 * order. v1's {@code allowReplicationFactorChange=false} refuses a change of size (KIP-860).
 */
public final class AlterPartitionReassignmentsHandler extends TypedHandler<AlterPartitionReassignmentsRequest> {

    private final BrokerContext broker;

    public AlterPartitionReassignmentsHandler(BrokerContext broker) {
        super(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 1, AlterPartitionReassignmentsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, AlterPartitionReassignmentsRequest request) {
        AlterPartitionReassignmentsRequestData data = request.data();
        List<Reassignments.Request> requests = new ArrayList<>();
        for (ReassignableTopic t : data.topics()) {
            for (ReassignablePartition p : t.partitions()) {
                requests.add(new Reassignments.Request(t.name(), p.partitionIndex(),
                        p.replicas() == null ? null : List.copyOf(p.replicas())));
            }
        }
        boolean allowRfChange = ctx.apiVersion() < 1 || data.allowReplicationFactorChange();
        return broker.controller().alterPartitionReassignments(requests, allowRfChange).thenApply(results -> {
            AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                    .setErrorCode(Errors.NONE.code());
            Map<String, ReassignableTopicResponse> topics = new LinkedHashMap<>();
            for (Reassignments.Result r : results) {
                topics.computeIfAbsent(r.topic(), name -> {
                    ReassignableTopicResponse tr = new ReassignableTopicResponse().setName(name);
                    response.responses().add(tr);
                    return tr;
                }).partitions().add(new ReassignablePartitionResponse().setPartitionIndex(r.partition())
                        .setErrorCode(r.errorCode()).setErrorMessage(r.message()));
            }
            return response;
        });
    }
}
