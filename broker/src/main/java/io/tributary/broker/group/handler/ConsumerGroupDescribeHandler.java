package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;

/** ConsumerGroupDescribe v0-1: epochs, members and assignments of consumer-protocol groups. Stateless. */
public final class ConsumerGroupDescribeHandler extends TypedHandler<ConsumerGroupDescribeRequest> {

    private final GroupCoordinator groups;

    public ConsumerGroupDescribeHandler(GroupCoordinator groups) {
        super(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1, ConsumerGroupDescribeRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ConsumerGroupDescribeRequest request) {
        List<CompletableFuture<DescribedGroup>> parts = new ArrayList<>();
        for (String id : request.data().groupIds()) {
            parts.add(!groups.isLoading() ? groups.describeConsumerGroup(id)
                    : CompletableFuture.completedFuture(new DescribedGroup().setGroupId(id).setGroupState("Dead")
                            .setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ConsumerGroupDescribeResponseData out = new ConsumerGroupDescribeResponseData();
            parts.forEach(p -> out.groups().add(p.join()));
            return out;
        });
    }
}
