package io.tributary.broker.group.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchRequest;

/**
 * OffsetFetch v1-10: one group before v8, a batch of groups from v8 (topic ids from v10). Every
 * version is served through the batched form. No transactional offsets are ever pending, so
 * requireStable needs no waiting. Stateless.
 */
public final class OffsetFetchHandler extends TypedHandler<OffsetFetchRequest> {

    private final BrokerContext broker;
    private final GroupCoordinator groups;

    public OffsetFetchHandler(BrokerContext broker, GroupCoordinator groups) {
        super(ApiKeys.OFFSET_FETCH, 1, 10, OffsetFetchRequest.class);
        this.broker = broker;
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, OffsetFetchRequest request) {
        short version = ctx.apiVersion();
        OffsetFetchRequestData data = request.data();
        if (version < 8) {
            OffsetFetchRequestGroup g = new OffsetFetchRequestGroup().setGroupId(data.groupId()).setMemberEpoch(-1);
            if (data.topics() == null) {
                g.setTopics(null);
            } else {
                data.topics().forEach(t -> g.topics().add(new OffsetFetchRequestTopics().setName(t.name())
                        .setPartitionIndexes(t.partitionIndexes())));
            }
            return fetch(g, version).thenApply(r -> single(r, version));
        }
        List<CompletableFuture<OffsetFetchResponseGroup>> parts = new ArrayList<>();
        for (OffsetFetchRequestGroup g : data.groups()) {
            if (version >= 10 && g.topics() != null) {
                g.topics().forEach(t -> t.setName(
                        broker.image().topic(t.topicId()).map(TopicImage::name).orElse(null)));
            }
            parts.add(fetch(g, version));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            OffsetFetchResponseData out = new OffsetFetchResponseData();
            parts.forEach(p -> out.groups().add(p.join()));
            return out;
        });
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetch(OffsetFetchRequestGroup g, short version) {
        if (groups.isLoading()) {
            return CompletableFuture.completedFuture(new OffsetFetchResponseGroup().setGroupId(g.groupId())
                    .setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        return groups.fetchOffsets(g).thenApply(r -> {
            for (OffsetFetchResponseTopics t : r.topics()) {
                if (version >= 10 && (t.topicId() == null || Uuid.ZERO_UUID.equals(t.topicId())) && t.name() != null) {
                    t.setTopicId(broker.image().topic(t.name()).map(TopicImage::id).orElse(Uuid.ZERO_UUID));
                }
                if (t.name() == null) {
                    t.setName("");
                }
            }
            return r;
        });
    }

    private static ApiMessage single(OffsetFetchResponseGroup g, short version) {
        OffsetFetchResponseData out = new OffsetFetchResponseData();
        if (version >= 2) {
            out.setErrorCode(g.errorCode());
        }
        for (OffsetFetchResponseTopics t : g.topics()) {
            OffsetFetchResponseTopic rt = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                rt.partitions().add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(version < 2 && g.errorCode() != 0 ? g.errorCode() : p.errorCode()));
            }
            out.topics().add(rt);
        }
        return out;
    }
}
