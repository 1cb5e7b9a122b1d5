package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;

/** Heartbeat of a classic group member; REBALANCE_IN_PROGRESS tells it to rejoin. Stateless. */
public final class HeartbeatHandler extends TypedHandler<HeartbeatRequest> {

    private final GroupCoordinator groups;

    public HeartbeatHandler(GroupCoordinator groups) {
        super(ApiKeys.HEARTBEAT, 0, 4, HeartbeatRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, HeartbeatRequest request) {
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(
                    new HeartbeatResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        return groups.heartbeat(request.data()).thenApply(e -> new HeartbeatResponseData().setErrorCode(e.code()));
    }
}
