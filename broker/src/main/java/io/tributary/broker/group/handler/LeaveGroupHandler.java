package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.LeaveGroupRequest;

/** LeaveGroup: one member before v3, a batch (static members by instance id) from v3. Stateless. */
public final class LeaveGroupHandler extends TypedHandler<LeaveGroupRequest> {

    private final GroupCoordinator groups;

    public LeaveGroupHandler(GroupCoordinator groups) {
        super(ApiKeys.LEAVE_GROUP, 0, 5, LeaveGroupRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, LeaveGroupRequest request) {
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(
                    new LeaveGroupResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        return groups.leaveGroup(request.data(), ctx.apiVersion()).thenApply(r -> r);
    }
}
