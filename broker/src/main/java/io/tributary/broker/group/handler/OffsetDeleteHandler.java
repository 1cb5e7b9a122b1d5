package io.tributary.broker.group.handler;

import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.handler.TypedHandler;
import io.tributary.network.api.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetDeleteRequest;

/** OffsetDelete: removes committed offsets of partitions the group no longer consumes. Stateless. */
public final class OffsetDeleteHandler extends TypedHandler<OffsetDeleteRequest> {

    private final GroupCoordinator groups;

    public OffsetDeleteHandler(GroupCoordinator groups) {
        super(ApiKeys.OFFSET_DELETE, 0, 0, OffsetDeleteRequest.class);
        this.groups = groups;
    }

    @Override
    protected CompletionStage<ApiMessage> serve(RequestContext ctx, OffsetDeleteRequest request) {
        if (!groups.isActive()) {
            groups.requestStart();
            return CompletableFuture.completedFuture(
                    new OffsetDeleteResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code()));
        }
        return groups.deleteOffsets(request.data()).thenApply(r -> r);
    }
}
