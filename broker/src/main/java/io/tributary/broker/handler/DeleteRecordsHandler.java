package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;

/**
 * DeleteRecords (v0-2): moves each partition's log start offset to the given offset (-1 = the high
 * watermark) and answers the new low watermark. An offset beyond the high watermark gets
 * OFFSET_OUT_OF_RANGE; a partition not hosted here UNKNOWN_TOPIC_OR_PARTITION (NOT_LEADER_OR_FOLLOWER
 * when the metadata has it on other brokers). Segments wholly below the new start are deleted by
 * the next retention pass; the start offset is checkpointed.
 */
public final class DeleteRecordsHandler extends TypedHandler<DeleteRecordsRequest> {

    private final BrokerContext broker;

    public DeleteRecordsHandler(BrokerContext broker) {
        super(ApiKeys.DELETE_RECORDS, 0, 2, DeleteRecordsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DeleteRecordsRequest request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : request.data().topics()) {
            DeleteRecordsTopicResult out = new DeleteRecordsTopicResult().setName(t.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                DeleteRecordsPartitionResult pr = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1L);
                try {
                    pr.setLowWatermark(broker.replicaManager()
                            .partitionOrException(new TopicPartition(t.name(), p.partitionIndex()))
                            .deleteRecordsOnLeader(p.offset())).setErrorCode(Errors.NONE.code());
                } catch (RuntimeException e) {
                    pr.setErrorCode(Responses.error(e).code());
                }
                out.partitions().add(pr);
            }
            response.topics().add(out);
        }
        return CompletableFuture.completedFuture(response);
    }
}
