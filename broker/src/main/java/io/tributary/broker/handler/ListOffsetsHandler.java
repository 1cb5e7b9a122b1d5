package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: earliest (-2), latest (-1), max timestamp (-3), earliest local (-4), latest tiered
 * (-5, none without tiered storage) and by timestamp, never past what consumers may read (the
 * high watermark, or the last stable offset under read_committed).
 */
public final class ListOffsetsHandler extends TypedHandler<ListOffsetsRequest> {

    private final BrokerContext broker;

    public ListOffsetsHandler(BrokerContext broker) {
        super(ApiKeys.LIST_OFFSETS, 1, 11, ListOffsetsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ListOffsetsRequest request) {
        ListOffsetsRequestData data = request.data();
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : data.topics()) {
            ListOffsetsTopicResponse out = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                ListOffsetsPartitionResponse pr = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
                try {
                    answer(topic.name(), p, readCommitted, pr);
                } catch (RuntimeException e) {
                    pr.setErrorCode(Responses.error(e).code()).setTimestamp(-1).setOffset(-1);
                }
                if (request.version() < 4) {
                    // leaderEpoch exists from v4 on: a v1-v3 response carrying one cannot be serialized
                    pr.setLeaderEpoch(-1);
                }
                out.partitions().add(pr);
            }
            response.topics().add(out);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void answer(String topic, ListOffsetsRequestData.ListOffsetsPartition p, boolean readCommitted,
            ListOffsetsPartitionResponse pr) {
        broker.replicaManager().partitionOrException(new TopicPartition(topic, p.partitionIndex()))
                .fetchOffsetForTimestamp(p.timestamp(), readCommitted, p.currentLeaderEpoch())
                .ifPresent(t -> pr.setTimestamp(t.timestamp()).setOffset(t.offset()).setLeaderEpoch(t.leaderEpoch()));
    }
}
