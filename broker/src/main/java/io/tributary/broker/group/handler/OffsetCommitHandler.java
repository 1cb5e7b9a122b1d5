package io.tributary.broker.group.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;

/**
 * OffsetCommit v2-10 (v10 names topics by id, resolved here against the metadata image).
 * Stateless.
 */
public final class OffsetCommitHandler extends TypedHandler<OffsetCommitRequest> {

    private final BrokerContext broker;
    private final GroupCoordinator groups;

    public OffsetCommitHandler(BrokerContext broker, GroupCoordinator groups) {
        super(ApiKeys.OFFSET_COMMIT, 2, 10, OffsetCommitRequest.class);
        this.broker = broker;
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, OffsetCommitRequest request) {
        OffsetCommitRequestData data = request.data();
        if (ctx.apiVersion() >= 10) {
            for (OffsetCommitRequestData.OffsetCommitRequestTopic t : data.topics()) {
                t.setName(broker.image().topic(t.topicId()).map(TopicImage::name).orElse(null));
            }
        }
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(errorResponse(data, Errors.COORDINATOR_LOAD_IN_PROGRESS));
        }
        return groups.commitOffsets(data).thenApply(r -> {
            r.topics().forEach(t -> {
                if (t.name() == null) {
                    t.setName("");
                }
            });
            return r;
        });
    }

    private static OffsetCommitResponseData errorResponse(OffsetCommitRequestData data, Errors error) {
        OffsetCommitResponseData out = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : data.topics()) {
            OffsetCommitResponseTopic rt = new OffsetCommitResponseTopic()
                    .setName(t.name() == null ? "" : t.name()).setTopicId(t.topicId());
            t.partitions().forEach(p -> rt.partitions().add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
            out.topics().add(rt);
        }
        return out;
    }
}
