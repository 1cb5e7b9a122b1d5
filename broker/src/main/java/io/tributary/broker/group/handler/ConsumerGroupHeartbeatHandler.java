package io.tributary.broker.group.handler;

import io.tributary.broker.group.ConsumerGroupManager;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;

/** ConsumerGroupHeartbeat v0-1: the consumer rebalance protocol (KIP-848, group.protocol=consumer). Stateless. */
public final class ConsumerGroupHeartbeatHandler extends TypedHandler<ConsumerGroupHeartbeatRequest> {

    private final GroupCoordinator groups;

    public ConsumerGroupHeartbeatHandler(GroupCoordinator groups) {
        super(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1, ConsumerGroupHeartbeatRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, ConsumerGroupHeartbeatRequest request) {
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        String host = ctx.clientAddress() == null ? "" : ctx.clientAddress().toString();
        return groups.consumerGroupHeartbeat(
                new ConsumerGroupManager.Heartbeat(request.data(), ctx.apiVersion(), ctx.clientId(), host))
                .thenApply(r -> r);
    }
}
