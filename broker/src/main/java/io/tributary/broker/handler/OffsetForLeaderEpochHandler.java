package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.network.api.RequestContext;
import io.tributary.storage.EpochEndOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;

/**
 * OffsetForLeaderEpoch (KIP-101, KIP-320): for each partition this broker leads, the largest leader
 * epoch at or below the one asked for and the offset where it ended (the log end offset for the
 * current epoch), after checking the asker's current leader epoch (FENCED_LEADER_EPOCH when older,
 * UNKNOWN_LEADER_EPOCH when newer). The Java consumer uses it after a leader change to detect a
 * truncated log; followers may too. Partitions not led here get NOT_LEADER_OR_FOLLOWER (or
 * UNKNOWN_TOPIC_OR_PARTITION); an unknown epoch answers (-1, -1).
 */
public final class OffsetForLeaderEpochHandler extends TypedHandler<OffsetsForLeaderEpochRequest> {

    private final BrokerContext broker;

    public OffsetForLeaderEpochHandler(BrokerContext broker) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.OFFSET_FOR_LEADER_EPOCH.oldestVersion(),
                ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion(), OffsetsForLeaderEpochRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, OffsetsForLeaderEpochRequest request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic t : request.data().topics()) {
            OffsetForLeaderTopicResult out = new OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderPartition p : t.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset pr =
                        new OffsetForLeaderEpochResponseData.EpochEndOffset()
                                .setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1L);
                try {
                    EpochEndOffset end = broker.replicaManager()
                            .partitionOrException(new TopicPartition(t.topic(), p.partition()))
                            .endOffsetForEpoch(p.leaderEpoch(), p.currentLeaderEpoch());
                    pr.setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset())
                            .setErrorCode(Errors.NONE.code());
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
