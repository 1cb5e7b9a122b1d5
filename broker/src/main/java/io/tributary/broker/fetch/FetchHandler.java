package io.tributary.broker.fetch;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.broker.partition.Partition;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch for consumers: reads every requested partition up to its high watermark (or last stable
 * offset under read_committed) and, when fewer than {@code min.bytes} are available, waits up to
 * {@code max.wait.ms} for more. Topics are named (v4-12) or given by id (v13+). Fetch sessions
 * are not kept: every response says session id 0, so clients send full requests.
 */
public final class FetchHandler extends TypedHandler<FetchRequest> {

    private final BrokerContext broker;

    public FetchHandler(BrokerContext broker) {
        super(ApiKeys.FETCH, 4, 18, FetchRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, FetchRequest request) {
        FetchRequestData data = request.data();
        boolean byId = ctx.apiVersion() >= 13;
        FetchResponseData response = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        List<PartitionFetch> fetches = new ArrayList<>();
        List<Partition> watched = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : data.topics()) {
            TopicImage image = byId
                    ? broker.image().topic(topic.topicId()).orElse(null)
                    : broker.image().topic(topic.topic()).orElse(null);
            FetchResponseData.FetchableTopicResponse out = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(topic.topic())
                    .setTopicId(topic.topicId() == null ? Uuid.ZERO_UUID : topic.topicId());
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData().setPartitionIndex(p.partition());
                out.partitions().add(pd);
                Partition partition = null;
                short error = byId ? Errors.UNKNOWN_TOPIC_ID.code() : Errors.UNKNOWN_TOPIC_OR_PARTITION.code();
                if (image != null) {
                    partition = broker.partitions().get(new TopicPartition(image.name(), p.partition())).orElse(null);
                    error = image.partition(p.partition()) == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION.code()
                            : Errors.NOT_LEADER_OR_FOLLOWER.code();
                }
                if (partition != null) {
                    watched.add(partition);
                }
                fetches.add(new PartitionFetch(partition, p.fetchOffset(), p.partitionMaxBytes(),
                        p.currentLeaderEpoch(), pd, error));
            }
            response.responses().add(out);
        }
        int maxBytes = data.maxBytes() <= 0 ? Integer.MAX_VALUE : data.maxBytes();
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        long bytes = FetchReader.read(fetches, maxBytes, readCommitted);
        boolean anyError = fetches.stream().anyMatch(f -> f.out().errorCode() != Errors.NONE.code());
        if (data.maxWaitMs() <= 0 || bytes >= data.minBytes() || anyError || watched.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        DelayedFetch delayed = new DelayedFetch(watched, () -> FetchReader.read(fetches, maxBytes, readCommitted),
                Math.max(1, data.minBytes()));
        return delayed.start(broker.timer(), data.maxWaitMs()).thenApply(ignored -> response);
    }
}
