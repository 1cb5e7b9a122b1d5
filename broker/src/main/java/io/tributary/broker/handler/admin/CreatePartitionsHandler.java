package io.tributary.broker.handler.admin;

import io.tributary.broker.BrokerContext;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.metadata.controller.TopicOperations;
import io.tributary.metadata.controller.TopicOperations.NewPartitions;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;

/**
 * CreatePartitions (v0-3): grows topics to the requested partition count, placing the new
 * partitions on the given brokers or, without assignments, round-robin. The controller applies
 * Kafka's checks ({@link TopicOperations#createPartitions}: a topic named twice, unknown topic,
 * not growing, assignment count and shape); a topic named twice is INVALID_REQUEST "Duplicate
 * topic name.", as in Kafka, and is not touched. With {@code validateOnly} nothing is committed.
 * Results come in request order, one per distinct topic.
 */
public final class CreatePartitionsHandler extends TypedHandler<CreatePartitionsRequest> {

    private final BrokerContext broker;

    public CreatePartitionsHandler(BrokerContext broker) {
        super(ApiKeys.CREATE_PARTITIONS, 0, 3, CreatePartitionsRequest.class);
        this.broker = broker;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, CreatePartitionsRequest request) {
        CreatePartitionsRequestData data = request.data();
        Set<String> order = new LinkedHashSet<>();
        List<NewPartitions> requests = new ArrayList<>();
        for (CreatePartitionsTopic t : data.topics()) {
            order.add(t.name());
            requests.add(toNewPartitions(t));
        }
        boolean validateOnly = data.validateOnly();
        return broker.controller().createPartitions(requests, validateOnly)
                .thenApply(results -> {
                    CreatePartitionsResponseData response = new CreatePartitionsResponseData();
                    for (String name : order) {
                        ApiError error = results.get(name);
                        response.results().add(new CreatePartitionsTopicResult().setName(name)
                                .setErrorCode(error.error().code())
                                .setErrorMessage(error.isSuccess() ? null : error.message()));
                    }
                    return response;
                });
    }

    /** The request's topic as the controller takes it; null assignments mean "place them for me". */
    static NewPartitions toNewPartitions(CreatePartitionsTopic t) {
        List<List<Integer>> assignments = null;
        if (t.assignments() != null) {
            assignments = new ArrayList<>(t.assignments().size());
            for (CreatePartitionsAssignment a : t.assignments()) {
                assignments.add(List.copyOf(a.brokerIds()));
            }
        }
        return new NewPartitions(t.name(), t.count(), assignments);
    }
}
