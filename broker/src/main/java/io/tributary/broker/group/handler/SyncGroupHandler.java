package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.SyncGroupRequest;

/** SyncGroup: answered when the leader's assignment is in (or at once when already stable). Stateless. */
public final class SyncGroupHandler extends TypedHandler<SyncGroupRequest> {

    private final GroupCoordinator groups;

    public SyncGroupHandler(GroupCoordinator groups) {
        super(ApiKeys.SYNC_GROUP, 0, 5, SyncGroupRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, SyncGroupRequest request) {
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(
                    new SyncGroupResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        return groups.syncGroup(request.data(), ctx.apiVersion()).thenApply(r -> r);
    }
}
