package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.TopicDeletion;
import io.tributary.metadata.controller.TopicDeletion.Ref;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

/**
 * DeleteTopics (v1-6): v1-5 name topics, v6 names or ids. Names and ids are resolved and the
 * topics removed in one controller operation ({@link TopicDeletion}), so a concurrent create
 * cannot slip in between. Validation follows Kafka's controller: an entry with neither or both of
 * name and id is INVALID_REQUEST, a name or id given twice is INVALID_REQUEST once, an unknown name
 * is UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID. With
 * {@code delete.topic.enable=false} the whole request fails (INVALID_REQUEST before v3,
 * TOPIC_DELETION_DISABLED after).
 *
 * <p>Results come in request order (Kafka shuffles them), one per distinct name or id.
 */
public final class DeleteTopicsHandler extends TypedHandler<DeleteTopicsRequest> {

    private final BrokerContext broker;

    public DeleteTopicsHandler(BrokerContext broker) {
        super(ApiKeys.DELETE_TOPICS, 1, 6, DeleteTopicsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, DeleteTopicsRequest request) {
        ControllerConfig config = broker.controller().config();
        if (!config.deleteTopicEnable()) {
            throw ctx.apiVersion() < 3 ? new InvalidRequestException("Topic deletion is disabled.")
                    : new TopicDeletionDisabledException("Topic deletion is disabled.");
        }
        List<Ref> refs = refs(request.data(), ctx.apiVersion());
        return broker.controller().deleteTopics(refs).thenApply(results -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            for (TopicDeletion.Result r : results) {
                response.responses().add(new DeletableTopicResult().setName(r.name()).setTopicId(r.id())
                        .setErrorCode(r.error().error().code())
                        .setErrorMessage(r.error().isSuccess() ? null : r.error().message()));
            }
            return response;
        });
    }

    /** The topics the request names: {@code topicNames} before v6, {@code topics} from v6 on. */
    static List<Ref> refs(DeleteTopicsRequestData data, short version) {
        List<Ref> refs = new ArrayList<>();
        if (version < 6) {
            for (String name : data.topicNames()) {
                refs.add(new Ref(name, null));
            }
        } else {
            for (DeleteTopicsRequestData.DeleteTopicState t : data.topics()) {
                refs.add(new Ref(t.name(), t.topicId()));
            }
        }
        return refs;
    }
}
