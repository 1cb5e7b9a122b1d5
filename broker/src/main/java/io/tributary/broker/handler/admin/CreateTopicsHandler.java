package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.TopicOperations.NewTopic;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * CreateTopics (v2-7): hands the topics to the controller, which validates them with Kafka's rules
 * and commits the new ones (nothing with {@code validateOnly}). Answers one result per distinct
 * topic name, in request order; a name given twice gets INVALID_REQUEST, as Kafka's controller
 * does. On success v5+ also carries the partition count, replication factor and effective configs
 * (those that would be used, for validateOnly), v7+ the new topic's id.
 */
public final class CreateTopicsHandler extends TypedHandler<CreateTopicsRequest> {

    private final BrokerContext broker;

    public CreateTopicsHandler(BrokerContext broker) {
        super(ApiKeys.CREATE_TOPICS, 2, 7, CreateTopicsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, CreateTopicsRequest request) {
        CreateTopicsRequestData data = request.data();
        Map<String, Integer> occurrences = new HashMap<>();
        for (CreatableTopic t : data.topics()) {
            occurrences.merge(t.name(), 1, Integer::sum);
        }
        Set<String> order = new LinkedHashSet<>();
        Map<String, ApiError> rejected = new HashMap<>();
        Map<String, NewTopic> toCreate = new LinkedHashMap<>();
        for (CreatableTopic t : data.topics()) {
            order.add(t.name());
            if (occurrences.get(t.name()) > 1) {
                rejected.put(t.name(), new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name."));
                continue;
            }
            ApiError shape = checkAssignments(t);
            if (shape != null) {
                rejected.put(t.name(), shape);
            } else {
                toCreate.put(t.name(), toNewTopic(t));
            }
        }
        ControllerConfig config = broker.controller().config();
        List<NewTopic> topics = List.copyOf(toCreate.values());
        boolean validateOnly = data.validateOnly();
        return broker.controller().createTopics(topics, validateOnly)
                .thenApply(results -> {
                    CreateTopicsResponseData response = new CreateTopicsResponseData();
                    for (String name : order) {
                        ApiError error = rejected.containsKey(name) ? rejected.get(name) : results.get(name);
                        response.topics().add(error.isSuccess()
                                ? success(ctx.apiVersion(), toCreate.get(name), config, validateOnly)
                                : failure(name, error));
                    }
                    return response;
                });
    }

    /** The request's topic as the controller takes it; null config values are kept for it to reject. */
    static NewTopic toNewTopic(CreatableTopic t) {
        Map<Integer, List<Integer>> assignments = new TreeMap<>();
        for (CreatableReplicaAssignment a : t.assignments()) {
            assignments.put(a.partitionIndex(), List.copyOf(a.brokerIds()));
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (CreatableTopicConfig c : t.configs()) {
            configs.put(c.name(), c.value());
        }
        return new NewTopic(t.name(), t.numPartitions(), t.replicationFactor(), assignments, configs);
    }

    /** The one assignment problem a map of assignments cannot express: a partition given twice. */
    static ApiError checkAssignments(CreatableTopic t) {
        Set<Integer> seen = new HashSet<>();
        for (CreatableReplicaAssignment a : t.assignments()) {
            if (!seen.add(a.partitionIndex())) {
                return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Found multiple manual partition assignments for partition " + a.partitionIndex());
            }
        }
        return null;
    }

    private CreatableTopicResult success(short version, NewTopic topic, ControllerConfig config,
            boolean validateOnly) {
        CreatableTopicResult out = new CreatableTopicResult().setName(topic.name())
                .setErrorCode(Errors.NONE.code()).setErrorMessage(null);
        if (version >= 7 && !validateOnly) {
            out.setTopicId(broker.image().topic(topic.name()).map(TopicImage::id).orElse(Uuid.ZERO_UUID));
        }
        if (version >= 5) {
            out.setNumPartitions(partitionCount(topic, config))
                    .setReplicationFactor(replicationFactor(topic, config))
                    .setConfigs(configs(topic));
        }
        return out;
    }

    private static CreatableTopicResult failure(String name, ApiError error) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }

    static int partitionCount(NewTopic topic, ControllerConfig config) {
        if (!topic.assignments().isEmpty()) {
            return topic.assignments().size();
        }
        return topic.numPartitions() == -1 ? config.defaultPartitions() : topic.numPartitions();
    }

    static short replicationFactor(NewTopic topic, ControllerConfig config) {
        if (!topic.assignments().isEmpty()) {
            return (short) topic.assignments().values().iterator().next().size();
        }
        return topic.replicationFactor() == -1 ? config.defaultReplicationFactor() : topic.replicationFactor();
    }

    /** The effective configs of the (new) topic: its own settings over the broker's and Kafka's defaults. */
    private List<CreatableTopicConfigs> configs(NewTopic topic) {
        TopicImage asCreated = new TopicImage(topic.name(), Uuid.ZERO_UUID, new TreeMap<>(), topic.configs());
        List<CreatableTopicConfigs> out = new ArrayList<>();
        List<TopicConfigEntries.Entry> entries =
                TopicConfigEntries.all(broker.topicConfigs(), broker.brokerConfig(), asCreated);
        for (TopicConfigEntries.Entry e : entries) {
            out.add(new CreatableTopicConfigs().setName(e.name()).setValue(e.value()).setReadOnly(false)
                    .setConfigSource(e.source().id()).setIsSensitive(false));
        }
        return out;
    }
}
