package io.tributary.broker.handler;

import io.tributary.broker.BrokerContext;
import io.tributary.metadata.BrokerEndpoint;
import io.tributary.metadata.BrokerImage;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.PartitionImage;
import io.tributary.metadata.TopicImage;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * Metadata: brokers on the listener the request came in on, and the requested topics (all when
 * the list is null), creating missing ones when {@code auto.create.topics.enable} and the client
 * allow it. Auto-created topics are returned ready, not as LEADER_NOT_AVAILABLE.
 */
public final class MetadataHandler extends TypedHandler<MetadataRequest> {

    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final BrokerContext broker;
    private final AutoTopicCreator autoCreator;

    public MetadataHandler(BrokerContext broker, AutoTopicCreator autoCreator) {
        super(ApiKeys.METADATA, 0, 13, MetadataRequest.class);
        this.broker = broker;
        this.autoCreator = autoCreator;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, MetadataRequest request) {
        MetadataRequestData data = request.data();
        short version = ctx.apiVersion();
        boolean allTopics = data.topics() == null || (version == 0 && data.topics().isEmpty());
        if (allTopics) {
            return CompletableFuture.completedFuture(
                    response(ctx, broker.image(), broker.image().sortedTopics().keySet(), List.of()));
        }
        Set<String> names = new LinkedHashSet<>();
        List<MetadataResponseTopic> unknownIds = new ArrayList<>();
        for (MetadataRequestData.MetadataRequestTopic t : data.topics()) {
            if (t.name() == null || t.name().isEmpty()) {
                Uuid id = t.topicId();
                TopicImage topic = id == null ? null : broker.image().topic(id).orElse(null);
                if (topic != null) {
                    names.add(topic.name());
                } else {
                    unknownIds.add(new MetadataResponseTopic().setTopicId(id == null ? Uuid.ZERO_UUID : id)
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setName(null)
                            .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED));
                }
            } else {
                names.add(t.name());
            }
        }
        boolean allowCreate = version < 4 || data.allowAutoTopicCreation();
        List<String> missing = names.stream()
                .filter(n -> broker.image().topic(n).isEmpty() && Topic.isValid(n))
                .toList();
        if (allowCreate && !missing.isEmpty() && broker.settings().autoCreateTopics()) {
            return autoCreator.create(missing).thenApply(image -> response(ctx, image, names, unknownIds));
        }
        return CompletableFuture.completedFuture(response(ctx, broker.image(), names, unknownIds));
    }

    private ApiMessage response(RequestContext ctx, MetadataImage image, Collection<String> names,
            List<MetadataResponseTopic> extra) {
        MetadataResponseData resp = new MetadataResponseData()
                .setClusterId(image.clusterId())
                .setControllerId(broker.settings().nodeId())
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        for (BrokerImage b : image.brokers().values()) {
            if (b.fenced()) {
                continue;
            }
            BrokerEndpoint e = b.endpoint(ctx.listenerName()).orElse(null);
            if (e == null) {
                continue;
            }
            resp.brokers().add(new MetadataResponseBroker().setNodeId(b.id()).setHost(e.host()).setPort(e.port())
                    .setRack(b.rack()));
        }
        for (String name : names) {
            resp.topics().add(topic(image, name, ctx.listenerName()));
        }
        for (MetadataResponseTopic t : extra) {
            resp.topics().add(t);
        }
        return resp;
    }

    static MetadataResponseTopic topic(MetadataImage image, String name, String listener) {
        TopicImage topic = image.topic(name).orElse(null);
        MetadataResponseTopic out = new MetadataResponseTopic().setName(name)
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        if (topic == null) {
            Errors error = Topic.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.INVALID_TOPIC_EXCEPTION;
            return out.setErrorCode(error.code()).setTopicId(Uuid.ZERO_UUID);
        }
        out.setTopicId(topic.id()).setIsInternal(Topic.isInternal(name));
        for (PartitionImage p : topic.partitions().values()) {
            PartitionView view = PartitionView.of(image, p, listener);
            out.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(p.partition())
                    .setErrorCode(view.leaderAvailable() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                    .setLeaderId(p.leader())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(p.replicas()))
                    .setIsrNodes(new ArrayList<>(p.isr()))
                    .setOfflineReplicas(new ArrayList<>(view.offlineReplicas())));
        }
        return out;
    }
}
