package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.MetadataImage;
import io.tributary.metadata.TopicImage;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.ControllerResult;
import io.tributary.metadata.controller.TopicOperations;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

/**
 * DeleteTopics (v1-6): v1-5 name topics, v6 names or ids. Names and ids are resolved and the
 * topics removed in one controller operation, so a concurrent create cannot slip in between.
 * Validation follows Kafka's controller: an entry with neither or both of name and id is
 * INVALID_REQUEST, a name or id given twice is INVALID_REQUEST once, an unknown name is
 * UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID. With {@code delete.topic.enable=false}
 * the whole request fails (INVALID_REQUEST before v3, TOPIC_DELETION_DISABLED after).
 *
 * <p>Results come in request order (Kafka shuffles them), one per distinct name or id.
 */
public final class DeleteTopicsHandler extends TypedHandler<DeleteTopicsRequest> {

    private final BrokerContext broker;

    public DeleteTopicsHandler(BrokerContext broker) {
        super(ApiKeys.DELETE_TOPICS, 1, 6, DeleteTopicsRequest.class);
        this.broker = broker;
    }

    /** One requested deletion: by name (id zero) or by id (name null), or malformed (both or neither). */
    record Ref(String name, Uuid id) {

        boolean byName() {
            return name != null && Uuid.ZERO_UUID.equals(id);
        }

        boolean byId() {
            return name == null && !Uuid.ZERO_UUID.equals(id);
        }
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DeleteTopicsRequest request) {
        ControllerConfig config = broker.controller().config();
        if (!config.deleteTopicEnable()) {
            throw ctx.apiVersion() < 3 ? new InvalidRequestException("Topic deletion is disabled.")
                    : new TopicDeletionDisabledException("Topic deletion is disabled.");
        }
        List<Ref> refs = refs(request.data(), ctx.apiVersion());
        return broker.controller().run(image -> delete(image, config, refs)).thenApply(results -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            results.forEach(r -> response.responses().add(r));
            return response;
        });
    }

    /** The topics the request names: {@code topicNames} before v6, {@code topics} from v6 on. */
    static List<Ref> refs(DeleteTopicsRequestData data, short version) {
        List<Ref> refs = new ArrayList<>();
        if (version < 6) {
            for (String name : data.topicNames()) {
                refs.add(new Ref(name, Uuid.ZERO_UUID));
            }
        } else {
            for (DeleteTopicsRequestData.DeleteTopicState t : data.topics()) {
                refs.add(new Ref(t.name(), t.topicId() == null ? Uuid.ZERO_UUID : t.topicId()));
            }
        }
        return refs;
    }

    /** Resolves {@code refs} against {@code image} and removes the topics they designate. */
    static ControllerResult<List<DeletableTopicResult>> delete(MetadataImage image, ControllerConfig config,
            List<Ref> refs) {
        Map<String, Integer> names = new HashMap<>();
        Map<Uuid, Integer> ids = new HashMap<>();
        for (Ref r : refs) {
            if (r.byName()) {
                names.merge(r.name(), 1, Integer::sum);
            } else if (r.byId()) {
                ids.merge(r.id(), 1, Integer::sum);
            }
        }
        Map<String, Uuid> targets = new LinkedHashMap<>(); // the topics to delete: name -> id
        Set<Uuid> idsByIdRef = new HashSet<>(); // existing topics designated by a unique id
        for (Ref r : refs) {
            if (r.byId() && ids.get(r.id()) == 1) {
                image.topic(r.id()).ifPresent(t -> idsByIdRef.add(t.id()));
            }
        }
        List<Slot> slots = new ArrayList<>();
        Set<Ref> answered = new HashSet<>();
        for (Ref r : refs) {
            if (r.byName()) {
                if (!answered.add(r)) {
                    continue;
                }
                if (names.get(r.name()) > 1) {
                    slots.add(Slot.done(result(r.name(), Uuid.ZERO_UUID, invalid("Duplicate topic name."))));
                    continue;
                }
                TopicImage t = image.topic(r.name()).orElse(null);
                if (t == null) {
                    slots.add(Slot.done(result(r.name(), Uuid.ZERO_UUID,
                            new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION))));
                } else if (idsByIdRef.contains(t.id())) {
                    slots.add(Slot.done(result(r.name(), t.id(),
                            invalid("The provided topic name maps to an ID that was already supplied."))));
                } else {
                    targets.put(t.name(), t.id());
                    slots.add(Slot.target(t.name()));
                }
            } else if (r.byId()) {
                if (!answered.add(r)) {
                    continue;
                }
                if (ids.get(r.id()) > 1) {
                    slots.add(Slot.done(result(null, r.id(), invalid("Duplicate topic id."))));
                    continue;
                }
                TopicImage t = image.topic(r.id()).orElse(null);
                if (t == null) {
                    slots.add(Slot.done(result(null, r.id(), new ApiError(Errors.UNKNOWN_TOPIC_ID))));
                } else if (names.containsKey(t.name())) {
                    slots.add(Slot.done(result(null, r.id(), invalid("Duplicate topic id."))));
                } else {
                    targets.put(t.name(), t.id());
                    slots.add(Slot.target(t.name()));
                }
            } else if (r.name() == null) {
                slots.add(Slot.done(result(null, Uuid.ZERO_UUID,
                        invalid("Neither topic name nor id were specified."))));
            } else {
                slots.add(Slot.done(result(r.name(), r.id(),
                        invalid("You may not specify both topic name and topic id."))));
            }
        }
        ControllerResult<Map<String, ApiError>> deleted =
                TopicOperations.deleteTopics(image, config, List.copyOf(targets.keySet()));
        List<DeletableTopicResult> results = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            String name = slot.target();
            results.add(name == null ? slot.done()
                    : result(name, targets.get(name), Objects.requireNonNull(deleted.response().get(name))));
        }
        return new ControllerResult<>(deleted.records(), results);
    }

    /** A response position: a finished result, or the name of a topic whose deletion decides it. */
    private record Slot(DeletableTopicResult done, String target) {

        static Slot done(DeletableTopicResult result) {
            return new Slot(result, null);
        }

        static Slot target(String name) {
            return new Slot(null, name);
        }
    }

    private static ApiError invalid(String message) {
        return new ApiError(Errors.INVALID_REQUEST, message);
    }

    private static DeletableTopicResult result(String name, Uuid id, ApiError error) {
        return new DeletableTopicResult().setName(name).setTopicId(id).setErrorCode(error.error().code())
                .setErrorMessage(error.isSuccess() ? null : error.message());
    }
}
