package io.tributary.broker.group.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitRequest;

/**
 * OffsetCommit v2-10 (v10 names topics by id, resolved here against the metadata image). As in
 * Apache Kafka, partitions the metadata does not hold are answered here and never reach the group
 * coordinator, whatever the kind of group (classic, simple, consumer protocol): a topic id that
 * names no topic gets UNKNOWN_TOPIC_ID, a topic or partition that does not exist
 * UNKNOWN_TOPIC_OR_PARTITION, and the other partitions of the request are committed as usual. A
 * request with no existing partition at all is answered without looking at the group.
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
        MetadataImage image = broker.image();
        if (ctx.apiVersion() >= 10) {
            for (OffsetCommitRequestTopic t : data.topics()) {
                t.setName(image.topic(t.topicId()).map(TopicImage::name).orElse(null));
            }
        }
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(errorResponse(data, Errors.COORDINATOR_LOAD_IN_PROGRESS));
        }
        OffsetCommitResponseData answered = new OffsetCommitResponseData();
        OffsetCommitRequestData existing = existingPartitions(data, image, answered);
        if (existing.topics().isEmpty()) {
            return CompletableFuture.completedFuture(answered);
        }
        return groups.commitOffsets(existing).thenApply(r -> merge(r, answered));
    }

    /** {@code answered}'s partitions added to {@code out}, under the same topic entry where there is one. */
    private static OffsetCommitResponseData merge(OffsetCommitResponseData out, OffsetCommitResponseData answered) {
        for (OffsetCommitResponseTopic t : answered.topics()) {
            OffsetCommitResponseTopic same = out.topics().stream()
                    .filter(o -> t.name().equals(o.name()) && t.topicId().equals(o.topicId())).findFirst().orElse(null);
            if (same == null) {
                out.topics().add(t);
            } else {
                same.partitions().addAll(t.partitions());
            }
        }
        return out;
    }

    /**
     * The request cut down to the partitions that exist; the others are answered in {@code out}
     * (UNKNOWN_TOPIC_ID, UNKNOWN_TOPIC_OR_PARTITION).
     */
    private static OffsetCommitRequestData existingPartitions(OffsetCommitRequestData data, MetadataImage image,
            OffsetCommitResponseData out) {
        OffsetCommitRequestData existing = data.duplicate().setTopics(new ArrayList<>());
        for (OffsetCommitRequestTopic t : data.topics()) {
            TopicImage topic = t.name() == null ? null : image.topic(t.name()).orElse(null);
            OffsetCommitRequestTopic kept = new OffsetCommitRequestTopic().setName(t.name()).setTopicId(t.topicId());
            OffsetCommitResponseTopic refused = new OffsetCommitResponseTopic()
                    .setName(t.name() == null ? "" : t.name()).setTopicId(t.topicId());
            for (OffsetCommitRequestPartition p : t.partitions()) {
                if (topic != null && topic.partition(p.partitionIndex()) != null) {
                    kept.partitions().add(p);
                } else {
                    Errors error = t.name() == null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    refused.partitions().add(new OffsetCommitResponsePartition()
                            .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
                }
            }
            if (!kept.partitions().isEmpty()) {
                existing.topics().add(kept);
            }
            if (!refused.partitions().isEmpty()) {
                out.topics().add(refused);
            }
        }
        return existing;
    }

    private static OffsetCommitResponseData errorResponse(OffsetCommitRequestData data, Errors error) {
        OffsetCommitResponseData out = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic t : data.topics()) {
            OffsetCommitResponseTopic rt = new OffsetCommitResponseTopic()
                    .setName(t.name() == null ? "" : t.name()).setTopicId(t.topicId());
            t.partitions().forEach(p -> rt.partitions().add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
            out.topics().add(rt);
        }
        return out;
    }
}
