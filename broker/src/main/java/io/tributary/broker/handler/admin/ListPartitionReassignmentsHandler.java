package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;

/**
 * ListPartitionReassignments (v0, {@code kafka-reassign-partitions --list/--verify}): the
 * reassignments in progress, from the metadata this broker has applied; all of them, or those of
 * the named partitions (unknown ones are left out, as Kafka does).
 */
public final class ListPartitionReassignmentsHandler extends TypedHandler<ListPartitionReassignmentsRequest> {

    private final BrokerContext broker;

    public ListPartitionReassignmentsHandler(BrokerContext broker) {
        super(ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0, ListPartitionReassignmentsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ListPartitionReassignmentsRequest request) {
        MetadataImage image = broker.image();
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code());
        List<ListPartitionReassignmentsTopics> asked = request.data().topics();
        if (asked == null) {
            for (TopicImage t : image.topics().values()) {
                add(response, t, t.partitions().keySet().stream().toList());
            }
        } else {
            for (ListPartitionReassignmentsTopics t : asked) {
                image.topic(t.name()).ifPresent(topic -> add(response, topic, t.partitionIndexes()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void add(ListPartitionReassignmentsResponseData response, TopicImage t, List<Integer> partitions) {
        OngoingTopicReassignment out = null;
        for (int index : partitions) {
            PartitionImage p = t.partition(index);
            if (p == null || !p.reassigning()) {
                continue;
            }
            if (out == null) {
                out = new OngoingTopicReassignment().setName(t.name());
                response.topics().add(out);
            }
            out.partitions().add(new OngoingPartitionReassignment().setPartitionIndex(index)
                    .setReplicas(p.replicas()).setAddingReplicas(p.addingReplicas())
                    .setRemovingReplicas(p.removingReplicas()));
        }
    }
}
